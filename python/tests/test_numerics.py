"""Numerics of the host path of every kernel against float64 numpy.

Tolerances follow from the precision policy, not from what passes: inputs
are rounded to their storage type first and the reference uses those exact
values, so the remaining error is (a) the f32 accumulation over K terms,
bounded by c * sqrt(K) * u32 * (|A| @ |B|) for a well-behaved summation
(sqrt(K): rounding errors of a blocked sum behave like a random walk; the
constant c = 4 covers the blocking), (b) the elementwise epilogue computed
in f32 (a few ulps of f32, here 16 u32 relative), and (c) the final rounding
to the output type, u_out relative.
"""
import math

import numpy as np
import pytest

from conftest import EPS, TINY, elementwise_reference, from_storage, to_storage

U32 = 2.0**-24


# Graph IR op, its attributes, and the float64 reference: the formula of
# the elementwise function table (conftest.elementwise_reference).
ACTIVATIONS = {
    "relu": ('"tgraph.relu"', "", elementwise_reference("relu")),
    "gelu_tanh": ('"tgraph.gelu"', ' {approximate = "tanh"}',
                  elementwise_reference("gelu_tanh")),
    "gelu": ('"tgraph.gelu"', "", elementwise_reference("gelu")),
    "silu": ('"tgraph.silu"', "", elementwise_reference("silu")),
}
# Every other unary function of the table defined on all of R is a matmul
# epilogue too (sqrt, rsqrt and log need positive sums: their standalone
# tests cover them).
MORE_ACTIVATIONS = {n: (f'"tgraph.{n}"', "", elementwise_reference(n))
                    for n in ("exp", "tanh", "sigmoid", "neg", "abs")}
ACTIVATIONS.update(MORE_ACTIVATIONS)


def shape_str(dims):
    return "x".join("?" if d is None else str(d) for d in dims)


def matmul_ir(ta, tb, tc, bias=False, act=None, residual=False, static=None,
              batched=False):
    """Graph IR: C = act(A x B [+ bias] ) [+ residual], written as the
    generic form with dynamic dims (or the static shape given)."""
    m, n, k = static if static else (None, None, None)
    pre = [None] if batched else []
    a = f"tensor<{shape_str(pre + [m, k])}x{ta}>"
    b = f"tensor<{shape_str(pre + [k, n])}x{tb}>"
    c = f"tensor<{shape_str(pre + [m, n])}x{tc}>"
    args = [f"%a: {a}", f"%b: {b}"]
    body = []
    op = "batch_matmul" if batched else "matmul"
    body.append(f'%y = "tgraph.{op}"(%a, %b) : ({a}, {b}) -> {c}')
    cur = "%y"
    if bias:
        vb = f"tensor<{shape_str([n])}x{tc}>"
        args.append(f"%bias: {vb}")
        body.append(f'%bb = "tgraph.broadcast"(%bias) : ({vb}) -> {c}')
        body.append(f'%z = "tgraph.add"({cur}, %bb) : ({c}, {c}) -> {c}')
        cur = "%z"
    if act:
        name, attrs, _ = ACTIVATIONS[act]
        body.append(f"%g = {name}({cur}){attrs} : ({c}) -> {c}")
        cur = "%g"
    if residual:
        args.append(f"%res: {c}")
        body.append(f'%r = "tgraph.add"({cur}, %res) : ({c}, {c}) -> {c}')
        cur = "%r"
    text = f"func.func @f({', '.join(args)}) -> {c} {{\n"
    text += "".join(f"  {line}\n" for line in body)
    text += f"  return {cur} : {c}\n}}\n"
    return text


