"""Numerics of standalone Graph IR elementwise ops and their fused chains
(tessera-lower-graph's "elementwise" family: one kernel per chain, computed
in f32, stored in the result's type), on the host, against float64 numpy.

The references are the formulas of the elementwise function table
(conftest.elementwise_reference), evaluated on the values as stored. The
bounds follow from the table's f32 error model (test/CAPI/elementwise-fns.c:
|err| <= roundings * 2^-24 * (|result| + |arguments|) + FLT_MIN per
function), carried to the output of a chain through the float64 derivative
of the rest of the chain (a first-order bound, doubled), plus the final
rounding to the output type.
"""
import math

import numpy as np
import pytest

from conftest import EPS, TINY, ELEMENTWISE, elementwise_reference, from_storage, to_storage

U32 = 2.0**-24
FLT_MIN = 2.0**-126
FMAX = {"f32": 3.4e38, "f16": 65504.0, "bf16": 3.38e38}

# Graph IR op -> (op name, attributes, table function).
OPS = {
    "add": ("tgraph.add", "", "add"), "sub": ("tgraph.sub", "", "sub"),
    "mul": ("tgraph.mul", "", "mul"), "div": ("tgraph.div", "", "div"),
    "max": ("tgraph.max", "", "max"), "exp": ("tgraph.exp", "", "exp"),
    "tanh": ("tgraph.tanh", "", "tanh"), "relu": ("tgraph.relu", "", "relu"),
    "gelu": ("tgraph.gelu", "", "gelu"),
    "gelu_tanh": ("tgraph.gelu", ' {approximate = "tanh"}', "gelu_tanh"),
    "silu": ("tgraph.silu", "", "silu"),
    "min": ("tgraph.min", "", "min"), "pow": ("tgraph.pow", "", "pow"),
    "neg": ("tgraph.neg", "", "neg"), "abs": ("tgraph.abs", "", "abs"),
    "sqrt": ("tgraph.sqrt", "", "sqrt"), "rsqrt": ("tgraph.rsqrt", "", "rsqrt"),
    "log": ("tgraph.log", "", "log"), "sigmoid": ("tgraph.sigmoid", "", "sigmoid"),
    "swiglu": ("tgraph.swiglu", "", "swiglu"),
    # Not a table function: max with one bound, then min with the other.
    "clamp": ("tgraph.clamp", " {min = -1.5 : f64, max = 2.0 : f32}", None),
}
# clamp as the table would describe it: exact (no rounding), torch.clamp's
# definition (NaN propagates).
CLAMP = {"arity": 1, "roundings": 0, "domain": [-4.0, 4.0]}


def info(op):
    """The table's entry for op (arity, roundings, domain)."""
    return CLAMP if op == "clamp" else ELEMENTWISE[OPS[op][2]]


def reference(op):
    """The float64 reference of op."""
    if op == "clamp":
        return lambda x: np.minimum(np.maximum(x, -1.5), 2.0)
    return elementwise_reference(OPS[op][2])


def tensor(dtype, rank):
    return f"tensor<{'x'.join(['?'] * rank)}x{dtype}>"


def chains_ir(chains, dtype, rank):
    """A function of several independent chains, one result each. A chain
    is (steps, num_inputs), each step (op, arg): arg None for a unary op,
    else the index of the chain's input that is the other operand; the
    first step's first operand is the chain's input 0."""
    t = tensor(dtype, rank)
    args, lines, results = [], [], []
    for c, (steps, num_inputs) in enumerate(chains):
        args += [f"%a{c}_{i}: {t}" for i in range(num_inputs)]
        cur = f"%a{c}_0"
        for k, (op, arg) in enumerate(steps):
            name, attrs, _ = OPS[op]
            v = f"%v{c}_{k}"
            if arg is None:
                lines.append(f'  {v} = "{name}"({cur}){attrs} : ({t}) -> {t}')
            else:
                lines.append(f'  {v} = "{name}"({cur}, %a{c}_{arg}){attrs} : ({t}, {t}) -> {t}')
            cur = v
        results.append(cur)
    return (f"func.func @f({', '.join(args)}) -> ({', '.join([t] * len(chains))}) {{\n" +
            "\n".join(lines) +
            f"\n  return {', '.join(results)} : {', '.join([t] * len(chains))}\n}}\n")


