"""Numerics of tgraph.reduce (tessera-lower-graph's "reduce" family: sum,
max and mean over a leading or a trailing run of dims, f32 accumulation,
stored in the result's type), on the host, against float64 numpy.

Bounds: a trailing run is summed per column of a 128-wide tile, then over
the tile's columns; a leading run per row of a 4-row tile, then over its
rows. No term passes through more than k = ceil(n/T) + min(n, T) additions
(n the reduced count, T the tile's extent along it), so a sum is off by at
most k * 2^-24 * sum|x|; mean adds one rounding; max is exact. Doubled,
plus the rounding to the result's type.
"""
import math

import numpy as np
import pytest

from conftest import EPS, TINY, from_storage, tensor_type as tensor, to_storage

U32 = 2.0**-24



def check(run_graph, kind, dtype, shape, dims, keep=False, seed=0):
    rank = len(shape)
    red = sorted(d % rank for d in dims)
    out_shape = [1 if d in red else n for d, n in enumerate(shape)] if keep else \
        [n for d, n in enumerate(shape) if d not in red]
    t_in = tensor(dtype, ["?"] * rank)
    t_out = tensor(dtype, ["1" if keep and d in red else "?" for d in range(rank)]
                   if keep else ["?"] * len(out_shape))
    attrs = f'kind = "{kind}", dims = array<i64: {", ".join(map(str, dims))}>'
    if keep:
        attrs += ", keep_dims = true"
    ir = (f"func.func @f(%x: {t_in}) -> {t_out} {{\n"
          f'  %0 = "tgraph.reduce"(%x) {{{attrs}}} : ({t_in}) -> {t_out}\n'
          f"  return %0 : {t_out}\n}}\n")
    rng = np.random.default_rng(seed)
    xs, x = to_storage(rng.standard_normal(shape) + 0.25, dtype)
    (out,) = run_graph(ir, "f", [xs])
    got = from_storage(out, dtype)
    axes = tuple(red)
    ref = {"sum": np.sum, "max": np.max, "mean": np.mean}[kind](x, axis=axes, keepdims=keep)
    n = math.prod(shape[d] for d in red)
    trailing = red[-1] == rank - 1
    T = 128 if trailing else 4
    k = math.ceil(n / T) + min(n, T)
    if kind == "max":
        f32 = 0.0
    else:
        f32 = k * U32 * np.sum(np.abs(x), axis=axes, keepdims=keep)
        if kind == "mean":
            f32 = f32 / n + U32 * np.abs(ref)
    bound = 2 * f32 + EPS[dtype] * np.abs(ref) + TINY[dtype]
    assert got.shape == ref.shape, (got.shape, ref.shape)
    err = np.abs(got - ref)
    assert np.all(err <= bound), (kind, dtype, shape, dims, float(np.max(err / bound)))


@pytest.mark.parametrize("kind", ["sum", "max", "mean"])
@pytest.mark.parametrize("shape,dims", [
    ((5, 17), [-1]), ((3, 1023), [1]), ((1, 1), [0, 1]), ((2, 3, 33), [1, 2]),
    ((17, 33), [0]), ((1023, 5), [0]), ((4, 6, 129), [0, 1]), ((7, 300), [0, 1]),
    ((64,), [0]),
])
def test_reduce_f32(run_graph, kind, shape, dims):
    check(run_graph, kind, "f32", shape, dims)


@pytest.mark.parametrize("dtype", ["f16", "bf16"])
@pytest.mark.parametrize("kind", ["sum", "max", "mean"])
def test_reduce_16bit(run_graph, kind, dtype):
    check(run_graph, kind, dtype, (9, 257), [-1])
    check(run_graph, kind, dtype, (33, 65), [0], seed=1)


@pytest.mark.parametrize("shape,dims", [((6, 17), [-1]), ((5, 3, 8), [0, 1])])
def test_reduce_keep_dims(run_graph, shape, dims):
    check(run_graph, "mean", "f32", shape, dims, keep=True)


def test_reduce_max_propagates_nan(run_graph):
    t = tensor("f32", ["?", "?"])
    r = tensor("f32", ["?"])
    ir = (f"func.func @f(%x: {t}) -> {r} {{\n"
          f'  %0 = "tgraph.reduce"(%x) {{kind = "max", dims = array<i64: 1>}} : ({t}) -> {r}\n'
          f"  return %0 : {r}\n}}\n")
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    x[1, 2] = np.nan
    (out,) = run_graph(ir, "f", [x])
    assert np.isnan(out[1]) and out[0] == 3 and out[2] == 11


@pytest.mark.parametrize("correction", [0, 1, 2])
@pytest.mark.parametrize("dtype,shape,dims", [
    ("f32", (5, 17), [-1]), ("f32", (3, 1023), [1]), ("f32", (33, 65), [0]),
    ("f32", (2, 3, 129), [1, 2]), ("bf16", (9, 257), [-1]), ("f16", (40, 7), [0]),
])
def test_var(run_graph, dtype, shape, dims, correction):
    """torch.var(x, dims, correction): the mean, then the centred sum of
    squares (two-pass), over count - correction. Bound: the mean is off by
    dm <= (k+1) u mean|x|; each centred square by (|d| + dm)^2 - d^2 plus
    3 roundings; the sum by k u relatively; two divisions."""
    rank = len(shape)
    red = sorted(d % rank for d in dims)
    out_shape = [n for d, n in enumerate(shape) if d not in red]
    t_in, t_out = tensor(dtype, ["?"] * rank), tensor(dtype, ["?"] * len(out_shape))
    ir = (f"func.func @f(%x: {t_in}) -> {t_out} {{\n"
          f'  %0 = "tgraph.var"(%x) {{dims = array<i64: {", ".join(map(str, dims))}>, '
          f"correction = {correction} : i64}} : ({t_in}) -> {t_out}\n"
          f"  return %0 : {t_out}\n}}\n")
    rng = np.random.default_rng(correction)
    xs, x = to_storage(100 + rng.standard_normal(shape), dtype)  # mean >> std
    (out,) = run_graph(ir, "f", [xs])
    got = from_storage(out, dtype)
    axes = tuple(red)
    n = math.prod(shape[d] for d in red)
    ref = np.var(x, axis=axes, ddof=correction)
    T = 128 if red[-1] == rank - 1 else 4
    k = math.ceil(n / T) + min(n, T)
    dm = (k + 1) * U32 * np.mean(np.abs(x), axis=axes)
    d2 = np.sum((x - np.mean(x, axis=axes, keepdims=True)) ** 2, axis=axes)
    ad = np.sum(np.abs(x - np.mean(x, axis=axes, keepdims=True)), axis=axes)
    f32 = (2 * dm * ad + n * dm**2 + (k + 5) * U32 * d2) / (n - correction)
    bound = 2 * f32 + EPS[dtype] * np.abs(ref) + TINY[dtype]
    assert np.all(np.abs(got - ref) <= bound), float(np.max(np.abs(got - ref) / bound))
