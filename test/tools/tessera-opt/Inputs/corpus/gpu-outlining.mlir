// PARITY: -gpu-kernel-outlining -split-input-file
// PARITY: -gpu-launch-sink-index-computations -gpu-kernel-outlining -canonicalize -split-input-file
// PARITY: --pass-pipeline='builtin.module(gpu-kernel-outlining,symbol-dce)' -split-input-file
// PARITY: -gpu-map-parallel-loops -convert-parallel-loops-to-gpu -split-input-file

module attributes {gpu.container_module} {
  func.func @outline_me(%m: memref<?xf32>, %n: index) {
    %c1 = arith.constant 1 : index
    %c128 = arith.constant 128 : index
    %f = arith.constant 2.0 : f32
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %n, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c128, %sy = %c1, %sz = %c1) {
      %base = arith.muli %bx, %c128 : index
      %i = arith.addi %base, %tx : index
      %v = memref.load %m[%i] : memref<?xf32>
      %w = arith.mulf %v, %f : f32
      memref.store %w, %m[%i] : memref<?xf32>
      gpu.terminator
    }
    return
  }

  func.func @two_launches(%m: memref<16xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
      gpu.terminator
    }
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
      %c0 = arith.constant 0 : index
      %v = memref.load %m[%c0] : memref<16xf32>
      memref.store %v, %m[%c0] : memref<16xf32>
      gpu.terminator
    }
    return
  }
}

// -----

func.func @parallel_to_gpu(%m: memref<?x?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %n) step (%c1, %c1) {
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %m[%i, %j] : memref<?x?xf32>
    scf.reduce
  }
  return
}
