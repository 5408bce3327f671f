// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file

func.func @broadcast_rank(%v: vector<4x8xf32>) {
  // expected-error @+1 {{'vector.broadcast' op source rank higher than destination rank}}
  %0 = vector.broadcast %v : vector<4x8xf32> to vector<8xf32>
  return
}

// -----

func.func @shuffle_index(%a: vector<4xf32>, %b: vector<4xf32>) {
  // expected-error-re @+1 {{mask index #{{[0-9]+}} out of range}}
  %0 = vector.shuffle %a, %b [0, 9] : vector<4xf32>, vector<4xf32>
  return
}

// -----

func.func @extract_too_many(%v: vector<4xf32>) {
  // expected-error @+1 {{expected position attribute of rank no greater than vector rank}}
  %0 = vector.extract %v[1, 2] : f32 from vector<4xf32>
  return
}

// -----

func.func @transpose_perm(%v: vector<4x8xf32>) {
  // expected-error @+1 {{'vector.transpose' op transposition length mismatch}}
  %0 = vector.transpose %v, [1] : vector<4x8xf32> to vector<8x4xf32>
  return
}

// -----

func.func @shape_cast_elems(%v: vector<16xf32>) {
  // expected-error @+1 {{'vector.shape_cast' op has different number of elements at source (16) and result (15)}}
  %0 = vector.shape_cast %v : vector<16xf32> to vector<3x5xf32>
  return
}

// -----

func.func @transfer_read_map(%m: memref<?x?xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{requires a permutation_map with input dims of the same rank as the source type}}
  %0 = vector.transfer_read %m[%i, %i], %p {permutation_map = affine_map<(d0) -> (d0)>} : memref<?x?xf32>, vector<128xf32>
  return
}

// -----

func.func @reduction_kind(%v: vector<16xf32>) {
  // expected-error @+1 {{unsupported reduction type ''f32'' for kind 'xor'}}
  %0 = "vector.reduction"(%v) {kind = #vector.kind<xor>} : (vector<16xf32>) -> f32
  return
}