def chain_ir(steps, dtype, rank, num_inputs):
    return chains_ir([(steps, num_inputs)], dtype, rank)


def apply(steps, inputs, start=0, value=None):
    """float64 values of the chain from step `start` on (value: the chain's
    value before it; default input 0); returns every step's value."""
    cur = inputs[0] if value is None else value
    vals = []
    for op, arg in steps[start:]:
        fn = reference(op)
        cur = fn(cur) if arg is None else fn(cur, inputs[arg])
        vals.append(cur)
    return vals


def chain_bound(steps, inputs):
    """First-order bound on the f32 error of the chain's result: each step's
    table bound, times the derivative of the steps after it (float64 central
    differences), summed; doubled for the second-order terms."""
    vals = apply(steps, inputs)
    total = np.zeros_like(vals[-1])
    for k, (op, arg) in enumerate(steps):
        prev = inputs[0] if k == 0 else vals[k - 1]
        mag = np.abs(vals[k]) + np.abs(prev) + (0 if arg is None else np.abs(inputs[arg]))
        e = info(op)["roundings"] * U32 * mag + FLT_MIN
        if k + 1 == len(steps):
            total += e
            continue
        h = 1e-6 * (np.abs(vals[k]) + 1e-3)
        up = apply(steps, inputs, k + 1, vals[k] + h)[-1]
        down = apply(steps, inputs, k + 1, vals[k] - h)[-1]
        total += np.abs((up - down) / (2 * h)) * e
    return vals[-1], 2 * total


def check_chains(run_graph, chains, dtype, shape, seed=0):
    """Runs several chains, each (steps, domains), in one program (one
    compile) and checks each result against its bound."""
    rng = np.random.default_rng(seed)
    stored, exact = [], []
    for steps, domains in chains:
        ex = []
        for lo, hi in domains:
            st, x = to_storage(rng.uniform(lo, hi, size=shape), dtype)
            stored.append(st)
            ex.append(x)
        exact.append(ex)
    ir = chains_ir([(steps, len(d)) for steps, d in chains], dtype, len(shape))
    outs = run_graph(ir, "f", stored, num_results=len(chains))
    for (steps, _), ex, out in zip(chains, exact, outs):
        ref, f32_bound = chain_bound(steps, ex)
        got = from_storage(out, dtype)
        bound = f32_bound + EPS[dtype] * np.abs(ref) + TINY[dtype]
        err = np.abs(got - ref)
        assert got.shape == ref.shape
        assert np.all(err <= bound), (steps, dtype, float(np.max(err / bound)))


def check_chain(run_graph, steps, dtype, shape, domains, seed=0):
    check_chains(run_graph, [(steps, domains)], dtype, shape, seed)


def domain(name, dtype):
    lo, hi = info(name)["domain"]
    if name == "exp":  # a finite result in the storage type
        hi = min(hi, math.log(FMAX[dtype]) - 1)
    return lo, hi


# Shapes per type: LLVM compiles 16-bit host kernels slowly (it scalarises
# the bf16 conversions without AVX512-BF16: about 8 s for one bf16 gelu
# kernel on this machine), so the 16-bit types take fewer programs.
CASES = [("f32", s) for s in [(1, 1), (5, 1000), (3, 7, 129), (64,), (2, 3, 4, 5)]] + \
        [("f16", (5, 1000)), ("f16", (3, 7, 129)), ("bf16", (3, 7, 129))]


@pytest.mark.parametrize("dtype,shape", CASES,
                         ids=lambda c: c if isinstance(c, str) else "x".join(map(str, c)))
def test_standalone_ops(run_graph, dtype, shape):
    """Every elementwise op on its own (one kernel each), in one program."""
    chains = []
    for op in sorted(OPS):
        arity = info(op)["arity"]
        lo, hi = domain(op, dtype)
        domains = [(lo, hi)] * arity
        if op == "div":  # x / y: y from the table's domain, x any sign
            domains = [(-100.0, 100.0), (lo, hi)]
        chains.append(([(op, None if arity == 1 else 1)], domains))
    check_chains(run_graph, chains, dtype, shape)


def test_fused_chain(run_graph):
    """add -> gelu_tanh -> mul by an input: one kernel, three functions."""
    check_chain(run_graph, [("add", 1), ("gelu_tanh", None), ("mul", 0)], "f32",
                (33, 257), [(-3, 3), (-3, 3)])


