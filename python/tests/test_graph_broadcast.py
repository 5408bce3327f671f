"""tgraph.broadcast materialised on the host (a kernel reads it unfolded):
a copy of the input seen with stride 0 along the broadcast dims
(ViewCopySchedule.c), so the result must equal numpy's broadcast_to bit
for bit; and a broadcast operand of an elementwise op that is not a row."""
import subprocess

import numpy as np
import pytest

from conftest import tensor_type as tensor, to_storage



CASES = [
    # (input dims, result dims as in the IR, broadcast_dimensions, input, result)
    (["?"], [4, "?"], None, (17,), (4, 17)),
    (["?", 1], ["?", 3, 16], (0, 2), (5, 1), (5, 3, 16)),
    ([], [5, 7], None, (), (5, 7)),
    ([1], [33], None, (1,), (33,)),
    ([3, 1, 5], [2, 3, 4, 5], None, (3, 1, 5), (2, 3, 4, 5)),
    ([7], [7, 2, 3], (0,), (7,), (7, 2, 3)),
    (["?", 1, "?"], ["?", 1023, "?"], None, (2, 1, 3), (2, 1023, 3)),
]


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
@pytest.mark.parametrize("ind,outd,bdims,ish,osh", CASES)
def test_broadcast_is_numpy_broadcast(run_graph, ind, outd, bdims, ish, osh, dtype):
    ti, to = tensor(dtype, ind), tensor(dtype, outd)
    attr = (f" {{broadcast_dimensions = array<i64: {', '.join(map(str, bdims))}>}}"
            if bdims else "")
    ir = (f"func.func @f(%x: {ti}) -> {to} {{\n"
          f'  %0 = "tgraph.broadcast"(%x){attr} : ({ti}) -> {to}\n'
          f"  return %0 : {to}\n}}\n")
    xs, _ = to_storage(np.random.default_rng(len(osh)).standard_normal(ish), dtype)
    (out,) = run_graph(ir, "f", [xs])
    # numpy aligns trailing dims; with broadcast_dimensions, insert the
    # missing dims first.
    src = xs
    if bdims:
        shape = [1] * len(osh)
        for i, j in enumerate(bdims):
            shape[j] = ish[i]
        src = xs.reshape(shape)
    want = np.broadcast_to(src, osh)
    assert out.shape == osh
    assert np.array_equal(out.view(np.uint8), np.ascontiguousarray(want).view(np.uint8))


def test_column_broadcast_operand(run_graph):
    """x [?, 8] * broadcast(scale [?, 1]): an elementwise operand that is not
    a row broadcast is materialised and read like any operand."""
    t, c = tensor("f32", ["?", 8]), tensor("f32", ["?", 1])
    ir = (f"func.func @f(%x: {t}, %s: {c}) -> {t} {{\n"
          f'  %b = "tgraph.broadcast"(%s) : ({c}) -> {t}\n'
          f'  %0 = "tgraph.mul"(%x, %b) : ({t}, {t}) -> {t}\n'
          f"  return %0 : {t}\n}}\n")
    rng = np.random.default_rng(5)
    x = rng.standard_normal((33, 8)).astype(np.float32)
    s = rng.standard_normal((33, 1)).astype(np.float32)
    (out,) = run_graph(ir, "f", [x, s])
    assert np.array_equal(out, x * s)  # one f32 rounding, as numpy's


def test_broadcast_dim_checked(tessera_run, tmp_path):
    """A dynamic input dim must be the result's static dim: refused at run
    time, before any kernel runs (a run-time 1 is not broadcast)."""
    ti, to = tensor("f32", ["?"]), tensor("f32", [4, 16])
    src = tmp_path / "p.mlir"
    src.write_text(f"func.func @f(%x: {ti}) -> {to} {{\n"
                   f'  %0 = "tgraph.broadcast"(%x) : ({ti}) -> {to}\n'
                   f"  return %0 : {to}\n}}\n")
    np.save(tmp_path / "x.npy", np.zeros(5, np.float32))
    p = subprocess.run([tessera_run, str(src), "--entry=f", f"--input=@{tmp_path / 'x.npy'}",
                        f"--output=@{tmp_path / 'o.npy'}"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode != 0
    assert "broadcast input dim" in p.stderr, p.stderr


def test_broadcast_takes_the_readers_dims(run_graph):
    """broadcast [4] -> [4, ?] along dim 0: the dynamic dim 1 is the size of
    the add's other operand (no input dim of the broadcast gives it)."""
    t, v = tensor("f32", [4, "?"]), tensor("f32", [4])
    ir = (f"func.func @f(%x: {t}, %b: {v}) -> {t} {{\n"
          f'  %bb = "tgraph.broadcast"(%b) {{broadcast_dimensions = array<i64: 0>}} : ({v}) -> {t}\n'
          f'  %0 = "tgraph.add"(%bb, %x) : ({t}, {t}) -> {t}\n'
          f"  return %0 : {t}\n}}\n")
    rng = np.random.default_rng(6)
    x = rng.standard_normal((4, 1023)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    (out,) = run_graph(ir, "f", [x, b])
    assert np.array_equal(out, b[:, None] + x)
