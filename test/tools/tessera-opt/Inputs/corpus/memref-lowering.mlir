// PARITY: -expand-strided-metadata -split-input-file
// PARITY: -fold-memref-alias-ops -split-input-file
// PARITY: -expand-strided-metadata -finalize-memref-to-llvm -reconcile-unrealized-casts -split-input-file
// PARITY: --pass-pipeline="builtin.module(func.func(fold-memref-alias-ops,expand-strided-metadata),lower-affine,canonicalize)" -split-input-file

#s = strided<[?, 1], offset: ?>

func.func @subview_load(%m: memref<?x?xf32>, %o: index, %i: index, %j: index) -> f32 {
  %sv = memref.subview %m[%o, %o] [4, 4] [1, 1] : memref<?x?xf32> to memref<4x4xf32, #s>
  %v = memref.load %sv[%i, %j] : memref<4x4xf32, #s>
  return %v : f32
}

func.func @collapse_store(%m: memref<2x8xf32>, %i: index, %f: f32) {
  %c = memref.collapse_shape %m [[0, 1]] : memref<2x8xf32> into memref<16xf32>
  memref.store %f, %c[%i] : memref<16xf32>
  return
}

// -----

func.func @alloc_dealloc(%n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %a = memref.alloc(%n) : memref<?x4xf32>
  %v = memref.load %a[%c0, %c0] : memref<?x4xf32>
  memref.dealloc %a : memref<?x4xf32>
  return %v : f32
}

func.func @static_subview(%m: memref<16x16xf32>) -> memref<4x4xf32, strided<[16, 1], offset: 34>> {
  %sv = memref.subview %m[2, 2] [4, 4] [1, 1] : memref<16x16xf32> to memref<4x4xf32, strided<[16, 1], offset: 34>>
  return %sv : memref<4x4xf32, strided<[16, 1], offset: 34>>
}
