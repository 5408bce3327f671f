// PARITY: -split-input-file
// PARITY: -split-input-file -mlir-print-op-generic
// PARITY: -split-input-file -verify-roundtrip
// PARITY: -split-input-file -mlir-print-debuginfo

!buf = memref<?xf32, #gpu.address_space<workgroup>>

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @kernel_1(%arg0: f32, %arg1: memref<?xf32, 1>) workgroup(%shared: memref<32xf32, #gpu.address_space<workgroup>>) private(%priv: memref<1xf32, #gpu.address_space<private>>) kernel attributes {gpu.known_block_size = array<i32: 32, 1, 1>} {
      %tid = gpu.thread_id x
      %bid = gpu.block_id y
      %bdim = gpu.block_dim z
      %lane = gpu.lane_id
      %sg = gpu.subgroup_id : index
      %sum = gpu.all_reduce add %arg0 uniform {} : (f32) -> (f32)
      %off = arith.constant 1 : i32
      %width = arith.constant 32 : i32
      %sh, %valid = gpu.shuffle xor %sum, %off, %width : f32
      gpu.barrier
      memref.store %sh, %shared[%tid] : memref<32xf32, #gpu.address_space<workgroup>>
      gpu.return
    }

    gpu.func @helper(%x: f32) -> f32 {
      %r = gpu.subgroup_reduce add %x : (f32) -> f32
      gpu.return %r : f32
    }
  }

  func.func @host(%m: memref<?xf32, 1>, %f: f32) {
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    gpu.launch_func @kernels::@kernel_1 blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1) args(%f : f32, %m : memref<?xf32, 1>)
    return
  }
}

// -----

func.func @launch_and_async(%n: index, %m: memref<?xf32>) {
  %c1 = arith.constant 1 : index
  %t0 = gpu.wait async
  %buf, %t1 = gpu.alloc async [%t0] (%n) : memref<?xf32>
  %t2 = gpu.memcpy async [%t1] %buf, %m : memref<?xf32>, memref<?xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %n, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %v = memref.load %buf[%bx] : memref<?xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %buf[%bx] : memref<?xf32>
    gpu.terminator
  }
  %t3 = gpu.dealloc async [%t2] %buf : memref<?xf32>
  gpu.wait [%t3]
  return
}

func.func @mma_types(%a: !gpu.mma_matrix<16x16xf16, "AOp">, %b: !gpu.mma_matrix<16x16xf16, "BOp">, %c: !gpu.mma_matrix<16x16xf32, "COp">) -> !gpu.mma_matrix<16x16xf32, "COp"> {
  %d = gpu.subgroup_mma_compute %a, %b, %c : !gpu.mma_matrix<16x16xf16, "AOp">, !gpu.mma_matrix<16x16xf16, "BOp"> -> !gpu.mma_matrix<16x16xf32, "COp">
  return %d : !gpu.mma_matrix<16x16xf32, "COp">
}

// -----

module attributes {gpu.container_module} {
  gpu.module @targets [#nvvm.target<chip = "sm_90">, #rocdl.target<chip = "gfx942">] {
    gpu.func @empty() kernel {
      gpu.return
    }
  }
  gpu.binary @bin [#gpu.object<#nvvm.target, "BLOB">]
}
