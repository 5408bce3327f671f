// PARITY: -ownership-based-buffer-deallocation -split-input-file
// PARITY: -ownership-based-buffer-deallocation=private-function-dynamic-ownership=true -buffer-deallocation-simplification -split-input-file
// PARITY: -buffer-deallocation-pipeline -split-input-file
// PARITY: -ownership-based-buffer-deallocation -canonicalize -bufferization-lower-deallocations -split-input-file
// PARITY: -buffer-results-to-out-params -split-input-file
// PARITY: -drop-equivalent-buffer-results -split-input-file

func.func @branchy(%c: i1, %a: memref<2xf32>) -> memref<2xf32> {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  cf.br ^bb3(%a : memref<2xf32>)
^bb2:
  %b = memref.alloc() : memref<2xf32>
  memref.copy %a, %b : memref<2xf32> to memref<2xf32>
  cf.br ^bb3(%b : memref<2xf32>)
^bb3(%r: memref<2xf32>):
  return %r : memref<2xf32>
}

// -----

func.func private @make(%n: index) -> memref<?xf32> {
  %a = memref.alloc(%n) : memref<?xf32>
  return %a : memref<?xf32>
}

func.func @user(%n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %m = call @make(%n) : (index) -> memref<?xf32>
  %v = memref.load %m[%c0] : memref<?xf32>
  return %v : f32
}

// -----

func.func @loop_buffers(%lb: index, %ub: index, %st: index, %init: memref<4xf32>) -> memref<4xf32> {
  %r = scf.for %i = %lb to %ub step %st iter_args(%b = %init) -> memref<4xf32> {
    %n = memref.alloc() : memref<4xf32>
    memref.copy %b, %n : memref<4xf32> to memref<4xf32>
    scf.yield %n : memref<4xf32>
  }
  return %r : memref<4xf32>
}

func.func @identity(%m: memref<4xf32>) -> memref<4xf32> {
  return %m : memref<4xf32>
}