def test_chain_is_one_kernel(tessera_opt):
    ir = chain_ir([("add", 1), ("relu", None), ("mul", 0)], "f16", 2, 2)
    out = tessera_opt(ir, "--tessera-lower-graph")
    assert out.count("tsched.kernel") == 1
    assert 'fused = ["tgraph.add", "tgraph.relu", "tgraph.mul"]' in out


# Random chains (fixed seeds): ops, operands, shapes and types drawn at
# random, as compilers are tested (Csmith, YARPGen). exp is left out of
# chains (its standalone test covers it): a chain of products can leave its
# domain; so are sqrt, rsqrt, log and pow, whose domains are positive. A division divides the chain by an input from [0.5, 4].
CHAIN_OPS = ["add", "sub", "mul", "max", "relu", "tanh", "silu", "gelu",
             "gelu_tanh", "div", "min", "neg", "abs", "sigmoid", "clamp", "swiglu"]


@pytest.mark.parametrize("seed", range(4))
def test_random_chains(run_graph, seed):
    """Four random chains per program."""
    rnd = np.random.default_rng(7000 + seed)
    rank = int(rnd.integers(1, 4))
    shape = tuple(int(d) for d in rnd.integers(1, 70, size=rank))
    dtype = ["f32", "f16"][rnd.integers(2)]  # bf16: test_standalone_ops
    chains = []
    for _ in range(4):
        domains = [(-2.0, 2.0)] * int(rnd.integers(1, 4))
        steps = []
        for _ in range(int(rnd.integers(1, 6))):
            op = CHAIN_OPS[rnd.integers(len(CHAIN_OPS))]
            if info(op)["arity"] == 1:
                steps.append((op, None))
            elif op == "div":
                domains = domains + [(0.5, 4.0)]
                steps.append((op, len(domains) - 1))
            else:
                steps.append((op, int(rnd.integers(len(domains)))))
        chains.append((steps, domains))
    check_chains(run_graph, chains, dtype, shape, seed=seed)


def test_meeting_chains(run_graph):
    """min(sqrt(|x|), rsqrt(|x|)): two chains meet at min; three kernels
    (abs; rsqrt; sqrt + min), each reading the others' results."""
    t = tensor("f32", 2)
    ir = (f"func.func @f(%x: {t}) -> {t} {{\n"
          f'  %0 = "tgraph.abs"(%x) : ({t}) -> {t}\n'
          f'  %1 = "tgraph.sqrt"(%0) : ({t}) -> {t}\n'
          f'  %2 = "tgraph.rsqrt"(%0) : ({t}) -> {t}\n'
          f'  %3 = "tgraph.min"(%1, %2) : ({t}, {t}) -> {t}\n'
          f"  return %3 : {t}\n}}\n")
    rng = np.random.default_rng(3)
    xs, x = to_storage(rng.uniform(-100, 100, size=(17, 33)) + 0.01, "f32")
    (out,) = run_graph(ir, "f", [xs])
    a = np.abs(x)
    ref = np.minimum(np.sqrt(a), 1 / np.sqrt(a))
    # sqrt: 1 rounding, rsqrt: 2 (the table's), min exact; relative to ref.
    assert np.all(np.abs(out - ref) <= 2 * 2 * U32 * np.abs(ref))


@pytest.mark.parametrize("src,dst", [("f32", "bf16"), ("f32", "f16"), ("bf16", "f32"),
                                     ("f16", "f32"), ("f16", "bf16"), ("bf16", "f16")])
