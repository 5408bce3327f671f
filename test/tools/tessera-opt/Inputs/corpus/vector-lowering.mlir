// PARITY: -convert-vector-to-scf -split-input-file
// PARITY: -convert-vector-to-scf=full-unroll=true -lower-affine -split-input-file
// PARITY: -convert-vector-to-llvm -split-input-file
// PARITY: -convert-vector-to-llvm='reassociate-fp-reductions vector-contract-lowering=outerproduct' -convert-arith-to-llvm -reconcile-unrealized-casts -split-input-file
// PARITY: -lower-vector-multi-reduction -split-input-file

func.func @transfer_2d(%m: memref<?x?xf32>, %i: index, %p: f32) -> vector<4x8xf32> {
  %0 = vector.transfer_read %m[%i, %i], %p : memref<?x?xf32>, vector<4x8xf32>
  vector.transfer_write %0, %m[%i, %i] : vector<4x8xf32>, memref<?x?xf32>
  return %0 : vector<4x8xf32>
}

// -----

!v = vector<8xf32>

func.func @reduce_fma(%a: !v, %b: !v) -> f32 {
  %0 = vector.fma %a, %b, %a : !v
  %1 = vector.reduction <add>, %0 : !v into f32
  %2 = vector.reduction <maximumf>, %a : !v into f32
  %3 = arith.addf %1, %2 : f32
  return %3 : f32
}

func.func @multi_reduce(%v: vector<4x8xf32>, %acc: vector<4xf32>) -> vector<4xf32> {
  %0 = vector.multi_reduction <add>, %v, %acc [1] : vector<4x8xf32> to vector<4xf32>
  return %0 : vector<4xf32>
}

func.func @insert_shuffle(%a: vector<4xi32>, %b: vector<4xi32>, %s: i32) -> vector<8xi32> {
  %i = vector.insert %s, %a[0] : i32 into vector<4xi32>
  %0 = vector.shuffle %i, %b [0, 1, 2, 3, 4, 5, 6, 7] : vector<4xi32>, vector<4xi32>
  return %0 : vector<8xi32>
}
