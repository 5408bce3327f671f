// sm_90a warpgroup matmul: TMA (cp.async.bulk.tensor) into 128B-swizzled
// stages guarded by transaction mbarriers, wgmma.mma_async, f32 accumulators
// staged through shared memory for a coalesced bounded epilogue.
// The two trailing kernel arguments are tensor-map pointers (see
// docs/targets/nvidia.md). Numerics are not run here (no GPU).
// REQUIRES: ptxas, cuobjdump

// f16 x f16 -> f32, 128x128x64, 3 stages. Measured (ptxas 13.0): 154
// registers, 0 spills, 99328 B dynamic smem (+ 24 B static: mbarriers).
// RUN: tessera-opt %s --pass-pipeline='builtin.module(tessera-test-emit-kernel{chip=sm_90a name=wg_f16 a=f16 b=f16 c=f32 tile-m=128 tile-n=128 tile-k=64 stages=3 warps=4},%nvvm_lower_sm_90a)' -o %t.f16.mlir
// RUN: FileCheck %s --check-prefix=LAUNCH --input-file=%t.f16.mlir
// RUN: tessera-translate --to=ptx %t.f16.mlir -o %t.f16.ptx
// RUN: FileCheck %s --check-prefix=PTX --input-file=%t.f16.ptx
// RUN: ptxas -arch=sm_90a -v %t.f16.ptx -o %t.f16.cubin 2>&1 | FileCheck %s --check-prefix=NOSPILL
// RUN: ptxas -arch=sm_90a -v %t.f16.ptx -o %t.f16.cubin 2>&1 | FileCheck %s --check-prefix=REGS
// RUN: cuobjdump -sass %t.f16.cubin | FileCheck %s --check-prefix=SASS
// The register budget: within 5% of the 154 this kernel had (147 to 161).
// REGS: Used {{(14[7-9]|15[0-9]|16[01])}} registers
// LAUNCH: tessera.launch = {block_threads = 128 : i64, shared_bytes = 99328 : i64, tile_m = 128 : i64, tile_n = 128 : i64}
// PTX: .entry wg_f16(
// PTX: .maxntid 128, 1, 1
// PTX: mbarrier.init.shared.b64
// PTX: prefetch.tensormap
// PTX: mbarrier.arrive.expect_tx.shared.b64
// PTX: cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes
// PTX: mbarrier.try_wait.parity.shared.b64
// PTX: wgmma.fence.sync.aligned;
// PTX: wgmma.mma_async.sync.aligned.m64n128k16.f32.f16.f16
// PTX: wgmma.commit_group.sync.aligned;
// PTX: wgmma.wait_group.sync.aligned 1;
// PTX: wgmma.wait_group.sync.aligned 0;
// NOSPILL: 0 bytes spill stores, 0 bytes spill loads
// SASS: UTMALDG.2D
// SASS: HGMMA.64x128x16.F32

// bf16 -> bf16, batched, bias + gelu, 4 stages. Measured: 154
// registers, 0 spills, 132096 B dynamic smem.
// RUN: tessera-opt %s --pass-pipeline='builtin.module(tessera-test-emit-kernel{chip=sm_90a name=wg_bf16 a=bf16 b=bf16 c=bf16 batched=true tile-m=128 tile-n=128 tile-k=64 stages=4 warps=4 epilogue=bias,gelu},%nvvm_lower_sm_90a)' -o %t.bf16.mlir
// RUN: tessera-translate --to=ptx %t.bf16.mlir -o %t.bf16.ptx
// RUN: FileCheck %s --check-prefix=PTX-BF16 --input-file=%t.bf16.ptx
// RUN: ptxas -arch=sm_90a -v %t.bf16.ptx -o %t.bf16.cubin 2>&1 | FileCheck %s --check-prefix=NOSPILL
// RUN: cuobjdump -sass %t.bf16.cubin | FileCheck %s --check-prefix=SASS-BF16
// PTX-BF16: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16
// SASS-BF16: UTMALDG.2D
// SASS-BF16: HGMMA.64x128x16.F32.BF16

// 64x256 tile (one m64n256 per k16), residual + silu, f16 out.
// RUN: tessera-opt %s --pass-pipeline='builtin.module(tessera-test-emit-kernel{chip=sm_90a name=wg_wide a=f16 b=f16 c=f16 tile-m=64 tile-n=256 tile-k=64 stages=3 warps=4 epilogue=residual,silu},%nvvm_lower_sm_90a)' -o %t.wide.mlir
// RUN: tessera-translate --to=ptx %t.wide.mlir -o %t.wide.ptx
// RUN: ptxas -arch=sm_90a -v %t.wide.ptx -o %t.wide.cubin 2>&1 | FileCheck %s --check-prefix=NOSPILL
// RUN: cuobjdump -sass %t.wide.cubin | FileCheck %s --check-prefix=SASS-WIDE
// SASS-WIDE: UTMALDG.2D
// SASS-WIDE: HGMMA.64x256x16.F32

module {
}