def test_cast(run_graph, src, dst):
    """A standalone cast is a kernel that rounds once, to nearest even:
    bit-exact against numpy's rounding (to_storage), overflow to inf
    included."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal((7, 129)) * np.exp2(rng.integers(-30, 30, size=(7, 129)))
    x[0, :4] = [0.0, -0.0, 1e5, -1e5]  # +-0; past f16's range
    with np.errstate(over="ignore"):  # 1e5 -> f16 is inf, as it should be
        xs, xv = to_storage(x, src)
    t_in, t_out = tensor(src, 2), tensor(dst, 2)
    ir = (f"func.func @f(%x: {t_in}) -> {t_out} {{\n"
          f'  %0 = "tgraph.cast"(%x) : ({t_in}) -> {t_out}\n'
          f"  return %0 : {t_out}\n}}\n")
    (out,) = run_graph(ir, "f", [xs])
    with np.errstate(over="ignore"):
        want, _ = to_storage(xv, dst)
    assert out.dtype == want.dtype
    assert np.array_equal(out.view(np.uint8), want.view(np.uint8))


def test_cast_inside_chain_rounds(run_graph):
    """bf16 -> f16 -> exp -> f32: the casts round where the IR puts them
    (the operand of the last cast is an f16 tensor), though the chain
    computes in f32."""
    t_b, t_h, t_f = tensor("bf16", 2), tensor("f16", 2), tensor("f32", 2)
    ir = (f"func.func @f(%y: {t_b}) -> {t_f} {{\n"
          f'  %0 = "tgraph.cast"(%y) : ({t_b}) -> {t_h}\n'
          f'  %1 = "tgraph.exp"(%0) : ({t_h}) -> {t_h}\n'
          f'  %2 = "tgraph.cast"(%1) : ({t_h}) -> {t_f}\n'
          f"  return %2 : {t_f}\n}}\n")
    rng = np.random.default_rng(12)
    ys, yv = to_storage(rng.uniform(-8, 8, size=(5, 300)), "bf16")
    (out,) = run_graph(ir, "f", [ys])
    _, h = to_storage(yv, "f16")
    exact = np.exp(h)
    # Every result is an f16 value (the last cast's operand is f16) ...
    assert np.array_equal(out.astype(np.float16).astype(np.float32), out)
    # ... within f16's rounding of exp (plus exp's own f32 error).
    assert np.all(np.abs(out - exact) <= (EPS["f16"] + 4 * U32) * exact)


@pytest.mark.parametrize("dtype,shape", [("f32", (5, 33)), ("f16", (3, 7, 129)), ("bf16", (1, 1))])
def test_row_broadcast_operands(run_graph, dtype, shape):
    """(x + b) * s with b, s rank-1 along the last dim (tgraph.broadcast):
    one kernel that reads b and s as one row each."""
    rank = len(shape)
    t, v = tensor(dtype, rank), f"tensor<?x{dtype}>"
    ir = (f"func.func @f(%x: {t}, %b: {v}, %s: {v}) -> {t} {{\n"
          f'  %bb = "tgraph.broadcast"(%b) : ({v}) -> {t}\n'
          f'  %sb = "tgraph.broadcast"(%s) : ({v}) -> {t}\n'
          f'  %0 = "tgraph.add"(%x, %bb) : ({t}, {t}) -> {t}\n'
          f'  %1 = "tgraph.mul"(%sb, %0) : ({t}, {t}) -> {t}\n'
          f"  return %1 : {t}\n}}\n")
    rng = np.random.default_rng(9)
    xs, x = to_storage(rng.standard_normal(shape), dtype)
    bs, b = to_storage(rng.standard_normal(shape[-1]), dtype)
    ss, s = to_storage(rng.standard_normal(shape[-1]), dtype)
    (out,) = run_graph(ir, "f", [xs, bs, ss])
    ref = s * (x + b)
    got = from_storage(out, dtype)
    bound = 2 * U32 * (np.abs(s) * (np.abs(x) + np.abs(b)) + np.abs(ref)) \
        + EPS[dtype] * np.abs(ref) + TINY[dtype]
    assert np.all(np.abs(got - ref) <= bound)


def test_row_broadcast_length_checked(tessera_run, tmp_path):
    """A row whose length differs from the last dim is refused at run time,
    before any kernel runs."""
    import subprocess
    t, v = "tensor<?x?xf32>", "tensor<?xf32>"
    src = tmp_path / "p.mlir"
    src.write_text(f"func.func @f(%x: {t}, %b: {v}) -> {t} {{\n"
                   f'  %bb = "tgraph.broadcast"(%b) : ({v}) -> {t}\n'
                   f'  %0 = "tgraph.add"(%x, %bb) : ({t}, {t}) -> {t}\n'
                   f"  return %0 : {t}\n}}\n")
    np.save(tmp_path / "x.npy", np.zeros((3, 8), np.float32))
    np.save(tmp_path / "b.npy", np.zeros(7, np.float32))
    p = subprocess.run([tessera_run, str(src), "--entry=f", f"--input=@{tmp_path / 'x.npy'}",
                        f"--input=@{tmp_path / 'b.npy'}", f"--output=@{tmp_path / 'o.npy'}"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode != 0
    assert "row broadcast length" in p.stderr, p.stderr
