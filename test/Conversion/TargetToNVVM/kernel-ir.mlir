// The IR of sm_90a's 16-bit op-by-op matmul kernel (no CUDA tools needed;
// matmul-wgmma.test assembles it): the op families Target IR commits
// (wgmma, TMA) and the constants that must be exactly right -- the tensor
// maps' boxes, the mbarrier transaction bytes and the wgmma descriptors.
// (mma.sync kernels' IR is checked in ../DistributeTiles.)

// RUN: tessera-opt %S/../TargetToROCDL/Inputs/matmuls.mlir --tessera-lower-graph=k-bytes=128 --tessera-lower-schedule=target=sm_90a --tessera-lower-target-to-nvvm | FileCheck %s
// The tensor maps arrive after the memrefs as pointers; A's box is its
// whole 128 x 64 tile, B's 64 x 128 tile is two 64 x 64 boxes (a 128-byte
// swizzle span is 64 f16).
// CHECK: gpu.func @mm_f16_k0(%{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf32>, %[[PA:.*]]: !llvm.ptr, %[[PB:.*]]: !llvm.ptr) kernel
// CHECK: %[[TID:.*]] = gpu.thread_id x
// CHECK: %[[LEAD:.*]] = arith.cmpi eq, %[[TID]], %c0
// CHECK: %[[DA:.*]] = builtin.unrealized_conversion_cast %[[PA]] : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<128x64xf16, 3>, swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = none>
// CHECK: nvgpu.tma.prefetch.descriptor %[[DA]], predicate = %[[LEAD]]
// CHECK: %[[DB:.*]] = builtin.unrealized_conversion_cast %[[PB]] : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<64x64xf16, 3>, swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = none>
// The dynamic base rounded up to 1024 bytes (the hardware swizzle).
// CHECK: memref.extract_aligned_pointer_as_index
// CHECK: arith.remui %{{.*}}, %c1024
// One mbarrier per stage, initialised by thread 0 with count 1.
// CHECK: %[[BAR:.*]] = nvgpu.mbarrier.create -> <memorySpace = #gpu.address_space<workgroup>, num_barriers = 3>
// CHECK-COUNT-3: nvgpu.mbarrier.init %[[BAR]][%{{.*}}], %{{.*}}, predicate = %[[LEAD]]
// CHECK: gpu.barrier
// Prologue: slot 0 expects both tiles' 32768 bytes, then A and B's boxes
// (B's second box 64 columns on).
// CHECK: nvgpu.mbarrier.arrive.expect_tx %[[BAR]][%{{.*}}], %c32768, predicate
// CHECK: nvgpu.tma.async.load %[[DA]][%{{.*}}, %{{.*}}], %[[BAR]][%{{.*}}] to %{{.*}}, predicate = {{.*}} -> memref<128x64xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.tma.async.load %[[DB]][%{{.*}}, %{{.*}}], %[[BAR]][%{{.*}}] to %{{.*}}, predicate = {{.*}} -> memref<64x64xf16, #gpu.address_space<workgroup>>
// CHECK: arith.addi %{{.*}}, %c64
// CHECK: nvgpu.tma.async.load %[[DB]]
// CHECK: nvgpu.mbarrier.arrive.expect_tx %[[BAR]]
// The loop: the block meets, refills the slot 2 ahead, waits for its own
// slot's phase (iteration / 3) & 1.
// CHECK: scf.for
// CHECK: gpu.barrier
// CHECK: nvgpu.mbarrier.arrive.expect_tx %[[BAR]]
// CHECK-COUNT-3: nvgpu.tma.async.load
// CHECK: arith.divui %{{.*}}, %c3
// CHECK: arith.remui %{{.*}}, %c2
// CHECK: nvgpu.mbarrier.try_wait.parity %[[BAR]][%{{.*}}], %{{.*}}, %c10000000
// Descriptors: A K-major, SBO 1024 B, 128B swizzle; B MN-major, LBO
// 8192 B (the next box), SBO 1024 B. Four k16 steps: A's start + 32 B, B's
// + 2048 B (16 rows of 128 B).
// CHECK: nvvm.wgmma.fence.aligned
// CHECK: arith.ori %{{.*}}, %c4611686293305360384_i64
// CHECK: arith.ori %{{.*}}, %c4611686293338849280_i64
// CHECK: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>, D[<f32>, <one>], A[<f16>, <one>, <row>], B[<f16>, <one>, <row>]
// CHECK: %c2048_i64
// CHECK-COUNT-3: nvvm.wgmma.mma_async
// CHECK: nvvm.wgmma.commit.group.sync.aligned
// CHECK: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK: gpu.return
