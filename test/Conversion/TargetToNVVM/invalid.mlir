// Configurations the NVIDIA whole-nest template (sm_90a's 16-bit wgmma +
// TMA kernel) rejects, with the reason. mma.sync kernels have no template:
// they are compiled op by op, and their limits are checked where they are
// planned (../ScheduleToTarget/invalid-ops.mlir) and obeyed (ir-edits.test).
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_80 a=f16 b=f16' 2>&1 | FileCheck %s --check-prefix=SM80
// SM80: error: tessera-test-emit-kernel: the whole-nest "matmul" lowering has no text generator for sm_80 (its mma.sync kernels are compiled op by op)
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a a=f16 b=bf16 tile-k=64' 2>&1 | FileCheck %s --check-prefix=MIXED
// MIXED: error: tessera-test-emit-kernel: A and B must have the same element type (got f16 and bf16)
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a a=f16 b=f16 tile-k=32' 2>&1 | FileCheck %s --check-prefix=WGK
// WGK: error: tessera-test-emit-kernel: sm_90a matmul: tile-k must be 64
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a a=f32 b=f32 tile-k=64' 2>&1 | FileCheck %s --check-prefix=WGF32
// WGF32: error: tessera-test-emit-kernel: the whole-nest "matmul" lowering has no text generator for sm_90a (f32 inputs take mma.sync (tf32), compiled op by op)
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a a=f16 b=f16 tile-k=64 warps=8' 2>&1 | FileCheck %s --check-prefix=WGW
// WGW: error: tessera-test-emit-kernel: sm_90a matmul: the wgmma template uses one warpgroup: warps must be 4 (got 8)

// A TMA kernel with no `fallback` cannot be launched on operands that tensor
// maps cannot describe: a located error, not a kernel that fails at run time.
// RUN: tessera-opt %S/../ScheduleToTarget/Inputs/matmul-f16.mlir --tessera-lower-graph=k-bytes=128 --tessera-lower-schedule=target=sm_90a | sed 's/fallback = @mm_k0_unaligned, //' | not tessera-opt --tessera-lower-target-to-nvvm 2>&1 | FileCheck %s --check-prefix=NOFB
// NOFB: <stdin>:11:3: error: tessera-lower-target-to-nvvm: kernel 'mm_k0': a TMA kernel needs ttarget.kernel's 'fallback' (the kernel launched when the operands are not aligned for TMA)

module {
}
