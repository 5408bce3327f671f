"""tgraph.constant on the host: its value is a private memref.global copied
into the value's buffer ("constant" family), then read by any kernel like
another tensor. The values below are exact in every storage type, so the
results are exact too (one rounding of an exact sum or product at most)."""
import numpy as np
import pytest

from conftest import EPS, from_storage, tensor_type as tensor, to_storage



VALUES = np.array([[0.5, -1.25, 3.0, 0.0, 2.5, -7.0, 0.125],
                   [1.0, 96.0, -0.75, 4.0, -2.0, 0.25, 6.0]])


def dense(values):
    return "[" + ", ".join(dense(v) if np.ndim(v) else repr(float(v))
                           for v in values) + "]"


@pytest.mark.parametrize("dtype", ["f32", "bf16", "f16"])
def test_constant_operand(run_graph, dtype):
    """x + c and x * c with a non-splat constant, and a splat one, chained;
    dims 2 x 7 (static: a constant is static)."""
    t = tensor(dtype, (2, 7))
    ir = (f"func.func @f(%x: {t}) -> {t} {{\n"
          f'  %c = "tgraph.constant"() {{value = dense<{dense(VALUES)}> : {t}}} : () -> {t}\n'
          f'  %s = "tgraph.constant"() {{value = dense<2.0> : {t}}} : () -> {t}\n'
          f'  %0 = "tgraph.add"(%x, %c) : ({t}, {t}) -> {t}\n'
          f'  %1 = "tgraph.mul"(%0, %s) : ({t}, {t}) -> {t}\n'
          f"  return %1 : {t}\n}}\n")
    xs, x = to_storage(np.arange(14).reshape(2, 7) / 4.0, dtype)
    (out,) = run_graph(ir, "f", [xs])
    want = (x + VALUES) * 2.0
    # The chain runs in f32 and rounds once at the store.
    got = from_storage(out, dtype)
    assert np.all(np.abs(got - want) <= EPS[dtype] * np.abs(want))


def test_constant_returned_and_unused(run_graph):
    """A returned constant is a fresh buffer each call; an unused one (say,
    left by a rewrite) is not materialised."""
    t = tensor("f32", (2, 7))
    ir = (f"func.func @f(%x: {t}) -> ({t}, {t}) {{\n"
          f'  %u = "tgraph.constant"() {{value = dense<9.0> : {t}}} : () -> {t}\n'
          f'  %c = "tgraph.constant"() {{value = dense<{dense(VALUES)}> : {t}}} : () -> {t}\n'
          f'  %0 = "tgraph.relu"(%x) : ({t}) -> {t}\n'
          f"  return %c, %0 : {t}, {t}\n}}\n")
    x = np.linspace(-1, 1, 14).reshape(2, 7).astype(np.float32)
    c, r = run_graph(ir, "f", [x], num_results=2)
    assert np.array_equal(c, VALUES.astype(np.float32))
    assert np.array_equal(r, np.maximum(x, 0))


def test_constant_matmul_bias(run_graph):
    """A constant bias broadcast over the rows, fused into the matmul's
    epilogue; a constant weight as B."""
    tx, tw, tb, ty = (tensor("f32", ("?", 7)), tensor("f32", (7, 2)),
                      tensor("f32", (2,)), tensor("f32", ("?", 2)))
    ir = (f"func.func @f(%x: {tx}) -> {ty} {{\n"
          f'  %w = "tgraph.constant"() {{value = dense<{dense(VALUES.T)}> : {tw}}} : () -> {tw}\n'
          f'  %b = "tgraph.constant"() {{value = dense<[0.5, -3.0]> : {tb}}} : () -> {tb}\n'
          f'  %bb = "tgraph.broadcast"(%b) : ({tb}) -> {ty}\n'
          f'  %m = "tgraph.matmul"(%x, %w) : ({tx}, {tw}) -> {ty}\n'
          f'  %y = "tgraph.add"(%m, %bb) : ({ty}, {ty}) -> {ty}\n'
          f"  return %y : {ty}\n}}\n")
    x = np.random.default_rng(0).standard_normal((33, 7)).astype(np.float32)
    (out,) = run_graph(ir, "f", [x])
    want = x.astype(np.float64) @ VALUES.T + np.array([0.5, -3.0])
    bound = 9 * 2.0**-24 * (np.abs(x).astype(np.float64) @ np.abs(VALUES.T) + 3.0)
    assert np.all(np.abs(out - want) <= bound)
