// Row softmax for gfx942 and gfx90a: online max/sum pass, wave butterfly
// with gpu.shuffle xor (ds_swizzle / ds_bpermute after lowering), LDS only
// when a row spans several waves, then a normalise-and-store pass.
//
// Measured (LLVM 22.1): VGPRs / SGPRs, LDS (dynamic, = shared_bytes).
//   gfx942 f16 -> f16, 1 row x 256 lanes (4 waves per row) : 26 / 43, 32 B
//   gfx942 f32 -> f32, 4 rows x 64 lanes (1 wave per row)  : 31 / 30, 0 B
//   gfx90a bf16 -> bf16, 1 row x 1024 lanes (16 waves)     : 29 / 39, 128 B
// Scratch and spills are 0.

// RUN: tessera-opt %s --tessera-test-emit-kernel='kind=softmax chip=gfx942 name=sm_f16 a=f16 c=f16 rows-per-block=1 threads=256' > %t.a.mlir
// RUN: FileCheck %s --check-prefix=A-GEN < %t.a.mlir
// RUN: tessera-opt %t.a.mlir --pass-pipeline='%rocdl_to_hsaco_gfx942' > %t.a.bin.mlir
// RUN: %extract_gpu_binary %t.a.bin.mlir %t.a.hsaco
// RUN: llvm-readelf -n %t.a.hsaco | FileCheck %s --check-prefix=META -DNAME=sm_f16 -DTHREADS=256 -DCHIP=gfx942
// RUN: llvm-objdump -d --mcpu=gfx942 %t.a.hsaco | FileCheck %s --check-prefix=A-ASM

// A-GEN: gpu.module @sm_f16_module attributes {tessera.launch = {block_threads = 256 : i64, shared_bytes = 32 : i64, tile_m = 1 : i64, tile_n = 1073741824 : i64}}
// A-GEN: gpu.func @sm_f16(%{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>) kernel
// A-GEN: gpu.shuffle xor
// A-GEN: gpu.barrier
// A-ASM: global_load_ushort
// A-ASM: v_exp_f32
// A-ASM: ds_bpermute_b32
// A-ASM: ds_swizzle_b32
// A-ASM: s_barrier
// A-ASM: global_store_short
// A-ASM-NOT: scratch_

// META: amdhsa.kernels:
// META: .group_segment_fixed_size: 0
// META: .max_flat_workgroup_size: [[THREADS]]
// META-NEXT: .name: [[NAME]]
// META-NEXT: .private_segment_fixed_size: 0
// META: .sgpr_spill_count: 0
// META: .vgpr_spill_count: 0
// META-NEXT: .wavefront_size: 64
// META: amdhsa.target: amdgcn-amd-amdhsa--[[CHIP]]

// Several rows per workgroup, one wave each: no LDS, no barrier.
// RUN: tessera-opt %s --tessera-test-emit-kernel='kind=softmax chip=gfx942 name=sm_f32 a=f32 c=f32 rows-per-block=4 threads=256' > %t.b.mlir
// RUN: FileCheck %s --check-prefix=B-GEN < %t.b.mlir
// RUN: tessera-opt %t.b.mlir --pass-pipeline='%rocdl_to_hsaco_gfx942' > %t.b.bin.mlir
// RUN: %extract_gpu_binary %t.b.bin.mlir %t.b.hsaco
// RUN: llvm-readelf -n %t.b.hsaco | FileCheck %s --check-prefix=META -DNAME=sm_f32 -DTHREADS=256 -DCHIP=gfx942
// RUN: llvm-objdump -d --mcpu=gfx942 %t.b.hsaco | FileCheck %s --check-prefix=B-ASM

// B-GEN: shared_bytes = 0 : i64, tile_m = 4 : i64
// B-GEN-NOT: gpu.barrier
// B-ASM: global_load_dword
// B-ASM-NOT: s_barrier

// RUN: tessera-opt %s --tessera-test-emit-kernel='kind=softmax chip=gfx90a name=sm_bf16 a=bf16 c=bf16 rows-per-block=1 threads=1024' > %t.c.mlir
// RUN: tessera-opt %t.c.mlir --pass-pipeline='%rocdl_to_hsaco_gfx90a' > %t.c.bin.mlir
// RUN: %extract_gpu_binary %t.c.bin.mlir %t.c.hsaco
// RUN: llvm-readelf -n %t.c.hsaco | FileCheck %s --check-prefix=META -DNAME=sm_bf16 -DTHREADS=1024 -DCHIP=gfx90a
// RUN: llvm-objdump -d --mcpu=gfx90a %t.c.hsaco | FileCheck %s --check-prefix=C-ASM

// C-ASM: ds_bpermute_b32
// C-ASM: s_barrier
// C-ASM: global_store_short

module {}
