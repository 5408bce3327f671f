// PARITY: -split-input-file -canonicalize
// PARITY: -split-input-file -canonicalize="test-convergence top-down=false"
// PARITY: -split-input-file -cse -canonicalize=max-iterations=1

func.func @fold_dim_of_empty(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %e = tensor.empty(%n) : tensor<?x4xf32>
  %d = tensor.dim %e, %c0 : tensor<?x4xf32>
  return %d : index
}

func.func @fold_cast_chain(%t: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = tensor.cast %t : tensor<4x4xf32> to tensor<?x4xf32>
  %1 = tensor.cast %0 : tensor<?x4xf32> to tensor<?x?xf32>
  %2 = tensor.cast %1 : tensor<?x?xf32> to tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

func.func @extract_from_elements(%a: i32, %b: i32) -> i32 {
  %c1 = arith.constant 1 : index
  %t = tensor.from_elements %a, %b : tensor<2xi32>
  %e = tensor.extract %t[%c1] : tensor<2xi32>
  return %e : i32
}

// -----

func.func @slice_constant_operands(%t: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %0 = tensor.extract_slice %t[%c0, %c2] [%c4, %c4] [%c1, %c1] : tensor<?x?xf32> to tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @insert_of_extract(%t: tensor<8x8xf32>, %o: index) -> tensor<8x8xf32> {
  %0 = tensor.extract_slice %t[%o, 0] [2, 8] [1, 1] : tensor<8x8xf32> to tensor<2x8xf32>
  %1 = tensor.insert_slice %0 into %t[%o, 0] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<8x8xf32>
  return %1 : tensor<8x8xf32>
}

func.func @collapse_expand(%t: tensor<6x4xf32>) -> tensor<6x4xf32> {
  %0 = tensor.expand_shape %t [[0, 1], [2]] output_shape [2, 3, 4] : tensor<6x4xf32> into tensor<2x3x4xf32>
  %1 = tensor.collapse_shape %0 [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  return %1 : tensor<6x4xf32>
}

// -----

func.func @pad_zero(%t: tensor<?x4xf32>, %f: f32) -> tensor<?x4xf32> {
  %p = tensor.pad %t low[0, 0] high[0, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %f : f32
  } : tensor<?x4xf32> to tensor<?x4xf32>
  return %p : tensor<?x4xf32>
}

func.func @generate_constant_extent(%f: f32) -> tensor<?xf32> {
  %c5 = arith.constant 5 : index
  %g = tensor.generate %c5 {
  ^bb0(%i: index):
    tensor.yield %f : f32
  } : tensor<?xf32>
  return %g : tensor<?xf32>
}

func.func @constant_extract() -> f32 {
  %cst = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %c1 = arith.constant 1 : index
  %e = tensor.extract %cst[%c1, %c1] : tensor<2x2xf32>
  return %e : f32
}
