"""tgraph.split on the host: one copy kernel per part through a strided view
of the input (SliceSchedule.c), so the parts must equal numpy.split bit for
bit, in every storage type, with static and dynamic dims; a dynamic dim
that the parts do not divide is refused at run time."""

import numpy as np
import pytest

from conftest import tensor_type as tensor, to_storage



SPLITS = [
    # (input shape, dynamic dims, dim, parts)
    ((17, 33), (), 1, 3),
    ((17, 33), (0, 1), 1, 11),          # dynamic: the part is 33 / 11
    ((1023, 4), (0,), 0, 3),            # dynamic rows in 3 parts of 341
    ((2, 5, 192), (0, 1), -1, 3),       # q, k, v of a fused projection
    ((6,), (0,), 0, 2),                 # rank 1
    ((4, 1, 8), (), 1, 1),              # one part: a copy
    ((0, 6), (0,), 1, 2),               # empty
]


def split_ir(shape, dyn, dim, parts, dtype, returned):
    ind = ["?" if i in dyn else n for i, n in enumerate(shape)]
    d = dim % len(shape)
    part = ["?" if (i == d and i in dyn) else (n // parts if i == d else ind[i])
            for i, n in enumerate(shape)]
    ti, tp = tensor(dtype, ind), tensor(dtype, part)
    res = f"%0:{parts}" if parts > 1 else "%0"
    names = [f"%0#{i}" if parts > 1 else "%0" for i in returned]
    return (f"func.func @f(%x: {ti}) -> ({', '.join([tp] * len(returned))}) {{\n"
            f'  {res} = "tgraph.split"(%x) {{dim = {dim} : i64}} : ({ti}) -> '
            f"({', '.join([tp] * parts)})\n"
            f"  return {', '.join(names)} : {', '.join([tp] * len(returned))}\n}}\n")


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("shape,dyn,dim,parts", SPLITS)
def test_split_is_numpy_split(run_graph, shape, dyn, dim, parts, dtype):
    returned = list(range(parts))[::-1]  # every part, in another order
    ir = split_ir(shape, dyn, dim, parts, dtype, returned)
    xs, _ = to_storage(np.random.default_rng(len(shape)).standard_normal(shape), dtype)
    got = run_graph(ir, "f", [xs], num_results=len(returned))
    want = np.split(xs, parts, axis=dim)
    for g, i in zip(got, returned):
        assert g.shape == want[i].shape
        assert np.array_equal(g.view(np.uint8), np.ascontiguousarray(want[i]).view(np.uint8))


def test_split_unread_parts_not_made(tessera_opt):
    """Only the parts something reads get a kernel and a buffer."""
    ir = split_ir((4, 12), (0,), 1, 3, "f32", [1])
    out = tessera_opt(ir, "--tessera-lower-graph")
    assert out.count("tsched.kernel") == 1, out
    assert out.count("memref.alloc") == 1, out


def test_split_size_checked(run_graph_fails):
    err = run_graph_fails(split_ir((4, 12), (0, 1), 1, 3, "f32", [0, 1, 2]), "f",
                          [np.zeros((4, 10), np.float32)], num_results=3)
    assert "split size: input 0 dim 1 must be a multiple of 3" in err, err
