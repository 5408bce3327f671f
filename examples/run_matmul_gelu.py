"""Runs @linear_gelu of examples/matmul_gelu.mlir on the host through
tessera-run and prints its error against a float64 numpy reference."""
import math
import os
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TESSERA_BUILD", ROOT / "build"))

rng = np.random.default_rng(0)
m = 64
x = rng.standard_normal((m, 1024)).astype(np.float16)
w = (rng.standard_normal((1024, 4096)) / 32).astype(np.float16)
b = rng.standard_normal((m, 4096)).astype(np.float32)
with tempfile.TemporaryDirectory() as d:
    paths = [os.path.join(d, f) for f in ("x.npy", "w.npy", "b.npy", "y.npy")]
    for p, a in zip(paths, (x, w, b)):
        np.save(p, a)
    cmd = [str(BUILD / "bin" / "tessera-run"), str(ROOT / "examples" / "matmul_gelu.mlir"),
           "--entry=linear_gelu", *[f"--input=@{p}" for p in paths[:3]],
           f"--output=@{paths[3]}", "--benchmark=5"]
    print("$", " ".join(cmd[:3]), "...")
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode:
        sys.exit(run.stderr)
    print(run.stdout.strip())
    y = np.load(paths[3]).astype(np.float64)

z = x.astype(np.float64) @ w.astype(np.float64) + b
ref = 0.5 * z * (1 + np.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)))
err = np.abs(y - ref)
# f16 inputs, f32 accumulation over K = 1024 terms (docs/verification.md).
bound = 4 * math.sqrt(1024) * 2.0**-24 * (np.abs(x.astype(np.float64)) @ np.abs(w.astype(np.float64))) \
    + 16 * 2.0**-24 * np.abs(ref) + 2.0**-24 * np.abs(b)
print(f"host result {y.shape}: max |error| vs float64 numpy = {err.max():.3e} "
      f"(max |value| {np.abs(ref).max():.3g}); "
      f"{'within' if np.all(err <= 1.2 * bound) else 'OUTSIDE'} the f32-accumulation bound")
sys.exit(0 if np.all(err <= 1.2 * bound) else 1)
