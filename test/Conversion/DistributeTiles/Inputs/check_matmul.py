"""check_matmul.py make DIR [Bx]MxKxN [linear]: writes DIR/a.npy, DIR/b.npy
(f16, standard normal; batched when B is given) and with `linear` an f32
bias DIR/bias.npy, for C = gelu_tanh(A B + bias). check_matmul.py check DIR: compares DIR/c.npy (f32) with A B in
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
    if sys.argv[4:] == ["linear"]:
        np.save(f"{d}/bias.npy", rng.standard_normal(n).astype(np.float32))
    sys.exit(0)
a = np.load(f"{d}/a.npy").astype(np.float64)
b = np.load(f"{d}/b.npy").astype(np.float64)
c = np.load(f"{d}/c.npy").astype(np.float64)
u = 2.0**-24
bound = (a.shape[-1] + 2) * u * (np.abs(a) @ np.abs(b))
ref = a @ b
try:
    bias = np.load(f"{d}/bias.npy").astype(np.float64)
except FileNotFoundError:
    bias = None
if bias is not None:
    # z = A B + bias carries the sum's error and one more rounding; gelu's
    # slope is at most 1.13, and its f32 formula adds 9 roundings of
    # (|gelu| + |z|) (lib/IR/ElementwiseFns.c, test/CAPI/elementwise-fns.c).
    z = ref + bias
    ref = 0.5 * z * (1 + np.tanh(0.7978845608028654 * (z + 0.044715 * z**3)))
    bound = 1.2 * (bound + u * (np.abs(a) @ np.abs(b) + np.abs(bias))) + \
        9 * u * (np.abs(ref) + np.abs(z))
err = float(np.max(np.abs(c - ref) / bound))
print(f"max error {err:.3g} of the bound: {'ok' if err <= 1 else 'FAIL'}")
sys.exit(0 if err <= 1 else 1)
