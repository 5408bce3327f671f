// PARITY: -split-input-file
// PARITY: -split-input-file -mlir-print-op-generic
// PARITY: -split-input-file -mlir-elide-elementsattrs-if-larger=4

#contract_accesses = [
  affine_map<(i, j, k) -> (i, k)>,
  affine_map<(i, j, k) -> (k, j)>,
  affine_map<(i, j, k) -> (i, j)>
]
#contract_trait = {
  indexing_maps = #contract_accesses,
  iterator_types = ["parallel", "parallel", "reduction"]
}
!v4 = vector<4xf32>
!v44 = vector<4x4xf32>

func.func @contract(%a: !v44, %b: !v44, %c: !v44) -> !v44 {
  %0 = vector.contract #contract_trait %a, %b, %c : !v44, !v44 into !v44
  return %0 : !v44
}

func.func @elementwise(%a: !v4, %b: !v4, %s: f32) -> (!v4, f32, !v4) {
  %0 = vector.fma %a, %b, %a : !v4
  %1 = vector.reduction <add>, %0 : !v4 into f32
  %2 = vector.broadcast %s : f32 to !v4
  return %0, %1, %2 : !v4, f32, !v4
}

func.func @constants() -> (vector<8xi32>, vector<2x2xf32>, vector<4xindex>) {
  %0 = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : vector<8xi32>
  %1 = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : vector<2x2xf32>
  %2 = vector.step : vector<4xindex>
  return %0, %1, %2 : vector<8xi32>, vector<2x2xf32>, vector<4xindex>
}

// -----

func.func @transfers(%m: memref<?x?xf32>, %i: index, %pad: f32, %v: vector<4x8xf32>) -> vector<4x8xf32> {
  %0 = vector.transfer_read %m[%i, %i], %pad {in_bounds = [true, false]} : memref<?x?xf32>, vector<4x8xf32>
  vector.transfer_write %v, %m[%i, %i] {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : vector<4x8xf32>, memref<?x?xf32>
  return %0 : vector<4x8xf32>
}

func.func @load_store_masked(%m: memref<?xf32>, %i: index, %mask: vector<16xi1>, %pt: vector<16xf32>) -> vector<16xf32> {
  %0 = vector.load %m[%i] : memref<?xf32>, vector<16xf32>
  vector.store %0, %m[%i] : memref<?xf32>, vector<16xf32>
  %1 = vector.maskedload %m[%i], %mask, %pt : memref<?xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
  return %1 : vector<16xf32>
}

func.func @shuffles(%a: vector<4xf32>, %b: vector<4xf32>) -> (vector<8xf32>, vector<2xf32>, vector<2x2xf32>) {
  %0 = vector.shuffle %a, %b [0, 4, 1, 5, 2, 6, 3, 7] : vector<4xf32>, vector<4xf32>
  %1 = vector.extract_strided_slice %a {offsets = [1], sizes = [2], strides = [1]} : vector<4xf32> to vector<2xf32>
  %2 = vector.shape_cast %a : vector<4xf32> to vector<2x2xf32>
  return %0, %1, %2 : vector<8xf32>, vector<2xf32>, vector<2x2xf32>
}

// -----

func.func @extract_insert(%v: vector<4x8xf32>, %s: f32, %i: index) -> (f32, vector<4x8xf32>, vector<8xf32>) {
  %0 = vector.extract %v[1, %i] : f32 from vector<4x8xf32>
  %1 = vector.insert %s, %v[2, 3] : f32 into vector<4x8xf32>
  %2 = vector.extract %v[0] : vector<8xf32> from vector<4x8xf32>
  return %0, %1, %2 : f32, vector<4x8xf32>, vector<8xf32>
}

func.func @masks_and_scalable(%n: index, %a: vector<[4]xf32>) -> (vector<8xi1>, vector<[4]xf32>) {
  %0 = vector.create_mask %n : vector<8xi1>
  %m = vector.create_mask %n : vector<[4]xi1>
  %1 = vector.mask %m { vector.reduction <add>, %a : vector<[4]xf32> into f32 } : vector<[4]xi1> -> f32
  %2 = vector.broadcast %1 : f32 to vector<[4]xf32>
  return %0, %2 : vector<8xi1>, vector<[4]xf32>
}

func.func @outer_transpose(%a: vector<4xf32>, %b: vector<8xf32>) -> vector<8x4xf32> {
  %0 = vector.outerproduct %a, %b : vector<4xf32>, vector<8xf32>
  %1 = vector.transpose %0, [1, 0] : vector<4x8xf32> to vector<8x4xf32>
  return %1 : vector<8x4xf32>
}
