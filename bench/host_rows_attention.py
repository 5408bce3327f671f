"""Host row kernels and attention: Tessera against PyTorch (CPU), side by
side, all cores; rounds alternate between them so that the noise of a shared
machine hits each alike, and every figure is a median.

Row kernels (softmax, rms_norm with a weight, layer_norm with weight and
bias) at BENCH_ROWS (default 4096x4096) f32, in GB/s of the bytes they must
move (read x, write y: 2 x rows x cols x 4), against PyTorch and against this
machine's copy bandwidth, measured in the same run (bench/copy_bw.c: a
memcpy of the same bytes on every core). Goal: at least 80% of the copy.

Attention B=1 H=16 S=BENCH_ATTN_S (2048) d=128 f32, causal and not, against
torch.nn.functional.scaled_dot_product_attention; GFLOP/s count the two
matmuls (4 B H S^2 d, half of it when causal). Goal: faster than PyTorch.

Each Tessera result is checked against float64 numpy before its time counts.
"""
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
ROWS = [int(s) for s in os.environ.get("BENCH_ROWS", "4096").split()]
ATTN_S = int(os.environ.get("BENCH_ATTN_S", "2048"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
H, D = 16, 128

ROW_PROGRAMS = {
    "softmax": ('%y = "tgraph.softmax"(%x) {dim = -1 : i64} : (tensor<NxNxf32>) -> tensor<NxNxf32>', 1),
    "rms_norm": ('%y = "tgraph.rms_norm"(%x, %w) {epsilon = 1.0e-05 : f64} : (tensor<NxNxf32>, tensor<Nxf32>) -> tensor<NxNxf32>', 2),
    "layer_norm": ('%y = "tgraph.layer_norm"(%x, %w, %b) {epsilon = 1.0e-05 : f64} : (tensor<NxNxf32>, tensor<Nxf32>, tensor<Nxf32>) -> tensor<NxNxf32>', 3),
}


def row_program(op, n):
    body, nin = ROW_PROGRAMS[op]
    args = ["%x: tensor<NxNxf32>", "%w: tensor<Nxf32>", "%b: tensor<Nxf32>"][:nin]
    text = (f"func.func @f({', '.join(args)}) -> tensor<NxNxf32> {{\n  {body}\n"
            f"  return %y : tensor<NxNxf32>\n}}\n")
    return text.replace("N", str(n)), nin


def attention_program(s, causal):
    t = f"tensor<1x{H}x{s}x{D}xf32>"
    return (f"func.func @f(%q: {t}, %k: {t}, %v: {t}) -> {t} {{\n"
            f'  %o = "tgraph.attention"(%q, %k, %v) {{causal = {str(causal).lower()}}} '
            f": ({t}, {t}, {t}) -> {t}\n  return %o : {t}\n}}\n")


def tessera_run(text, inputs, tmp, reps):
    src = tmp / "prog.mlir"
    src.write_text(text)
    args = [str(BUILD / "bin" / "tessera-run"), str(src), "--entry=f"]
    for i, a in enumerate(inputs):
        np.save(tmp / f"in{i}.npy", a)
        args.append(f"--input=@{tmp / f'in{i}.npy'}")
    args += [f"--output=@{tmp / 'out.npy'}", f"--benchmark={reps}"]
    p = subprocess.run(args, capture_output=True, text=True, check=True)
    m = re.search(r"median of \d+ runs ([\d.]+) s", p.stdout)
    return float(m.group(1)), np.load(tmp / "out.npy")


def row_reference(op, x, w, b):
    x = x.astype(np.float64)
    if op == "softmax":
        e = np.exp(x - x.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)
    if op == "rms_norm":
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + 1e-5) * w
    mu = x.mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + 1e-5) * w + b


def attention_reference(q, k, v, causal, rows):
    # The first `rows` queries of head 0 (the whole thing in float64 would
    # take longer than the benchmark).
    q, k, v = (a[0, 0].astype(np.float64) for a in (q, k, v))
    s = q[:rows] @ k.T / np.sqrt(D)
    if causal:
        s = np.where(np.arange(k.shape[0])[None, :] > np.arange(rows)[:, None], -np.inf, s)
    p = np.exp(s - s.max(-1, keepdims=True))
    return (p / p.sum(-1, keepdims=True)) @ v


