// The SPIR-V pipeline goes from Graph IR to gpu.modules in the LLVM
// dialect with OpenCL's builtins and host entries that launch them;
// tessera-translate --to=spirv makes each a SPIR-V module that spirv-val
// accepts (docs/targets/spirv.md). The f16 linear layer's tanh GELU calls
// OpenCL's tanh; the bf16 batch matmul keeps bf16 as 16-bit integers.
// REQUIRES: spirv-tools

// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --tessera-lower-to-spirv -o %t.mlir
// RUN: FileCheck %s --input-file=%t.mlir
// RUN: tessera-translate --to=spirv --gpu-module=linear_gelu_k0_module %t.mlir -o %t.lg.spv
// RUN: spirv-val %t.lg.spv
// RUN: spirv-dis %t.lg.spv | FileCheck %s --check-prefix=SPV
// RUN: tessera-translate --to=spirv --gpu-module=attention_scores_k0_module %t.mlir -o %t.bmm.spv
// RUN: spirv-val %t.bmm.spv
// RUN: spirv-dis %t.bmm.spv | FileCheck %s --check-prefix=BF16
// RUN: tessera-translate --to=llvmir --chip=spirv --gpu-module=linear_gelu_k0_module %t.mlir | FileCheck %s --check-prefix=LL

// CHECK: module attributes {gpu.container_module}
// CHECK-LABEL: func.func @linear_gelu(
// CHECK: gpu.alloc
// CHECK: gpu.launch_func @linear_gelu_k0_module::@linear_gelu_k0 blocks in {{.*}} threads in (%c128
// CHECK-LABEL: gpu.module @linear_gelu_k0_module [#spirv.target_env
// CHECK: llvm.func spir_kernelcc @linear_gelu_k0(
// CHECK-SAME: !llvm.ptr<1>
// CHECK-SAME: !llvm.ptr<3> {llvm.noalias, llvm.workgroup_attribution = #llvm.mlir.workgroup_attribution<16384 : i64, i8>}
// CHECK-SAME: reqd_work_group_size = array<i32: 128, 1, 1>
// CHECK: llvm.call spir_funccc @_Z7barrierj
// CHECK-NOT: ttarget.

// SPV: OpCapability Kernel
// SPV: OpCapability Addresses
// SPV: OpCapability Float16
// SPV: OpEntryPoint Kernel %linear_gelu_k0 "linear_gelu_k0"
// SPV: OpExecutionMode %linear_gelu_k0 LocalSize 128 1 1
// SPV: OpControlBarrier
// SPV: OpExtInst %float %{{.*}} tanh

// BF16-NOT: BFloat16
// BF16: OpEntryPoint Kernel %attention_scores_k0 "attention_scores_k0"
// BF16: OpTypeInt 16 0
// BF16-NOT: BFloat16

// The workgroup attribution has lost convert-gpu-to-llvm-spv's noalias
// (work-items share it; with noalias O2 forwards stale values across
// barriers).
// LL: target triple = "spirv64-unknown-unknown"
// LL: define spir_kernel void @linear_gelu_k0(
// LL-NOT: noalias
// LL-SAME: ptr addrspace(3)
