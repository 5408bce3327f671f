// RUN: tessera-opt %s -split-input-file --tessera-lower-graph=stages=2 --tessera-lower-schedule=target=gfx942 --tessera-lower-target-to-rocdl | FileCheck %s
// RUN: tessera-opt %s -split-input-file --tessera-lower-graph=stages=2 --tessera-lower-schedule=target=gfx90a --tessera-lower-target-to-rocdl | FileCheck %s --check-prefix=GFX90A
// RUN: not tessera-opt %s -split-input-file --tessera-lower-graph --tessera-lower-schedule=target=sm_80 --tessera-lower-target-to-rocdl 2>&1 | FileCheck %s --check-prefix=WRONGCHIP

// Each kernel func becomes a gpu.module compiled op by op (target
// attached); each call a gpu.launch_func: the matmul's grid loop is
// (ceil(M/128), ceil(N/128), 1) blocks (rows along x) of 4 wave64s = 256
// threads, with dynamic LDS (2 stages of 128x32 + 32x128 f16: 32768 B);
// the softmax: one block of 4 wave64s per 4 rows, the grid its
// scf.forall's trip count, ceil(rows/4), along x.

// CHECK: module attributes {gpu.container_module}
// CHECK-LABEL: func.func @linear_gelu(
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<?x?xf16>, %[[W:[a-z0-9]+]]: memref<?x?xf16>, %[[R:[a-z0-9]+]]: memref<?x?xf32>) -> memref<?x?xf32>
// CHECK-NOT: memref.alloc
// CHECK: %[[C:.*]] = gpu.alloc ({{.*}}) : memref<?x?xf32>
// CHECK: %[[M:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x?xf16>
// CHECK: %[[MP:.*]] = arith.addi %{{.*}}, %c127
// CHECK: %[[GX:.*]] = arith.divui %[[MP]], %c128
// CHECK: %[[N:.*]] = memref.dim %[[W]], %{{.*}} : memref<?x?xf16>
// CHECK: %[[GY:.*]] = arith.divui
// CHECK: gpu.launch_func @linear_gelu_k0_module::@linear_gelu_k0 blocks in (%[[GX]], %[[GY]], %c1{{.*}}) threads in (%c256, %c1{{.*}}, %c1{{.*}}) dynamic_shared_memory_size %c32768_i32 args(%[[X]] : memref<?x?xf16>, %[[W]] : memref<?x?xf16>, %[[C]] : memref<?x?xf32>, %[[R]] : memref<?x?xf32>)
// CHECK-NOT: call
// CHECK: return %[[C]] : memref<?x?xf32>
// CHECK: gpu.module @linear_gelu_k0_module [#rocdl.target<O = 3, chip = "gfx942">] attributes {tessera.launch = {block_threads = 256 : i64, shared_bytes = 32768 : i64}}
// CHECK: gpu.func @linear_gelu_k0(
// CHECK: amdgpu.mfma
// CHECK-NOT: func.func @linear_gelu_k0
// CHECK-NOT: ttarget.
// GFX90A: gpu.module @linear_gelu_k0_module [#rocdl.target<O = 3, chip = "gfx90a">]

// WRONGCHIP: error: tessera-lower-target-to-rocdl: the module is not committed to a gfx* chip
func.func @linear_gelu(%x: tensor<?x?xf16>, %w: tensor<?x?xf16>, %r: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %z = "tgraph.add"(%y, %r) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = "tgraph.gelu"(%z) {approximate = "tanh"} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @scores(
// CHECK: %[[Y:.*]] = gpu.alloc
// CHECK: %[[ROWS:.*]] = memref.dim %{{.*}}, %c0{{.*}} : memref<?x?xf16>
// CHECK: arith.maxsi %[[ROWS]], %c0
// CHECK: %[[RP:.*]] = arith.addi %{{.*}}, %c3
// CHECK: %[[GX:.*]] = arith.divui %[[RP]], %c4
// CHECK: gpu.launch_func @scores_k0_module::@scores_k0 blocks in (%[[GX]], %c1{{.*}}, %c1{{.*}}) threads in (%c256, %c1{{.*}}, %c1{{.*}}) dynamic_shared_memory_size %c0_i32 args(
// CHECK: return %[[Y]]
// CHECK: gpu.module @scores_k0_module [#rocdl.target<O = 3, chip = "gfx942">] attributes {tessera.launch = {block_threads = 256 : i64, shared_bytes = 0 : i64}}
// CHECK: gpu.shuffle xor
func.func @scores(%s: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %p = "tgraph.softmax"(%s) {dim = -1 : i64} : (tensor<?x?xf16>) -> tensor<?x?xf16>
  return %p : tensor<?x?xf16>
}
