"""Compile time of each named pipeline on the example (matmul + bias + gelu
and attention scores with softmax), median of 3."""
import os
import pathlib
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TESSERA_BUILD", ROOT / "build"))
OPT = str(BUILD / "bin" / "tessera-opt")
TRANSLATE = str(BUILD / "bin" / "tessera-translate")
EXAMPLE = str(ROOT / "examples" / "matmul_gelu.mlir")

PIPELINES = [
    ("host", "tessera-lower-to-host", "obj"),
    ("sm_80", "tessera-lower-to-nvvm{chip=sm_80}", "cubin"),
    ("sm_90a", "tessera-lower-to-nvvm{chip=sm_90a}", "cubin"),
    ("gfx942", "tessera-lower-to-rocdl{chip=gfx942}", "hsaco"),
]


def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t, p


def main():
    print(f"{'pipeline':>8} {'lower':>8} {'translate':>10}  result")
    with tempfile.TemporaryDirectory() as d:
        for name, pipeline, fmt in PIPELINES:
            lowered = os.path.join(d, f"{name}.mlir")
            t1, t2, status = [], [], "ok"
            for _ in range(3):
                dt, p = timed([OPT, EXAMPLE, f"--pass-pipeline=builtin.module({pipeline})",
                               "-o", lowered])
                if p.returncode:
                    status = p.stderr.strip().splitlines()[-1]
                    break
                t1.append(dt)
                # One GPU binary per kernel: time the matmul + gelu one.
                pick = [] if fmt == "obj" else ["--gpu-module=linear_gelu_k0_module"]
                dt, p = timed([TRANSLATE, f"--to={fmt}", lowered, "-o",
                               os.path.join(d, f"{name}.{fmt}"), *pick])
                if p.returncode:
                    status = p.stderr.strip().splitlines()[-1]
                    break
                t2.append(dt)
            med = lambda v: f"{sorted(v)[len(v) // 2]:.2f}s" if v else "-"
            print(f"{name:>8} {med(t1):>8} {med(t2):>10}  {status}")


main()
