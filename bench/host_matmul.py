"""Host f32 matmul: Tessera against numpy (OpenBLAS) and PyTorch (CPU), side
by side, all cores. Rounds alternate between the three so that the noise of
a shared machine hits each alike; every figure is a median."""
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
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def reps_for(n):
    return max(5, int(4e10 / (2 * n**3)))


def peer_env():
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


def run_peer(which, n, threads):
    cmd = [sys.executable, str(ROOT / "bench" / "peers.py"), str(n),
           str(reps_for(n)), which, str(threads)]
    p = subprocess.run(cmd, capture_output=True, text=True, env=peer_env())
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1] if p.stderr else "failed"
    return json.loads(p.stdout), None


def run_tessera(n, tmp):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    np.save(tmp / "a.npy", a)
    np.save(tmp / "b.npy", b)
    cmd = [str(BUILD / "bin" / "tessera-run"), str(ROOT / "bench" / "matmul_f32.mlir"),
           "--entry=matmul", f"--input=@{tmp / 'a.npy'}", f"--input=@{tmp / 'b.npy'}",
           f"--output=@{tmp / 'c.npy'}", f"--benchmark={reps_for(n)}"]
    p = subprocess.run(cmd, capture_output=True, text=True, check=True)
    m = re.search(r"compile ([\d.]+) s; median of \d+ runs ([\d.]+) s", p.stdout)
    c = np.load(tmp / "c.npy")
    # A benchmark of a wrong kernel is worthless: check a few entries.
    idx = rng.integers(0, n, size=(16, 2))
    for i, j in idx:
        ref = float(np.dot(a[i].astype(np.float64), b[:, j].astype(np.float64)))
        assert abs(c[i, j] - ref) <= 1e-4 * (1 + abs(ref)) * np.sqrt(n), (i, j)
    return {"seconds": float(m.group(2)), "compile": float(m.group(1))}


def peak_gflops(threads):
    exe = BUILD / "bench" / "fma_peak"
    exe.parent.mkdir(exist_ok=True)
    flags = ["-O2", "-march=native", "-pthread"]
    subprocess.run(["cc", *flags, str(ROOT / "bench" / "fma_peak.c"), "-o", str(exe)],
                   check=True)
    return float(subprocess.run([str(exe), str(threads)], capture_output=True,
                                text=True, check=True).stdout)


def main():
    threads = os.cpu_count() or 1
    peak = peak_gflops(threads)
    print(f"host: {threads} cores; measured FMA peak {peak:.0f} GFLOP/s fp32 "
          f"(bench/fma_peak.c, -march=native)")
    results = {}
    kernels = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        for n in SIZES:
            times = {"tessera": [], "numpy": [], "torch": []}
            compile_s = []
            for _ in range(ROUNDS):
                t = run_tessera(n, tmp)
                times["tessera"].append(t["seconds"])
                compile_s.append(t["compile"])
                for peer in ("numpy", "torch"):
                    r, err = run_peer(peer, n, threads)
                    if r:
                        times[peer].append(r["seconds"])
                        kernels[peer] = r["kernel"]
                    else:
                        kernels[peer] = f"unavailable: {err}"
            results[n] = {k: float(np.median(v)) if v else None for k, v in times.items()}
            results[n]["compile"] = float(np.median(compile_s))
    for peer in ("numpy", "torch"):
        print(f"{peer}: {kernels.get(peer)}")
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
    print("(GFLOP/s, medians of rounds of medians; compile = tessera-lower-to-host + JIT)")


main()
