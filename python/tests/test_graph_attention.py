"""Numerics of tgraph.attention (tessera-lower-graph's "attention" family:
the flash schedule of AttentionSchedule.c, an online softmax over 64-key
tiles), on the host, against float64 numpy; and its memory: the S x T
score matrix never exists.

The reference is PyTorch's scaled_dot_product_attention, evaluated in
float64 on the values as stored: softmax(scale * q k^T + mask, keys) v,
with `causal` masking key j > query i (top-left aligned) and query head h
reading kv head h // (Hq / Hkv).

The bound follows the kernel's arithmetic in f32 (u = 2^-24), as
test/Conversion/ScheduleToVector/Inputs/check_attention.py does for the
hand-written kernel: the scores carry at most (D + 2) u of their
magnitude bound |s| (D products and sums, the scale, the mask's add);
exp, the rescaling by exp(m - m') and the division at most 10 roundings;
the running sum and the accumulator over T keys at most 2T u, all
relative to the probabilities, whose combination of rows of v is at most
max|v|. 16-bit storage adds the rounding of the probabilities to v's type
for the second matmul (EPS of it, times max|v|) and the output's rounding.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import BUILD, EPS, TINY, from_storage, tensor_type as tensor, to_storage

U32 = 2.0**-24



def attention_ir(dtype, qs, ks, vs, os_, mask=None, attrs="", out=None,
                 mask_dtype="f32"):
    """One function applying tgraph.attention; shapes may hold "?"."""
    out = out or dtype
    tq, tk, tv = tensor(dtype, qs), tensor(dtype, ks), tensor(dtype, vs)
    to = tensor(out, os_)
    args = [f"%q: {tq}", f"%k: {tk}", f"%v: {tv}"]
    ops, types = ["%q", "%k", "%v"], [tq, tk, tv]
    if mask is not None:
        tm = tensor(mask_dtype, mask)
        args.append(f"%m: {tm}")
        ops.append("%m")
        types.append(tm)
    return (f"func.func @f({', '.join(args)}) -> {to} {{\n"
            f'  %o = "tgraph.attention"({", ".join(ops)}){attrs} : '
            f"({', '.join(types)}) -> {to}\n"
            f"  return %o : {to}\n}}\n")


def reference(q, k, v, scale, causal=False, mask=None):
    """float64 attention over [..., H, S, D] (GQA by head groups) and the
    magnitude bound of each score."""
    hq, hk = (q.shape[-3], k.shape[-3]) if q.ndim >= 3 else (1, 1)
    if q.ndim >= 3 and hq != hk:
        k = np.repeat(k, hq // hk, axis=-3)
        v = np.repeat(v, hq // hk, axis=-3)
    s = scale * (q @ np.swapaxes(k, -1, -2))
    mag = scale * (np.abs(q) @ np.swapaxes(np.abs(k), -1, -2))
    if mask is not None:
        s = s + mask
        mag = mag + np.abs(mask)
    S, T = s.shape[-2], s.shape[-1]
    if causal:
        keep = np.arange(T)[None, :] <= np.arange(S)[:, None]
        s = np.where(keep, s, -np.inf)
    p = np.exp(s - s.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    return p @ v, mag.max()


def check(run_graph, dtype, B, Hq, Hkv, S, T, D, Dv=None, causal=False,
          with_mask=False, scale=None, out=None, dynamic=False, rank=4,
          seed=0, mask_dtype="f32"):
    Dv = Dv or D
    out = out or dtype
    rng = np.random.default_rng(seed)
    lead_q = [B, Hq][4 - rank:] if rank >= 3 else []
    lead_k = [B, Hkv][4 - rank:] if rank >= 3 else []
    qs, ks, vs = lead_q + [S, D], lead_k + [T, D], lead_k + [T, Dv]
    q_s, q = to_storage(rng.standard_normal(qs), dtype)
    k_s, k = to_storage(rng.standard_normal(ks), dtype)
    v_s, v = to_storage(rng.standard_normal(vs), dtype)
    inputs = [q_s, k_s, v_s]
    mask = None
    if with_mask:
        m_s, mask = to_storage(rng.standard_normal((S, T)), mask_dtype)
        inputs.append(m_s)
    scale_v = scale if scale is not None else 1.0 / np.sqrt(D)
    attrs = []
    if scale is not None:
        attrs.append(f"scale = {scale!r} : f64")
    if causal:
        attrs.append("causal = true")
    attr_text = " {" + ", ".join(attrs) + "}" if attrs else ""

    def shape(s):  # with `dynamic`, the sequence length is left dynamic
        return ["?" if dynamic and i == len(s) - 2 else d
                for i, d in enumerate(s)]

    os_ = lead_q + [S, Dv]
    ir = attention_ir(dtype, shape(qs), shape(ks), shape(vs), shape(os_),
                      mask=(["?", "?"] if dynamic else [S, T]) if with_mask
                      else None, attrs=attr_text, out=out,
                      mask_dtype=mask_dtype)
    (o,) = run_graph(ir, "f", inputs)
    got = from_storage(o, out)
    ref, mag = reference(q, k, v, scale_v, causal, mask)
    vmax = np.abs(v).max()
    bound = (2 * T + (D + 2) * mag + 10) * U32 * vmax
    if dtype != "f32":
        bound += EPS[dtype] * vmax
    bound = bound + EPS[out] * np.abs(ref) + TINY[out]
    err = np.abs(got - ref)
    assert got.shape == ref.shape
    assert np.all(err <= bound), (
        f"max error {err.max():.3g} (bound there {bound.flat[err.argmax()]:.3g})")


# Each sequence shape with both head dims, causal with one and not with the
# other (each case costs a JIT compile of some seconds, more under ASan).
@pytest.mark.parametrize("S,T,D,causal", [
    (1, 1, 64, False), (1, 1, 128, True), (17, 17, 128, False),
    (17, 17, 64, True), (33, 130, 64, False), (33, 130, 128, True),
    (130, 33, 128, False), (130, 33, 64, True)])
def test_attention_f32(run_graph, S, T, D, causal):
    check(run_graph, "f32", 2, 2, 2, S, T, D, causal=causal)


@pytest.mark.parametrize("dtype", ["f16", "bf16"])
@pytest.mark.parametrize("causal", [False, True])
def test_attention_16bit(run_graph, dtype, causal):
    check(run_graph, dtype, 1, 2, 2, 77, 77, 64, causal=causal)


def test_attention_f16_in_f32_out(run_graph):
    check(run_graph, "f16", 1, 2, 2, 65, 40, 128, out="f32")


@pytest.mark.parametrize("Hq,Hkv", [(8, 2), (4, 1)])  # GQA, MQA
def test_attention_grouped_heads(run_graph, Hq, Hkv):
    check(run_graph, "f32", 2, Hq, Hkv, 33, 47, 64, causal=True)


@pytest.mark.parametrize("mask_dtype", ["f32", "bf16"])
def test_attention_additive_mask(run_graph, mask_dtype):
    check(run_graph, "f32", 1, 2, 2, 50, 70, 64, with_mask=True,
          mask_dtype=mask_dtype)


def test_attention_scale_and_value_dim(run_graph):
    check(run_graph, "f32", 1, 1, 1, 40, 100, 64, Dv=128, scale=0.3)


@pytest.mark.parametrize("rank", [2, 3])
def test_attention_low_rank(run_graph, rank):
    check(run_graph, "f32", 3, 3, 3, 20, 70, 64, rank=rank, causal=True)


def test_attention_dynamic_lengths(run_graph):
    check(run_graph, "f32", 2, 4, 2, 1023, 129, 64, causal=True, dynamic=True,
          with_mask=True)


def test_attention_masked_row_is_nan(run_graph):
    """A query row whose keys are all masked (-inf) gives NaN, as PyTorch
    does: 0 / 0, not a silent 0 or a value from padding."""
    S, T, D = 3, 5, 64
    q = np.ones((S, D), np.float32)
    mask = np.zeros((S, T), np.float32)
    mask[1, :] = -np.inf
    ir = attention_ir("f32", [S, D], [T, D], [T, D], [S, D], mask=[S, T])
    (o,) = run_graph(ir, "f", [q, q[:1].repeat(T, 0), q[:1].repeat(T, 0), mask])
    assert np.isnan(o[1]).all() and np.isfinite(o[[0, 2]]).all()


def test_attention_rewritten_from_its_parts(run_graph):
    """softmax(q k^T / sqrt(D) + mask) v written op by op compiles (through
    tessera-fuse-attention, in every pipeline) and matches float64."""
    B, S, T, D = 2, 37, 70, 64
    ir = f"""func.func @f(%q: tensor<{B}x{S}x{D}xf32>, %k: tensor<{B}x{T}x{D}xf32>,
                  %v: tensor<{B}x{T}x{D}xf32>, %m: tensor<{S}x{T}xf32>)
    -> tensor<{B}x{S}x{D}xf32> {{
  %kt = "tgraph.transpose"(%k) {{permutation = array<i64: 0, 2, 1>}} : (tensor<{B}x{T}x{D}xf32>) -> tensor<{B}x{D}x{T}xf32>
  %s = "tgraph.batch_matmul"(%q, %kt) : (tensor<{B}x{S}x{D}xf32>, tensor<{B}x{D}x{T}xf32>) -> tensor<{B}x{S}x{T}xf32>
  %c = "tgraph.constant"() {{value = dense<8.0> : tensor<f32>}} : () -> tensor<f32>
  %cb = "tgraph.broadcast"(%c) {{broadcast_dimensions = array<i64>}} : (tensor<f32>) -> tensor<{B}x{S}x{T}xf32>
  %ss = "tgraph.div"(%s, %cb) : (tensor<{B}x{S}x{T}xf32>, tensor<{B}x{S}x{T}xf32>) -> tensor<{B}x{S}x{T}xf32>
  %mb = "tgraph.broadcast"(%m) {{broadcast_dimensions = array<i64: 1, 2>}} : (tensor<{S}x{T}xf32>) -> tensor<{B}x{S}x{T}xf32>
  %sm = "tgraph.add"(%ss, %mb) : (tensor<{B}x{S}x{T}xf32>, tensor<{B}x{S}x{T}xf32>) -> tensor<{B}x{S}x{T}xf32>
  %p = "tgraph.softmax"(%sm) : (tensor<{B}x{S}x{T}xf32>) -> tensor<{B}x{S}x{T}xf32>
  %o = "tgraph.batch_matmul"(%p, %v) : (tensor<{B}x{S}x{T}xf32>, tensor<{B}x{T}x{D}xf32>) -> tensor<{B}x{S}x{D}xf32>
  return %o : tensor<{B}x{S}x{D}xf32>
}}
"""
    rng = np.random.default_rng(7)
    q, k, v = (rng.standard_normal(s).astype(np.float32)
               for s in ((B, S, D), (B, T, D), (B, T, D)))
    mask = rng.standard_normal((S, T)).astype(np.float32)
    (o,) = run_graph(ir, "f", [q, k, v, mask])
    ref, mag = reference(*(x.astype(np.float64) for x in (q, k, v)),
                         1.0 / 8.0, mask=mask.astype(np.float64))
    bound = (2 * T + (D + 2) * mag + 10) * U32 * np.abs(v).max() + \
        EPS["f32"] * np.abs(ref) + TINY["f32"]
    assert np.all(np.abs(o - ref) <= bound)


def peak_rss_mib(tmp_path, S, D, seed=1):
    """Runs causal attention over [1, S, D] in a child; returns its peak
    RSS (MiB) and the inputs and output."""
    rng = np.random.default_rng(seed)
    ins, arrays = [], []
    for i in range(3):
        p = tmp_path / f"in{S}_{i}.npy"
        a = rng.standard_normal((1, S, D)).astype(np.float32)
        np.save(p, a)
        arrays.append(a)
        ins.append(f"--input=@{p}")
    src = tmp_path / f"prog{S}.mlir"
    src.write_text(attention_ir("f32", [1, S, D], [1, S, D], [1, S, D],
                                [1, S, D], attrs=" {causal = true}"))
    out = tmp_path / f"out{S}.npy"
    code = ("import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], check=True, timeout=600)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    # In the ASan build, freed memory waits in ASan's quarantine (up to 256
    # MiB by default) instead of being reused, so peak RSS measures the
    # allocator, not the kernel: turn the quarantine off for this child
    # (ASAN_OPTIONS means nothing to a release build).
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(
        o for o in (env.get("ASAN_OPTIONS"), "quarantine_size_mb=0") if o)
    proc = subprocess.run(
        [sys.executable, "-c", code, str(BUILD / "bin" / "tessera-run"),
         str(src), "--entry=f", *ins, f"--output=@{out}"],
        capture_output=True, text=True, timeout=900, env=env)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.split()[-1]) / 1024, arrays, np.load(out)


def test_attention_memory_is_linear_in_s(tmp_path):
    """S = 8192 needs far less memory than the 256 MiB one f32 score matrix
    would take: its peak RSS exceeds that of S = 256 (the same compiler and
    JIT, whose own footprint is some 200 MiB) by about its inputs and
    output (4 x 2 MiB), not by S^2."""
    D = 64
    base, _, _ = peak_rss_mib(tmp_path, 256, D)
    peak, (q, k, v), o = peak_rss_mib(tmp_path, 8192, D)
    assert peak - base < 64, f"peak RSS {peak:.0f} MiB vs {base:.0f} MiB at S = 256"
    S = 8192
    assert o.shape == (1, S, D) and np.isfinite(o).all()
    # The last row attends to every key: check it against float64.
    q, k, v = (x[0].astype(np.float64) for x in (q, k, v))
    s = q[-1] @ k.T / np.sqrt(D)
    p = np.exp(s - s.max())
    ref = (p / p.sum()) @ v
    assert np.abs(o[0, -1] - ref).max() < 1e-4
