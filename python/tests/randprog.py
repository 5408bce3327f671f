"""Random valid Graph IR programs and their float64 numpy evaluation: the
differential testing of Csmith and YARPGen, for Tessera.

`generate(seed)` builds, from a fixed seed, a DAG of Graph IR ops (or, one
time in seven, an attention with grouped heads) over 1 to 3
inputs with random shapes (1, primes, powers of two, dynamic dims), a random
storage type (f32, f16, bf16) and random attributes, and returns the
program's text, its inputs (as stored) and the float64 numpy results of the
same DAG, computed here, independently of the compiler, op by op.

Every value carries a magnitude bound (so only ops that keep the program
finite are drawn: log, sqrt and rsqrt of a value bounded away from 0, exp of
a bounded one, division by one bounded away from 0) and a first-order bound
`err` on its absolute error: each op passes its operands' errors on with its
Lipschitz constant on the values it sees (softmax 1, a norm 2 / the row's
scale, log 1 / min, a matmul K x the weights' bound, ...) and adds its own
roundings: `k` units of the storage type's roundoff u (2^-24 f32, 2^-11
f16, 2^-8 bf16) times the result's bound, k being the f32 roundings of the
op (4 for a transcendental function, 4 + log2 n for a row op over n
elements) plus one for the store. The reference is exact real arithmetic
in float64 except where the program asks for a type (inputs, casts). A
result passes when

    |out - ref| <= 4 * err

(4: the first-order bound leaves out products of errors and the
correlation of roundings).

    python3 python/tests/randprog.py SEED   # prints the program
"""
import math
import sys

import numpy as np

UNIT = {"f32": 2.0**-24, "f16": 2.0**-11, "bf16": 2.0**-8}
DIMS = [1, 2, 3, 5, 7, 8, 16, 17, 31, 33, 64]


def round_to(x, dtype):
    """float64 -> float64 of the value stored in `dtype` (nearest even)."""
    if dtype == "f32":
        return x.astype(np.float32).astype(np.float64)
    if dtype == "f16":
        with np.errstate(over="ignore"):
            return x.astype(np.float16).astype(np.float64)
    u = x.astype(np.float32).view(np.uint32)
    bits = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint32)
    return (bits << 16).view(np.float32).astype(np.float64)


def stored(x, dtype):
    """float64 -> the array tessera-run reads (bf16 as its uint16 bits)."""
    if dtype == "f32":
        return x.astype(np.float32)
    if dtype == "f16":
        return x.astype(np.float16)
    u = x.astype(np.float32).view(np.uint32)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


class Value:
    def __init__(self, name, shape, dyn, dtype, ref, bound, err):
        self.name, self.shape, self.dyn, self.dtype = name, shape, dyn, dtype
        self.ref, self.bound, self.err = ref, bound, err

    @property
    def low(self):
        """The smallest value (for positivity); +inf for an empty tensor."""
        return float(self.ref.min()) if self.ref.size else math.inf

    def type(self):
        dims = "x".join("?" if d else str(s) for s, d in zip(self.shape, self.dyn))
        return f"tensor<{dims}x{self.dtype}>"


class Program:
    def __init__(self, seed):
        self.rnd = np.random.default_rng(seed)
        self.lines, self.args, self.inputs, self.values = [], [], [], []
        self.count = 0

    def fresh(self):
        self.count += 1
        return f"%v{self.count}"

    def pick(self, seq):
        return seq[int(self.rnd.integers(len(seq)))]

    def input(self, shape, dyn, dtype, lo=-2.0, hi=2.0):
        x = round_to(self.rnd.uniform(lo, hi, size=shape), dtype)
        name = f"%a{len(self.args)}"
        v = Value(name, shape, dyn, dtype, x, max(abs(lo), abs(hi)), 0.0)
        self.args.append(v)
        self.inputs.append(stored(x, dtype))
        self.values.append(v)
        return v

    def emit(self, op, operands, attrs, shape, dyn, dtype, ref, bound, err, k):
        """The op; `err`: its operands' errors as it passes them on, `k`: its
        own roundings (a store's added here)."""
        name = self.fresh()
        a = f" {{{attrs}}}" if attrs else ""
        ins = ", ".join(o.name for o in operands)
        tys = ", ".join(o.type() for o in operands)
        v = Value(name, shape, dyn, dtype, ref, bound,
                  err + (k + 1) * UNIT[dtype] * max(bound, 1e-30))
        self.lines.append(f'  {name} = "tgraph.{op}"({ins}){a} : ({tys}) -> {v.type()}')
        self.values.append(v)
        return v


