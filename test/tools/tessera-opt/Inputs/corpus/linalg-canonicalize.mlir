// PARITY: -split-input-file -canonicalize
// PARITY: -split-input-file -canonicalize="test-convergence"
// PARITY: -split-input-file --pass-pipeline='builtin.module(func.func(canonicalize{region-simplify=disabled},cse))'

#map = affine_map<(d0, d1) -> (d0, d1)>
!t = tensor<?x?xf32>

// A fill of an empty tensor whose dims come from a cast folds the cast.
func.func @fold_cast_into_fill(%arg0: index, %arg1: index, %f: f32) -> tensor<4x?xf32> {
  %e = tensor.empty(%arg0, %arg1) : !t
  %c = tensor.cast %e : !t to tensor<4x?xf32>
  %0 = linalg.fill ins(%f : f32) outs(%c : tensor<4x?xf32>) -> tensor<4x?xf32>
  return %0 : tensor<4x?xf32>
}

// A generic that yields its input unchanged is dead.
func.func @identity_generic(%x: !t) -> !t {
  %0 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x : !t) outs(%x : !t) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> !t
  return %0 : !t
}

// -----

func.func @dead_linalg_on_tensors(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %unused = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %c : tensor<8x8xf32>
}

func.func @dim_of_matmul(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> index {
  %c1 = arith.constant 1 : index
  %0 = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  %d = tensor.dim %0, %c1 : tensor<?x?xf32>
  return %d : index
}

// -----

func.func @fold_fill_reshape(%f: f32) -> tensor<6x4xf32> {
  %e = tensor.empty() : tensor<1x6x4xf32>
  %0 = linalg.fill ins(%f : f32) outs(%e : tensor<1x6x4xf32>) -> tensor<1x6x4xf32>
  %1 = tensor.collapse_shape %0 [[0, 1], [2]] : tensor<1x6x4xf32> into tensor<6x4xf32>
  return %1 : tensor<6x4xf32>
}

func.func @transpose_of_transpose(%x: tensor<4x8x16xf32>) -> tensor<4x8x16xf32> {
  %e0 = tensor.empty() : tensor<16x4x8xf32>
  %t0 = linalg.transpose ins(%x : tensor<4x8x16xf32>) outs(%e0 : tensor<16x4x8xf32>) permutation = [2, 0, 1]
  %e1 = tensor.empty() : tensor<4x8x16xf32>
  %t1 = linalg.transpose ins(%t0 : tensor<16x4x8xf32>) outs(%e1 : tensor<4x8x16xf32>) permutation = [1, 2, 0]
  return %t1 : tensor<4x8x16xf32>
}

func.func @memref_copy_to_self(%m: memref<?xf32>) {
  linalg.copy ins(%m : memref<?xf32>) outs(%m : memref<?xf32>)
  return
}
