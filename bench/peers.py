"""Times a workload in numpy (OpenBLAS) or PyTorch (CPU) in this process;
prints one JSON line. Run with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset
(they slow a current numpy; docs/build-facts.md).

    peers.py N REPS numpy|torch THREADS [matmul|linear_gelu]

matmul: a @ b. linear_gelu: gelu_tanh(x @ w + b) -- numpy as the two
library steps a user writes (matmul with the bias add, then the gelu
formula), PyTorch eager as F.gelu(F.linear(x, w, b), approximate="tanh")."""
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


def numpy_gelu_tanh(z):
    c = np.float32(np.sqrt(2.0 / np.pi))
    return np.float32(0.5) * z * (np.float32(1.0) + np.tanh(c * (z + np.float32(0.044715) * z * z * z)))


def blas_kernel():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl missing)"
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(f"{i['internal_api']} {i.get('version')} {i.get('architecture')} "
                     f"x{i['num_threads']}" for i in blas)


def main():
    n, reps, which = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    workload = sys.argv[5] if len(sys.argv) > 5 else "matmul"
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    bias = rng.standard_normal(n, dtype=np.float32)
    out = {"n": n, "workload": workload}
    if which == "numpy":
        fns = {"matmul": lambda: a @ b,
               "linear_gelu": lambda: numpy_gelu_tanh(a @ b + bias)}
        out["seconds"] = median_time(fns[workload], reps)
        out["kernel"] = blas_kernel()
    else:
        import torch
        import torch.nn.functional as F
        torch.set_num_threads(int(sys.argv[4]))
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        tw = tb.t().contiguous()  # F.linear's weight is [out, in]
        tbias = torch.from_numpy(bias)
        fns = {"matmul": lambda: torch.mm(ta, tb),
               "linear_gelu": lambda: F.gelu(F.linear(ta, tw, tbias), approximate="tanh")}
        with torch.inference_mode():
            out["seconds"] = median_time(fns[workload], reps)
        out["kernel"] = f"torch {torch.__version__} x{torch.get_num_threads()}"
    print(json.dumps(out))


main()
