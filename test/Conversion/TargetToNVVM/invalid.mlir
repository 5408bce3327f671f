// Configurations the NVIDIA templates reject, with the reason.
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_80 a=f16 b=f16 tile-k=24' 2>&1 | FileCheck %s --check-prefix=TK
// TK: error: tessera-test-emit-kernel: sm_80 matmul: tile-k 24 is not a multiple of the mma k (16 for f16)
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_80 a=f16 b=f16 tile-m=40 tile-n=128 warps=4' 2>&1 | FileCheck %s --check-prefix=WARPS
// WARPS: error: tessera-test-emit-kernel: sm_80 matmul: no split of 4 warps gives warp tiles that are multiples of the mma shape 16x8 for a 40x128 block tile
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_80 a=f16 b=bf16' 2>&1 | FileCheck %s --check-prefix=MIXED
// MIXED: error: tessera-test-emit-kernel: A and B must have the same element type (got f16 and bf16)
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_80 a=f16 b=f16 tile-m=256 tile-n=256 warps=4' 2>&1 | FileCheck %s --check-prefix=REGS
// REGS: error: tessera-test-emit-kernel: sm_80 matmul: a 128x128 warp tile needs 512 accumulator registers per thread
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_80 a=f32 b=f32 tile-m=128 tile-n=128 tile-k=64 stages=6' 2>&1 | FileCheck %s --check-prefix=SMEM
// SMEM: error: tessera-test-emit-kernel: sm_80 matmul: {{[0-9]+}} bytes of shared memory for 6 stages exceed the 166912 available on sm_80
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a a=f16 b=f16 tile-k=32' 2>&1 | FileCheck %s --check-prefix=WGK
// WGK: error: tessera-test-emit-kernel: sm_90a matmul: tile-k must be 64
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a a=f32 b=f32 tile-k=64' 2>&1 | FileCheck %s --check-prefix=WGF32
// WGF32: error: tessera-test-emit-kernel: sm_90a matmul: f32 inputs are not supported by the wgmma template (use chip sm_90: mma.sync tf32)
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a a=f16 b=f16 tile-k=64 warps=8' 2>&1 | FileCheck %s --check-prefix=WGW
// WGW: error: tessera-test-emit-kernel: sm_90a matmul: the wgmma template uses one warpgroup: warps must be 4 (got 8)

module {
}
