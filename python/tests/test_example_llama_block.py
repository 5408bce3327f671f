"""examples/ir/llama_block.mlir (one Llama decoder layer in Graph IR: rms_norm,
linear, reshape, transpose, rotary embedding from slices, neg, concat and
broadcasts, causal grouped-query attention, SwiGLU) runs on the host at
several (B, S) from one source and matches a float64 numpy evaluation of
the same layer, as written independently here.

Tolerance: the whole layer is f32 with f32 accumulation. Its error is
compared with the error of the same layer evaluated by numpy in float32
(an independent f32 implementation): ours may be at most 8 times that,
plus 64 float32 ulps of the output's scale (both are rounding error of
f32 arithmetic over the same ops; a wrong kernel is off by O(1))."""
import pathlib

import numpy as np
import pytest

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "ir" / "llama_block.mlir"
DIM, HQ, HKV, HD, FF = 64, 4, 2, 16, 128


def rms_norm(x, w, eps=1e-5):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rotate_half(t):
    return np.concatenate([-t[..., HD // 2:], t[..., :HD // 2]], axis=-1)


def attention(q, k, v):
    s_len = q.shape[2]
    rep = q.shape[1] // k.shape[1]
    k, v = np.repeat(k, rep, axis=1), np.repeat(v, rep, axis=1)
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]).astype(q.dtype)
    s = np.where(np.tril(np.ones((s_len, s_len), bool)), s, -np.inf)
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    return (p / p.sum(axis=-1, keepdims=True)) @ v


def llama_block(x, cos, sin, ln1, wq, wk, wv, wo, ln2, wg, wu, wd):
    b, s, _ = x.shape
    n1 = rms_norm(x, ln1)
    heads = lambda t, h: t.reshape(b, s, h, HD).transpose(0, 2, 1, 3)
    q, k, v = heads(n1 @ wq.T, HQ), heads(n1 @ wk.T, HKV), heads(n1 @ wv.T, HKV)
    q = q * cos + rotate_half(q) * sin
    k = k * cos + rotate_half(k) * sin
    a = attention(q, k, v).transpose(0, 2, 1, 3).reshape(b, s, DIM)
    h = x + a @ wo.T
    n2 = rms_norm(h, ln2)
    g, u = n2 @ wg.T, n2 @ wu.T
    return h + (g / (1 + np.exp(-g)) * u) @ wd.T


def inputs(b, s, rng):
    inv = 1.0 / 10000 ** (np.arange(0, HD, 2) / HD)
    ang = np.arange(s)[:, None] * inv[None, :]
    emb = np.concatenate([ang, ang], axis=-1)  # HuggingFace's half-split layout
    lin = lambda o, i: rng.standard_normal((o, i)) / np.sqrt(i)
    return [rng.standard_normal((b, s, DIM)), np.cos(emb), np.sin(emb),
            1 + 0.1 * rng.standard_normal(DIM), lin(DIM, DIM), lin(HKV * HD, DIM),
            lin(HKV * HD, DIM), lin(DIM, DIM), 1 + 0.1 * rng.standard_normal(DIM),
            lin(FF, DIM), lin(FF, DIM), lin(DIM, FF)]


@pytest.mark.parametrize("b,s", [(1, 17), (2, 33), (1, 130)])
def test_llama_block_matches_numpy(run_graph, b, s):
    args = [a.astype(np.float32) for a in inputs(b, s, np.random.default_rng(s))]
    (got,) = run_graph(EXAMPLE.read_text(), "llama_block", args)
    want = llama_block(*[a.astype(np.float64) for a in args])
    peer = llama_block(*args).astype(np.float64)  # numpy in float32
    assert got.shape == want.shape == (b, s, DIM)
    err, peer_err = np.abs(got - want).max(), np.abs(peer - want).max()
    scale = np.abs(want).max()
    assert err <= 8 * peer_err + 64 * 2.0**-24 * scale, (err, peer_err, scale)
