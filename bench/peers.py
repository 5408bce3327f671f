"""Times numpy (OpenBLAS) and PyTorch (CPU) sgemm in this process; prints
one JSON line. Run with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (they
slow a current numpy; docs/build-facts.md)."""
import json
import sys
import time

import numpy as np


def median_time(fn, reps):
    fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    n, reps, which = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    out = {"n": n}
    if which == "numpy":
        out["seconds"] = median_time(lambda: a @ b, reps)
        try:
            from threadpoolctl import threadpool_info
            blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
            out["kernel"] = ", ".join(
                f"{i['internal_api']} {i.get('version')} {i.get('architecture')} "
                f"x{i['num_threads']}" for i in blas)
        except ImportError:
            out["kernel"] = "unknown (threadpoolctl missing)"
    else:
        import torch
        torch.set_num_threads(int(sys.argv[4]))
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        out["seconds"] = median_time(lambda: torch.mm(ta, tb), reps)
        out["kernel"] = f"torch {torch.__version__} x{torch.get_num_threads()}"
    print(json.dumps(out))


main()
