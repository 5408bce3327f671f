// MFMA matmul kernels for gfx90a (CDNA2, MI200): the same generator as
// gfx942; the instruction spellings differ (bf16 uses the "_1k" encoding).
// Lowered with %rocdl_to_hsaco_gfx90a (lit.local.cfg).
//
// Measured (LLVM 22.1): VGPRs (unified VGPR+AGPR file) / AGPRs / SGPRs,
// LDS (dynamic = tessera.launch shared_bytes), v_mfma count.
//   f16  -> f32, 128x128x32, 2 stages, 4 waves        : 160 / 0 / 80,  40960 B, 16 x 32x32x8f16
//   f16  -> f16, + bias (f32), gelu_tanh               : 160 / 0 / 84,  40960 B, 16 x 32x32x8f16
//   bf16 -> bf16, batched, + residual, silu            : 160 / 0 / 99,  40960 B, 16 x 32x32x8bf16_1k
//   f32  -> f32, 64x64x16, + relu, gelu            :  60 / 0 / 42,  20480 B,  8 x 32x32x2f32
//   bf16 -> f32, 64x64x32, 1 stage                      :  64 / 0 / 50,  10240 B,  4 x 32x32x8bf16_1k
// Scratch (private segment) and spill counts are 0 in every case.

// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx90a name=mm_f16 a=f16 b=f16 c=f32 tile-m=128 tile-n=128 tile-k=32 stages=2 warps=4' > %t.f16.mlir
// RUN: tessera-opt %t.f16.mlir --pass-pipeline='%rocdl_to_hsaco_gfx90a' > %t.f16.bin.mlir
// RUN: %extract_gpu_binary %t.f16.bin.mlir %t.f16.hsaco
// RUN: llvm-readelf -n %t.f16.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_f16
// RUN: llvm-objdump -d --mcpu=gfx90a %t.f16.hsaco | FileCheck %s --check-prefix=F16-ASM

// F16-ASM: global_load_dwordx4
// F16-ASM: ds_read_b128
// F16-ASM-COUNT-16: v_mfma_f32_32x32x8f16
// F16-ASM-NOT: v_mfma
// F16-ASM-NOT: scratch_

// META: amdhsa.kernels:
// META: .group_segment_fixed_size: 0
// META: .max_flat_workgroup_size: 256
// META-NEXT: .name: [[NAME]]
// META-NEXT: .private_segment_fixed_size: 0
// META: .sgpr_spill_count: 0
// META: .vgpr_spill_count: 0
// META-NEXT: .wavefront_size: 64
// META: amdhsa.target: amdgcn-amd-amdhsa--gfx90a

// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx90a name=mm_f16e a=f16 b=f16 c=f16 tile-m=128 tile-n=128 tile-k=32 stages=2 warps=4 epilogue=bias,gelu_tanh' > %t.f16e.mlir
// RUN: tessera-opt %t.f16e.mlir --pass-pipeline='%rocdl_to_hsaco_gfx90a' > %t.f16e.bin.mlir
// RUN: %extract_gpu_binary %t.f16e.bin.mlir %t.f16e.hsaco
// RUN: llvm-readelf -n %t.f16e.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_f16e
// RUN: llvm-objdump -d --mcpu=gfx90a %t.f16e.hsaco | FileCheck %s --check-prefix=F16E-ASM

// F16E-ASM-COUNT-16: v_mfma_f32_32x32x8f16
// F16E-ASM-NOT: v_mfma
// F16E-ASM: global_store_short

// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx90a name=mm_bf16 a=bf16 b=bf16 c=bf16 batched=true tile-m=128 tile-n=128 tile-k=32 stages=2 warps=4 epilogue=residual,silu epilogue-type=bf16' > %t.bf16.mlir
// RUN: tessera-opt %t.bf16.mlir --pass-pipeline='%rocdl_to_hsaco_gfx90a' > %t.bf16.bin.mlir
// RUN: %extract_gpu_binary %t.bf16.bin.mlir %t.bf16.hsaco
// RUN: llvm-readelf -n %t.bf16.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_bf16
// RUN: llvm-objdump -d --mcpu=gfx90a %t.bf16.hsaco | FileCheck %s --check-prefix=BF16-ASM

// BF16-ASM-COUNT-16: v_mfma_f32_32x32x8bf16_1k
// BF16-ASM-NOT: v_mfma

// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx90a name=mm_f32 a=f32 b=f32 c=f32 tile-m=64 tile-n=64 tile-k=16 stages=2 warps=4 epilogue=relu,gelu' > %t.f32.mlir
// RUN: tessera-opt %t.f32.mlir --pass-pipeline='%rocdl_to_hsaco_gfx90a' > %t.f32.bin.mlir
// RUN: %extract_gpu_binary %t.f32.bin.mlir %t.f32.hsaco
// RUN: llvm-readelf -n %t.f32.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_f32
// RUN: llvm-objdump -d --mcpu=gfx90a %t.f32.hsaco | FileCheck %s --check-prefix=F32-ASM

// F32-ASM-COUNT-8: v_mfma_f32_32x32x2f32
// F32-ASM-NOT: v_mfma

// Single-stage K loop (load, barrier, MFMAs, barrier).
// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx90a name=mm_s1 a=bf16 b=bf16 c=f32 tile-m=64 tile-n=64 tile-k=32 stages=1 warps=4' > %t.s1.mlir
// RUN: FileCheck %s --check-prefix=S1-GEN < %t.s1.mlir
// RUN: tessera-opt %t.s1.mlir --pass-pipeline='%rocdl_to_hsaco_gfx90a' > %t.s1.bin.mlir
// RUN: %extract_gpu_binary %t.s1.bin.mlir %t.s1.hsaco
// RUN: llvm-readelf -n %t.s1.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_s1
// RUN: llvm-objdump -d --mcpu=gfx90a %t.s1.hsaco | FileCheck %s --check-prefix=S1-ASM

// S1-GEN: shared_bytes = 10240
// S1-GEN: memref<1x64x40xbf16, #gpu.address_space<workgroup>>
// S1-ASM-COUNT-4: v_mfma_f32_32x32x8bf16_1k
// S1-ASM-NOT: v_mfma

module {}
