// The generated IR itself (no CUDA tools needed): the op families the
// sm_90a wgmma + TMA template promises, the launch attribute, and the
// bounds logic. (mma.sync kernels are compiled op by op: their IR is
// checked in ../DistributeTiles.)

// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=sm_90a name=k90 a=f16 b=f16 c=f16 tile-m=128 tile-n=128 tile-k=64 stages=3 warps=4' | FileCheck %s --check-prefix=SM90A
// SM90A: gpu.func @k90(%{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) kernel
// SM90A: builtin.unrealized_conversion_cast %{{.*}} : !llvm.ptr to !nvgpu.tensormap.descriptor<tensor = memref<128x64xf16, 3>, swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = none>
// SM90A: nvgpu.mbarrier.create
// SM90A: nvgpu.mbarrier.init
// SM90A: nvgpu.tma.prefetch.descriptor
// SM90A: nvgpu.mbarrier.arrive.expect_tx {{.*}}, %{{.*}}, predicate
// SM90A: nvgpu.tma.async.load {{.*}} : <tensor = memref<128x64xf16, 3>
// SM90A: nvgpu.tma.async.load {{.*}} : <tensor = memref<64x64xf16, 3>
// SM90A: nvgpu.mbarrier.try_wait.parity
// SM90A: nvgpu.warpgroup.generate.descriptor
// SM90A: nvgpu.warpgroup.mma {{.*}} {transposeB}
// SM90A: nvvm.wgmma.wait.group.sync.aligned 0
// SM90A: nvgpu.warpgroup.mma.store
// SM90A: arith.truncf


module {
}
