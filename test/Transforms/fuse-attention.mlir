// RUN: tessera-opt %s -split-input-file --tessera-fuse-attention | FileCheck %s
// RUN: tessera-opt %s -split-input-file --tessera-fuse-attention --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// The new op's location fuses those of the ops it replaces (in the first
// case the two matmuls, the transpose, the mul and the softmax).
// LOC: "tgraph.attention"{{.*}} loc(#[[L:loc[0-9]+]])
// LOC: #[[L]] = loc(fused[#loc{{[0-9]+}}, #loc{{[0-9]+}}, #loc{{[0-9]+}}, #loc{{[0-9]+}}, #loc{{[0-9]+}}])

// The pattern with a multiplied scale: one tgraph.attention, nothing left.
// CHECK-LABEL: func.func @mul_scale
// CHECK-SAME: (%[[Q:.*]]: tensor<?x128x64xf16>, %[[K:.*]]: tensor<?x256x64xf16>, %[[V:.*]]: tensor<?x256x64xf16>)
// CHECK-NEXT: %[[O:.*]] = "tgraph.attention"(%[[Q]], %[[K]], %[[V]]) {scale = 1.250000e-01 : f64} : (tensor<?x128x64xf16>, tensor<?x256x64xf16>, tensor<?x256x64xf16>) -> tensor<?x128x64xf16>
// CHECK-NEXT: return %[[O]]
func.func @mul_scale(%q: tensor<?x128x64xf16>, %k: tensor<?x256x64xf16>, %v: tensor<?x256x64xf16>) -> tensor<?x128x64xf16> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 0, 2, 1>} : (tensor<?x256x64xf16>) -> tensor<?x64x256xf16>
  %s = "tgraph.batch_matmul"(%q, %kt) : (tensor<?x128x64xf16>, tensor<?x64x256xf16>) -> tensor<?x128x256xf16>
  %c = "tgraph.constant"() {value = dense<0.125> : tensor<f16>} : () -> tensor<f16>
  %cb = "tgraph.broadcast"(%c) {broadcast_dimensions = array<i64>} : (tensor<f16>) -> tensor<?x128x256xf16>
  %ss = "tgraph.mul"(%s, %cb) : (tensor<?x128x256xf16>, tensor<?x128x256xf16>) -> tensor<?x128x256xf16>
  %p = "tgraph.softmax"(%ss) : (tensor<?x128x256xf16>) -> tensor<?x128x256xf16>
  %o = "tgraph.batch_matmul"(%p, %v) : (tensor<?x128x256xf16>, tensor<?x256x64xf16>) -> tensor<?x128x64xf16>
  return %o : tensor<?x128x64xf16>
}

// -----

// Divided by sqrt(D), an additive [S, T] mask; rank 2 (matmul).
// CHECK-LABEL: func.func @div_scale_mask
// CHECK-NEXT: "tgraph.attention"(%arg0, %arg1, %arg2, %arg3) {scale = 1.250000e-01 : f64} : (tensor<16x64xf32>, tensor<40x64xf32>, tensor<40x32xf32>, tensor<16x40xf32>) -> tensor<16x32xf32>
// CHECK-NEXT: return
func.func @div_scale_mask(%q: tensor<16x64xf32>, %k: tensor<40x64xf32>, %v: tensor<40x32xf32>, %m: tensor<16x40xf32>) -> tensor<16x32xf32> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 1, 0>} : (tensor<40x64xf32>) -> tensor<64x40xf32>
  %s = "tgraph.matmul"(%q, %kt) : (tensor<16x64xf32>, tensor<64x40xf32>) -> tensor<16x40xf32>
  %c = "tgraph.constant"() {value = dense<8.0> : tensor<16x40xf32>} : () -> tensor<16x40xf32>
  %ss = "tgraph.div"(%s, %c) : (tensor<16x40xf32>, tensor<16x40xf32>) -> tensor<16x40xf32>
  %sm = "tgraph.add"(%ss, %m) : (tensor<16x40xf32>, tensor<16x40xf32>) -> tensor<16x40xf32>
  %p = "tgraph.softmax"(%sm) {dim = 1 : i64} : (tensor<16x40xf32>) -> tensor<16x40xf32>
  %o = "tgraph.matmul"(%p, %v) : (tensor<16x40xf32>, tensor<40x32xf32>) -> tensor<16x32xf32>
  return %o : tensor<16x32xf32>
}

// -----

