"""GPU matmul (f16 in, f32 accumulate) through Tessera's CUDA runtime next
to PyTorch (cuBLAS) in the same script. Needs a machine with an NVIDIA GPU:
elsewhere it stops with the runtime's own message."""
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TESSERA_BUILD", ROOT / "build"))
CHIP = os.environ.get("BENCH_CHIP", "sm_90a")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1024 2048 4096 8192").split()]

IR = """func.func @mm(%a: tensor<?x?xf16>, %b: tensor<?x?xf16>) -> tensor<?x?xf32> {
  %c = "tgraph.matmul"(%a, %b) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}
"""


def torch_gflops(n):
    import torch
    a = torch.randn(n, n, dtype=torch.float16, device="cuda")
    b = torch.randn(n, n, dtype=torch.float16, device="cuda")
    for _ in range(3):
        torch.matmul(a, b)
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(20):
        start.record()
        torch.matmul(a, b)
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) * 1e-3)
    return 2 * n**3 / sorted(times)[len(times) // 2] * 1e-9


def tessera_gflops(d, src):
    cmd = [str(BUILD / "bin" / "tessera-run"), str(src), "--device=cuda",
           f"--chip={CHIP}", f"--input=@{d}/a.npy", f"--input=@{d}/b.npy",
           "--benchmark=20"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        sys.exit(p.stderr.strip())
    return float(re.search(r"([\d.]+) GFLOP/s", p.stdout).group(1))


def main():
    # Every GPU kernel is compiled op by op (on sm_90a: wgmma + TMA, or its
    # mma.sync fallback when TMA cannot describe the operands), next to
    # cuBLAS. Sizes that are multiples of 8 take the TMA kernel.
    with tempfile.TemporaryDirectory() as d:
        src = pathlib.Path(d) / "mm.mlir"
        src.write_text(IR)
        print(f"{'n':>6} {'tessera':>10} {'torch':>10} {'ratio':>6}"
              f"   (GFLOP/s, medians, {CHIP})")
        for n in SIZES:
            rng = np.random.default_rng(0)
            for name in ("a", "b"):
                np.save(pathlib.Path(d) / f"{name}.npy",
                        rng.standard_normal((n, n)).astype(np.float16))
            ours = tessera_gflops(d, src)
            theirs = torch_gflops(n)
            print(f"{n:>6} {ours:10.1f} {theirs:10.1f} {ours / theirs:6.2f}")


main()
