// RUN: tessera-opt %s -split-input-file --tessera-lower-graph --tessera-lower-schedule=target=sm_80 --tessera-lower-target-to-nvvm | FileCheck %s
// RUN: tessera-opt %s -split-input-file --tessera-lower-graph=block-k=64 --tessera-lower-schedule=target=sm_90a --tessera-lower-target-to-nvvm | FileCheck %s --check-prefix=SM90A
// RUN: not tessera-opt %s -split-input-file --tessera-lower-graph --tessera-lower-schedule=target=gfx942 --tessera-lower-target-to-nvvm 2>&1 | FileCheck %s --check-prefix=WRONGCHIP

// Each kernel func becomes a gpu.module (target attached, launch shape
// recorded), compiled op by op; each call of it a gpu.launch_func whose
// grid is its scf.forall's trip count, computed from the memref dims:
// (ceil(M/128), ceil(N/128), 1) for the matmul, ceil(rows/4) blocks along
// x for the softmax. The entry's buffers
// are device buffers: gpu.alloc, no memref.alloc, no func.call.

// CHECK: module attributes {gpu.container_module}
// CHECK-LABEL: func.func @linear_gelu(
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<?x?xf16>, %[[W:[a-z0-9]+]]: memref<?x?xf16>, %[[R:[a-z0-9]+]]: memref<?x?xf32>) -> memref<?x?xf32>
// CHECK-NOT: memref.alloc
// CHECK: %[[C:.*]] = gpu.alloc ({{.*}}) : memref<?x?xf32>
// CHECK: %[[M:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x?xf16>
// CHECK: arith.maxsi %[[M]], %c0
// CHECK: %[[MP:.*]] = arith.addi %{{.*}}, %c127
// CHECK: %[[GX:.*]] = arith.divui %[[MP]], %c128
// CHECK: %[[N:.*]] = memref.dim %[[W]], %{{.*}} : memref<?x?xf16>
// CHECK: arith.maxsi %[[N]], %c0
// CHECK: %[[NP:.*]] = arith.addi %{{.*}}, %c127
// CHECK: %[[GY:.*]] = arith.divui %[[NP]], %c128
// CHECK: gpu.launch_func @linear_gelu_k0_module::@linear_gelu_k0 blocks in (%[[GX]], %[[GY]], %c1{{.*}}) threads in (%c256{{.*}}, %c1{{.*}}, %c1{{.*}}) dynamic_shared_memory_size %c49152_i32 args(%[[X]] : memref<?x?xf16>, %[[W]] : memref<?x?xf16>, %[[C]] : memref<?x?xf32>, %[[R]] : memref<?x?xf32>)
// CHECK-NOT: call
// CHECK: return %[[C]] : memref<?x?xf32>
// CHECK: gpu.module @linear_gelu_k0_module [#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">] attributes {tessera.launch = {block_threads = 256 : i64, shared_bytes = 49152 : i64}}
// CHECK: gpu.func @linear_gelu_k0(%{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf32>, %{{.*}}: memref<?x?xf32>) kernel
// CHECK: nvgpu.device_async_copy
// CHECK: nvgpu.mma.sync
// CHECK-NOT: func.func @linear_gelu_k0
// CHECK-NOT: ttarget.

// sm_90a: a tensor map per argument the kernel's TMA copies read, from
// the runtime, with the argument's sizes and strides (A: box 64 x 128, B:
// 64 x 64, 128-byte swizzle, 2-D); the wgmma kernel gets them as trailing
// pointers when all exist, else its fallback (ttarget.kernel's
// `fallback`: the same Schedule IR compiled op by op to mma.sync) runs.
// SM90A-LABEL: func.func @linear_gelu(
// SM90A: %[[MA:.*]] = call @tesseraGpuTensorMap(%{{.*}}, %c6_i32, %c2_i64, %{{.*}}, %{{.*}}, %c1_i64, %{{.*}}, %{{.*}}, %c0_i64, %c64_i64, %c128_i64, %c128_i64{{.*}}) : (i64, i32, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) -> !llvm.ptr
// SM90A: %[[MB:.*]] = call @tesseraGpuTensorMap(%{{.*}}, %c6_i32{{.*}}, %c2_i64{{.*}}, %{{.*}}, %{{.*}}, %c1_i64{{.*}}, %{{.*}}, %{{.*}}, %c0_i64{{.*}}, %c64_i64{{.*}}, %c64_i64{{.*}}, %c128_i64{{.*}})
// SM90A: scf.if
// SM90A: gpu.launch_func @linear_gelu_k0_module::@linear_gelu_k0 {{.*}} dynamic_shared_memory_size %c99328_i32 args({{.*}}, %[[MA]] : !llvm.ptr, %[[MB]] : !llvm.ptr)
// SM90A: } else {
// SM90A: gpu.launch_func @linear_gelu_k0_unaligned_module::@linear_gelu_k0_unaligned {{.*}} dynamic_shared_memory_size %c98304_i32 args(
// SM90A: call @tesseraGpuTensorMapFree(%[[MA]])
// SM90A: call @tesseraGpuTensorMapFree(%[[MB]])
// SM90A: gpu.module @linear_gelu_k0_module [#nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">]
// SM90A: gpu.func @linear_gelu_k0({{.*}}, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) kernel
// SM90A: nvgpu.tma.async.load
// SM90A: nvvm.wgmma.mma_async
// SM90A: gpu.module @linear_gelu_k0_unaligned_module [#nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">]
// SM90A: nvgpu.mma.sync
// SM90A: func.func private @tesseraGpuTensorMap(i64, i32, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) -> !llvm.ptr
// SM90A: func.func private @tesseraGpuTensorMapFree(!llvm.ptr)

// WRONGCHIP: error: tessera-lower-target-to-nvvm: the module is not committed to a sm_* chip
func.func @linear_gelu(%x: tensor<?x?xf16>, %w: tensor<?x?xf16>, %r: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %z = "tgraph.add"(%y, %r) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = "tgraph.gelu"(%z) {approximate = "tanh"} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @scores(
// CHECK-SAME: %[[S:[a-z0-9]+]]: memref<?x?xf16>
// CHECK: %[[Y:.*]] = gpu.alloc
// CHECK: %[[ROWS:.*]] = memref.dim %{{.*}}, %c0{{.*}} : memref<?x?xf16>
// CHECK: arith.maxsi %[[ROWS]], %c0
// CHECK: %[[RP:.*]] = arith.addi %{{.*}}, %c3
// CHECK: %[[GX:.*]] = arith.divui %[[RP]], %c4
// CHECK: gpu.launch_func @scores_k0_module::@scores_k0 blocks in (%[[GX]], %c1{{.*}}, %c1{{.*}}) threads in (%c128, %c1{{.*}}, %c1{{.*}}) dynamic_shared_memory_size %c0_i32 args(
// CHECK: return %[[Y]]
// CHECK: gpu.module @scores_k0_module [#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">] attributes {tessera.launch = {block_threads = 128 : i64, shared_bytes = 0 : i64}}
// CHECK: gpu.shuffle xor
// SM90A-LABEL: func.func @scores(
// SM90A-NOT: tesseraGpuTensorMap(
// SM90A: gpu.launch_func @scores_k0_module::@scores_k0
func.func @scores(%s: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %p = "tgraph.softmax"(%s) {dim = -1 : i64} : (tensor<?x?xf16>) -> tensor<?x?xf16>
  return %p : tensor<?x?xf16>
}
