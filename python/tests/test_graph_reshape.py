"""tgraph.reshape on the host: a row-major reshape is a copy between two
views of one 2-D shape (tessera-lower-graph's "reshape" family), so the
result must equal numpy's reshape bit for bit."""
import numpy as np
import pytest

from conftest import tensor_type as tensor, to_storage
from test_graph_norms import bound, reference



CASES = [
    # (input shape, result shape, which dims are dynamic in the IR)
    ((3, 5, 64), (3, 5, 4, 16), "??--", ),   # split heads, B and S dynamic
    ((3, 5, 4, 16), (3, 5, 64), "??-"),      # merge heads
    ((6, 17), (2, 3, 17), "--?"),            # split a leading dim
    ((4, 6), (3, 8), "--"),                  # static, nothing in common
    ((7, 8), (7, 8, 1), "?--"),              # a unit dim appended
    ((1,), (1, 1, 1), "---"),
    ((2, 1023), (2, 3, 341), "?--"),
]


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("src,dst,dyn", CASES)
def test_reshape_is_numpy_reshape(run_graph, src, dst, dyn, dtype):
    # Dims named dynamic in the result are dynamic in the input at the same
    # place from the front (or the back, for a trailing dim).
    out_dims = ["?" if c == "?" else str(n) for c, n in zip(dyn, dst)]
    in_dims = [str(n) for n in src]
    for i, c in enumerate(dyn):
        if c == "?":
            j = i if i < len(src) and src[i] == dst[i] else len(src) - (len(dst) - i)
            in_dims[j] = "?"
    t_in, t_out = tensor(dtype, in_dims), tensor(dtype, out_dims)
    ir = (f"func.func @f(%x: {t_in}) -> {t_out} {{\n"
          f'  %0 = "tgraph.reshape"(%x) : ({t_in}) -> {t_out}\n'
          f"  return %0 : {t_out}\n}}\n")
    rng = np.random.default_rng(0)
    xs, _ = to_storage(rng.standard_normal(src), dtype)
    (out,) = run_graph(ir, "f", [xs])
    assert out.shape == dst
    assert np.array_equal(out.view(np.uint8), xs.reshape(dst).view(np.uint8))


def test_reshape_then_norm(run_graph):
    """A reshape feeding a kernel: B x S x H x D -> B x S x (H D), then
    rms_norm over the merged dim."""
    t4, t3 = tensor("f32", ["?", "?", "4", "16"]), tensor("f32", ["?", "?", "64"])
    ir = (f"func.func @f(%x: {t4}) -> {t3} {{\n"
          f'  %0 = "tgraph.reshape"(%x) : ({t4}) -> {t3}\n'
          f'  %1 = "tgraph.rms_norm"(%0) : ({t3}) -> {t3}\n'
          f"  return %1 : {t3}\n}}\n")
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 16)).astype(np.float32)
    (out,) = run_graph(ir, "f", [x])
    x3 = x.reshape(2, 3, 64).astype(np.float64)
    y, xhat, rstd, amean = reference("rms_norm", x3, 2, [], 1e-5)
    tol = bound("rms_norm", "f32", 64, y, xhat, rstd, amean, [])
    assert np.all(np.abs(out.reshape(6, 64) - y) <= tol)
