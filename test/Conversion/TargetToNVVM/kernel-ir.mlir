// The generated IR itself (no CUDA tools needed): the op families each
// template promises, the launch attribute, and the bounds logic.

// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=sm_80 name=k80 a=f16 b=f16 c=f32 tile-m=128 tile-n=128 tile-k=32 stages=3 warps=4 epilogue=bias,relu' | FileCheck %s --check-prefix=SM80
// SM80: gpu.module @k80_module attributes {tessera.launch = {block_threads = 128 : i64, shared_bytes = 56832 : i64, tile_m = 128 : i64, tile_n = 128 : i64}}
// SM80: gpu.func @k80(%{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf32>, %{{.*}}: memref<?xf32>) kernel
// SM80-SAME: known_block_size = array<i32: 128, 1, 1>
// SM80: memref.extract_aligned_pointer_as_index
// SM80: scf.if
// SM80: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} {bypassL1}
// SM80: nvgpu.device_async_create_group
// SM80: scf.for
// SM80: nvgpu.device_async_wait %{{.*}} {numGroups = 1 : i32}
// SM80: gpu.barrier
// SM80: nvgpu.ldmatrix {{.*}} {numTiles = 4 : i32, transpose = false}
// SM80: nvgpu.ldmatrix {{.*}} {numTiles = 4 : i32, transpose = true}
// SM80: nvgpu.mma.sync
// SM80: } else {
// SM80: memref.load
// SM80: vector.store
// SM80: arith.maximumf
// SM80: memref.store

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
