"""tgraph.slice and tgraph.concat on the host: copy kernels through strided
views (SliceSchedule.c), so results must equal numpy's basic slicing and
concatenate bit for bit, in every storage type, with static and dynamic
dims; dynamic bounds are checked at run time."""

import numpy as np
import pytest

from conftest import tensor_type as tensor, to_storage



def arr(xs):
    return ", ".join(str(v) for v in xs)


SLICES = [
    # (input shape, dynamic input dims, offsets, strides, result shape)
    ((17, 33), (), (0, 8), (1, 1), (17, 16)),
    ((17, 33), (0,), (0, 1), (1, 2), ("?", 16)),       # every other column
    ((1023, 5), (0, 1), (3, 0), (7, 1), (146, "?")),    # dynamic input, static rows
    ((2, 9, 4, 64), (0, 1), (0, 0, 1, 32), (1, 1, 2, 1), ("?", "?", 2, 32)),
    ((33,), (), (32,), (1,), (1,)),
    ((33,), (0,), (5,), (3,), (9,)),
    ((4, 6), (), (4, 0), (1, 1), (0, 6)),               # an empty slice
]


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("shape,dyn,offs,steps,out", SLICES)
def test_slice_is_numpy_slicing(run_graph, shape, dyn, offs, steps, out, dtype):
    ind = ["?" if i in dyn else n for i, n in enumerate(shape)]
    ti, to = tensor(dtype, ind), tensor(dtype, out)
    ir = (f"func.func @f(%x: {ti}) -> {to} {{\n"
          f'  %0 = "tgraph.slice"(%x) {{offsets = array<i64: {arr(offs)}>, '
          f"strides = array<i64: {arr(steps)}>}} : ({ti}) -> {to}\n"
          f"  return %0 : {to}\n}}\n")
    xs, _ = to_storage(np.random.default_rng(len(shape)).standard_normal(shape), dtype)
    (got,) = run_graph(ir, "f", [xs])
    index = tuple(slice(o, None if s == "?" else o + (s - 1) * st + 1 if s else o, st)
                  for o, st, s in zip(offs, steps, out))
    want = np.ascontiguousarray(xs[index])
    assert got.shape == want.shape
    assert np.array_equal(got.view(np.uint8), want.view(np.uint8))


def test_slice_bounds_checked(run_graph_fails):
    """A static slice of a dynamic dim that reaches past it at run time is
    refused before any kernel runs."""
    ti, to = tensor("f32", ["?", 4]), tensor("f32", [8, 4])
    ir = (f"func.func @f(%x: {ti}) -> {to} {{\n"
          f'  %0 = "tgraph.slice"(%x) {{offsets = array<i64: 2, 0>}} : ({ti}) -> {to}\n'
          f"  return %0 : {to}\n}}\n")
    err = run_graph_fails(ir, "f", [np.zeros((9, 4), np.float32)])
    assert "slice bounds: input 0 dim 0 must be at least 10" in err, err


CONCATS = [
    # (lhs shape, rhs shape, dim, dynamic dims of both)
    ((4, 8), (4, 24), -1, ()),
    ((17, 8), (17, 3), 1, (0, 1)),        # the result's dim is a run-time sum
    ((5, 7), (1023, 7), 0, (0,)),
    ((2, 3, 4, 16), (2, 3, 4, 16), 2, (0, 1)),
    ((33,), (1,), 0, ()),
    ((2, 1, 5), (2, 4, 5), 1, (1,)),
]


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("sa,sb,dim,dyn", CONCATS)
def test_concat_is_numpy_concatenate(run_graph, sa, sb, dim, dyn, dtype):
    r = len(sa)
    d = dim % r
    da = ["?" if i in dyn else n for i, n in enumerate(sa)]
    db = ["?" if i in dyn else n for i, n in enumerate(sb)]
    so = list(sa)
    so[d] = sa[d] + sb[d]
    do = ["?" if i in dyn else n for i, n in enumerate(so)]
    ta, tb, to = tensor(dtype, da), tensor(dtype, db), tensor(dtype, do)
    ir = (f"func.func @f(%a: {ta}, %b: {tb}) -> {to} {{\n"
          f'  %0 = "tgraph.concat"(%a, %b) {{dim = {dim} : i64}} : ({ta}, {tb}) -> {to}\n'
          f"  return %0 : {to}\n}}\n")
    rng = np.random.default_rng(r)
    a, _ = to_storage(rng.standard_normal(sa), dtype)
    b, _ = to_storage(rng.standard_normal(sb), dtype)
    (got,) = run_graph(ir, "f", [a, b])
    want = np.concatenate([a, b], axis=dim)
    assert np.array_equal(got.view(np.uint8), want.view(np.uint8))


def test_rotate_half(run_graph):
    """RoPE's half rotation from slices and a concat: [-x2, x1] over the
    last dim, x of [B, S, H, D] with B and S dynamic."""
    t, h = tensor("f32", ["?", "?", 4, 64]), tensor("f32", ["?", "?", 4, 32])
    ir = (f"func.func @f(%x: {t}) -> {t} {{\n"
          f'  %1 = "tgraph.slice"(%x) {{offsets = array<i64: 0, 0, 0, 0>}} : ({t}) -> {h}\n'
          f'  %2 = "tgraph.slice"(%x) {{offsets = array<i64: 0, 0, 0, 32>}} : ({t}) -> {h}\n'
          f'  %3 = "tgraph.neg"(%2) : ({h}) -> {h}\n'
          f'  %4 = "tgraph.concat"(%3, %1) {{dim = -1 : i64}} : ({h}, {h}) -> {t}\n'
          f"  return %4 : {t}\n}}\n")
    x = np.random.default_rng(9).standard_normal((2, 17, 4, 64)).astype(np.float32)
    (got,) = run_graph(ir, "f", [x])
    assert np.array_equal(got, np.concatenate([-x[..., 32:], x[..., :32]], axis=-1))


def test_concat_shapes_checked(run_graph_fails):
    ta, to = tensor("f32", ["?", 4]), tensor("f32", ["?", 8])
    ir = (f"func.func @f(%a: {ta}, %b: {ta}) -> {to} {{\n"
          f'  %0 = "tgraph.concat"(%a, %b) {{dim = 1 : i64}} : ({ta}, {ta}) -> {to}\n'
          f"  return %0 : {to}\n}}\n")
    err = run_graph_fails(ir, "f", [np.zeros((3, 4), np.float32), np.zeros((5, 4), np.float32)])
    assert "concat operand shapes: input 1 dim 0 must equal input 0 dim 0" in err, err
