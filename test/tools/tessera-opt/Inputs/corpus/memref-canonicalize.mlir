// PARITY: -canonicalize --split-input-file -allow-unregistered-dialect
// PARITY: --pass-pipeline='builtin.module(func.func(canonicalize{test-convergence max-num-rewrites=20}))' --split-input-file -allow-unregistered-dialect

func.func @subview_of_static(%m: memref<64x64xf32>) -> memref<?x?xf32, strided<[?, ?], offset: ?>> {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %s = memref.subview %m[%c0, %c4] [%c4, %c4] [%c1, %c1] : memref<64x64xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  return %s : memref<?x?xf32, strided<[?, ?], offset: ?>>
}

func.func @dim_of_alloc(%n: index) -> index {
  %c1 = arith.constant 1 : index
  %a = memref.alloc(%n) : memref<4x?xf32>
  %d = memref.dim %a, %c1 : memref<4x?xf32>
  "foo.use"(%a) : (memref<4x?xf32>) -> ()
  return %d : index
}

// -----

func.func @dead_alloc() {
  %a = memref.alloc() : memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  return
}

func.func @cast_of_alloc(%n: index) -> memref<?xf32> {
  %c8 = arith.constant 8 : index
  %a = memref.alloc(%c8) : memref<?xf32>
  %b = memref.cast %a : memref<?xf32> to memref<?xf32>
  return %b : memref<?xf32>
}

func.func @load_after_store(%m: memref<4xf32>, %f: f32) -> f32 {
  %c0 = arith.constant 0 : index
  memref.store %f, %m[%c0] : memref<4xf32>
  %v = memref.load %m[%c0] : memref<4xf32>
  return %v : f32
}

// -----

func.func @collapse_of_expand(%m: memref<12xf32>) -> memref<12xf32> {
  %e = memref.expand_shape %m [[0, 1]] output_shape [3, 4] : memref<12xf32> into memref<3x4xf32>
  %c = memref.collapse_shape %e [[0, 1]] : memref<3x4xf32> into memref<12xf32>
  return %c : memref<12xf32>
}

func.func @copy_self(%m: memref<4xf32>) {
  memref.copy %m, %m : memref<4xf32> to memref<4xf32>
  return
}
