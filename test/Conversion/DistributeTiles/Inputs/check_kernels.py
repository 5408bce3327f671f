"""Checks the output of tessera-schedule-kernel-run on the kernels of this
directory against numpy in float64 (argv: the run's directory, the kernel).

Bounds, with u = 2^-24 (f32):
  rmsnorm     y = x / sqrt(mean(x^2) + 1e-5): the sum of D squares carries
              at most D u relative error, halved by the square root, and
              the scaling, rsqrt and product a few u more: (D/2 + 8) u |y|.
  matmul_n12  c = relu(a b): K products and sums, (K + 2) u (|a| |b|).
  matmul_f16_bt  c = relu(a b^T), f16 a and b, f32 c: the products of two
              f16 values are exact in f32, so the same bound.
  matmul_rowmax  o = max(a b, rows), f16 a and b: each entry's bound, and
              the max of the row adds no error.
"""
import sys

import numpy as np

d, kernel = sys.argv[1], sys.argv[2]
u = 2.0**-24
if kernel == "rmsnorm":
    x, y = (np.load(f"{d}/arg{i}.npy").astype(np.float64) for i in range(2))
    ref = x / np.sqrt((x * x).mean(axis=1, keepdims=True) + 1e-5)
    bound = (x.shape[1] / 2 + 8) * u * np.abs(ref).max()
elif kernel == "matmul_n12":
    a, b, y = (np.load(f"{d}/arg{i}.npy").astype(np.float64) for i in range(3))
    ref = np.maximum(a @ b, 0.0)
    bound = (a.shape[1] + 2) * u * (np.abs(a) @ np.abs(b)).max()
elif kernel == "matmul_f16_bt":
    a, b, y = (np.load(f"{d}/arg{i}.npy").astype(np.float64) for i in range(3))
    ref = np.maximum(a @ b.T, 0.0)
    bound = (a.shape[1] + 2) * u * (np.abs(a) @ np.abs(b).T).max()
elif kernel == "matmul_rowmax":
    a, b, y = (np.load(f"{d}/arg{i}.npy").astype(np.float64) for i in range(3))
    ref = (a @ b).max(axis=1, keepdims=True)
    bound = (a.shape[1] + 2) * u * (np.abs(a) @ np.abs(b)).max()
else:
    sys.exit(f"unknown kernel {kernel}")
err = np.abs(y - ref).max()
print(f"{kernel} {y.shape[0]}x{y.shape[1]}: max error {err:.3g}, bound "
      f"{bound:.3g}: {'ok' if err <= bound else 'FAIL'}")
sys.exit(0 if err <= bound else 1)