# --- ops: each returns the new Value, or None if it does not apply ----------
# Lipschitz constants are on the operands' ranges; `b` is the result's bound.

def unary(p, x):
    choices = ["neg", "abs", "relu", "tanh", "sigmoid", "silu", "gelu", "clamp"]
    if x.bound <= 8:
        choices.append("exp")
    if x.low > 0.05:
        choices += ["log", "sqrt", "rsqrt"]
    op = p.pick(choices)
    r, b, L, k, attrs = x.ref, x.bound, 1.0, 4, ""
    if op == "neg":
        r, k = -r, 0
    elif op == "abs":
        r, k = np.abs(r), 0
    elif op == "relu":
        r, k = np.maximum(r, 0), 0
    elif op == "tanh":
        r, b = np.tanh(r), 1.0
    elif op == "sigmoid":
        r, b, L = 1 / (1 + np.exp(-r)), 1.0, 0.25
    elif op == "silu":
        r, L = r / (1 + np.exp(-r)), 1.1
    elif op == "gelu":
        r, L = 0.5 * r * (1 + np.vectorize(math.erf)(r / math.sqrt(2))), 1.13
    elif op == "clamp":
        lo, hi = sorted(round(float(v), 2) for v in p.rnd.uniform(-1.5, 1.5, size=2))
        hi += 0.01
        r, b, k = np.clip(r, lo, hi), max(abs(lo), abs(hi)), 0
        attrs = f"min = {lo} : f32, max = {hi} : f32"
    elif op == "exp":
        r, b = np.exp(r), math.exp(x.bound)
        L = b
    elif op == "log":
        r, b, L = np.log(r), max(abs(math.log(x.low)), abs(math.log(max(x.bound, 1.0)))), 1 / x.low
    elif op == "sqrt":
        r, b, L = np.sqrt(r), math.sqrt(x.bound), 0.5 / math.sqrt(x.low)
    elif op == "rsqrt":
        r, b, L = 1 / np.sqrt(r), 1 / math.sqrt(x.low), 0.5 * x.low ** -1.5
    return p.emit(op, [x], attrs, x.shape, x.dyn, x.dtype, r, b, L * x.err, k)


def binary(p, x, y):
    choices = ["add", "sub", "mul", "max", "min"]
    if y.low > 0.05 and x.bound / y.low < 1e4:
        choices.append("div")
    op = p.pick(choices)
    if op == "mul" and x.bound * y.bound > 1e4:
        op = "add"
    fns = {"add": np.add, "sub": np.subtract, "mul": np.multiply,
           "max": np.maximum, "min": np.minimum, "div": np.divide}
    r = fns[op](x.ref, y.ref)
    if op == "mul":
        b, err = x.bound * y.bound, x.err * y.bound + y.err * x.bound
    elif op == "div":
        b = x.bound / y.low
        err = x.err / y.low + y.err * x.bound / y.low ** 2
    elif op in ("add", "sub"):
        b, err = x.bound + y.bound, x.err + y.err
    else:
        b, err = max(x.bound, y.bound), max(x.err, y.err)
    k = 0 if op in ("max", "min") else 2
    return p.emit(op, [x, y], "", x.shape, x.dyn, x.dtype, r, b, err, k)


