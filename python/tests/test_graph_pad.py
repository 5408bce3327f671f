"""tgraph.pad on the host: a copy into the result's interior and fills of
the slabs around it (SliceSchedule.c), so results must equal numpy.pad
(mode "constant") bit for bit, in every storage type, with static and
dynamic dims; a static result of a dynamic input is checked at run time."""

import numpy as np
import pytest

from conftest import tensor_type as tensor, to_storage



def arr(xs):
    return ", ".join(str(v) for v in xs)


PADS = [
    # (input shape, dynamic dims (input and result), low, high, value)
    ((17, 33), (), (0, 0), (0, 15), 0.0),              # a row to 48: masked reads only
    ((17, 33), (0,), (1, 2), (3, 4), -1.5),
    ((1023, 5), (0, 1), (0, 3), (1, 0), 2.0),
    ((1,), (), (5,), (7,), 0.0),                        # rank 1: one row
    ((33,), (0,), (0,), (31,), -0.0),
    ((2, 3, 4, 17), (0, 1), (1, 0, 2, 1), (2, 1, 0, 3), 0.25),  # every slab kind
    ((3, 1, 6), (), (0, 4, 0), (0, 4, 0), 7.0),         # a unit dim padded
    ((4, 6), (), (0, 0), (0, 0), 3.0),                  # no pad: a copy
    ((0, 5), (), (2, 0), (1, 1), 1.0),                  # an empty input
]


def pad_ir(shape, dyn, low, high, value, dtype, static_out=False):
    ind = ["?" if i in dyn else n for i, n in enumerate(shape)]
    outd = [n + lo + hi if (static_out or i not in dyn) else "?"
            for i, (n, lo, hi) in enumerate(zip(shape, low, high))]
    ti, to = tensor(dtype, ind), tensor(dtype, outd)
    val = f", value = {value!r} : f64" if value != 0.0 or np.signbit(value) else ""
    return (f"func.func @f(%x: {ti}) -> {to} {{\n"
            f'  %0 = "tgraph.pad"(%x) {{low = array<i64: {arr(low)}>, '
            f"high = array<i64: {arr(high)}>{val}}} : ({ti}) -> {to}\n"
            f"  return %0 : {to}\n}}\n")


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("shape,dyn,low,high,value", PADS)
def test_pad_is_numpy_pad(run_graph, shape, dyn, low, high, value, dtype):
    ir = pad_ir(shape, dyn, low, high, value, dtype)
    xs, _ = to_storage(np.random.default_rng(len(shape)).standard_normal(shape), dtype)
    (got,) = run_graph(ir, "f", [xs])
    fill, _ = to_storage(np.array([value]), dtype)  # the value in storage
    want = np.pad(xs, list(zip(low, high)), mode="constant", constant_values=fill[0])
    assert got.shape == want.shape
    assert np.array_equal(got.view(np.uint8), want.view(np.uint8))


def test_pad_static_result_of_dynamic_input(run_graph, run_graph_fails):
    """tensor<?x8> padded to tensor<10x8>: the input must have 7 rows."""
    ir = pad_ir((7, 8), (0,), (1, 0), (2, 0), 0.0, "f32", static_out=True)
    assert "tensor<?x8xf32>) -> tensor<10x8xf32>" in ir
    x = np.arange(56, dtype=np.float32).reshape(7, 8)
    (got,) = run_graph(ir, "f", [x])
    assert np.array_equal(got, np.pad(x, [(1, 2), (0, 0)]))
    err = run_graph_fails(ir, "f", [np.zeros((6, 8), np.float32)])
    assert "pad input dim: input 0 dim 0 must equal 7" in err, err
