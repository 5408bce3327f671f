"""Checks C = A B + OFFSET in float64 against the arguments
tessera-schedule-kernel-run wrote (arg0 = A, arg1 = B, arg2 = C), with the
f32 bound K * 2^-24 * sum_k |a_ik b_kj| + 2^-24 |c_ij| (each of the K
products and additions rounds once, and so does the last add)."""
import sys

import numpy as np

d, offset = sys.argv[1], float(sys.argv[2])
a, b, c = (np.load(f"{d}/arg{i}.npy").astype(np.float64) for i in range(3))
ref = a @ b + offset
k = a.shape[1]
eps = 2.0**-24
bound = (k + 1) * eps * (np.abs(a) @ np.abs(b) + abs(offset)) + eps * np.abs(ref)
err = np.abs(c - ref)
ok = bool(np.all(err <= bound))
print(f"{a.shape[0]}x{k}x{b.shape[1]}: max error {err.max():.3g}, "
      f"max bound {bound.max():.3g}: {'ok' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