def row_op(p, x):
    n = x.shape[-1]
    op = p.pick(["softmax", "log_softmax", "rms_norm", "layer_norm"])
    r = x.ref
    if r.size == 0:
        return None
    logn = math.log2(max(n, 2))
    if op in ("softmax", "log_softmax"):
        m = r.max(-1, keepdims=True)
        e = np.exp(r - m)
        s = e.sum(-1, keepdims=True)
        # exp(x - m) in f32: relative error u (2 B + 4) of each term.
        k = 4 + logn + 2 * x.bound
        if op == "softmax":
            return p.emit(op, [x], "dim = -1 : i64", x.shape, x.dyn, x.dtype, e / s, 1.0,
                          2 * x.err, k)
        b = 2 * x.bound + math.log(n) + 1
        return p.emit(op, [x], "", x.shape, x.dyn, x.dtype, r - m - np.log(s), b,
                      2 * x.err, k / b)
    # x / scale per row: Lipschitz 2 / scale; rows of tiny spread are not
    # drawn (their rounding is amplified without bound).
    if op == "rms_norm":
        scale = np.sqrt((r * r).mean(-1, keepdims=True))
        out = r / np.sqrt(scale ** 2 + 1e-5)
    else:
        mu = r.mean(-1, keepdims=True)
        scale = np.sqrt(((r - mu) ** 2).mean(-1, keepdims=True))
        out = (r - mu) / np.sqrt(scale ** 2 + 1e-5)
    smin = float(scale.min())
    if smin < 0.1 or n < 2:
        return None
    b = math.sqrt(n)
    k = (4 + logn) * (1 + x.bound / smin) / b
    return p.emit(op, [x], "epsilon = 1.0e-05 : f64", x.shape, x.dyn, x.dtype, out, b,
                  2 * x.err / smin, k)


def reduce_broadcast(p, x):
    """reduce over the last dim (keep_dims), broadcast back, combine."""
    kind = p.pick(["sum", "max", "mean"])
    n = x.shape[-1]
    # Back to a dynamic dim the broadcast's size would be unknown (Graph IR
    # has no way to say it; the compiler refuses such a broadcast).
    if x.ref.size == 0 or n == 0 or x.dyn[-1]:
        return None
    fn = {"sum": np.sum, "max": np.max, "mean": np.mean}[kind]
    r = fn(x.ref, axis=-1, keepdims=True)
    shape1 = x.shape[:-1] + (1,)
    dyn1 = x.dyn[:-1] + (False,)
    b = x.bound * (n if kind == "sum" else 1)
    err = x.err * (n if kind == "sum" else 1)
    # A sum of n terms: log2(n) + 1 roundings of its terms' bound.
    k = 0 if kind == "max" else (math.log2(max(n, 2)) + 1) * n * x.bound / max(b, 1e-30)
    red = p.emit("reduce", [x], f'kind = "{kind}", dims = array<i64: -1>, keep_dims = true',
                 shape1, dyn1, x.dtype, r, b, err, k)
    dims = ", ".join(str(i) for i in range(len(x.shape)))
    bc = p.emit("broadcast", [red], f"broadcast_dimensions = array<i64: {dims}>", x.shape,
                x.dyn, x.dtype, np.broadcast_to(red.ref, x.shape), b, red.err, 0)
    return binary(p, x, bc) if b < 1e4 else bc


def cast(p, x):
    to = p.pick([t for t in ("f32", "f16", "bf16") if t != x.dtype])
    if to == "f16" and x.bound > 6e4:
        return None
    return p.emit("cast", [x], "", x.shape, x.dyn, to, round_to(x.ref, to), x.bound, x.err, 0)


def matmul(p, x):
    if len(x.shape) != 2 or x.bound > 100:
        return None
    k = x.shape[1]
    n = p.pick(DIMS)
    w = p.input((k, n), (False, False), x.dtype, -1.0, 1.0)
    b = x.bound * k
    # f32 accumulation of k products: k roundings of the terms' bound.
    return p.emit("matmul", [x, w], "", (x.shape[0], n), (x.dyn[0], False), x.dtype,
                  x.ref @ w.ref, b, k * x.err, 2 * k * x.bound / max(b, 1e-30))


def linear(p, x):
    """x . W^T (+ b), over the last dim of a rank-2 or rank-3 input."""
    if x.bound > 100 or x.shape[-1] == 0:
        return None
    k = x.shape[-1]
    n = p.pick(DIMS)
    w = p.input((n, k), (False, False), x.dtype, -1.0, 1.0)
    ops, r, b = [x, w], x.ref @ w.ref.T, x.bound * k
    if p.rnd.random() < 0.5:
        bias = p.input((n,), (False,), x.dtype, -1.0, 1.0)
        ops, r, b = ops + [bias], r + bias.ref, b + 1.0
    return p.emit("linear", ops, "", x.shape[:-1] + (n,), x.dyn[:-1] + (False,), x.dtype,
                  r, b, k * x.err, (2 * k * x.bound + 1) / max(b, 1e-30))