// No scale (1), a mask broadcast over the batch, an f32 result of bf16
// inputs; the new op's location fuses the replaced ones.
// CHECK-LABEL: func.func @broadcast_mask
// CHECK-NEXT: "tgraph.attention"(%arg0, %arg1, %arg2, %arg3) {scale = 1.000000e+00 : f64} : (tensor<2x8x64xbf16>, tensor<2x8x64xbf16>, tensor<2x8x64xbf16>, tensor<8x8xbf16>) -> tensor<2x8x64xf32>
// CHECK-NEXT: return
func.func @broadcast_mask(%q: tensor<2x8x64xbf16>, %k: tensor<2x8x64xbf16>, %v: tensor<2x8x64xbf16>, %m: tensor<8x8xbf16>) -> tensor<2x8x64xf32> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 0, 2, 1>} : (tensor<2x8x64xbf16>) -> tensor<2x64x8xbf16>
  %s = "tgraph.batch_matmul"(%q, %kt) : (tensor<2x8x64xbf16>, tensor<2x64x8xbf16>) -> tensor<2x8x8xbf16>
  %mb = "tgraph.broadcast"(%m) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<8x8xbf16>) -> tensor<2x8x8xbf16>
  %sm = "tgraph.add"(%mb, %s) : (tensor<2x8x8xbf16>, tensor<2x8x8xbf16>) -> tensor<2x8x8xbf16>
  %p = "tgraph.softmax"(%sm) : (tensor<2x8x8xbf16>) -> tensor<2x8x8xbf16>
  %o = "tgraph.batch_matmul"(%p, %v) : (tensor<2x8x8xbf16>, tensor<2x8x64xbf16>) -> tensor<2x8x64xf32>
  return %o : tensor<2x8x64xf32>
}

// -----

// Near misses, left as they are.

// The scores are read elsewhere.
// CHECK-LABEL: func.func @scores_escape
// CHECK-NOT: tgraph.attention
// CHECK: tgraph.softmax
func.func @scores_escape(%q: tensor<16x64xf32>, %k: tensor<40x64xf32>, %v: tensor<40x64xf32>) -> (tensor<16x64xf32>, tensor<16x40xf32>) {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 1, 0>} : (tensor<40x64xf32>) -> tensor<64x40xf32>
  %s = "tgraph.matmul"(%q, %kt) : (tensor<16x64xf32>, tensor<64x40xf32>) -> tensor<16x40xf32>
  %p = "tgraph.softmax"(%s) : (tensor<16x40xf32>) -> tensor<16x40xf32>
  %o = "tgraph.matmul"(%p, %v) : (tensor<16x40xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
  return %o, %s : tensor<16x64xf32>, tensor<16x40xf32>
}

// -----

// The probabilities are read elsewhere.
// CHECK-LABEL: func.func @probs_escape
// CHECK-NOT: tgraph.attention
func.func @probs_escape(%q: tensor<16x64xf32>, %k: tensor<40x64xf32>, %v: tensor<40x64xf32>) -> (tensor<16x64xf32>, tensor<16x40xf32>) {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 1, 0>} : (tensor<40x64xf32>) -> tensor<64x40xf32>
  %s = "tgraph.matmul"(%q, %kt) : (tensor<16x64xf32>, tensor<64x40xf32>) -> tensor<16x40xf32>
  %p = "tgraph.softmax"(%s) : (tensor<16x40xf32>) -> tensor<16x40xf32>
  %o = "tgraph.matmul"(%p, %v) : (tensor<16x40xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
  return %o, %p : tensor<16x64xf32>, tensor<16x40xf32>
}

// -----

// Softmax over the queries, not the keys.
// CHECK-LABEL: func.func @softmax_dim0
// CHECK-NOT: tgraph.attention
func.func @softmax_dim0(%q: tensor<16x64xf32>, %k: tensor<40x64xf32>, %v: tensor<40x64xf32>) -> tensor<16x64xf32> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 1, 0>} : (tensor<40x64xf32>) -> tensor<64x40xf32>
  %s = "tgraph.matmul"(%q, %kt) : (tensor<16x64xf32>, tensor<64x40xf32>) -> tensor<16x40xf32>
  %p = "tgraph.softmax"(%s) {dim = 0 : i64} : (tensor<16x40xf32>) -> tensor<16x40xf32>
  %o = "tgraph.matmul"(%p, %v) : (tensor<16x40xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
  return %o : tensor<16x64xf32>
}

// -----

// k is not transposed (q k with k already [D, T]).
// CHECK-LABEL: func.func @no_transpose
// CHECK-NOT: tgraph.attention
func.func @no_transpose(%q: tensor<16x64xf32>, %kt: tensor<64x40xf32>, %v: tensor<40x64xf32>) -> tensor<16x64xf32> {
  %s = "tgraph.matmul"(%q, %kt) : (tensor<16x64xf32>, tensor<64x40xf32>) -> tensor<16x40xf32>
  %p = "tgraph.softmax"(%s) : (tensor<16x40xf32>) -> tensor<16x40xf32>
  %o = "tgraph.matmul"(%p, %v) : (tensor<16x40xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
  return %o : tensor<16x64xf32>
}

// -----

// The transpose swaps the batch dim, not the last two.
// CHECK-LABEL: func.func @wrong_permutation
// CHECK-NOT: tgraph.attention
func.func @wrong_permutation(%q: tensor<8x8x8xf32>, %k: tensor<8x8x8xf32>, %v: tensor<8x8x8xf32>) -> tensor<8x8x8xf32> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 1, 0, 2>} : (tensor<8x8x8xf32>) -> tensor<8x8x8xf32>
  %s = "tgraph.batch_matmul"(%q, %kt) : (tensor<8x8x8xf32>, tensor<8x8x8xf32>) -> tensor<8x8x8xf32>
  %p = "tgraph.softmax"(%s) : (tensor<8x8x8xf32>) -> tensor<8x8x8xf32>
  %o = "tgraph.batch_matmul"(%p, %v) : (tensor<8x8x8xf32>, tensor<8x8x8xf32>) -> tensor<8x8x8xf32>
  return %o : tensor<8x8x8xf32>
}

