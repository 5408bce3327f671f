"""tgraph.embedding on the host: a gather of table rows (GatherSchedule.c),
so results must equal numpy's table[ids] bit for bit, in every storage type
and both id types, with static and dynamic dims; ids that are inputs are
checked on the host before any kernel runs, and an id out of range is
reported, never read."""

import numpy as np
import pytest

from conftest import tensor_type as tensor, to_storage



CASES = [
    # (ids shape, dynamic id dims, V, D, dynamic table dims)
    ((17,), (0,), 33, 64, ()),
    ((2, 9), (0, 1), 1023, 17, (0, 1)),
    ((4, 1, 3), (), 5, 300, (0,)),     # D over two column tiles
    ((), (), 7, 33, ()),               # one id: a row
    ((1,), (), 1, 1, ()),
    ((0, 3), (0,), 4, 8, ()),          # no ids
]


def emb_ir(ishape, idyn, v, d, wdyn, dtype, idt):
    ti = tensor(idt, ["?" if i in idyn else n for i, n in enumerate(ishape)])
    tw = tensor(dtype, ["?" if i in wdyn else n for i, n in enumerate((v, d))])
    to = tensor(dtype, ["?" if i in idyn else n for i, n in enumerate(ishape)]
                + ["?" if 1 in wdyn else d])
    return (f"func.func @f(%i: {ti}, %w: {tw}) -> {to} {{\n"
            f'  %0 = "tgraph.embedding"(%i, %w) : ({ti}, {tw}) -> {to}\n'
            f"  return %0 : {to}\n}}\n")


@pytest.mark.parametrize("idt", ["i32", "i64"])
@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("ishape,idyn,v,d,wdyn", CASES)
def test_embedding_is_take(run_graph, ishape, idyn, v, d, wdyn, dtype, idt):
    rng = np.random.default_rng(v + d)
    ids = rng.integers(0, v, size=ishape).astype(np.int32 if idt == "i32" else np.int64)
    if ids.size:
        ids.flat[0] = v - 1  # the last row, and the first
        ids.flat[-1] = 0
    w, _ = to_storage(rng.standard_normal((v, d)), dtype)
    (got,) = run_graph(emb_ir(ishape, idyn, v, d, wdyn, dtype, idt), "f", [ids, w])
    want = w[ids]
    assert got.shape == want.shape
    assert np.array_equal(got.view(np.uint8), want.view(np.uint8))


@pytest.mark.parametrize("bad", [-1, 100, 2**40])
def test_embedding_ids_out_of_range_reported(run_graph_fails, bad):
    """An input id outside [0, V) fails before any kernel runs, naming the
    input and the bound; a value past i32 is not truncated into range."""
    ids = np.array([0, 5, 99, bad, 1, 2], np.int64)
    err = run_graph_fails(emb_ir((6,), (0,), 100, 8, (0,), "f32", "i64"), "f",
                          [ids, np.zeros((100, 8), np.float32)])
    assert "embedding ids: every id of input 0 must lie in [0, input 1 dim 0)" in err, err


def test_embedding_of_computed_ids_is_clamped(run_graph):
    """Ids made inside the graph (here by an iota) are
    not checked on the host; an id past the table reads the last row (XLA's
    gather clamps the same way), never outside it."""
    ir = ('func.func @f(%w: tensor<4x8xf32>) -> tensor<6x8xf32> {\n'
          '  %i = "tgraph.iota"() {dim = 0 : i64} : () -> tensor<6xi32>\n'
          '  %0 = "tgraph.embedding"(%i, %w) : (tensor<6xi32>, tensor<4x8xf32>) -> tensor<6x8xf32>\n'
          '  return %0 : tensor<6x8xf32>\n}\n')
    w = np.arange(32, dtype=np.float32).reshape(4, 8)
    (got,) = run_graph(ir, "f", [w])
    assert np.array_equal(got, w[np.minimum(np.arange(6), 3)])
