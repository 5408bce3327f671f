// PARITY: -canonicalize="test-convergence" -split-input-file -allow-unregistered-dialect
// PARITY: -canonicalize -cse -split-input-file -allow-unregistered-dialect

func.func @broadcast_extract(%s: f32) -> f32 {
  %b = vector.broadcast %s : f32 to vector<4x8xf32>
  %e = vector.extract %b[1, 2] : f32 from vector<4x8xf32>
  return %e : f32
}

func.func @transpose_of_transpose(%v: vector<4x8xf32>) -> vector<4x8xf32> {
  %t0 = vector.transpose %v, [1, 0] : vector<4x8xf32> to vector<8x4xf32>
  %t1 = vector.transpose %t0, [1, 0] : vector<8x4xf32> to vector<4x8xf32>
  return %t1 : vector<4x8xf32>
}

func.func @shape_cast_chain(%v: vector<16xf32>) -> vector<16xf32> {
  %0 = vector.shape_cast %v : vector<16xf32> to vector<4x4xf32>
  %1 = vector.shape_cast %0 : vector<4x4xf32> to vector<2x8xf32>
  %2 = vector.shape_cast %1 : vector<2x8xf32> to vector<16xf32>
  return %2 : vector<16xf32>
}

// -----

func.func @create_mask_constant() -> vector<8xi1> {
  %c3 = arith.constant 3 : index
  %m = vector.create_mask %c3 : vector<8xi1>
  return %m : vector<8xi1>
}

func.func @insert_extract_same(%v: vector<4xf32>, %s: f32) -> f32 {
  %i = vector.insert %s, %v[2] : f32 into vector<4xf32>
  %e = vector.extract %i[2] : f32 from vector<4xf32>
  return %e : f32
}

func.func @dead_transfer_write(%t: tensor<4xf32>, %v: vector<4xf32>, %w: vector<4xf32>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %0 = vector.transfer_write %v, %t[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<4xf32>
  %1 = vector.transfer_write %w, %0[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

func.func @constant_fold_arith() -> vector<4xi32> {
  %a = arith.constant dense<3> : vector<4xi32>
  %b = arith.constant dense<[1, 2, 3, 4]> : vector<4xi32>
  %c = arith.addi %a, %b : vector<4xi32>
  return %c : vector<4xi32>
}

func.func @fold_in_bounds(%m: memref<8xf32>, %f: f32) -> vector<4xf32> {
  %c0 = arith.constant 0 : index
  %r = vector.transfer_read %m[%c0], %f : memref<8xf32>, vector<4xf32>
  "foo.use"(%r) : (vector<4xf32>) -> ()
  return %r : vector<4xf32>
}
