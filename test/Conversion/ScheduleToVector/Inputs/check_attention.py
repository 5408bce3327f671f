"""Checks the output of tessera-schedule-kernel-run on Inputs/attention.mlir
against numpy in float64: O = softmax(A B^T, rows) C. Flags after the
directory: "ct": the third input is C transposed (test/Conversion/
DistributeTiles/Inputs/attention-ct.mlir); "tf32": the tile matmuls ran on
tensor cores in tf32 (mma.sync / wgmma), whose operands are truncated to
10 mantissa bits (relative error < t = 2^-10 each); "p16": the
probabilities were rounded to f16 for the second matmul (relative error
<= 2^-11 each, while the row sums used them unrounded) -- the inputs are
then f16 values too, read exactly.

The bound follows from f32 (u = 2^-24): the scores carry at most D u |a||b|
of accumulation error, exp and the normalisation 2 u each per term, and the
online rescaling and the sums over N columns at most 2 N u, all relative to
the probabilities, whose combination of rows of C is at most max|C| in
magnitude.
"""
import sys

import numpy as np

d = sys.argv[1]
a, b, c, o = (np.load(f"{d}/arg{i}.npy").astype(np.float64) for i in range(4))
flags = sys.argv[2:]
if "ct" in flags:
    c = c.T
s = a @ b.T
p = np.exp(s - s.max(axis=1, keepdims=True))
p /= p.sum(axis=1, keepdims=True)
ref = p @ c
u = 2.0**-24
D, N = a.shape[1], b.shape[0]
score = (np.abs(a) @ np.abs(b).T).max()
bound = (2 * N + D * score + 10) * u * np.abs(c).max()
if "p16" in flags:
    # sum_j |p_j - fl16(p_j)| |c_j| / l <= 2^-11 sum_j p_j |c_j| / l.
    bound += 2.0**-11 * np.abs(c).max()
if "tf32" in flags:
    # Truncating a and b perturbs each product by < 2t of |a||b|, so the
    # scores by < 2t score, and the probabilities (exp of score
    # differences, normalised) relatively by < 4t score; truncating p and
    # c perturbs each term of P C by < 2t more.
    t = 2.0**-10
    bound += (4 * score + 2) * t * np.abs(c).max()
err = np.abs(o - ref).max()
print(f"attention {a.shape[0]}x{D} x {N}x{D}: max error {err:.3g}, "
      f"bound {bound:.3g}: {'ok' if err <= bound else 'FAIL'}")
sys.exit(0 if err <= bound else 1)
