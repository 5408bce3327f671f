// RUN: tessera-opt %s -split-input-file | tessera-opt -split-input-file | FileCheck %s

// Every tgraph op in the generic syntax, with and without its optional
// attributes, static and dynamic dims; the output must parse and verify again.

// CHECK-LABEL: func.func @matmul_no_attrs
// CHECK: "tgraph.matmul"(%{{.*}}, %{{.*}}) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
func.func @matmul_no_attrs(%a: tensor<?x?xf16>, %b: tensor<?x?xf16>) -> tensor<?x?xf32> {
  %c = "tgraph.matmul"(%a, %b) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_precision
// CHECK: "tgraph.matmul"(%{{.*}}, %{{.*}}) {precision = {accumulate = f32, compute = f32, storage = bf16}} : (tensor<128x?xbf16>, tensor<64x256xbf16>) -> tensor<?x256xbf16>
func.func @matmul_precision(%a: tensor<128x?xbf16>, %b: tensor<64x256xbf16>) -> tensor<?x256xbf16> {
  %c = "tgraph.matmul"(%a, %b) {precision = {storage = bf16, compute = f32, accumulate = f32}} : (tensor<128x?xbf16>, tensor<64x256xbf16>) -> tensor<?x256xbf16>
  return %c : tensor<?x256xbf16>
}

// -----

// CHECK-LABEL: func.func @batch_matmul
// CHECK: "tgraph.batch_matmul"(%{{.*}}, %{{.*}}) : (tensor<?x128x64xf16>, tensor<8x64x?xf16>) -> tensor<8x128x?xf32>
func.func @batch_matmul(%a: tensor<?x128x64xf16>, %b: tensor<8x64x?xf16>) -> tensor<8x128x?xf32> {
  %c = "tgraph.batch_matmul"(%a, %b) : (tensor<?x128x64xf16>, tensor<8x64x?xf16>) -> tensor<8x128x?xf32>
  return %c : tensor<8x128x?xf32>
}

// -----

// CHECK-LABEL: func.func @binary
// CHECK: "tgraph.add"(%{{.*}}, %{{.*}}) : (tensor<?x4xf32>, tensor<3x?xf32>) -> tensor<3x4xf32>
// CHECK: "tgraph.sub"(%{{.*}}, %{{.*}}) : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK: "tgraph.mul"(%{{.*}}, %{{.*}}) {precision = {compute = f32}} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK: "tgraph.div"(%{{.*}}, %{{.*}}) : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<?x?xf32>
// CHECK: "tgraph.max"(%{{.*}}, %{{.*}}) : (tensor<f64>, tensor<f64>) -> tensor<f64>
func.func @binary(%a: tensor<?x4xf32>, %b: tensor<3x?xf32>, %s: tensor<f64>) -> tensor<?x?xf32> {
  %0 = "tgraph.add"(%a, %b) : (tensor<?x4xf32>, tensor<3x?xf32>) -> tensor<3x4xf32>
  %1 = "tgraph.sub"(%0, %0) : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %2 = "tgraph.mul"(%1, %0) {precision = {compute = f32}} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %3 = "tgraph.div"(%2, %1) : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<?x?xf32>
  %4 = "tgraph.max"(%s, %s) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %3 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @unary
// CHECK: "tgraph.exp"(%{{.*}}) : (tensor<?x16xf16>) -> tensor<?x16xf16>
// CHECK: "tgraph.tanh"(%{{.*}}) : (tensor<?x16xf16>) -> tensor<8x16xf16>
// CHECK: "tgraph.relu"(%{{.*}}) : (tensor<8x16xf16>) -> tensor<8x16xf16>
// CHECK: "tgraph.gelu"(%{{.*}}) : (tensor<8x16xf16>) -> tensor<8x16xf16>
// CHECK: "tgraph.silu"(%{{.*}}) {precision = {accumulate = f32, compute = f32, storage = f16}} : (tensor<8x16xf16>) -> tensor<8x16xf16>
func.func @unary(%x: tensor<?x16xf16>) -> tensor<8x16xf16> {
  %0 = "tgraph.exp"(%x) : (tensor<?x16xf16>) -> tensor<?x16xf16>
  %1 = "tgraph.tanh"(%0) : (tensor<?x16xf16>) -> tensor<8x16xf16>
  %2 = "tgraph.relu"(%1) : (tensor<8x16xf16>) -> tensor<8x16xf16>
  %3 = "tgraph.gelu"(%2) : (tensor<8x16xf16>) -> tensor<8x16xf16>
  %4 = "tgraph.silu"(%3) {precision = {storage = f16, compute = f32, accumulate = f32}} : (tensor<8x16xf16>) -> tensor<8x16xf16>
  return %4 : tensor<8x16xf16>
}

// -----

// CHECK-LABEL: func.func @llama_pieces
// CHECK: "tgraph.swiglu"(%{{.*}}, %{{.*}}) : (tensor<?x64xbf16>, tensor<?x64xbf16>) -> tensor<?x64xbf16>
// CHECK: "tgraph.log_softmax"(%{{.*}}) {dim = -1 : i64} : (tensor<?x64xbf16>) -> tensor<?x64xbf16>
func.func @llama_pieces(%g: tensor<?x64xbf16>, %u: tensor<?x64xbf16>) -> tensor<?x64xbf16> {
  %0 = "tgraph.swiglu"(%g, %u) : (tensor<?x64xbf16>, tensor<?x64xbf16>) -> tensor<?x64xbf16>
  %1 = "tgraph.log_softmax"(%0) {dim = -1 : i64} : (tensor<?x64xbf16>) -> tensor<?x64xbf16>
  return %1 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @var
// CHECK: "tgraph.var"(%{{.*}}) {dims = array<i64: -1>} : (tensor<?x?x64xf32>) -> tensor<?x?xf32>
// CHECK: "tgraph.var"(%{{.*}}) {correction = 0 : i64, dims = array<i64: 0, 1>, keep_dims = true} : (tensor<?x?x64xf32>) -> tensor<1x1x64xf32>
func.func @var(%x: tensor<?x?x64xf32>) -> tensor<1x1x64xf32> {
  %0 = "tgraph.var"(%x) {dims = array<i64: -1>} : (tensor<?x?x64xf32>) -> tensor<?x?xf32>
  %1 = "tgraph.var"(%x) {dims = array<i64: 0, 1>, correction = 0 : i64, keep_dims = true} : (tensor<?x?x64xf32>) -> tensor<1x1x64xf32>
  return %1 : tensor<1x1x64xf32>
}

// -----

// CHECK-LABEL: func.func @math
// CHECK: "tgraph.neg"(%{{.*}}) : (tensor<?x16xf32>) -> tensor<?x16xf32>
// CHECK: "tgraph.abs"(%{{.*}}) : (tensor<?x16xf32>) -> tensor<?x16xf32>
// CHECK: "tgraph.sqrt"(%{{.*}}) : (tensor<?x16xf32>) -> tensor<?x16xf32>
// CHECK: "tgraph.rsqrt"(%{{.*}}) {precision = {compute = f32}} : (tensor<?x16xf32>) -> tensor<?x16xf32>
// CHECK: "tgraph.log"(%{{.*}}) : (tensor<?x16xf32>) -> tensor<4x16xf32>
// CHECK: "tgraph.sigmoid"(%{{.*}}) : (tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK: "tgraph.pow"(%{{.*}}, %{{.*}}) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK: "tgraph.min"(%{{.*}}, %{{.*}}) : (tensor<4x16xf32>, tensor<?x16xf32>) -> tensor<4x16xf32>
// CHECK: "tgraph.clamp"(%{{.*}}) {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : (tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK: "tgraph.clamp"(%{{.*}}) {min = -1.000000e+00 : f64} : (tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK: "tgraph.clamp"(%{{.*}}) {max = 1.000000e+00 : f64} : (tensor<4x16xf32>) -> tensor<4x16xf32>
func.func @math(%x: tensor<?x16xf32>) -> tensor<4x16xf32> {
  %0 = "tgraph.neg"(%x) : (tensor<?x16xf32>) -> tensor<?x16xf32>
  %1 = "tgraph.abs"(%0) : (tensor<?x16xf32>) -> tensor<?x16xf32>
  %2 = "tgraph.sqrt"(%1) : (tensor<?x16xf32>) -> tensor<?x16xf32>
  %3 = "tgraph.rsqrt"(%2) {precision = {compute = f32}} : (tensor<?x16xf32>) -> tensor<?x16xf32>
  %4 = "tgraph.log"(%3) : (tensor<?x16xf32>) -> tensor<4x16xf32>
  %5 = "tgraph.sigmoid"(%4) : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %6 = "tgraph.pow"(%5, %4) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  %7 = "tgraph.min"(%6, %x) : (tensor<4x16xf32>, tensor<?x16xf32>) -> tensor<4x16xf32>
  %8 = "tgraph.clamp"(%7) {min = 0.0 : f32, max = 6.0 : f32} : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %9 = "tgraph.clamp"(%8) {min = -1.0 : f64} : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %10 = "tgraph.clamp"(%9) {max = 1.0 : f64} : (tensor<4x16xf32>) -> tensor<4x16xf32>
  return %10 : tensor<4x16xf32>
}

// -----

// CHECK-LABEL: func.func @gelu_approximate
// CHECK: "tgraph.gelu"(%{{.*}}) {approximate = "tanh"} : (tensor<?xbf16>) -> tensor<?xbf16>
// CHECK: "tgraph.gelu"(%{{.*}}) {approximate = "none"} : (tensor<?xbf16>) -> tensor<?xbf16>
func.func @gelu_approximate(%x: tensor<?xbf16>) -> tensor<?xbf16> {
  %0 = "tgraph.gelu"(%x) {approximate = "tanh"} : (tensor<?xbf16>) -> tensor<?xbf16>
  %1 = "tgraph.gelu"(%0) {approximate = "none"} : (tensor<?xbf16>) -> tensor<?xbf16>
  return %1 : tensor<?xbf16>
}

// -----

// CHECK-LABEL: func.func @softmax
// CHECK: "tgraph.softmax"(%{{.*}}) : (tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
// CHECK: "tgraph.softmax"(%{{.*}}) {dim = 1 : i64} : (tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
// CHECK: "tgraph.softmax"(%{{.*}}) {dim = -3 : i64} : (tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
func.func @softmax(%x: tensor<?x?x64xf32>) -> tensor<?x?x64xf32> {
  %0 = "tgraph.softmax"(%x) : (tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
  %1 = "tgraph.softmax"(%0) {dim = 1 : i64} : (tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
  %2 = "tgraph.softmax"(%1) {dim = -3 : i64} : (tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
  return %2 : tensor<?x?x64xf32>
}

// -----

// CHECK-LABEL: func.func @reduce
// CHECK: "tgraph.reduce"(%{{.*}}) {dims = array<i64: 2>, kind = "sum"} : (tensor<?x8x16xf32>) -> tensor<?x8xf32>
// CHECK: "tgraph.reduce"(%{{.*}}) {dims = array<i64: -1, 0>, kind = "max"} : (tensor<?x8x16xf32>) -> tensor<8xf32>
// CHECK: "tgraph.reduce"(%{{.*}}) {dims = array<i64: 1>, keep_dims = true, kind = "mean"} : (tensor<?x8x16xf32>) -> tensor<?x1x16xf32>
// CHECK: "tgraph.reduce"(%{{.*}}) {dims = array<i64: 0, 1, 2>, keep_dims = false, kind = "sum"} : (tensor<?x8x16xf32>) -> tensor<f32>
func.func @reduce(%x: tensor<?x8x16xf32>) -> tensor<?x8xf32> {
  %0 = "tgraph.reduce"(%x) {kind = "sum", dims = array<i64: 2>} : (tensor<?x8x16xf32>) -> tensor<?x8xf32>
  %1 = "tgraph.reduce"(%x) {kind = "max", dims = array<i64: -1, 0>} : (tensor<?x8x16xf32>) -> tensor<8xf32>
  %2 = "tgraph.reduce"(%x) {kind = "mean", dims = array<i64: 1>, keep_dims = true} : (tensor<?x8x16xf32>) -> tensor<?x1x16xf32>
  %3 = "tgraph.reduce"(%x) {kind = "sum", dims = array<i64: 0, 1, 2>, keep_dims = false} : (tensor<?x8x16xf32>) -> tensor<f32>
  return %0 : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: "tgraph.transpose"(%{{.*}}) {permutation = array<i64: 0, 2, 1>} : (tensor<?x8x16xf16>) -> tensor<?x16x8xf16>
// CHECK: "tgraph.transpose"(%{{.*}}) {permutation = array<i64>} : (tensor<i32>) -> tensor<i32>
func.func @transpose(%x: tensor<?x8x16xf16>, %s: tensor<i32>) -> tensor<?x16x8xf16> {
  %0 = "tgraph.transpose"(%x) {permutation = array<i64: 0, 2, 1>} : (tensor<?x8x16xf16>) -> tensor<?x16x8xf16>
  %1 = "tgraph.transpose"(%s) {permutation = array<i64>} : (tensor<i32>) -> tensor<i32>
  return %0 : tensor<?x16x8xf16>
}

// -----

// CHECK-LABEL: func.func @linear
// CHECK: "tgraph.linear"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<?x?x64xbf16>, tensor<32x64xbf16>, tensor<32xbf16>) -> tensor<?x?x32xbf16>
// CHECK: "tgraph.linear"(%{{.*}}, %{{.*}}) {precision = {accumulate = f32, compute = f32, storage = bf16}} : (tensor<?x?x64xbf16>, tensor<32x64xbf16>) -> tensor<?x?x32xf32>
func.func @linear(%x: tensor<?x?x64xbf16>, %w: tensor<32x64xbf16>, %b: tensor<32xbf16>) -> tensor<?x?x32xbf16> {
  %0 = "tgraph.linear"(%x, %w, %b) : (tensor<?x?x64xbf16>, tensor<32x64xbf16>, tensor<32xbf16>) -> tensor<?x?x32xbf16>
  %1 = "tgraph.linear"(%x, %w) {precision = {storage = bf16, compute = f32, accumulate = f32}} : (tensor<?x?x64xbf16>, tensor<32x64xbf16>) -> tensor<?x?x32xf32>
  return %0 : tensor<?x?x32xbf16>
}

// -----

// CHECK-LABEL: func.func @slice
// CHECK: "tgraph.slice"(%{{.*}}) {offsets = array<i64: 0, 8>} : (tensor<?x16xf32>) -> tensor<?x8xf32>
// CHECK: "tgraph.slice"(%{{.*}}) {offsets = array<i64: 1, 0>, strides = array<i64: 2, 1>} : (tensor<7x16xbf16>) -> tensor<3x16xbf16>
// CHECK: "tgraph.slice"(%{{.*}}) {offsets = array<i64: 4>} : (tensor<4xf32>) -> tensor<0xf32>
func.func @slice(%x: tensor<?x16xf32>, %y: tensor<7x16xbf16>, %z: tensor<4xf32>) -> tensor<?x8xf32> {
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 8>} : (tensor<?x16xf32>) -> tensor<?x8xf32>
  %1 = "tgraph.slice"(%y) {offsets = array<i64: 1, 0>, strides = array<i64: 2, 1>} : (tensor<7x16xbf16>) -> tensor<3x16xbf16>
  %2 = "tgraph.slice"(%z) {offsets = array<i64: 4>} : (tensor<4xf32>) -> tensor<0xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK: "tgraph.concat"(%{{.*}}, %{{.*}}) {dim = -1 : i64} : (tensor<?x8xf32>, tensor<?x24xf32>) -> tensor<?x32xf32>
// CHECK: "tgraph.concat"(%{{.*}}, %{{.*}}) {dim = 0 : i64} : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
func.func @concat(%x: tensor<?x8xf32>, %y: tensor<?x24xf32>) -> tensor<?x32xf32> {
  %0 = "tgraph.concat"(%x, %y) {dim = -1 : i64} : (tensor<?x8xf32>, tensor<?x24xf32>) -> tensor<?x32xf32>
  %1 = "tgraph.concat"(%x, %x) {dim = 0 : i64} : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x32xf32>
}

// -----

// CHECK-LABEL: func.func @pad
// CHECK: "tgraph.pad"(%{{.*}}) {high = array<i64: 0, 3>, low = array<i64: 1, 0>} : (tensor<?x8xf32>) -> tensor<?x11xf32>
// CHECK: "tgraph.pad"(%{{.*}}) {high = array<i64: 2>, low = array<i64: 2>, value = -1.000000e+00 : f64} : (tensor<4xbf16>) -> tensor<8xbf16>
func.func @pad(%x: tensor<?x8xf32>, %y: tensor<4xbf16>) -> tensor<?x11xf32> {
  %0 = "tgraph.pad"(%x) {low = array<i64: 1, 0>, high = array<i64: 0, 3>} : (tensor<?x8xf32>) -> tensor<?x11xf32>
  %1 = "tgraph.pad"(%y) {low = array<i64: 2>, high = array<i64: 2>, value = -1.0 : f64} : (tensor<4xbf16>) -> tensor<8xbf16>
  return %0 : tensor<?x11xf32>
}

// -----

// CHECK-LABEL: func.func @split
// CHECK: %{{.*}}:3 = "tgraph.split"(%{{.*}}) {dim = -1 : i64} : (tensor<?x?x192xbf16>) -> (tensor<?x?x64xbf16>, tensor<?x?x64xbf16>, tensor<?x?x64xbf16>)
// CHECK: "tgraph.split"(%{{.*}}) {dim = 0 : i64} : (tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
func.func @split(%x: tensor<?x?x192xbf16>, %y: tensor<?x8xf32>) -> tensor<?x?x64xbf16> {
  %0:3 = "tgraph.split"(%x) {dim = -1 : i64} : (tensor<?x?x192xbf16>) -> (tensor<?x?x64xbf16>, tensor<?x?x64xbf16>, tensor<?x?x64xbf16>)
  %1:2 = "tgraph.split"(%y) {dim = 0 : i64} : (tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return %0#1 : tensor<?x?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @iota
// CHECK: "tgraph.iota"() {dim = 0 : i64} : () -> tensor<16xi32>
// CHECK: "tgraph.iota"(%{{.*}}) {dim = -1 : i64} : (tensor<?x?xbf16>) -> tensor<?x?xf32>
func.func @iota(%x: tensor<?x?xbf16>) -> tensor<?x?xf32> {
  %0 = "tgraph.iota"() {dim = 0 : i64} : () -> tensor<16xi32>
  %1 = "tgraph.iota"(%x) {dim = -1 : i64} : (tensor<?x?xbf16>) -> tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @embedding
// CHECK: "tgraph.embedding"(%{{.*}}, %{{.*}}) : (tensor<?x?xi64>, tensor<32000x4096xbf16>) -> tensor<?x?x4096xbf16>
// CHECK: "tgraph.embedding"(%{{.*}}, %{{.*}}) : (tensor<i32>, tensor<?x?xf32>) -> tensor<?xf32>
func.func @embedding(%i: tensor<?x?xi64>, %w: tensor<32000x4096xbf16>, %j: tensor<i32>, %v: tensor<?x?xf32>) -> tensor<?x?x4096xbf16> {
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?x?xi64>, tensor<32000x4096xbf16>) -> tensor<?x?x4096xbf16>
  %1 = "tgraph.embedding"(%j, %v) : (tensor<i32>, tensor<?x?xf32>) -> tensor<?xf32>
  return %0 : tensor<?x?x4096xbf16>
}

// -----

// CHECK-LABEL: func.func @reshape
// CHECK: "tgraph.reshape"(%{{.*}}) : (tensor<4x6xf32>) -> tensor<2x3x4xf32>
// CHECK: "tgraph.reshape"(%{{.*}}) : (tensor<?x6xf32>) -> tensor<?xf32>
// CHECK: "tgraph.reshape"(%{{.*}}) : (tensor<1xf32>) -> tensor<f32>
func.func @reshape(%x: tensor<4x6xf32>, %y: tensor<?x6xf32>, %z: tensor<1xf32>) -> tensor<2x3x4xf32> {
  %0 = "tgraph.reshape"(%x) : (tensor<4x6xf32>) -> tensor<2x3x4xf32>
  %1 = "tgraph.reshape"(%y) : (tensor<?x6xf32>) -> tensor<?xf32>
  %2 = "tgraph.reshape"(%z) : (tensor<1xf32>) -> tensor<f32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast
// CHECK: "tgraph.broadcast"(%{{.*}}) : (tensor<16xf32>) -> tensor<?x8x16xf32>
// CHECK: "tgraph.broadcast"(%{{.*}}) : (tensor<1x16xf32>) -> tensor<4x16xf32>
// CHECK: "tgraph.broadcast"(%{{.*}}) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<?x1xf32>) -> tensor<4x8x16xf32>
// CHECK: "tgraph.broadcast"(%{{.*}}) : (tensor<f32>) -> tensor<2x2xf32>
func.func @broadcast(%v: tensor<16xf32>, %r: tensor<1x16xf32>, %c: tensor<?x1xf32>, %s: tensor<f32>) -> tensor<?x8x16xf32> {
  %0 = "tgraph.broadcast"(%v) : (tensor<16xf32>) -> tensor<?x8x16xf32>
  %1 = "tgraph.broadcast"(%r) : (tensor<1x16xf32>) -> tensor<4x16xf32>
  %2 = "tgraph.broadcast"(%c) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<?x1xf32>) -> tensor<4x8x16xf32>
  %3 = "tgraph.broadcast"(%s) : (tensor<f32>) -> tensor<2x2xf32>
  return %0 : tensor<?x8x16xf32>
}

// -----

// CHECK-LABEL: func.func @cast
// CHECK: "tgraph.cast"(%{{.*}}) : (tensor<?x8xf32>) -> tensor<?x8xbf16>
// CHECK: "tgraph.cast"(%{{.*}}) : (tensor<?x8xbf16>) -> tensor<4x8xi8>
func.func @cast(%x: tensor<?x8xf32>) -> tensor<4x8xi8> {
  %0 = "tgraph.cast"(%x) : (tensor<?x8xf32>) -> tensor<?x8xbf16>
  %1 = "tgraph.cast"(%0) : (tensor<?x8xbf16>) -> tensor<4x8xi8>
  return %1 : tensor<4x8xi8>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK: "tgraph.constant"() {value = dense<1.000000e+00> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
// CHECK: "tgraph.constant"() {value = dense<[1, 2, 3]> : tensor<3xi32>} : () -> tensor<3xi32>
func.func @constant() -> tensor<2x3xf32> {
  %0 = "tgraph.constant"() {value = dense<1.0> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %1 = "tgraph.constant"() {value = dense<[1, 2, 3]> : tensor<3xi32>} : () -> tensor<3xi32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
// CHECK: "tgraph.layer_norm"(%{{.*}}) : (tensor<?x?x64xf16>) -> tensor<?x?x64xf16>
// CHECK: "tgraph.layer_norm"(%{{.*}}, %{{.*}}) : (tensor<?x?x64xf16>, tensor<64xf32>) -> tensor<?x?x64xf16>
// CHECK: "tgraph.layer_norm"(%{{.*}}, %{{.*}}, %{{.*}}) {epsilon = 9.9999999999999995E-7 : f64} : (tensor<?x?x64xf16>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x?x64xf16>
// CHECK: "tgraph.layer_norm"(%{{.*}}, %{{.*}}, %{{.*}}) {axis = 1 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<?x?x64xf16>, tensor<8x?xf16>, tensor<8x?xf16>) -> tensor<?x?x64xf16>
func.func @layer_norm(%x: tensor<?x?x64xf16>, %w: tensor<64xf32>, %b: tensor<64xf32>, %w2: tensor<8x?xf16>) -> tensor<?x?x64xf16> {
  %0 = "tgraph.layer_norm"(%x) : (tensor<?x?x64xf16>) -> tensor<?x?x64xf16>
  %1 = "tgraph.layer_norm"(%0, %w) : (tensor<?x?x64xf16>, tensor<64xf32>) -> tensor<?x?x64xf16>
  %2 = "tgraph.layer_norm"(%1, %w, %b) {epsilon = 1.0e-6 : f64} : (tensor<?x?x64xf16>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x?x64xf16>
  %3 = "tgraph.layer_norm"(%2, %w2, %w2) {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<?x?x64xf16>, tensor<8x?xf16>, tensor<8x?xf16>) -> tensor<?x?x64xf16>
  return %3 : tensor<?x?x64xf16>
}

// -----

// CHECK-LABEL: func.func @rms_norm
// CHECK: "tgraph.rms_norm"(%{{.*}}) : (tensor<?x4096xbf16>) -> tensor<?x4096xbf16>
// CHECK: "tgraph.rms_norm"(%{{.*}}, %{{.*}}) {axis = -1 : i64, epsilon = 9.9999999999999995E-7 : f64, precision = {accumulate = f32, compute = f32, storage = bf16}} : (tensor<?x4096xbf16>, tensor<4096xbf16>) -> tensor<?x4096xbf16>
func.func @rms_norm(%x: tensor<?x4096xbf16>, %w: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %0 = "tgraph.rms_norm"(%x) : (tensor<?x4096xbf16>) -> tensor<?x4096xbf16>
  %1 = "tgraph.rms_norm"(%0, %w) {epsilon = 1.0e-6 : f64, axis = -1 : i64, precision = {storage = bf16, compute = f32, accumulate = f32}} : (tensor<?x4096xbf16>, tensor<4096xbf16>) -> tensor<?x4096xbf16>
  return %1 : tensor<?x4096xbf16>
}

// -----

// Named symbolic dims on tgraph results and on other ops' results.
// CHECK-LABEL: func.func @named_dims
// CHECK: "tgraph.matmul"(%{{.*}}, %{{.*}}) {tgraph.dims = {{\[\["B", "D"\]\]}}} : (tensor<?x1024xf16>, tensor<1024x1024xf16>) -> tensor<?x1024xf32>
// CHECK: tensor.empty(%{{.*}}) {tgraph.dims = {{\[\["S", "D", ""\]\]}}} : tensor<?x1024x4xf32>
func.func @named_dims(%x: tensor<?x1024xf16>, %w: tensor<1024x1024xf16>, %n: index) -> tensor<?x1024xf32> {
  %0 = "tgraph.matmul"(%x, %w) {tgraph.dims = [["B", "D"]]} : (tensor<?x1024xf16>, tensor<1024x1024xf16>) -> tensor<?x1024xf32>
  %1 = tensor.empty(%n) {tgraph.dims = [["S", "D", ""]]} : tensor<?x1024x4xf32>
  return %0 : tensor<?x1024xf32>
}

// -----

// CHECK-LABEL: func.func @attention
// CHECK: "tgraph.attention"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<2x8x?x64xbf16>, tensor<2x2x?x64xbf16>, tensor<2x2x?x64xbf16>) -> tensor<2x8x?x64xbf16>
// CHECK: "tgraph.attention"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {causal = true, scale = 1.250000e-01 : f64} : (tensor<?x?x128xf16>, tensor<?x?x128xf16>, tensor<?x?x64xf16>, tensor<?x?xf32>) -> tensor<?x?x64xf32>
// CHECK: "tgraph.attention"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<16x64xf32>, tensor<40x64xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
func.func @attention(%q: tensor<2x8x?x64xbf16>, %k: tensor<2x2x?x64xbf16>,
                     %v: tensor<2x2x?x64xbf16>, %q2: tensor<?x?x128xf16>,
                     %k2: tensor<?x?x128xf16>, %v2: tensor<?x?x64xf16>,
                     %m: tensor<?x?xf32>, %q3: tensor<16x64xf32>,
                     %k3: tensor<40x64xf32>) {
  %0 = "tgraph.attention"(%q, %k, %v) : (tensor<2x8x?x64xbf16>, tensor<2x2x?x64xbf16>, tensor<2x2x?x64xbf16>) -> tensor<2x8x?x64xbf16>
  %1 = "tgraph.attention"(%q2, %k2, %v2, %m) {causal = true, scale = 0.125 : f64} : (tensor<?x?x128xf16>, tensor<?x?x128xf16>, tensor<?x?x64xf16>, tensor<?x?xf32>) -> tensor<?x?x64xf32>
  %2 = "tgraph.attention"(%q3, %k3, %k3) : (tensor<16x64xf32>, tensor<40x64xf32>, tensor<40x64xf32>) -> tensor<16x64xf32>
  return
}
