// PARITY: -split-input-file -verify-diagnostics
// PARITY: -verify-diagnostics -split-input-file -mlir-print-op-generic

func.func @dim_of_scalar_tensor(%t: tensor<f32>, %i: index) {
  // expected-error @+1 {{'tensor.dim' op operand #0 must be non-0-ranked or unranked tensor, but got 'tensor<f32>'}}
  %0 = tensor.dim %t, %i : tensor<f32>
  return
}

// -----

!src = tensor<1xf32>
!dst = tensor<2xf32>

func.func @bad_cast(%t: !src) -> !dst {
  // expected-error @+1 {{operand type 'tensor<1xf32>' and result type 'tensor<2xf32>' are cast incompatible}}
  %0 = tensor.cast %t : !src to !dst
  return %0 : !dst
}

// -----

func.func @extract_wrong_index_count(%t: tensor<?x?xf32>, %i: index) -> f32 {
  // expected-error @+1 {{incorrect number of indices for extract_element}}
  %0 = tensor.extract %t[%i] : tensor<?x?xf32>
  return %0 : f32
}

// -----

func.func @generate_body_args(%n: index) -> tensor<?x3xf32> {
  // expected-error @+1 {{must have one body argument per input dimension}}
  %0 = tensor.generate %n {
  ^bb0(%i: index):
    %f = arith.constant 1.0 : f32
    tensor.yield %f : f32
  } : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @expand_static_mismatch(%t: tensor<2x3x20xf32>) -> tensor<2x3x2x4x5xf32> {
  // expected-error @+1 {{expected dimension 2 of collapsed type to be static value of 40}}
  %0 = tensor.expand_shape %t [[0], [1], [2, 3, 4]] output_shape [2, 3, 2, 4, 5]
      : tensor<2x3x20xf32> into tensor<2x3x2x4x5xf32>
  return %0 : tensor<2x3x2x4x5xf32>
}

// -----

func.func @pad_yield_type(%t: tensor<?x4xi32>, %v: i8) -> tensor<?x9xi32> {
  // expected-error @+1 {{op expected yield type to match shape element type}}
  %0 = tensor.pad %t low[1, 2] high[2, 3] {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : i8
  } : tensor<?x4xi32> to tensor<?x9xi32>
  return %0 : tensor<?x9xi32>
}

// -----

func.func @concat_rank(%a: tensor<1xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{rank of concatenated inputs must match result rank}}
  %0 = tensor.concat dim(0) %a, %a : (tensor<1xf32>, tensor<1xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @from_elements_count(%a: index) {
  // expected-error @+1 {{number of operands and types do not match: got 1 operands and 2 types}}
  %0 = tensor.from_elements %a : tensor<2xindex>
  return
}

// -----

func.func @slice_oob(%t: tensor<8xf32>) {
  // expected-error @+1 {{slice along dimension 0 runs out-of-bounds: 8 >= 8}}
  %0 = tensor.extract_slice %t[1] [8] [1] : tensor<8xf32> to tensor<8xf32>
  return
}

// -----

func.func @unknown_op_in_tensor() {
  // expected-error @+1 {{custom op 'tensor.frobnicate' is unknown}}
  %0 = tensor.frobnicate : tensor<2xf32>
  return
}
