// The AMD pipelines go from Graph IR to gpu.modules in the LLVM dialect
// with ROCDL intrinsics (target attached) and host entries that launch them
// on device buffers; tessera-translate --to=hsaco links each gpu.module
// (ld.lld, device libraries for the GELU's tanh) and the code holds MFMAs.

// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --tessera-lower-to-rocdl=chip=gfx942 -o %t.gfx942.mlir
// RUN: FileCheck %s --input-file=%t.gfx942.mlir
// RUN: tessera-translate --to=hsaco --gpu-module=linear_gelu_k0_module %t.gfx942.mlir -o %t.mm.gfx942.hsaco
// RUN: llvm-objdump -d --mcpu=gfx942 %t.mm.gfx942.hsaco | FileCheck %s --check-prefix=GFX942
// RUN: llvm-readelf -n %t.mm.gfx942.hsaco | FileCheck %s --check-prefix=NOTES
// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --pass-pipeline='builtin.module(tessera-lower-to-rocdl{chip=gfx90a})' -o %t.gfx90a.mlir
// RUN: tessera-translate --to=hsaco --gpu-module=attention_scores_k0_module %t.gfx90a.mlir -o %t.bmm.gfx90a.hsaco
// RUN: llvm-objdump -d --mcpu=gfx90a %t.bmm.gfx90a.hsaco | FileCheck %s --check-prefix=GFX90A

// CHECK: module attributes {gpu.container_module}
// CHECK-LABEL: func.func @linear_gelu(
// CHECK: gpu.alloc
// CHECK: gpu.launch_func @linear_gelu_k0_module::@linear_gelu_k0 blocks in {{.*}} threads in (%c256, {{.*}} dynamic_shared_memory_size %c32768_i32
// CHECK-LABEL: gpu.module @linear_gelu_k0_module [#rocdl.target<O = 3, chip = "gfx942">]
// CHECK: llvm.func @linear_gelu_k0(
// CHECK: rocdl.mfma.f32.32x32x8f16
// CHECK: llvm.call @__ocml_tanh_f32
// CHECK-NOT: llvm.intr.tanh
// CHECK-LABEL: func.func @attention_scores(
// CHECK: gpu.launch_func @attention_scores_k1_module::@attention_scores_k1
// CHECK-NOT: ttarget.

// GFX942: v_mfma_f32_32x32x8_f16
// NOTES: .private_segment_fixed_size: 0
// NOTES: .sgpr_spill_count: 0
// NOTES: .vgpr_spill_count: 0
// GFX90A: v_mfma_f32_32x32x8bf16_1k
