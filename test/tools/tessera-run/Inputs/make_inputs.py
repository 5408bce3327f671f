"""Writes the .npy inputs of the tessera-run tests into the directory given."""
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(7)
np.save(f"{out}/a.npy", rng.standard_normal((5, 3)).astype(np.float32))
np.save(f"{out}/b.npy", rng.standard_normal((3, 4)).astype(np.float32))
np.save(f"{out}/a16.npy", rng.standard_normal((5, 3)).astype(np.float16))
np.save(f"{out}/a3d.npy", rng.standard_normal((2, 5, 3)).astype(np.float32))
np.save(f"{out}/fortran.npy", np.asfortranarray(rng.standard_normal((5, 3)).astype(np.float32)))
with open(f"{out}/not-npy.npy", "w") as f:
    f.write("hello")
