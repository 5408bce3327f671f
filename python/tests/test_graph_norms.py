"""Numerics of tgraph.layer_norm and tgraph.rms_norm (tessera-lower-graph's
"norm" family: one kernel per norm, f32 compute, stored in the result's
type), on the host, against float64 numpy.

The reference is PyTorch's definition (biased variance, eps inside the
square root) evaluated in float64 on the values as stored. The bounds are
forward error bounds of the kernel's f32 arithmetic (NormSchedule.c), with
u = 2^-24:
  - each row sum adds per column of a 128-wide tile, then over the columns:
    no element passes through more than k = ceil(L/128) + min(L, 128)
    additions, so a sum of n terms is off by at most k*u*sum|terms|;
  - layer_norm: the mean is off by dm <= (k+1)*u*mean|x|; the variance,
    two-pass, by (k+4)*u relatively (plus dm^2, second order); so
    x_hat = (x - mean) * rsqrt(var + eps) is off by rstd*dm +
    |x_hat|*((k+4)/2 + 4)*u (rsqrt: the table's 2 roundings);
  - rms_norm: mean(x^2) is off by (k+2)*u relatively, y by
    ((k+2)/2 + 5)*u relatively;
  - weight and bias add two roundings, the store one rounding to its type.
Each bound is doubled (first-order terms only). The naive one-pass variance
E[x^2] - E[x]^2 fails test_layer_norm_large_mean, by a factor of 11.
"""
import math

import numpy as np
import pytest

from conftest import EPS, TINY, from_storage, tensor_type as tensor, to_storage

U32 = 2.0**-24
BN = 128  # tessera-lower-graph's softmax-cols default: the tile's columns



def norm_ir(op, dtype, in_shape, param_shape, num_params, attrs=""):
    """One function applying `op` to an input and num_params parameters."""
    t, p = tensor(dtype, in_shape), tensor(dtype, param_shape)
    args = [f"%x: {t}"] + [f"%p{i}: {p}" for i in range(num_params)]
    ops = ", ".join(["%x"] + [f"%p{i}" for i in range(num_params)])
    types = ", ".join([t] + [p] * num_params)
    return (f"func.func @f({', '.join(args)}) -> {t} {{\n"
            f'  %y = "tgraph.{op}"({ops}){attrs} : ({types}) -> {t}\n'
            f"  return %y : {t}\n}}\n")


def reference(op, x, axis, params, eps):
    """float64 result, x_hat, rstd and mean|x| per row (rows x cols view)."""
    rows = int(np.prod(x.shape[:axis], dtype=np.int64))
    x2 = x.reshape(rows, -1)
    if op == "layer_norm":
        c = x2 - x2.mean(-1, keepdims=True)
        rstd = 1.0 / np.sqrt((c * c).mean(-1, keepdims=True) + eps)
        xhat = c * rstd
    else:
        rstd = 1.0 / np.sqrt((x2 * x2).mean(-1, keepdims=True) + eps)
        xhat = x2 * rstd
    y = xhat.copy()
    if params:
        y = y * params[0].reshape(1, -1)
    if len(params) > 1:
        y = y + params[1].reshape(1, -1)
    return y, xhat, rstd, np.abs(x2).mean(-1, keepdims=True)


def bound(op, dtype, L, y, xhat, rstd, amean, params):
    k = math.ceil(L / BN) + min(L, BN)
    w = np.abs(params[0]).reshape(1, -1) if params else 1.0
    b = np.abs(params[1]).reshape(1, -1) if len(params) > 1 else 0.0
    if op == "layer_norm":
        e = rstd * (k + 1) * U32 * amean + np.abs(xhat) * ((k + 4) / 2 + 4) * U32
    else:
        e = np.abs(xhat) * ((k + 2) / 2 + 5) * U32
    e = e * w + 2 * U32 * (np.abs(xhat) * w + b)
    return 2 * e + EPS[dtype] * np.abs(y) + TINY[dtype] + 2.0**-126


def check(run_graph, op, dtype, shape, axis, num_params, x=None, seed=0,
          dynamic=True, eps=1e-5):
    rng = np.random.default_rng(seed)
    if x is None:
        x = rng.standard_normal(shape)
    pshape = shape[axis:]
    xs, xv = to_storage(x, dtype)
    stored, vals = [xs], []
    for _ in range(num_params):
        s, v = to_storage(rng.standard_normal(pshape) + 0.5, dtype)
        stored.append(s)
        vals.append(v)
    dims = ["?" if dynamic else str(n) for n in shape]
    attrs = []
    if axis != len(shape) - 1:
        attrs.append(f"axis = {axis} : i64")
    if eps != 1e-5:
        attrs.append(f"epsilon = {eps!r} : f64")
    attr = f" {{{', '.join(attrs)}}}" if attrs else ""
    ir = norm_ir(op, dtype, dims, dims[axis:], num_params, attr)
    (out,) = run_graph(ir, "f", stored)
    got = from_storage(out, dtype).reshape(-1, int(np.prod(pshape)))
    y, xhat, rstd, amean = reference(op, xv, axis, vals, eps)
    L = int(np.prod(pshape))
    tol = bound(op, dtype, L, y, xhat, rstd, amean, vals)
    err = np.abs(got - y)
    assert np.all(np.isfinite(got)), f"non-finite output for {shape}"
    worst = np.unravel_index(np.argmax(err / tol), err.shape)
    assert np.all(err <= tol), (
        f"{op} {dtype} {shape} axis={axis}: |err| {err[worst]:.3g} > "
        f"{tol[worst]:.3g} at {worst}")


