// Input of parity_pass_flags.py: every single-pass flag of mlir-opt runs on
// this file (no PARITY line: the corpus driver skips it). Generic upstream
// IR: arith, scf, memref, func, plus one tensor and one vector op.

#map = affine_map<(d0) -> (d0 * 2)>

func.func private @helper(%x: f32) -> f32 {
  %c2 = arith.constant 2.0 : f32
  %0 = arith.mulf %x, %c2 : f32
  return %0 : f32
}

func.func @kernel(%m: memref<?xf32>, %n: index, %flag: i1) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %dead = arith.addi %c0, %c1 : index
  %tmp = memref.alloc(%n) : memref<?xf32>
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %v = memref.load %m[%i] : memref<?xf32>
    %h = func.call @helper(%v) : (f32) -> f32
    memref.store %h, %tmp[%i] : memref<?xf32>
    %s = arith.addf %acc, %h : f32
    scf.yield %s : f32
  }
  %r = scf.if %flag -> (f32) {
    %j = affine.apply #map(%c1)
    %w = memref.load %tmp[%j] : memref<?xf32>
    scf.yield %w : f32
  } else {
    scf.yield %sum : f32
  }
  memref.dealloc %tmp : memref<?xf32>
  return %r : f32
}

func.func @tensors(%t: tensor<8xf32>, %v: vector<4xf32>) -> (tensor<8xf32>, f32) {
  %c0 = arith.constant 0 : index
  %e = tensor.extract %t[%c0] : tensor<8xf32>
  %n = tensor.insert %e into %t[%c0] : tensor<8xf32>
  %red = vector.reduction <add>, %v : vector<4xf32> into f32
  return %n, %red : tensor<8xf32>, f32
}