def transpose(p, x):
    perm = [int(i) for i in p.rnd.permutation(len(x.shape))]
    if perm == sorted(perm):
        return None
    shape = tuple(x.shape[i] for i in perm)
    dyn = tuple(x.dyn[i] for i in perm)
    attrs = f"permutation = array<i64: {', '.join(str(i) for i in perm)}>"
    return p.emit("transpose", [x], attrs, shape, dyn, x.dtype, np.transpose(x.ref, perm),
                  x.bound, x.err, -1)


def slice_op(p, x):
    d = len(x.shape) - 1
    if x.dyn[d] or x.shape[d] < 2:
        return None
    lo = int(p.rnd.integers(0, x.shape[d] - 1))
    size = int(p.rnd.integers(1, x.shape[d] - lo + 1))
    offs = [0] * len(x.shape)
    offs[d] = lo
    idx = tuple([slice(None)] * d + [slice(lo, lo + size)])
    return p.emit("slice", [x], f"offsets = array<i64: {', '.join(map(str, offs))}>",
                  x.shape[:d] + (size,), x.dyn, x.dtype, x.ref[idx], x.bound, x.err, -1)


def concat(p, x, y):
    d = len(x.shape) - 1
    if x.dyn[d]:
        return None
    return p.emit("concat", [x, y], "dim = -1 : i64", x.shape[:d] + (2 * x.shape[d],), x.dyn,
                  x.dtype, np.concatenate([x.ref, y.ref], axis=-1), max(x.bound, y.bound),
                  max(x.err, y.err), -1)


def pad(p, x):
    d = len(x.shape) - 1
    if x.dyn[d]:
        return None
    lo, hi = int(p.rnd.integers(0, 3)), int(p.rnd.integers(1, 4))
    low, high = [0] * len(x.shape), [0] * len(x.shape)
    low[d], high[d] = lo, hi
    val = float(p.pick([0.0, 1.0, -0.5]))
    r = np.pad(x.ref, [(0, 0)] * d + [(lo, hi)], constant_values=val)
    attrs = (f"low = array<i64: {', '.join(map(str, low))}>, "
             f"high = array<i64: {', '.join(map(str, high))}>, value = {val} : f64")
    return p.emit("pad", [x], attrs, x.shape[:d] + (x.shape[d] + lo + hi,), x.dyn, x.dtype,
                  r, max(x.bound, abs(val)), x.err, -1)


def attention(p):
    """q [B, Hq, S, D], k [B, Hkv, T, D], v [B, Hkv, T, Dv] -> [B, Hq, S, Dv],
    grouped heads (Hq = g Hkv), causal or not, the default or a given
    scale; B, S and T dynamic at random."""
    dtype = p.pick(["f32", "f32", "f16", "bf16"])
    b, hkv, g = int(p.pick([1, 2])), int(p.pick([1, 2])), int(p.pick([1, 2, 3]))
    s_, t_ = int(p.pick(DIMS[1:] + [100])), int(p.pick(DIMS[1:] + [100]))
    # Dv = 8 is not drawn: on chip spirv the generic attention kernel's
    # 32 x 8 accumulator does not split into the blocked layout of its
    # 32 x 16 score tile (a located error; docs/targets/spirv.md).
    d, dv = int(p.pick([8, 16, 32, 64])), int(p.pick([16, 32, 64]))
    dyn = (bool(p.rnd.random() < 0.5), False, bool(p.rnd.random() < 0.5), False)
    kdyn = (dyn[0], False, bool(p.rnd.random() < 0.5), False)
    q = p.input((b, hkv * g, s_, d), dyn, dtype, -1.0, 1.0)
    k = p.input((b, hkv, t_, d), kdyn, dtype, -1.0, 1.0)
    v = p.input((b, hkv, t_, dv), kdyn, dtype, -1.0, 1.0)
    causal = bool(p.rnd.random() < 0.5)
    scale = 1 / math.sqrt(d) if p.rnd.random() < 0.5 else float(p.pick([0.5, 0.125]))
    attrs = [f"causal = {str(causal).lower()}"]
    if scale != 1 / math.sqrt(d):
        attrs.append(f"scale = {scale} : f32")
    kr = np.repeat(k.ref, g, axis=1)
    vr = np.repeat(v.ref, g, axis=1)
    sc = scale * q.ref @ np.swapaxes(kr, -1, -2)
    if causal:
        sc = np.where(np.arange(t_)[None, :] > np.arange(s_)[:, None], -np.inf, sc)
    e = np.exp(sc - sc.max(-1, keepdims=True))
    out = (e / e.sum(-1, keepdims=True)) @ vr
    # Scores: d roundings of |scale q k| <= scale d; softmax passes their
    # error on with Lipschitz 2 into weights that sum to 1 over |v| <= 1;
    # P V: t roundings; the weights may be rounded to the storage type for
    # the second product (the tensor-core forms' operands).
    err = UNIT["f32"] * (2 * d * scale * d + t_ + 4 + math.log2(t_ + 1)) + 2 * UNIT[dtype]
    return p.emit("attention", [q, k, v], ", ".join(attrs), (b, hkv * g, s_, dv),
                  dyn[:3] + (False,), dtype, out, 1.0, err, 0)


