"""Host f32 kernels: Tessera against numpy (OpenBLAS) and PyTorch (CPU), side
by side, all cores. Rounds alternate between the three so that the noise of
a shared machine hits each alike; every figure is a median.

Workloads: `matmul` (C = A B, bench/matmul_f32.mlir) at BENCH_SIZES, and
`linear_gelu` (gelu_tanh(x W + b), bench/linear_gelu_f32.mlir: one fused
Tessera kernel; numpy runs the matmul with the bias add and then the gelu,
PyTorch eager F.gelu(F.linear(...))) at BENCH_FUSED_SIZES."""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TESSERA_BUILD", ROOT / "build"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "512 1024 2048").split()]
FUSED_SIZES = [int(s) for s in os.environ.get("BENCH_FUSED_SIZES", "2048").split()]
PROGRAMS = {"matmul": ("matmul_f32.mlir", "matmul"),
            "linear_gelu": ("linear_gelu_f32.mlir", "linear_gelu")}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def reps_for(n):
    return max(5, int(4e10 / (2 * n**3)))


def peer_env():
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


def run_peer(which, n, threads, workload):
    cmd = [sys.executable, str(ROOT / "bench" / "peers.py"), str(n),
           str(reps_for(n)), which, str(threads), workload]
    p = subprocess.run(cmd, capture_output=True, text=True, env=peer_env())
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1] if p.stderr else "failed"
    return json.loads(p.stdout), None


def gelu_tanh64(z):
    return 0.5 * z * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (z + 0.044715 * z**3)))


def run_tessera(n, tmp, workload):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    bias = rng.standard_normal(n, dtype=np.float32)
    np.save(tmp / "a.npy", a)
    np.save(tmp / "b.npy", b)
    np.save(tmp / "bias.npy", bias)
    program, entry = PROGRAMS[workload]
    inputs = [f"--input=@{tmp / 'a.npy'}", f"--input=@{tmp / 'b.npy'}"]
    if workload == "linear_gelu":
        inputs.append(f"--input=@{tmp / 'bias.npy'}")
    cmd = [str(BUILD / "bin" / "tessera-run"), str(ROOT / "bench" / program),
           f"--entry={entry}", *inputs, f"--output=@{tmp / 'c.npy'}",
           f"--benchmark={reps_for(n)}"]
    p = subprocess.run(cmd, capture_output=True, text=True, check=True)
    m = re.search(r"compile ([\d.]+) s; median of \d+ runs ([\d.]+) s", p.stdout)
    c = np.load(tmp / "c.npy")
    # A benchmark of a wrong kernel is worthless: check a few entries
    # against float64.
    idx = rng.integers(0, n, size=(16, 2))
    for i, j in idx:
        ref = float(np.dot(a[i].astype(np.float64), b[:, j].astype(np.float64)))
        tol = 1e-4 * (1 + abs(ref)) * np.sqrt(n)
        if workload == "linear_gelu":
            ref = float(gelu_tanh64(ref + float(bias[j])))
        assert abs(c[i, j] - ref) <= tol, (workload, i, j, c[i, j], ref)
    return {"seconds": float(m.group(2)), "compile": float(m.group(1))}


def peak_gflops(threads):
    exe = BUILD / "bench" / "fma_peak"
    exe.parent.mkdir(exist_ok=True)
    flags = ["-O2", "-march=native", "-pthread"]
    subprocess.run(["cc", *flags, str(ROOT / "bench" / "fma_peak.c"), "-o", str(exe)],
                   check=True)
    return float(subprocess.run([str(exe), str(threads)], capture_output=True,
                                text=True, check=True).stdout)


def measure(workload, sizes, threads, tmp, kernels):
    results = {}
    for n in sizes:
        times = {"tessera": [], "numpy": [], "torch": []}
        compile_s = []
        for _ in range(ROUNDS):
            t = run_tessera(n, tmp, workload)
            times["tessera"].append(t["seconds"])
            compile_s.append(t["compile"])
            for peer in ("numpy", "torch"):
                r, err = run_peer(peer, n, threads, workload)
                if r:
                    times[peer].append(r["seconds"])
                    kernels[peer] = r["kernel"]
                else:
                    kernels[peer] = f"unavailable: {err}"
        results[n] = {k: float(np.median(v)) if v else None for k, v in times.items()}
        results[n]["compile"] = float(np.median(compile_s))
    return results


def report(workload, results, peak):
    print(f"{workload}:")
    print(f"{'n':>6} {'tessera':>10} {'numpy':>10} {'torch':>10} {'vs numpy':>9} "
          f"{'vs torch':>9} {'of peak':>8} {'compile':>8}")
    for n, r in results.items():
        gf = {k: (2 * n**3 / v * 1e-9 if v else None) for k, v in r.items()
              if k != "compile"}
        fmt = lambda x: f"{x:10.1f}" if x else f"{'-':>10}"
        ratio = lambda p: f"{gf['tessera'] / gf[p]:9.2f}" if gf[p] else f"{'-':>9}"
        print(f"{n:>6} {fmt(gf['tessera'])} {fmt(gf['numpy'])} {fmt(gf['torch'])} "
              f"{ratio('numpy')} {ratio('torch')} {gf['tessera'] / peak:8.0%} "
              f"{r['compile']:7.2f}s")
        ms = lambda k: f"{r[k] * 1e3:.1f} ms" if r[k] else "-"
        print(f"{'':>6} (medians: tessera {ms('tessera')}, numpy {ms('numpy')}, "
              f"torch {ms('torch')})")


def main():
    threads = os.cpu_count() or 1
    peak = peak_gflops(threads)
    print(f"host: {threads} cores; measured FMA peak {peak:.0f} GFLOP/s fp32 "
          f"(bench/fma_peak.c, -march=native)")
    kernels = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        matmul = measure("matmul", SIZES, threads, tmp, kernels)
        fused = measure("linear_gelu", FUSED_SIZES, threads, tmp, kernels)
    for peer in ("numpy", "torch"):
        print(f"{peer}: {kernels.get(peer)}")
    report("matmul (C = A B)", matmul, peak)
    report("linear_gelu (gelu_tanh(x W + b); GFLOP/s count the matmul's 2n^3)",
           fused, peak)
    print("(GFLOP/s, medians of rounds of medians; compile = tessera-lower-to-host + JIT)")


main()
