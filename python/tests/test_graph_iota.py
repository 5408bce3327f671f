"""tgraph.iota on the host: each element holds its index along `dim`
(GeneratorSchedule.c), so results must equal numpy's broadcast arange
exactly, rounded to the element type; a dynamic result takes its dims from
the `like` operand, whose values are never read."""
import numpy as np
import pytest

from conftest import from_storage, tensor_type as tensor, to_storage



IOTAS = [
    # (shape, dim, dynamic dims of the result (taken from `like`))
    ((17,), 0, ()),
    ((1023,), 0, (0,)),
    ((17, 33), 1, ()),
    ((17, 33), 0, (0, 1)),
    ((2, 3, 300, 5), 2, (0,)),   # a dim of the tile rows, not the last
    ((2, 3, 4, 5), 1, (0, 3)),   # a leading dim: the grid's index
    ((5, 1), 1, ()),
    ((0, 4), 1, (0,)),
]

DTYPES = {"f32": np.float32, "i32": np.int32, "i64": np.int64, "bf16": None, "f16": np.float16}


def want_iota(shape, dim, dtype):
    idx = np.arange(shape[dim], dtype=np.float64).reshape(
        [-1 if i == dim else 1 for i in range(len(shape))])
    full = np.broadcast_to(idx, shape)
    if dtype == "bf16":  # rounded to nearest even, as numpy's conversion
        return to_storage(full, "bf16")[1]
    return full.astype(DTYPES[dtype])


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16", "i32", "i64"])
@pytest.mark.parametrize("shape,dim,dyn", IOTAS)
def test_iota_is_arange(run_graph, shape, dim, dyn, dtype):
    outd = ["?" if i in dyn else n for i, n in enumerate(shape)]
    to = tensor(dtype, outd)
    if dyn:
        tl = tensor("f32", outd)
        ir = (f"func.func @f(%x: {tl}) -> {to} {{\n"
              f'  %0 = "tgraph.iota"(%x) {{dim = {dim} : i64}} : ({tl}) -> {to}\n'
              f"  return %0 : {to}\n}}\n")
        inputs = [np.full(shape, np.nan, np.float32)]  # never read
    else:
        ir = (f"func.func @f() -> {to} {{\n"
              f'  %0 = "tgraph.iota"() {{dim = {dim} : i64}} : () -> {to}\n'
              f"  return %0 : {to}\n}}\n")
        inputs = []
    (got,) = run_graph(ir, "f", inputs)
    if dtype == "bf16":
        got = from_storage(got, "bf16")
    want = want_iota(shape, dim, dtype)
    assert got.shape == want.shape
    assert np.array_equal(got, want)


def test_iota_large_bf16_rounds(run_graph):
    """Past 256, bf16 holds only even indices (then multiples of 4, ...):
    the kernel rounds to nearest even, as numpy's float32 -> bf16 does."""
    ir = ('func.func @f() -> tensor<1000xbf16> {\n'
          '  %0 = "tgraph.iota"() {dim = 0 : i64} : () -> tensor<1000xbf16>\n'
          '  return %0 : tensor<1000xbf16>\n}\n')
    (got,) = run_graph(ir, "f", [])
    got = from_storage(got, "bf16")
    assert np.array_equal(got, want_iota((1000,), 0, "bf16"))
    assert got[257] == 256 and got[259] == 260
