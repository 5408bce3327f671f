// PARITY: -convert-gpu-to-nvvm -split-input-file
// PARITY: -convert-gpu-to-nvvm='index-bitwidth=32 has-redux=1' -split-input-file
// PARITY: --pass-pipeline="builtin.module(gpu.module(convert-gpu-to-nvvm),nvvm-attach-target{chip=sm_90 O=3},gpu-to-llvm,reconcile-unrealized-casts)" -split-input-file
// PARITY: -convert-gpu-to-rocdl='chipset=gfx942' -split-input-file

gpu.module @kernels {
  gpu.func @ids(%out: memref<?xindex>) kernel {
    %t = gpu.thread_id x
    %b = gpu.block_id x
    %d = gpu.block_dim x
    %g = gpu.grid_dim y
    %s = arith.addi %t, %b : index
    %p = arith.muli %d, %g : index
    %q = arith.addi %s, %p : index
    memref.store %q, %out[%t] : memref<?xindex>
    gpu.return
  }

  func.func @math_in_kernel(%x: f32, %y: f64) -> (f32, f64) {
    %0 = math.exp %x : f32
    %1 = math.tanh %y : f64
    %2 = math.rsqrt %x : f32
    %3 = arith.addf %0, %2 : f32
    return %3, %1 : f32, f64
  }
}

// -----

gpu.module @shared {
  gpu.func @workgroup_mem(%arg: f32) workgroup(%buf: memref<64xf32, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    memref.store %arg, %buf[%t] : memref<64xf32, #gpu.address_space<workgroup>>
    gpu.barrier
    %v = memref.load %buf[%t] : memref<64xf32, #gpu.address_space<workgroup>>
    %c1 = arith.constant 1 : i32
    %c32 = arith.constant 32 : i32
    %r, %ok = gpu.shuffle down %v, %c1, %c32 : f32
    gpu.return
  }
}
