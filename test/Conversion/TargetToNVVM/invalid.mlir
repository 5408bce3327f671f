// GPU kernels have no whole-nest template to instantiate (the last one,
// sm_90a's wgmma + TMA matmul, was retired): every GPU kernel is compiled
// op by op, and its limits are checked where it is planned
// (../ScheduleToTarget/invalid-ops.mlir) and obeyed (ir-edits.test, and
// the TMA cases below).
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_80 a=f16 b=f16' 2>&1 | FileCheck %s --check-prefix=NOGEN
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a a=f16 b=f16 tile-k=64' 2>&1 | FileCheck %s --check-prefix=NOGEN
// NOGEN: error: tessera-test-emit-kernel: there is no whole-nest "matmul" kernel for {{sm_80|sm_90a}}: GPU kernels are compiled op by op (lower Graph or Schedule IR with tessera-lower-to-nvvm / tessera-lower-to-rocdl)

// A TMA kernel with no `fallback` cannot be launched on operands that tensor
// maps cannot describe: a located error, not a kernel that fails at run time.
// RUN: tessera-opt %S/../ScheduleToTarget/Inputs/matmul-f16.mlir --tessera-lower-graph=k-bytes=128 --tessera-lower-schedule=target=sm_90a | sed 's/fallback = @mm_k0_unaligned, //' | not tessera-opt --tessera-lower-target-to-nvvm 2>&1 | FileCheck %s --check-prefix=NOFB
// NOFB: <stdin>:11:3: error: tessera-lower-target-to-nvvm: kernel 'mm_k0': a TMA kernel needs ttarget.kernel's 'fallback' (the kernel launched when the operands are not aligned for TMA)

// TMA copies are lowered in a ring (a tile loop with stages >= 2): each
// slot's mbarrier tracks its phase. Edited to stages = 1, the copies would
// be issued in place every iteration with no phase to wait for.
// RUN: tessera-opt %S/../ScheduleToTarget/Inputs/matmul-f16.mlir --tessera-lower-graph=k-bytes=128 --tessera-lower-schedule=target=sm_90a | sed 's/stages = 3 : i64}/stages = 1 : i64}/' | not tessera-opt --tessera-lower-target-to-nvvm 2>&1 | FileCheck %s --check-prefix=TMARING
// TMARING: error: kernel compiled op by op for sm_90a: TMA copies are lowered in tile loops with stages >= 2 so far (the ring's mbarriers track each slot's phase)
// wgmma reads a K-major operand whose rows are one swizzle span: A's
// 128-byte rows edited to a 64-byte swizzle are refused where it reads.
// RUN: tessera-opt %S/../ScheduleToTarget/Inputs/matmul-f16.mlir --tessera-lower-graph=k-bytes=128 --tessera-lower-schedule=target=sm_90a | sed '0,/family = "tma", swizzle = 128 : i64/s//family = "tma", swizzle = 64 : i64/' | not tessera-opt --tessera-lower-target-to-nvvm 2>&1 | FileCheck %s --check-prefix=TMASPAN
// TMASPAN: error: kernel compiled op by op for sm_90a: wgmma reads operand a from a copy's shared buffer stored swizzled with rows of one span (its rows are 128 bytes)

// A constant's memref.get_global is host memory: on a GPU target only a
// copy into a device buffer may read it. Edited to be the copy's target,
// it is refused where it stands.
// RUN: tessera-opt %S/../GraphToSchedule/Inputs/view-copy.mlir --tessera-lower-graph --tessera-lower-schedule=target=sm_80 | sed 's/memref.copy %0, %alloc :/memref.copy %alloc, %0 :/' | not tessera-opt --tessera-lower-target-to-nvvm 2>&1 | FileCheck %s --check-prefix=GLOBAL
// GLOBAL: <stdin>:{{[0-9]+}}:{{[0-9]+}}: error: tessera-lower-target-to-nvvm: a memref.get_global in an entry function is host memory: on GPU targets it may only be the source of a memref.copy

module {
}
