// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file

#map = affine_map<(d0, d1) -> (d0, d1)>
#bad = affine_map<(d0) -> (d0)>

func.func @generic_wrong_map_dims(%x: memref<?x?xf32>) {
  // expected-error @+1 {{expected operand #0 rank (2) to match the result rank of indexing_map (1)}}
  linalg.generic {indexing_maps = [#bad], iterator_types = ["parallel", "parallel"]}
      outs(%x : memref<?x?xf32>) {
  ^bb0(%o: f32):
    linalg.yield %o : f32
  }
  return
}

func.func @fine(%x: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [#map], iterator_types = ["parallel", "parallel"]}
      outs(%x : memref<?x?xf32>) {
  ^bb0(%o: f32):
    linalg.yield %o : f32
  }
  return
}

// -----

func.func @generic_yield_count(%x: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%x : memref<?xf32>) {
  ^bb0(%o: f32):
    // expected-error @below {{op expected number of yield values (0) to match the number of inits / outs operands of the enclosing LinalgOp (1)}}
    linalg.yield
  }
  return
}

// -----

func.func @matmul_bad_shapes(%a: memref<2x3xf32>, %b: memref<4x5xf32>, %c: memref<2x5xf32>) {
  // expected-error @+1 {{inferred input/output operand #1 has shape's dimension #0 to be 3, but found 4}}
  linalg.matmul ins(%a, %b : memref<2x3xf32>, memref<4x5xf32>) outs(%c : memref<2x5xf32>)
  return
}

// -----

func.func @fill_type_mismatch(%t: tensor<4xf32>, %v: vector<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected fill value type ('vector<2xf32>') to match output element type ('f32')}}
  %0 = linalg.fill ins(%v : vector<2xf32>) outs(%t : tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @transpose_bad_perm(%x: tensor<4x8xf32>, %y: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'linalg.transpose' op permutation is not valid}}
  %0 = linalg.transpose ins(%x : tensor<4x8xf32>) outs(%y : tensor<8x4xf32>) permutation = [1, 1]
  return %0 : tensor<8x4xf32>
}

// -----

func.func @reduce_wrong_dims(%x: tensor<16x32xf32>, %init: tensor<16xf32>) -> tensor<16xf32> {
  // expected-error @+1 {{'linalg.reduce' op init dimensions [16] doesn't match input dimensions after reduction [32]}}
  %0 = linalg.reduce ins(%x : tensor<16x32xf32>) outs(%init : tensor<16xf32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %0 : tensor<16xf32>
}

// -----

func.func @index_out_of_range(%x: memref<?xindex>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%x : memref<?xindex>) {
  ^bb0(%o: index):
    // expected-error @+1 {{expected dim (2) to be lower than the number of loops (1) of the enclosing LinalgOp}}
    %i = linalg.index 2 : index
    linalg.yield %i : index
  }
  return
}
