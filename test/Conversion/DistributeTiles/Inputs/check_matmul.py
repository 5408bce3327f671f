"""check_matmul.py make DIR [Bx]MxKxN: writes DIR/a.npy, DIR/b.npy (f16,
standard normal; batched when B is given). check_matmul.py check DIR: compares DIR/c.npy (f32) with A B in
float64: the products of two f16 values are exact in f32, so the error is
that of K f32 additions, at most (K + 2) u (|A| |B|) with u = 2^-24."""
import sys

import numpy as np

mode, d = sys.argv[1], sys.argv[2]
if mode == "make":
    *batch, m, k, n = map(int, sys.argv[3].split("x"))
    rng = np.random.default_rng(3)
    a = rng.standard_normal((*batch, m, k)).astype(np.float16)
    np.save(f"{d}/a.npy", a)
    np.save(f"{d}/b.npy", rng.standard_normal((*batch, k, n)).astype(np.float16))
    sys.exit(0)
a = np.load(f"{d}/a.npy").astype(np.float64)
b = np.load(f"{d}/b.npy").astype(np.float64)
c = np.load(f"{d}/c.npy").astype(np.float64)
bound = (a.shape[-1] + 2) * 2.0**-24 * (np.abs(a) @ np.abs(b))
err = float(np.max(np.abs(c - a @ b) / bound))
print(f"max error {err:.3g} of the bound: {'ok' if err <= 1 else 'FAIL'}")
sys.exit(0 if err <= 1 else 1)
