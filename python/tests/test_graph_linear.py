"""tgraph.linear (torch.nn.functional.linear: x W^T + b) on the host,
against float64 numpy: the matmul kernel on the input's rows with the
weight read K-major (transpose_b), the bias as its first epilogue add, and
the chain after it fused. The bound is the matmul tests' (K products and
sums in f32: (K + 2) u of sum |x| |w|, plus the storage rounding)."""
import numpy as np
import pytest

from conftest import EPS, from_storage, tensor_type as tensor, to_storage

U32 = 2.0**-24



def check(got, want, mag, k, dtype):
    bound = (k + 2) * U32 * mag + EPS[dtype] * np.abs(want) + 1e-30
    assert np.all(np.abs(got - want) <= bound), np.max(np.abs(got - want) / bound)


CASES = [
    # (input shape, dims written dynamic, N, bias)
    ((17, 64), (0,), 33, True),
    ((2, 9, 64), (0, 1), 48, True),
    ((1023, 128), (0,), 17, False),
    ((1, 1, 33), (), 1, True),
    ((5,), (), 7, True),
]


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("shape,dyn,n,bias", CASES)
def test_linear_matches_float64(run_graph, shape, dyn, n, bias, dtype):
    k = shape[-1]
    xd = ["?" if i in dyn else s for i, s in enumerate(shape)]
    tx, tw, tb = tensor(dtype, xd), tensor(dtype, (n, k)), tensor(dtype, (n,))
    ty = tensor(dtype, xd[:-1] + [n])
    ops = "%x, %w, %b" if bias else "%x, %w"
    types = f"{tx}, {tw}, {tb}" if bias else f"{tx}, {tw}"
    args = f"%x: {tx}, %w: {tw}" + (f", %b: {tb}" if bias else "")
    ir = (f"func.func @f({args}) -> {ty} {{\n"
          f'  %0 = "tgraph.linear"({ops}) : ({types}) -> {ty}\n'
          f"  return %0 : {ty}\n}}\n")
    rng = np.random.default_rng(k + n)
    xs, x = to_storage(rng.standard_normal(shape), dtype)
    ws, w = to_storage(rng.standard_normal((n, k)) / np.sqrt(k), dtype)
    bs, b = to_storage(rng.standard_normal(n), dtype)
    (out,) = run_graph(ir, "f", [xs, ws, bs] if bias else [xs, ws])
    want = x @ w.T + (b if bias else 0)
    mag = np.abs(x) @ np.abs(w).T + (np.abs(b) if bias else 0)
    assert out.shape == want.shape
    check(from_storage(out, dtype), want, mag, k, dtype)


def test_linear_with_epilogue(run_graph):
    """silu(x W^T + b) + r: the activation and the residual add fuse into the
    linear's kernel (one kernel, visible in its fused list)."""
    tx, tw, tb, ty = (tensor("f32", ("?", "?", 64)), tensor("f32", (32, 64)),
                      tensor("f32", (32,)), tensor("f32", ("?", "?", 32)))
    ir = (f"func.func @f(%x: {tx}, %w: {tw}, %b: {tb}, %r: {ty}) -> {ty} {{\n"
          f'  %0 = "tgraph.linear"(%x, %w, %b) : ({tx}, {tw}, {tb}) -> {ty}\n'
          f'  %1 = "tgraph.silu"(%0) : ({ty}) -> {ty}\n'
          f'  %2 = "tgraph.add"(%1, %r) : ({ty}, {ty}) -> {ty}\n'
          f"  return %2 : {ty}\n}}\n")
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 17, 64)).astype(np.float32)
    w = (rng.standard_normal((32, 64)) / 8).astype(np.float32)
    b = rng.standard_normal(32).astype(np.float32)
    r = rng.standard_normal((3, 17, 32)).astype(np.float32)
    (out,) = run_graph(ir, "f", [x, w, b, r])
    z = x.astype(np.float64) @ w.T.astype(np.float64) + b
    want = z / (1 + np.exp(-z)) + r
    mag = np.abs(x) @ np.abs(w).T + np.abs(b)
    bound = 66 * U32 * mag + 8 * U32 * (np.abs(want) + np.abs(r))
    assert np.all(np.abs(out - want) <= bound)
