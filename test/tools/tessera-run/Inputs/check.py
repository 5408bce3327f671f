"""Compares tessera-run's result with float64 numpy: prints 'ok' or fails."""
import sys

import numpy as np

d = sys.argv[1]
a = np.load(f"{d}/a.npy").astype(np.float64)
b = np.load(f"{d}/b.npy").astype(np.float64)
c = np.load(f"{d}/c.npy")
ref = np.maximum(a @ b, 0)
assert c.shape == ref.shape and c.dtype == np.float32, (c.shape, c.dtype)
assert np.allclose(c, ref, rtol=1e-6, atol=1e-6), np.abs(c - ref).max()
print("ok")
