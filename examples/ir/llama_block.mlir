// One Llama decoder layer (HuggingFace's LlamaDecoderLayer) in Graph IR,
// f32, with a dynamic batch B and sequence S and small static sizes: model
// dim 64, 4 query heads and 2 key/value heads of 16 (grouped-query
// attention), feed-forward 128.
//
//   h = x + o_proj(attention(rope(q_proj(n1)), rope(k_proj(n1)), v_proj(n1)))
//   y = h + down_proj(swiglu(gate_proj(n2), up_proj(n2)))
//   n1 = rms_norm(x), n2 = rms_norm(h)
//
// As in HuggingFace, the rotary tables cos, sin [S, 16] are inputs (made
// once per sequence and shared by every layer); rope(t) = t * cos +
// rotate_half(t) * sin, rotate_half(t) = concat(-t[..., 8:], t[..., :8]).
// Weights are nn.Linear's [out, in]. Run and checked against float64
// numpy by python/tests/test_example_llama_block.py.
func.func @llama_block(%x: tensor<?x?x64xf32>, %cos: tensor<?x16xf32>, %sin: tensor<?x16xf32>,
                       %ln1: tensor<64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<32x64xf32>,
                       %wv: tensor<32x64xf32>, %wo: tensor<64x64xf32>, %ln2: tensor<64xf32>,
                       %wg: tensor<128x64xf32>, %wu: tensor<128x64xf32>, %wd: tensor<64x128xf32>)
    -> tensor<?x?x64xf32> {
  %n1 = "tgraph.rms_norm"(%x, %ln1) {epsilon = 1.0e-5 : f64} : (tensor<?x?x64xf32>, tensor<64xf32>) -> tensor<?x?x64xf32>
  %q0 = "tgraph.linear"(%n1, %wq) : (tensor<?x?x64xf32>, tensor<64x64xf32>) -> tensor<?x?x64xf32>
  %k0 = "tgraph.linear"(%n1, %wk) : (tensor<?x?x64xf32>, tensor<32x64xf32>) -> tensor<?x?x32xf32>
  %v0 = "tgraph.linear"(%n1, %wv) : (tensor<?x?x64xf32>, tensor<32x64xf32>) -> tensor<?x?x32xf32>
  // [B, S, heads x 16] -> [B, heads, S, 16]
  %q1 = "tgraph.reshape"(%q0) : (tensor<?x?x64xf32>) -> tensor<?x?x4x16xf32>
  %k1 = "tgraph.reshape"(%k0) : (tensor<?x?x32xf32>) -> tensor<?x?x2x16xf32>
  %v1 = "tgraph.reshape"(%v0) : (tensor<?x?x32xf32>) -> tensor<?x?x2x16xf32>
  %q = "tgraph.transpose"(%q1) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<?x?x4x16xf32>) -> tensor<?x4x?x16xf32>
  %k = "tgraph.transpose"(%k1) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<?x?x2x16xf32>) -> tensor<?x2x?x16xf32>
  %v = "tgraph.transpose"(%v1) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<?x?x2x16xf32>) -> tensor<?x2x?x16xf32>
  // rope(q): the tables broadcast over batch and heads
  %cq = "tgraph.broadcast"(%cos) {broadcast_dimensions = array<i64: 2, 3>} : (tensor<?x16xf32>) -> tensor<?x4x?x16xf32>
  %sq = "tgraph.broadcast"(%sin) {broadcast_dimensions = array<i64: 2, 3>} : (tensor<?x16xf32>) -> tensor<?x4x?x16xf32>
  %qa = "tgraph.slice"(%q) {offsets = array<i64: 0, 0, 0, 0>} : (tensor<?x4x?x16xf32>) -> tensor<?x4x?x8xf32>
  %qb = "tgraph.slice"(%q) {offsets = array<i64: 0, 0, 0, 8>} : (tensor<?x4x?x16xf32>) -> tensor<?x4x?x8xf32>
  %qbn = "tgraph.neg"(%qb) : (tensor<?x4x?x8xf32>) -> tensor<?x4x?x8xf32>
  %qr = "tgraph.concat"(%qbn, %qa) {dim = -1 : i64} : (tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>) -> tensor<?x4x?x16xf32>
  %qc = "tgraph.mul"(%q, %cq) : (tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32>
  %qs = "tgraph.mul"(%qr, %sq) : (tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32>
  %qe = "tgraph.add"(%qc, %qs) : (tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32>
  // rope(k)
  %ck = "tgraph.broadcast"(%cos) {broadcast_dimensions = array<i64: 2, 3>} : (tensor<?x16xf32>) -> tensor<?x2x?x16xf32>
  %sk = "tgraph.broadcast"(%sin) {broadcast_dimensions = array<i64: 2, 3>} : (tensor<?x16xf32>) -> tensor<?x2x?x16xf32>
  %ka = "tgraph.slice"(%k) {offsets = array<i64: 0, 0, 0, 0>} : (tensor<?x2x?x16xf32>) -> tensor<?x2x?x8xf32>
  %kb = "tgraph.slice"(%k) {offsets = array<i64: 0, 0, 0, 8>} : (tensor<?x2x?x16xf32>) -> tensor<?x2x?x8xf32>
  %kbn = "tgraph.neg"(%kb) : (tensor<?x2x?x8xf32>) -> tensor<?x2x?x8xf32>
  %kr = "tgraph.concat"(%kbn, %ka) {dim = -1 : i64} : (tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>) -> tensor<?x2x?x16xf32>
  %kc = "tgraph.mul"(%k, %ck) : (tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32>
  %ks = "tgraph.mul"(%kr, %sk) : (tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32>
  %ke = "tgraph.add"(%kc, %ks) : (tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32>
  // causal grouped-query attention, then back to [B, S, 64]
  %a = "tgraph.attention"(%qe, %ke, %v) {causal = true} : (tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>) -> tensor<?x4x?x16xf32>
  %at = "tgraph.transpose"(%a) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<?x4x?x16xf32>) -> tensor<?x?x4x16xf32>
  %ar = "tgraph.reshape"(%at) : (tensor<?x?x4x16xf32>) -> tensor<?x?x64xf32>
  %o = "tgraph.linear"(%ar, %wo) : (tensor<?x?x64xf32>, tensor<64x64xf32>) -> tensor<?x?x64xf32>
  %h = "tgraph.add"(%x, %o) : (tensor<?x?x64xf32>, tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
  // SwiGLU feed-forward
  %n2 = "tgraph.rms_norm"(%h, %ln2) {epsilon = 1.0e-5 : f64} : (tensor<?x?x64xf32>, tensor<64xf32>) -> tensor<?x?x64xf32>
  %g = "tgraph.linear"(%n2, %wg) : (tensor<?x?x64xf32>, tensor<128x64xf32>) -> tensor<?x?x128xf32>
  %u = "tgraph.linear"(%n2, %wu) : (tensor<?x?x64xf32>, tensor<128x64xf32>) -> tensor<?x?x128xf32>
  %f = "tgraph.swiglu"(%g, %u) : (tensor<?x?x128xf32>, tensor<?x?x128xf32>) -> tensor<?x?x128xf32>
  %d = "tgraph.linear"(%f, %wd) : (tensor<?x?x128xf32>, tensor<64x128xf32>) -> tensor<?x?x64xf32>
  %y = "tgraph.add"(%h, %d) : (tensor<?x?x64xf32>, tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
  return %y : tensor<?x?x64xf32>
}