SHAPES = [(1, 1), (5, 17), (3, 33), (2, 1023), (4, 128), (7, 300)]


@pytest.mark.parametrize("num_params", [0, 1, 2])
@pytest.mark.parametrize("shape", SHAPES)
def test_layer_norm_f32(run_graph, shape, num_params):
    check(run_graph, "layer_norm", "f32", shape, len(shape) - 1, num_params)


@pytest.mark.parametrize("num_params", [0, 1])
@pytest.mark.parametrize("shape", SHAPES)
def test_rms_norm_f32(run_graph, shape, num_params):
    check(run_graph, "rms_norm", "f32", shape, len(shape) - 1, num_params)


@pytest.mark.parametrize("dtype", ["f16", "bf16"])
@pytest.mark.parametrize("op,num_params", [("layer_norm", 2), ("rms_norm", 1)])
@pytest.mark.parametrize("shape", [(3, 33), (2, 1023)])
def test_norm_16bit_storage(run_graph, op, num_params, dtype, shape):
    check(run_graph, op, dtype, shape, 1, num_params)


@pytest.mark.parametrize("op,num_params", [("layer_norm", 2), ("rms_norm", 1)])
def test_norm_over_several_dims(run_graph, op, num_params):
    """axis = 1 on B x S x D normalises S and D together (one row per b);
    axis = 0 makes the whole tensor one row."""
    check(run_graph, op, "f32", (3, 5, 17), 1, num_params)
    check(run_graph, op, "f32", (2, 3, 7), 0, num_params, seed=1)


@pytest.mark.parametrize("op", ["layer_norm", "rms_norm"])
def test_norm_static_shapes_and_epsilon(run_graph, op):
    check(run_graph, op, "f32", (6, 257), 1, 1, dynamic=False, eps=0.5)


def test_layer_norm_large_mean(run_graph):
    """Rows of mean 1000 and std 1 (and a constant row): the two-pass
    variance keeps its digits where E[x^2] - E[x]^2 would have none."""
    rng = np.random.default_rng(7)
    x = 1000.0 + rng.standard_normal((4, 1023))
    x[3] = 1000.0
    check(run_graph, "layer_norm", "f32", (4, 1023), 1, 2, x=x)


def test_norm_is_one_kernel(tessera_opt):
    ir = norm_ir("layer_norm", "f32", ["?", "?"], ["?"], 2)
    out = tessera_opt(ir, "--tessera-lower-graph")
    assert out.count("tsched.kernel = {fused = [\"tgraph.layer_norm\"]}") == 1
    # Three passes over the row: mean, variance, write.
    assert out.count('{tsched.tile_loop = {kind = "reduction"}}') == 2
    assert out.count('{tsched.tile_loop = {kind = "sequential"}}') == 1


def test_norm_epilogue_fused(run_graph, tessera_opt):
    """rms_norm -> silu -> add of a residual: one kernel (the chain runs on
    each tile the norm writes), against float64."""
    t, p = tensor("f32", ["?", "?"]), tensor("f32", ["?"])
    ir = (f"func.func @f(%x: {t}, %w: {p}, %g: {t}) -> {t} {{\n"
          f'  %0 = "tgraph.rms_norm"(%x, %w) : ({t}, {p}) -> {t}\n'
          f'  %1 = "tgraph.silu"(%0) : ({t}) -> {t}\n'
          f'  %2 = "tgraph.add"(%g, %1) : ({t}, {t}) -> {t}\n'
          f"  return %2 : {t}\n}}\n")
    out_ir = tessera_opt(ir, "--tessera-lower-graph")
    assert out_ir.count("tsched.kernel") == 1
    assert 'fused = ["tgraph.rms_norm", "tgraph.silu", "tgraph.add"]' in out_ir
    rng = np.random.default_rng(5)
    x = rng.standard_normal((9, 300)).astype(np.float32)
    w = (rng.standard_normal(300) + 0.5).astype(np.float32)
    g = rng.standard_normal((9, 300)).astype(np.float32)
    (out,) = run_graph(ir, "f", [x, w, g])
    y, xhat, rstd, amean = reference("rms_norm", x.astype(np.float64), 1,
                                     [w.astype(np.float64)], 1e-5)
    silu = y / (1 + np.exp(-y))
    ref = g + silu
    # The norm's bound, carried through silu (slope <= 1.1), plus silu's
    # 5 roundings and the add's one.
    tol = 1.1 * bound("rms_norm", "f32", 300, y, xhat, rstd, amean,
                      [w.astype(np.float64)])
    tol = tol + 2 * U32 * (5 * (np.abs(silu) + np.abs(y)) + np.abs(ref) + np.abs(g))
    assert np.all(np.abs(out - ref) <= tol), float(np.max(np.abs(out - ref) / tol))
