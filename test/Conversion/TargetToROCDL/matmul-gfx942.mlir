// MFMA matmul kernels for gfx942 (CDNA3): generate, lower with the upstream
// ROCDL pipeline (%rocdl_to_hsaco_gfx942, spelled out in lit.local.cfg and
// docs/targets/amd.md), serialise to an hsaco, then check the instructions
// and the kernel descriptor. No GPU here: numerics are the host path's job.
//
// Measured (LLVM 22.1), per kernel: VGPRs / AGPRs / SGPRs, LDS (dynamic,
// = tessera.launch shared_bytes; the descriptor's fixed LDS is 0), v_mfma.
//   f16  -> f32, 128x128x32, 2 stages, 4 waves          : 144 / 0 / 90,  40960 B, 16 x 32x32x8_f16
//   f16  -> f16, + bias (f32), gelu_tanh                 : 144 / 0 / 86,  40960 B, 16 x 32x32x8_f16
//   bf16 -> bf16, batched, + residual, silu               : 144 / 0 / 101, 40960 B, 16 x 32x32x8_bf16
//   f32  -> f32, 64x64x16, + relu, gelu               :  60 / 0 / 44,  20480 B,  8 x 32x32x2_f32
//   f16  -> f16, 64x32x32, 3 stages (16x16 MFMA tiles)     :  60 / 0 / 63,  23040 B,  4 x 16x16x16_f16
// Scratch (private segment) is 0 and the spill counts are 0 in every case.

// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 name=mm_f16 a=f16 b=f16 c=f32 tile-m=128 tile-n=128 tile-k=32 stages=2 warps=4' > %t.f16.mlir
// RUN: FileCheck %s --check-prefix=F16-GEN < %t.f16.mlir
// RUN: tessera-opt %t.f16.mlir --pass-pipeline='%rocdl_to_hsaco_gfx942' > %t.f16.bin.mlir
// RUN: %extract_gpu_binary %t.f16.bin.mlir %t.f16.hsaco
// RUN: llvm-readelf -n %t.f16.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_f16 -DTHREADS=256
// RUN: llvm-readelf -n %t.f16.hsaco | FileCheck %s --check-prefix=VGPRS
// RUN: llvm-objdump -d --mcpu=gfx942 %t.f16.hsaco | FileCheck %s --check-prefix=F16-ASM

// F16-GEN: gpu.module @mm_f16_module attributes {tessera.launch = {block_threads = 256 : i64, shared_bytes = 40960 : i64, tile_m = 128 : i64, tile_n = 128 : i64}}
// F16-GEN: gpu.func @mm_f16(%{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf32>) kernel attributes {known_block_size = array<i32: 256, 1, 1>}
// F16-GEN: gpu.dynamic_shared_memory
// F16-GEN: scf.for
// F16-GEN: amdgpu.mfma 32x32x8 {{.*}} : vector<4xf16>, vector<4xf16>, vector<16xf32>
// F16-GEN: gpu.barrier

// The main loop: 2x2 waves of 64x64, 2x2 32x32 tiles each, 4 K steps of 8.
// F16-ASM: global_load_dwordx4
// F16-ASM: ds_read_b128
// F16-ASM-COUNT-16: v_mfma_f32_32x32x8_f16
// F16-ASM-NOT: v_mfma
// F16-ASM-NOT: scratch_

// The register budget: within 5% of the 144 VGPRs this kernel had (137 to
// 151).
// VGPRS: .vgpr_count: {{(13[7-9]|14[0-9]|15[01])$}}

// META: amdhsa.kernels:
// META: .group_segment_fixed_size: 0
// META: .max_flat_workgroup_size: [[THREADS]]
// META-NEXT: .name: [[NAME]]
// META-NEXT: .private_segment_fixed_size: 0
// META: .sgpr_spill_count: 0
// META: .vgpr_spill_count: 0
// META-NEXT: .wavefront_size: 64
// META: amdhsa.target: amdgcn-amd-amdhsa--gfx942

// f16 output with a fused bias (f32) + tanh-GELU epilogue.
// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 name=mm_f16e a=f16 b=f16 c=f16 tile-m=128 tile-n=128 tile-k=32 stages=2 warps=4 epilogue=bias,gelu_tanh' > %t.f16e.mlir
// RUN: FileCheck %s --check-prefix=F16E-GEN < %t.f16e.mlir
// RUN: tessera-opt %t.f16e.mlir --pass-pipeline='%rocdl_to_hsaco_gfx942' > %t.f16e.bin.mlir
// RUN: %extract_gpu_binary %t.f16e.bin.mlir %t.f16e.hsaco
// RUN: llvm-readelf -n %t.f16e.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_f16e -DTHREADS=256
// RUN: llvm-objdump -d --mcpu=gfx942 %t.f16e.hsaco | FileCheck %s --check-prefix=F16E-ASM
// Upstream's mlir-opt-22 runs the same pipeline to a byte-identical hsaco.
// RUN: %mlir_opt %t.f16e.mlir --pass-pipeline='%rocdl_to_hsaco_gfx942' > %t.f16e.up.mlir
// RUN: %extract_gpu_binary %t.f16e.up.mlir %t.f16e.up.hsaco
// RUN: cmp %t.f16e.hsaco %t.f16e.up.hsaco
// And tessera-translate --to=hsaco (its own lowering + ld.lld) gives a kernel
// with the same MFMAs and no spills.
// RUN: tessera-translate %t.f16e.mlir --to=hsaco --chip=gfx942 -o %t.f16e.tt.hsaco
// RUN: llvm-readelf -n %t.f16e.tt.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_f16e -DTHREADS=256
// RUN: llvm-objdump -d --mcpu=gfx942 %t.f16e.tt.hsaco | FileCheck %s --check-prefix=F16E-ASM