def run_peer(spec):
    p = subprocess.run([sys.executable, __file__, "--peer", json.dumps(spec)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return None, (p.stderr.strip().splitlines() or ["failed"])[-1]
    return json.loads(p.stdout), None


def peer_main(spec):
    """In a subprocess: times PyTorch on the workload `spec`."""
    import time
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(spec["threads"])
    rng = np.random.default_rng(0)
    if spec["kind"] == "rows":
        n = spec["n"]
        x = torch.from_numpy(rng.standard_normal((n, n), dtype=np.float32))
        w = torch.from_numpy(rng.standard_normal(n, dtype=np.float32))
        b = torch.from_numpy(rng.standard_normal(n, dtype=np.float32))
        fns = {"softmax": lambda: torch.softmax(x, -1),
               "rms_norm": lambda: F.rms_norm(x, (n,), w, 1e-5),
               "layer_norm": lambda: F.layer_norm(x, (n,), w, b, 1e-5)}
        fn = fns[spec["op"]]
    else:
        shape = (1, H, spec["s"], D)
        q, k, v = (torch.from_numpy(rng.standard_normal(shape, dtype=np.float32))
                   for _ in range(3))
        fn = lambda: F.scaled_dot_product_attention(q, k, v, is_causal=spec["causal"])
    with torch.inference_mode():
        fn()
        ts = []
        for _ in range(spec["reps"]):
            t = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t)
    ts.sort()
    print(json.dumps({"seconds": ts[len(ts) // 2],
                      "kernel": f"torch {torch.__version__} x{torch.get_num_threads()}"}))


def copy_gbs(nbytes, threads):
    exe = BUILD / "bench" / "copy_bw"
    exe.parent.mkdir(exist_ok=True)
    subprocess.run(["cc", "-O2", "-pthread", str(ROOT / "bench" / "copy_bw.c"), "-o", str(exe)],
                   check=True)
    return float(subprocess.run([str(exe), str(nbytes), str(threads), "11"],
                                capture_output=True, text=True, check=True).stdout)


def bench_rows(threads, tmp, kernels):
    print("row kernels (GB/s of read x + write y; copy = memcpy of the same bytes, all cores):")
    print(f"{'op':>10} {'n':>6} {'tessera':>8} {'torch':>8} {'copy':>8} {'of copy':>8} {'vs torch':>9}")
    rng = np.random.default_rng(0)
    for n in ROWS:
        x = rng.standard_normal((n, n), dtype=np.float32)
        w = rng.standard_normal(n, dtype=np.float32)
        b = rng.standard_normal(n, dtype=np.float32)
        nbytes = 2 * n * n * 4
        for op in ROW_PROGRAMS:
            text, nin = row_program(op, n)
            times, peer, copies = [], [], []
            for _ in range(ROUNDS):
                t, y = tessera_run(text, [x, w, b][:nin], tmp, 11)
                ref = row_reference(op, x, w, b)
                err = np.abs(y - ref).max() / max(1.0, np.abs(ref).max())
                assert err < 1e-4, (op, n, err)
                times.append(t)
                r, e = run_peer({"kind": "rows", "op": op, "n": n, "threads": threads, "reps": 11})
                if r:
                    peer.append(r["seconds"])
                    kernels["torch"] = r["kernel"]
                else:
                    kernels["torch"] = f"unavailable: {e}"
                copies.append(copy_gbs(n * n * 4, threads))
            gt = nbytes / float(np.median(times)) * 1e-9
            gp = nbytes / float(np.median(peer)) * 1e-9 if peer else None
            gc = float(np.median(copies))
            fp = f"{gp:8.1f}" if gp else f"{'-':>8}"
            vs = f"{gt / gp:9.2f}" if gp else f"{'-':>9}"
            print(f"{op:>10} {n:>6} {gt:8.1f} {fp} {gc:8.1f} {gt / gc:8.0%} {vs}")


def bench_attention(threads, tmp, kernels):
    s = ATTN_S
    print(f"attention B=1 H={H} S={s} d={D} f32 (GFLOP/s of the two matmuls):")
    print(f"{'causal':>7} {'tessera':>8} {'torch':>8} {'vs torch':>9} {'tessera ms':>11} {'torch ms':>9}")
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((1, H, s, D), dtype=np.float32) for _ in range(3))
    for causal in (False, True):
        flops = 4 * H * s * s * D * (0.5 if causal else 1.0)
        times, peer = [], []
        for _ in range(ROUNDS):
            t, o = tessera_run(attention_program(s, causal), [q, k, v], tmp, 3)
            ref = attention_reference(q, k, v, causal, 64)
            err = np.abs(o[0, 0, :64] - ref).max()
            assert err < 1e-4, (causal, err)
            times.append(t)
            r, e = run_peer({"kind": "attention", "s": s, "causal": causal,
                             "threads": threads, "reps": 3})
            if r:
                peer.append(r["seconds"])
                kernels["torch"] = r["kernel"]
            else:
                kernels["torch"] = f"unavailable: {e}"
        tt = float(np.median(times))
        tp = float(np.median(peer)) if peer else None
        gp = f"{flops / tp * 1e-9:8.1f}" if tp else f"{'-':>8}"
        vs = f"{tp / tt:9.2f}" if tp else f"{'-':>9}"
        mp = f"{tp * 1e3:9.1f}" if tp else f"{'-':>9}"
        print(f"{str(causal):>7} {flops / tt * 1e-9:8.1f} {gp} {vs} {tt * 1e3:11.1f} {mp}")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--peer":
        peer_main(json.loads(sys.argv[2]))
        return
    threads = os.cpu_count() or 1
    kernels = {}
    print(f"host: {threads} cores")
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        bench_rows(threads, tmp, kernels)
        bench_attention(threads, tmp, kernels)
    print(f"torch: {kernels.get('torch')}")
    print("(medians of rounds of medians; 'vs torch' > 1: Tessera is faster)")


main()