def check_matmul(run_graph, shape, ta, tb, tc, bias=False, act=None,
                 residual=False, static=False, batch=None, seed=0, extra=()):
    m, n, k = shape
    rng = np.random.default_rng(seed)
    pre = (batch,) if batch else ()
    a_s, a = to_storage(rng.standard_normal(pre + (m, k)), ta)
    b_s, b = to_storage(rng.standard_normal(pre + (k, n)), tb)
    inputs = [a_s, b_s]
    acc = a @ b
    bound = 4 * math.sqrt(max(k, 1)) * U32 * (np.abs(a) @ np.abs(b))
    z = acc
    if bias:
        bias_s, bias64 = to_storage(rng.standard_normal(n), tc)
        inputs.append(bias_s)
        z = z + bias64
        bound = bound + 2 * U32 * np.abs(bias64)
    if act:
        fn = ACTIVATIONS[act][2]
        # The activation's slope (float64 central differences; at most
        # ~1.13 for gelu, exp(z) for exp) carries the accumulated error
        # through; its own f32 evaluation adds ulps.
        ref = fn(z)
        h = 1e-6 * (np.abs(z) + 1e-3)
        slope = np.abs(fn(z + h) - fn(z - h)) / (2 * h)
        bound = (1.1 * slope + 0.1) * bound + 16 * U32 * (np.abs(ref) + 1e-30)
        z = ref
    if residual:
        res_s, res64 = to_storage(rng.standard_normal(pre + (m, n)), tc)
        inputs.append(res_s)
        z = z + res64
        bound = bound + 2 * U32 * np.abs(res64)
    ref = z
    bound = bound + EPS[tc] * np.abs(ref) + TINY[tc]
    ir = matmul_ir(ta, tb, tc, bias, act, residual,
                   static=(m, n, k) if static else None, batched=bool(batch))
    (out,) = run_graph(ir, "f", inputs, extra=extra)
    got = from_storage(out, tc)
    assert got.shape == ref.shape
    err = np.abs(got - ref)
    if err.size == 0:
        return
    worst = np.unravel_index(np.argmax(err / bound), err.shape)
    assert np.all(err <= bound), (
        f"max |err|/bound = {float(np.max(err / bound)):.3g} at {worst}: "
        f"got {got[worst]}, want {ref[worst]}, bound {bound[worst]:.3g}")


SHAPES = [(1, 1, 1), (17, 33, 65), (64, 48, 32), (300, 257, 129)]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("types", [("f32", "f32", "f32"), ("f16", "f16", "f32"),
                                   ("bf16", "bf16", "f32"), ("f16", "f16", "f16"),
                                   ("bf16", "bf16", "bf16")],
                         ids=lambda t: "-".join(t))
def test_matmul(run_graph, shape, types):
    check_matmul(run_graph, shape, *types)


@pytest.mark.parametrize("types", [("f32", "f32", "f32"), ("f16", "f16", "f32")],
                         ids=lambda t: "-".join(t))
def test_matmul_large(run_graph, types):
    check_matmul(run_graph, (1023, 1000, 999), *types)


def test_matmul_1024_cube(run_graph):
    check_matmul(run_graph, (1024, 1024, 1024), "f32", "f32", "f32")


def test_matmul_static_shape(run_graph):
    check_matmul(run_graph, (17, 33, 65), "f32", "f32", "f32", static=True)


@pytest.mark.parametrize("act", sorted(MORE_ACTIVATIONS))
@pytest.mark.parametrize("types", [("f32", "f32", "f32"), ("bf16", "bf16", "bf16")],
                         ids=lambda t: "-".join(t))
def test_matmul_table_activation(run_graph, act, types):
    """Any unary table function as a fused epilogue (exp's results stay in
    range: bf16 shares f32's exponents)."""
    check_matmul(run_graph, (70, 45, 33), *types, bias=True, act=act)


@pytest.mark.parametrize("act", sorted(set(ACTIVATIONS) - set(MORE_ACTIVATIONS)))
@pytest.mark.parametrize("types", [("f32", "f32", "f32"), ("f16", "f16", "f16"),
                                   ("bf16", "bf16", "f32")],
                         ids=lambda t: "-".join(t))
def test_matmul_bias_activation(run_graph, act, types):
    check_matmul(run_graph, (70, 45, 33), *types, bias=True, act=act)


def test_matmul_bias_gelu_residual(run_graph):
    check_matmul(run_graph, (65, 100, 77), "f16", "f16", "f32", bias=True,
                 act="gelu_tanh", residual=True)


@pytest.mark.parametrize("types", [("f32", "f32", "f32"), ("bf16", "bf16", "f32")],
                         ids=lambda t: "-".join(t))
def test_batch_matmul(run_graph, types):
    check_matmul(run_graph, (17, 33, 65), *types, batch=3)


def test_batch_matmul_silu_residual(run_graph):
    check_matmul(run_graph, (9, 40, 23), "f16", "f16", "f16", act="silu",
                 residual=True, batch=2)


def softmax_ir(t, rank):
    ty = f"tensor<{'x'.join(['?'] * rank)}x{t}>"
    return (f"func.func @f(%x: {ty}) -> {ty} {{\n"
            f'  %y = "tgraph.softmax"(%x) : ({ty}) -> {ty}\n'
            f"  return %y : {ty}\n}}\n")


