"""tgraph.transpose (a permutation of any rank: numpy's transpose(axes),
torch.permute) on the host: tessera-lower-graph's "permute" family, a copy
kernel reading the input through a strided view, so the result must equal
numpy's transpose bit for bit, in every storage type, with static and
dynamic dims."""
import itertools

import numpy as np
import pytest

from conftest import tensor_type as tensor, to_storage



def permute_ir(dtype, shape, perm, dynamic):
    """One tgraph.transpose; dims whose index is in `dynamic` are `?` (in the
    input, and where they land in the result)."""
    ind = ["?" if i in dynamic else str(n) for i, n in enumerate(shape)]
    outd = [ind[p] for p in perm]
    ti, to = tensor(dtype, ind), tensor(dtype, outd)
    attr = ", ".join(str(p) for p in perm)
    return (f"func.func @f(%x: {ti}) -> {to} {{\n"
            f'  %0 = "tgraph.transpose"(%x) {{permutation = array<i64: {attr}>}}'
            f" : ({ti}) -> {to}\n"
            f"  return %0 : {to}\n}}\n")


CASES = [
    # (shape, permutation, dynamic dims)
    ((17, 33), (1, 0), ()),                       # a true 2-D transpose
    ((1023, 5), (1, 0), (0,)),
    ((2, 17, 4, 8), (0, 2, 1, 3), (0, 1)),        # split heads: [B,S,H,D] -> [B,H,S,D]
    ((2, 4, 17, 8), (0, 2, 1, 3), (0, 2)),        # and back
    ((3, 5, 7), (2, 0, 1), ()),                   # merges to a 2-D transpose
    ((3, 5, 7), (1, 2, 0), (1,)),
    ((3, 5, 7), (2, 1, 0), (0, 1, 2)),            # nothing merges
    ((2, 3, 5, 7), (3, 1, 2, 0), ()),
    ((2, 3, 5, 7, 2), (4, 2, 0, 3, 1), (2,)),     # rank 5
    ((1, 33, 1, 17), (2, 3, 0, 1), ()),           # unit dims are dropped
    ((4, 1, 9), (1, 0, 2), ()),                   # only a unit dim moves: a copy
    ((1,), (0,), ()),
    ((6, 7), (0, 1), (1,)),                       # the identity
]


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("shape,perm,dyn", CASES)
def test_transpose_is_numpy_transpose(run_graph, shape, perm, dyn, dtype):
    rng = np.random.default_rng(len(shape) * 100 + sum(perm))
    xs, _ = to_storage(rng.standard_normal(shape), dtype)
    (out,) = run_graph(permute_ir(dtype, shape, perm, set(dyn)), "f", [xs])
    want = np.ascontiguousarray(xs.transpose(perm))
    assert out.shape == want.shape
    assert np.array_equal(out.view(np.uint8), want.view(np.uint8))


@pytest.mark.parametrize("perm", list(itertools.permutations(range(4))))
def test_every_permutation_of_rank_4(run_graph, perm):
    """All 24 permutations of a [2, 3, 5, 7] tensor, every dim dynamic."""
    shape = (2, 3, 5, 7)
    x = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    (out,) = run_graph(permute_ir("f32", shape, perm, {0, 1, 2, 3}), "f", [x])
    assert np.array_equal(out, x.transpose(perm))


def test_transpose_between_kernels(run_graph):
    """Split heads, permute, merge: [B,S,H*D] -> [B,H,S,D] -> softmax over S
    -> back; the permute's result feeds another kernel and the entry frees
    it."""
    t3 = tensor("f32", ["?", "?", "32"])
    t4 = tensor("f32", ["?", "?", "4", "8"])
    tp = tensor("f32", ["?", "4", "?", "8"])
    ir = (f"func.func @f(%x: {t3}) -> {t4} {{\n"
          f'  %0 = "tgraph.reshape"(%x) : ({t3}) -> {t4}\n'
          f'  %1 = "tgraph.transpose"(%0) {{permutation = array<i64: 0, 2, 1, 3>}}'
          f" : ({t4}) -> {tp}\n"
          f'  %2 = "tgraph.exp"(%1) : ({tp}) -> {tp}\n'
          f'  %3 = "tgraph.transpose"(%2) {{permutation = array<i64: 0, 2, 1, 3>}}'
          f" : ({tp}) -> {t4}\n"
          f"  return %3 : {t4}\n}}\n")
    x = np.random.default_rng(3).standard_normal((2, 17, 32)).astype(np.float32)
    (out,) = run_graph(ir, "f", [x])
    want = np.exp(x.reshape(2, 17, 4, 8).transpose(0, 2, 1, 3).astype(np.float64))
    want = want.transpose(0, 2, 1, 3)
    assert np.all(np.abs(out - want) <= 4 * 2.0**-24 * np.abs(want))
