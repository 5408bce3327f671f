// Configurations the AMD generators refuse, each with its one-line reason.

// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 a=f16 b=bf16' 2>&1 | FileCheck %s --check-prefix=MIXED
// MIXED: error: tessera-test-emit-kernel: ROCDL matmul: A (f16) and B (bf16) must have the same element type

// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 a=f32 b=f32 tile-m=128 tile-n=128 tile-k=32 stages=2' 2>&1 | FileCheck %s --check-prefix=LDS
// LDS: ROCDL matmul: 2 stages of 128x128x32 f32 tiles need 73728 bytes of LDS (max 65536)

// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=gfx90a a=f16 b=f16 tile-k=12' 2>&1 | FileCheck %s --check-prefix=TILEK
// TILEK: ROCDL matmul: tile-k 12 is not a multiple of the MFMA K (8 for f16 32x32)

// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 a=f16 b=f16 tile-m=128 tile-n=128 warps=1' 2>&1 | FileCheck %s --check-prefix=ACC
// ACC: ROCDL matmul: a wave tile of 128x128 needs 256 f32 accumulator registers per lane (max 128)

// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 a=f16 b=f16 tile-m=24' 2>&1 | FileCheck %s --check-prefix=SPLIT
// SPLIT: ROCDL matmul: tile 24x128 cannot be split over 4 waves into 32x32 or 16x16 MFMA tiles



module {}