@pytest.mark.parametrize("shape", [(1, 1), (5, 1000), (3, 7, 129), (64,)],
                         ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", ["f32", "f16", "bf16"])
def test_softmax(run_graph, shape, dtype):
    rng = np.random.default_rng(1)
    x_s, x = to_storage(4 * rng.standard_normal(shape), dtype)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    ref = e / e.sum(axis=-1, keepdims=True)
    (out,) = run_graph(softmax_ir(dtype, len(shape)), "f", [x_s])
    got = from_storage(out, dtype)
    # exp evaluated in f32 (~2 ulp), a row sum of L terms (sqrt(L) u32),
    # one division, then rounding to the storage type (relative, or absolute
    # for subnormal results).
    n = shape[-1]
    bound = (8 + 4 * math.sqrt(n)) * U32 * ref + EPS[dtype] * ref + TINY[dtype]
    assert np.all(np.abs(got - ref) <= bound), float(np.max(np.abs(got - ref) / bound))
    # Rows sum to one up to the output rounding.
    assert np.allclose(got.sum(axis=-1), 1.0, atol=n * EPS[dtype] + 1e-6)


def test_softmax_large_values_are_safe(run_graph):
    """Max subtraction: inputs around 1e4 must not overflow exp."""
    x = np.array([[1e4, 1e4 + 1, 1e4 - 3, -1e4]], dtype=np.float32)
    (out,) = run_graph(softmax_ir("f32", 2), "f", [x])
    e = np.exp(x.astype(np.float64) - x.max())
    ref = e / e.sum()
    assert np.all(np.isfinite(out))
    assert np.allclose(out, ref, rtol=1e-5, atol=1e-7)


def test_bf16_from_ml_dtypes_layout(run_graph):
    """ml_dtypes.bfloat16 arrays are saved by numpy as 2-byte void ('|V2');
    tessera-run reads them as bf16 (the same bits as the uint16 form)."""
    rng = np.random.default_rng(3)
    a_bits, a = to_storage(rng.standard_normal((9, 14)), "bf16")
    b_bits, b = to_storage(rng.standard_normal((14, 5)), "bf16")
    as_void = lambda bits: np.frombuffer(bits.tobytes(), dtype="V2").reshape(bits.shape)
    ir = matmul_ir("bf16", "bf16", "f32")
    (out,) = run_graph(ir, "f", [as_void(a_bits), as_void(b_bits)])
    ref = a @ b
    bound = 4 * math.sqrt(14) * U32 * (np.abs(a) @ np.abs(b)) + TINY["f32"]
    assert np.all(np.abs(out - ref) <= bound)


# The AVX-512 kernels (14x32 register tiles of vector<16xf32>) are what a
# machine with AVX-512 runs. Committing to them explicitly tests their
# numerics on any x86-64 host: without AVX-512, LLVM splits each vector in
# two, which changes the instructions but not the arithmetic.
AVX512 = ("--pass-pipeline=builtin.module(tessera-lower-to-host{cpu-features=avx512})",)


@pytest.mark.parametrize("types", [("f32", "f32", "f32"), ("f16", "f16", "f16"),
                                   ("bf16", "bf16", "f32")],
                         ids=lambda t: "-".join(t))
def test_matmul_avx512_tiles(run_graph, types):
    check_matmul(run_graph, (300, 257, 129), *types, bias=True, act="gelu_tanh",
                 extra=AVX512)


def test_batch_matmul_avx512_tiles(run_graph):
    check_matmul(run_graph, (29, 47, 18), "f32", "f32", "f32", act="silu",
                 residual=True, batch=2, extra=AVX512)


def test_softmax_avx512_tiles(run_graph):
    rng = np.random.default_rng(5)
    x = (4 * rng.standard_normal((7, 333))).astype(np.float32)
    (out,) = run_graph(softmax_ir("f32", 2), "f", [x], extra=AVX512)
    e = np.exp(x.astype(np.float64) - x.max(axis=-1, keepdims=True))
    ref = e / e.sum(axis=-1, keepdims=True)
    bound = (8 + 4 * math.sqrt(333)) * U32 * ref + TINY["f32"]
    assert np.all(np.abs(out - ref) <= bound)


@pytest.mark.parametrize("shape", [(0, 5, 3), (4, 0, 3), (4, 5, 0)],
                         ids=lambda s: "x".join(map(str, s)))
def test_matmul_empty_dims(run_graph, shape):
    """Empty M or N gives an empty result; empty K gives the epilogue of 0."""
    check_matmul(run_graph, shape, "f32", "f32", "f32", bias=True, act="gelu")


@pytest.mark.parametrize("seed", range(16))
def test_random_configuration(run_graph, seed):
    """Random shapes, types, epilogues, batching and register tiles (fixed
    seeds, so a failure reproduces): the corners the hand-picked cases miss."""
    rnd = np.random.default_rng(1000 + seed)
    shape = tuple(int(x) for x in rnd.integers(1, 200, size=3))
    types = [("f32", "f32", "f32"), ("f16", "f16", "f16"), ("bf16", "bf16", "f32"),
             ("f16", "f16", "f32"), ("bf16", "bf16", "bf16")][rnd.integers(5)]
    batch = [None, None, 2, 3][rnd.integers(4)]
    act = [None, "relu", "gelu", "gelu_tanh", "silu"][rnd.integers(5)]
    check_matmul(run_graph, shape, *types, bias=not batch and rnd.random() < 0.5,
                 act=act, residual=rnd.random() < 0.5, batch=batch,
                 extra=AVX512 if rnd.random() < 0.5 else (), seed=seed)


def test_softmax_epilogue_fused(run_graph, tessera_opt):
    """softmax -> mul by an input -> cast to f16: one kernel, the chain
    applied to each tile the softmax writes."""
    t, h = "tensor<?x?xf32>", "tensor<?x?xf16>"
    ir = (f"func.func @f(%x: {t}, %r: {t}) -> {h} {{\n"
          f'  %0 = "tgraph.softmax"(%x) : ({t}) -> {t}\n'
          f'  %1 = "tgraph.mul"(%0, %r) : ({t}, {t}) -> {t}\n'
          f'  %2 = "tgraph.cast"(%1) : ({t}) -> {h}\n'
          f"  return %2 : {h}\n}}\n")
    assert 'fused = ["tgraph.softmax", "tgraph.mul", "tgraph.cast"]' in \
        tessera_opt(ir, "--tessera-lower-graph")
    rng = np.random.default_rng(2)
    x = (4 * rng.standard_normal((7, 333))).astype(np.float32)
    r = rng.standard_normal((7, 333)).astype(np.float32)
    (out,) = run_graph(ir, "f", [x, r])
    x64 = x.astype(np.float64)
    e = np.exp(x64 - x64.max(axis=-1, keepdims=True))
    sm = e / e.sum(axis=-1, keepdims=True)
    ref = sm * r
    n = x.shape[-1]
    bound = ((8 + 4 * math.sqrt(n)) * U32 * sm + U32 * sm) * np.abs(r) + \
        EPS["f16"] * np.abs(ref) + TINY["f16"]
    got = out.astype(np.float64)
    assert np.all(np.abs(got - ref) <= bound), float(np.max(np.abs(got - ref) / bound))


@pytest.mark.parametrize("dtype", ["f32", "bf16"])
@pytest.mark.parametrize("shape", [(1, 1), (5, 17), (3, 1023)])
def test_log_softmax(run_graph, shape, dtype):
    """x - max - log(sum(exp(x - max))) over the last dim, in the softmax
    kernel's two passes."""
    t = f"tensor<{'x'.join(['?'] * len(shape))}x{dtype}>"
    ir = (f"func.func @f(%x: {t}) -> {t} {{\n"
          f'  %0 = "tgraph.log_softmax"(%x) : ({t}) -> {t}\n'
          f"  return %0 : {t}\n}}\n")
    rng = np.random.default_rng(4)
    x_s, x = to_storage(4 * rng.standard_normal(shape), dtype)
    d = x - x.max(axis=-1, keepdims=True)
    ls = np.log(np.exp(d).sum(axis=-1, keepdims=True))
    ref = d - ls
    (out,) = run_graph(ir, "f", [x_s])
    got = from_storage(out, dtype)
    # x - max: one rounding; the row sum is off by (8 + 4 sqrt(n)) u
    # relatively, so its log by that much absolutely, plus log's own two
    # roundings; the last subtraction one; then the storage rounding.
    n = shape[-1]
    bound = U32 * (np.abs(d) + (8 + 4 * math.sqrt(n)) + 2 * np.abs(ls) + np.abs(ref)) \
        + EPS[dtype] * np.abs(ref) + TINY[dtype]
    assert np.all(np.abs(got - ref) <= 2 * bound), float(np.max(np.abs(got - ref) / bound))