// -----

// The scale is a tensor, not a splat constant.
// CHECK-LABEL: func.func @tensor_scale
// CHECK-NOT: tgraph.attention
func.func @tensor_scale(%q: tensor<16x64xf32>, %k: tensor<40x64xf32>, %v: tensor<40x64xf32>, %c: tensor<16x40xf32>) -> tensor<16x64xf32> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 1, 0>} : (tensor<40x64xf32>) -> tensor<64x40xf32>
  %s = "tgraph.matmul"(%q, %kt) : (tensor<16x64xf32>, tensor<64x40xf32>) -> tensor<16x40xf32>
  %ss = "tgraph.mul"(%s, %c) : (tensor<16x40xf32>, tensor<16x40xf32>) -> tensor<16x40xf32>
  %p = "tgraph.softmax"(%ss) : (tensor<16x40xf32>) -> tensor<16x40xf32>
  %o = "tgraph.matmul"(%p, %v) : (tensor<16x40xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
  return %o : tensor<16x64xf32>
}

// -----

// A negative scale (the flash kernel's scale must be positive).
// CHECK-LABEL: func.func @negative_scale
// CHECK-NOT: tgraph.attention
func.func @negative_scale(%q: tensor<16x64xf32>, %k: tensor<40x64xf32>, %v: tensor<40x64xf32>) -> tensor<16x64xf32> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 1, 0>} : (tensor<40x64xf32>) -> tensor<64x40xf32>
  %s = "tgraph.matmul"(%q, %kt) : (tensor<16x64xf32>, tensor<64x40xf32>) -> tensor<16x40xf32>
  %c = "tgraph.constant"() {value = dense<-0.5> : tensor<16x40xf32>} : () -> tensor<16x40xf32>
  %ss = "tgraph.mul"(%s, %c) : (tensor<16x40xf32>, tensor<16x40xf32>) -> tensor<16x40xf32>
  %p = "tgraph.softmax"(%ss) : (tensor<16x40xf32>) -> tensor<16x40xf32>
  %o = "tgraph.matmul"(%p, %v) : (tensor<16x40xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
  return %o : tensor<16x64xf32>
}

// -----

// A rank-3 mask that is not a broadcast of an [S, T] one.
// CHECK-LABEL: func.func @batched_mask
// CHECK-NOT: tgraph.attention
func.func @batched_mask(%q: tensor<2x8x64xf32>, %k: tensor<2x8x64xf32>, %v: tensor<2x8x64xf32>, %m: tensor<2x8x8xf32>) -> tensor<2x8x64xf32> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 0, 2, 1>} : (tensor<2x8x64xf32>) -> tensor<2x64x8xf32>
  %s = "tgraph.batch_matmul"(%q, %kt) : (tensor<2x8x64xf32>, tensor<2x64x8xf32>) -> tensor<2x8x8xf32>
  %sm = "tgraph.add"(%s, %m) : (tensor<2x8x8xf32>, tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %p = "tgraph.softmax"(%sm) : (tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %o = "tgraph.batch_matmul"(%p, %v) : (tensor<2x8x8xf32>, tensor<2x8x64xf32>) -> tensor<2x8x64xf32>
  return %o : tensor<2x8x64xf32>
}

// -----

// v's element type differs from q's.
// CHECK-LABEL: func.func @mixed_types
// CHECK-NOT: tgraph.attention
func.func @mixed_types(%q: tensor<16x64xf16>, %k: tensor<40x64xf16>, %v: tensor<40x64xf32>) -> tensor<16x64xf32> {
  %kt = "tgraph.transpose"(%k) {permutation = array<i64: 1, 0>} : (tensor<40x64xf16>) -> tensor<64x40xf16>
  %s = "tgraph.matmul"(%q, %kt) : (tensor<16x64xf16>, tensor<64x40xf16>) -> tensor<16x40xf32>
  %p = "tgraph.softmax"(%s) : (tensor<16x40xf32>) -> tensor<16x40xf32>
  %o = "tgraph.matmul"(%p, %v) : (tensor<16x40xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
  return %o : tensor<16x64xf32>
}
