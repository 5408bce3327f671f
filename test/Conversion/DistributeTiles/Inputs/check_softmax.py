"""check_softmax.py make DIR RxC: writes DIR/x.npy (f32, 4 * standard normal).
check_softmax.py check DIR: compares DIR/y.npy with a float64 softmax of
DIR/x.npy over the last dim: exp evaluated in f32 (a few ulp), a row sum of
L terms (sqrt(L) unit roundoffs) and one division, as python/tests bounds
the host kernel."""
import math
import sys

import numpy as np

U32 = 2.0**-24
mode, d = sys.argv[1], sys.argv[2]
if mode == "make":
    r, c = map(int, sys.argv[3].split("x"))
    x = 4 * np.random.default_rng(7).standard_normal((r, c))
    np.save(f"{d}/x.npy", x.astype(np.float32))
    sys.exit(0)
x = np.load(f"{d}/x.npy").astype(np.float64)
y = np.load(f"{d}/y.npy").astype(np.float64)
e = np.exp(x - x.max(axis=-1, keepdims=True))
ref = e / e.sum(axis=-1, keepdims=True)
n = x.shape[-1]
bound = (8 + 4 * math.sqrt(n)) * U32 * ref + 2.0**-149
err = float(np.max(np.abs(y - ref) / bound))
print(f"max error {err:.3g} of the bound: {'ok' if err <= 1 else 'FAIL'}")
