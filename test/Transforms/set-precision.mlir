// RUN: tessera-opt %s -split-input-file --tessera-set-precision | FileCheck %s
// RUN: tessera-opt %s -split-input-file --pass-pipeline='builtin.module(tessera-set-precision{accumulate=f16 override=true})' | FileCheck %s --check-prefix=OVR
// RUN: tessera-opt %s -split-input-file --tessera-set-precision='compute=bf16 accumulate=f64' | FileCheck %s --check-prefix=OPT
// RUN: not tessera-opt %s --pass-pipeline='builtin.module(tessera-set-precision{accumulate=f7})' 2>&1 | FileCheck %s --check-prefix=BADOPT

// BADOPT: option 'accumulate' of pass 'tessera-set-precision' must be one of: auto, f32, f16, bf16, f64; got 'f7'

// "auto" widens narrow storage types to f32 and keeps f32 and f64.

// CHECK-LABEL: func.func @auto_by_storage
// CHECK: "tgraph.matmul"{{.*}} {precision = {accumulate = f32, compute = f32, storage = f16}} : (tensor<?x?xf16>
// CHECK: "tgraph.add"{{.*}} {precision = {accumulate = f32, compute = f32, storage = bf16}} : (tensor<4xbf16>
// CHECK: "tgraph.softmax"{{.*}} {precision = {accumulate = f32, compute = f32, storage = f32}} : (tensor<?x8xf32>
// CHECK: "tgraph.reduce"{{.*}} {dims = array<i64: 0>, kind = "sum", precision = {accumulate = f64, compute = f64, storage = f64}} : (tensor<8xf64>
// CHECK: "tgraph.relu"{{.*}} {precision = {accumulate = f32, compute = f32, storage = f8E4M3FN}} : (tensor<16xf8E4M3FN>

// OVR-LABEL: func.func @auto_by_storage
// OVR: "tgraph.matmul"{{.*}} {precision = {accumulate = f16, compute = f32, storage = f16}}
// OVR: "tgraph.add"{{.*}} {precision = {accumulate = f16, compute = f32, storage = bf16}}
// OVR: "tgraph.softmax"{{.*}} {precision = {accumulate = f16, compute = f32, storage = f32}}
// OVR: "tgraph.reduce"{{.*}} precision = {accumulate = f16, compute = f64, storage = f64}}
// OVR: "tgraph.relu"{{.*}} {precision = {accumulate = f16, compute = f32, storage = f8E4M3FN}}

// OPT-LABEL: func.func @auto_by_storage
// OPT: "tgraph.matmul"{{.*}} {precision = {accumulate = f64, compute = bf16, storage = f16}}
// OPT: "tgraph.add"{{.*}} {precision = {accumulate = f64, compute = bf16, storage = bf16}}
// OPT: "tgraph.softmax"{{.*}} {precision = {accumulate = f64, compute = bf16, storage = f32}}
// OPT: "tgraph.reduce"{{.*}} precision = {accumulate = f64, compute = bf16, storage = f64}}
// OPT: "tgraph.relu"{{.*}} {precision = {accumulate = f64, compute = bf16, storage = f8E4M3FN}}
func.func @auto_by_storage(%a: tensor<?x?xf16>, %b: tensor<4xbf16>, %c: tensor<?x8xf32>,
                           %d: tensor<8xf64>, %e: tensor<16xf8E4M3FN>) {
  %0 = "tgraph.matmul"(%a, %a) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %1 = "tgraph.add"(%b, %b) : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xbf16>
  %2 = "tgraph.softmax"(%c) : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %3 = "tgraph.reduce"(%d) {kind = "sum", dims = array<i64: 0>} : (tensor<8xf64>) -> tensor<f64>
  %4 = "tgraph.relu"(%e) : (tensor<16xf8E4M3FN>) -> tensor<16xf8E4M3FN>
  return
}

// -----

// An existing precision is kept unless override=true; partial ones too.

// CHECK-LABEL: func.func @existing
// CHECK: "tgraph.layer_norm"{{.*}} {precision = {accumulate = f16, compute = f16, storage = f16}}
// CHECK: "tgraph.rms_norm"{{.*}} {precision = {compute = f32}}
// CHECK: "tgraph.gelu"{{.*}} {approximate = "tanh", precision = {accumulate = f32, compute = f32, storage = f16}}

// OVR-LABEL: func.func @existing
// OVR: "tgraph.layer_norm"{{.*}} {precision = {accumulate = f16, compute = f32, storage = f16}}
// OVR: "tgraph.rms_norm"{{.*}} {precision = {accumulate = f16, compute = f32, storage = f16}}
// OVR: "tgraph.gelu"{{.*}} {approximate = "tanh", precision = {accumulate = f16, compute = f32, storage = f16}}
func.func @existing(%x: tensor<?x64xf16>) {
  %0 = "tgraph.layer_norm"(%x) {precision = {storage = f16, compute = f16, accumulate = f16}} : (tensor<?x64xf16>) -> tensor<?x64xf16>
  %1 = "tgraph.rms_norm"(%0) {precision = {compute = f32}} : (tensor<?x64xf16>) -> tensor<?x64xf16>
  %2 = "tgraph.gelu"(%1) {approximate = "tanh"} : (tensor<?x64xf16>) -> tensor<?x64xf16>
  return
}

// -----

// Ops that only move or convert data get no precision, wherever they are.

// CHECK-LABEL: func.func @data_movement
// CHECK-NOT: precision
// CHECK: "tgraph.exp"{{.*}} {precision = {accumulate = f32, compute = f32, storage = f16}}
// CHECK-NOT: precision
// CHECK: return

// OVR-LABEL: func.func @data_movement
// OVR-NOT: precision
// OVR: "tgraph.exp"{{.*}} {precision = {accumulate = f16, compute = f32, storage = f16}}
// OVR-NOT: precision
// OVR: return
func.func @data_movement(%x: tensor<4x8xf16>, %lb: index, %ub: index, %st: index) -> tensor<8x4xf32> {
  %0 = "tgraph.transpose"(%x) {permutation = array<i64: 1, 0>} : (tensor<4x8xf16>) -> tensor<8x4xf16>
  %1 = "tgraph.reshape"(%0) : (tensor<8x4xf16>) -> tensor<32xf16>
  %2 = "tgraph.broadcast"(%1) : (tensor<32xf16>) -> tensor<2x32xf16>
  %3 = "tgraph.constant"() {value = dense<0.0> : tensor<8x4xf16>} : () -> tensor<8x4xf16>
  %4 = scf.for %i = %lb to %ub step %st iter_args(%acc = %3) -> (tensor<8x4xf16>) {
    %e = "tgraph.exp"(%acc) : (tensor<8x4xf16>) -> tensor<8x4xf16>
    scf.yield %e : tensor<8x4xf16>
  }
  %5 = "tgraph.cast"(%4) : (tensor<8x4xf16>) -> tensor<8x4xf32>
  return %5 : tensor<8x4xf32>
}
