// tessera-lower-target-to-spirv: the op-by-op GPU lowering of each kernel,
// rewritten for OpenCL devices (TargetToSPIRV.c, TypeRewrite.c):
// workgroup memory as gpu.func attributions in address space 3, xor
// shuffles as exchanges through workgroup memory between barriers, bf16 as
// i16 with integer widening and rounding, erf as OpenCL's builtin.

// RUN: tessera-opt %s -split-input-file --pass-pipeline='builtin.module(tessera-lower-graph,tessera-lower-schedule{target=spirv},tessera-lower-target-to-spirv)' | FileCheck %s

// A row softmax: its max and sum reductions shuffle within 32-lane warps.
// CHECK-LABEL: func.func @softmax(
// CHECK: gpu.launch_func @softmax_k0_module::@softmax_k0
// CHECK-LABEL: gpu.module @softmax_k0_module [#spirv.target_env<#spirv.vce<v1.2, [Kernel, Addresses, Int64, Int16, Int8, Float16, Float64], []>, api=OpenCL, #spirv.resource_limits<>>]
// CHECK: gpu.func @softmax_k0(%{{.*}}: memref<?x?xf32>, %{{.*}}: memref<?x?xf32>) workgroup(%[[SMEM:.*]] : memref<1xi8, 3>, %[[XCH:.*]] : memref<128xf32, 3>) kernel
// CHECK: %[[TID:.*]] = gpu.thread_id x
// CHECK: memref.store %{{.*}}, %[[XCH]][%[[TID]]] : memref<128xf32, 3>
// CHECK-NEXT: gpu.barrier
// CHECK-NEXT: %[[OFF:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK-NEXT: %[[SRC:.*]] = arith.xori %[[TID]], %[[OFF]] : index
// CHECK-NEXT: memref.load %[[XCH]][%[[SRC]]] : memref<128xf32, 3>
// CHECK-NEXT: gpu.barrier
// CHECK-NOT: gpu.shuffle
// CHECK-NOT: gpu.dynamic_shared_memory
// CHECK-NOT: #gpu.address_space<workgroup>
func.func @softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.softmax"(%x) {dim = -1 : i64} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// bf16 storage: the arguments keep their types for the launches and are
// reinterpreted as i16; loads widen by a shift, stores round to nearest
// even with NaN kept quiet (0x7fc0 = 32704).
// CHECK-LABEL: gpu.func @norm_k0(
// CHECK-SAME: memref<?x?xbf16>
// CHECK: builtin.unrealized_conversion_cast %{{.*}} : memref<?x?xbf16> to memref<?x?xi16>
// CHECK: memref.load %{{.*}} : memref<?x?xi16>
// CHECK: arith.extui %{{.*}} : i16 to i32
// CHECK: arith.shli
// CHECK: arith.bitcast %{{.*}} : i32 to f32
// CHECK: arith.addi %{{.*}}, %c32767_i32
// CHECK: arith.cmpf uno
// CHECK: arith.select %{{.*}}, %c32704_i32
// CHECK: arith.trunci %{{.*}} : i32 to i16
// CHECK: memref.store %{{.*}} : memref<?x?xi16>
// CHECK-NOT: bf16
// CHECK-LABEL: func.func @norm_check_shapes(
func.func @norm(%x: tensor<?x?xbf16>, %w: tensor<?xbf16>) -> tensor<?x?xbf16> {
  %y = "tgraph.rms_norm"(%x, %w) {epsilon = 1.0e-06 : f64} : (tensor<?x?xbf16>, tensor<?xbf16>) -> tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}

// -----

// erf has no LLVM intrinsic: OpenCL's float erf(float).
// CHECK-LABEL: gpu.module @gelu_k0_module
// CHECK: func.func private @_Z3erff(f32) -> f32
// CHECK: func.call @_Z3erff(%{{.*}}) : (f32) -> f32
// CHECK-NOT: math.erf
func.func @gelu(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.gelu"(%x) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}