// F16E-GEN: gpu.func @mm_f16e(%{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?xf32>)
// F16E-GEN: amdgpu.mfma 32x32x8
// F16E-GEN: math.tanh
// F16E-GEN: arith.truncf {{.*}} : f32 to f16
// F16E-ASM-COUNT-16: v_mfma_f32_32x32x8_f16
// F16E-ASM-NOT: v_mfma
// F16E-ASM: global_store_short

// bf16 in and out, batched (grid z), fused residual (bf16) + SiLU.
// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 name=mm_bf16 a=bf16 b=bf16 c=bf16 batched=true tile-m=128 tile-n=128 tile-k=32 stages=2 warps=4 epilogue=residual,silu epilogue-type=bf16' > %t.bf16.mlir
// RUN: FileCheck %s --check-prefix=BF16-GEN < %t.bf16.mlir
// RUN: tessera-opt %t.bf16.mlir --pass-pipeline='%rocdl_to_hsaco_gfx942' > %t.bf16.bin.mlir
// RUN: %extract_gpu_binary %t.bf16.bin.mlir %t.bf16.hsaco
// RUN: llvm-readelf -n %t.bf16.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_bf16 -DTHREADS=256
// RUN: llvm-objdump -d --mcpu=gfx942 %t.bf16.hsaco | FileCheck %s --check-prefix=BF16-ASM

// BF16-GEN: gpu.func @mm_bf16(%{{.*}}: memref<?x?x?xbf16>, %{{.*}}: memref<?x?x?xbf16>, %{{.*}}: memref<?x?x?xbf16>, %{{.*}}: memref<?x?x?xbf16>)
// BF16-GEN: gpu.block_id z
// BF16-GEN: amdgpu.mfma 32x32x8 {{.*}} : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
// BF16-ASM-COUNT-16: v_mfma_f32_32x32x8_bf16
// BF16-ASM-NOT: v_mfma

// f32 inputs: full-precision v_mfma_f32_32x32x2_f32 (not xf32).
// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 name=mm_f32 a=f32 b=f32 c=f32 tile-m=64 tile-n=64 tile-k=16 stages=2 warps=4 epilogue=relu,gelu' > %t.f32.mlir
// RUN: FileCheck %s --check-prefix=F32-GEN < %t.f32.mlir
// RUN: tessera-opt %t.f32.mlir --pass-pipeline='%rocdl_to_hsaco_gfx942' > %t.f32.bin.mlir
// RUN: %extract_gpu_binary %t.f32.bin.mlir %t.f32.hsaco
// RUN: llvm-readelf -n %t.f32.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_f32 -DTHREADS=256
// RUN: llvm-objdump -d --mcpu=gfx942 %t.f32.hsaco | FileCheck %s --check-prefix=F32-ASM

// F32-GEN: tessera.launch = {block_threads = 256 : i64, shared_bytes = 20480 : i64, tile_m = 64 : i64, tile_n = 64 : i64}
// F32-GEN: amdgpu.mfma 32x32x2 {{.*}} : f32, f32, vector<16xf32>
// F32-GEN: math.erf
// F32-ASM-COUNT-8: v_mfma_f32_32x32x2_f32
// F32-ASM-NOT: v_mfma

// A tile that only splits into 16x16 MFMA tiles, 3-stage LDS ring.
// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 name=mm_t16 a=f16 b=f16 c=f16 tile-m=64 tile-n=32 tile-k=32 stages=3 warps=4' > %t.t16.mlir
// RUN: FileCheck %s --check-prefix=T16-GEN < %t.t16.mlir
// RUN: tessera-opt %t.t16.mlir --pass-pipeline='%rocdl_to_hsaco_gfx942' > %t.t16.bin.mlir
// RUN: %extract_gpu_binary %t.t16.bin.mlir %t.t16.hsaco
// RUN: llvm-readelf -n %t.t16.hsaco | FileCheck %s --check-prefix=META -DNAME=mm_t16 -DTHREADS=256
// RUN: llvm-objdump -d --mcpu=gfx942 %t.t16.hsaco | FileCheck %s --check-prefix=T16-ASM

// T16-GEN: shared_bytes = 23040
// T16-GEN: memref<3x64x40xf16, #gpu.address_space<workgroup>>
// T16-GEN: amdgpu.mfma 16x16x16 {{.*}} : vector<4xf16>, vector<4xf16>, vector<4xf32>
// T16-ASM-COUNT-4: v_mfma_f32_16x16x16_f16
// T16-ASM-NOT: v_mfma

module {}