def generate(seed):
    """(ir, inputs, refs, outs): the program, its stored inputs, the float64
    results and their Values."""
    p = Program(seed)
    if p.rnd.random() < 0.15:
        a = attention(p)
        if p.rnd.random() < 0.5:
            unary(p, a)
        return finish(p, seed)
    rank = int(p.rnd.integers(2, 4))
    shape = tuple(int(p.pick(DIMS)) for _ in range(rank))
    dyn = tuple(bool(p.rnd.random() < 0.4) for _ in range(rank))
    dtype = p.pick(["f32", "f32", "f16", "bf16"])
    for _ in range(int(p.rnd.integers(1, 4))):
        p.input(shape, dyn, dtype)
    steps = int(p.rnd.integers(2, 9))
    for _ in range(steps):
        x = p.pick(p.values)
        same = [v for v in p.values if v.shape == x.shape and v.dyn == x.dyn
                and v.dtype == x.dtype]
        kind = p.pick(["unary", "unary", "binary", "binary", "row", "reduce", "cast",
                       "matmul", "linear", "transpose", "slice", "concat", "pad"])
        y = p.pick(same)
        fn = {"unary": lambda: unary(p, x), "binary": lambda: binary(p, x, y),
              "row": lambda: row_op(p, x), "reduce": lambda: reduce_broadcast(p, x),
              "cast": lambda: cast(p, x), "matmul": lambda: matmul(p, x),
              "linear": lambda: linear(p, x),
              "transpose": lambda: transpose(p, x), "slice": lambda: slice_op(p, x),
              "concat": lambda: concat(p, x, y), "pad": lambda: pad(p, x)}[kind]
        fn()
    return finish(p, seed)


def finish(p, seed):
    derived = [v for v in p.values if v not in p.args]
    if not derived:
        derived = [unary(p, p.values[0])]
    outs = [derived[-1]]
    if len(derived) > 1 and p.rnd.random() < 0.5:
        other = p.pick(derived[:-1])
        if other is not outs[0]:
            outs.append(other)
    args = ", ".join(f"{a.name}: {a.type()}" for a in p.args)
    rets = ", ".join(o.type() for o in outs)
    ir = (f"// randprog seed {seed}\nfunc.func @f({args}) -> ({rets}) {{\n"
          + "\n".join(p.lines)
          + f"\n  return {', '.join(o.name for o in outs)} : {rets}\n}}\n")
    return ir, p.inputs, [o.ref for o in outs], outs


def check(outs, results):
    """Per result: (ok, max error, bound)."""
    report = []
    for v, got in zip(outs, results):
        if v.dtype == "bf16":
            got = (got.astype(np.uint32) << 16).view(np.float32)
        got = got.astype(np.float64)
        bound = 4 * v.err
        err = float(np.abs(got - v.ref).max()) if v.ref.size else 0.0
        ok = got.shape == v.ref.shape and bool(np.all(np.isfinite(got))) and err <= bound
        report.append((ok, err, bound))
    return report


if __name__ == "__main__":
    print(generate(int(sys.argv[1]))[0])
