// PARITY: -split-input-file
// PARITY: -lower-affine -split-input-file
// PARITY: -affine-loop-normalize -affine-simplify-structures -split-input-file
// PARITY: --pass-pipeline='builtin.module(func.func(affine-loop-invariant-code-motion,affine-scalrep,affine-loop-tile{tile-size=4}))' -split-input-file
// PARITY: -affine-loop-unroll="unroll-factor=2" -canonicalize -split-input-file
// PARITY: --pass-pipeline='builtin.module(func.func(affine-loop-unroll{unroll-factor=2},canonicalize))' -split-input-file

#lb = affine_map<(d0) -> (d0)>
#ub = affine_map<(d0)[s0] -> (d0 + 16, s0)>
#cond = affine_set<(d0)[s0] : (s0 - d0 - 1 >= 0)>

func.func @loops(%m: memref<?x?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  affine.for %i = 0 to 32 step 2 {
    affine.for %j = #lb(%i) to min #ub(%i)[%n] {
      affine.if #cond(%j)[%n] {
        %v = affine.load %m[%i, %j] : memref<?x?xf32>
        %w = arith.addf %v, %v : f32
        affine.store %w, %m[%i, %j] : memref<?x?xf32>
      }
    }
  }
  return
}

func.func @reduction(%m: memref<128xf32>) -> f32 {
  %z = arith.constant 0.0 : f32
  %r = affine.for %i = 0 to 128 iter_args(%acc = %z) -> (f32) {
    %v = affine.load %m[%i] : memref<128xf32>
    %s = arith.addf %acc, %v : f32
    affine.yield %s : f32
  }
  return %r : f32
}

// -----

func.func @parallel_and_minmax(%m: memref<64x64xf32>, %a: index, %b: index) -> index {
  affine.parallel (%i, %j) = (0, 0) to (64, 64) step (8, 8) {
    %v = affine.load %m[%i, %j] : memref<64x64xf32>
    affine.store %v, %m[%j, %i] : memref<64x64xf32>
  }
  %0 = affine.min affine_map<(d0, d1) -> (d0, d1 + 4)>(%a, %b)
  %1 = affine.max affine_map<(d0)[s0] -> (d0 * 2, s0)>(%0)[%b]
  %2:2 = affine.delinearize_index %1 into (4, 16) : index, index
  return %1 : index
}

func.func @invariant(%m: memref<16xf32>, %f: f32) {
  affine.for %i = 0 to 16 {
    %c = arith.addf %f, %f : f32
    affine.store %c, %m[%i] : memref<16xf32>
  }
  return
}
