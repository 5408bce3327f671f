// RUN: tessera-opt %s -split-input-file -verify-diagnostics

// Every check of the tgraph verifier (lib/Dialect/Graph/GraphVerify*.c)
// and the structural checks IRDL makes, one case each.

// IRDL: operand and result counts and kinds.

func.func @irdl_too_few_operands(%a0: tensor<4x8xf16>) {
  // expected-error @+1 {{op expects exactly 2 operands, but got 1}}
  %0 = "tgraph.matmul"(%a0) : (tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @irdl_too_many_operands(%a0: tensor<4x8xf32>, %a1: tensor<4x8xf32>) {
  // expected-error @+1 {{op expects exactly 1 operands, but got 2}}
  %0 = "tgraph.exp"(%a0, %a1) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @irdl_operand_not_tensor(%a0: memref<4xf32>) {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.memref'}}
  %0 = "tgraph.relu"(%a0) : (memref<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @irdl_unranked(%a0: tensor<*xf32>) {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.unranked_tensor'}}
  %0 = "tgraph.exp"(%a0) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @irdl_result_not_tensor(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.f32'}}
  %0 = "tgraph.tanh"(%a0) : (tensor<4x8xf32>) -> f32
  return
}

// -----

func.func @irdl_constant_operand(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{op expects exactly 0 operands, but got 1}}
  %0 = "tgraph.constant"(%a0) {value = dense<1.0> : tensor<4x8xf32>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// IRDL binds one type to all variadic operands: weight and bias have equal types.

func.func @irdl_norm_params_differ(%a0: tensor<?x64xf32>, %a1: tensor<64xf32>, %a2: tensor<?xf32>) {
  // expected-error @+1 {{expected 'tensor<64xf32>' but got 'tensor<?xf32>'}}
  %0 = "tgraph.layer_norm"(%a0, %a1, %a2) : (tensor<?x64xf32>, tensor<64xf32>, tensor<?xf32>) -> tensor<?x64xf32>
  return
}

// -----

// Checks every tgraph op shares.

func.func @layer_norm_too_many_params(%a0: tensor<?x64xf32>, %a1: tensor<64xf32>) {
  // expected-error @+1 {{expects 1 to 3 operands (input, weight, bias), got 4}}
  %0 = "tgraph.layer_norm"(%a0, %a1, %a1, %a1) : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @rms_norm_too_many_params(%a0: tensor<?x64xf32>, %a1: tensor<64xf32>) {
  // expected-error @+1 {{expects 1 to 2 operands (input, weight), got 3}}
  %0 = "tgraph.rms_norm"(%a0, %a1, %a1) : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @rank_too_large(%a0: tensor<1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1xf32>) {
  // expected-error @+1 {{input has rank 17; at most 16 is supported}}
  %0 = "tgraph.relu"(%a0) : (tensor<1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1xf32>) -> tensor<1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1xf32>
  return
}

// -----

func.func @result_rank_too_large(%a0: tensor<1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1xf32>) {
  // expected-error @+1 {{result has rank 17; at most 16 is supported}}
  %0 = "tgraph.reshape"(%a0) : (tensor<1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1xf32>) -> tensor<1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1xf32>
  return
}

// -----

func.func @unknown_attr_compute(%a0: tensor<4x8xf16>, %a1: tensor<8x4xf16>) {
  // expected-error @+1 {{unknown attribute 'transpose_b'; expected one of: precision}}
  %0 = "tgraph.matmul"(%a0, %a1) {transpose_b = true} : (tensor<4x8xf16>, tensor<8x4xf16>) -> tensor<4x4xf32>
  return
}

// -----

func.func @unknown_attr_gelu(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'approx'; expected one of: precision, approximate}}
  %0 = "tgraph.gelu"(%a0) {approx = "tanh"} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_softmax(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'axis'; expected one of: precision, dim}}
  %0 = "tgraph.softmax"(%a0) {axis = 1 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_reduce(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'keepdims'; expected one of: precision, kind, dims, keep_dims}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 1>, keepdims = true} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @unknown_attr_norm(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'eps'; expected one of: precision, epsilon, axis}}
  %0 = "tgraph.layer_norm"(%a0) {eps = 1.0e-5 : f32} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_transpose(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'perm'; expected one of: permutation}}
  %0 = "tgraph.transpose"(%a0) {perm = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @precision_on_data_movement(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'precision'; expected one of: permutation}}
  %0 = "tgraph.transpose"(%a0) {permutation = array<i64: 1, 0>, precision = {storage = f32}} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @unknown_attr_broadcast(%a0: tensor<8xf32>) {
  // expected-error @+1 {{unknown attribute 'dimensions'; expected one of: broadcast_dimensions}}
  %0 = "tgraph.broadcast"(%a0) {dimensions = array<i64: 1>} : (tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_constant() {
  // expected-error @+1 {{unknown attribute 'splat'; expected one of: value}}
  %0 = "tgraph.constant"() {value = dense<1.0> : tensor<4x8xf32>, splat = true} : () -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_reshape(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'shape'; this op takes none}}
  %0 = "tgraph.reshape"(%a0) {shape = array<i64: 32>} : (tensor<4x8xf32>) -> tensor<32xf32>
  return
}

// -----

func.func @unknown_attr_cast(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'rounding'; this op takes none}}
  %0 = "tgraph.cast"(%a0) {rounding = "nearest"} : (tensor<4x8xf32>) -> tensor<4x8xf16>
  return
}

// -----

func.func @precision_not_dict(%a0: tensor<4x8xf32>, %a1: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'precision' must be a dictionary like {storage = f16, compute = f32, accumulate = f32}, got f32}}
  %0 = "tgraph.add"(%a0, %a1) {precision = f32} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @precision_unknown_key(%a0: tensor<4x8xf32>, %a1: tensor<4x8xf32>) {
  // expected-error @+1 {{precision key 'output' is unknown; expected storage, compute or accumulate}}
  %0 = "tgraph.add"(%a0, %a1) {precision = {output = f32}} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @precision_not_float(%a0: tensor<4x8xf32>, %a1: tensor<4x8xf32>) {
  // expected-error @+1 {{precision 'compute' must be a float type, got i32}}
  %0 = "tgraph.add"(%a0, %a1) {precision = {compute = i32}} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// tgraph.matmul

func.func @matmul_lhs_rank(%a0: tensor<8xf16>, %a1: tensor<8x4xf16>) {
  // expected-error @+1 {{lhs must have rank 2, got tensor<8xf16>}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<8xf16>, tensor<8x4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_rhs_rank(%a0: tensor<4x8xf16>, %a1: tensor<2x8x4xf16>) {
  // expected-error @+1 {{rhs must have rank 2, got tensor<2x8x4xf16>}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<4x8xf16>, tensor<2x8x4xf16>) -> tensor<4x4xf32>
  return
}

// -----

func.func @matmul_result_rank(%a0: tensor<4x8xf16>, %a1: tensor<8x4xf16>) {
  // expected-error @+1 {{result must have rank 2, got tensor<16xf32>}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<4x8xf16>, tensor<8x4xf16>) -> tensor<16xf32>
  return
}

// -----

func.func @matmul_lhs_int(%a0: tensor<4x8xi8>, %a1: tensor<8x4xi8>) {
  // expected-error @+1 {{lhs element type must be a float type (f64, f32, f16, bf16, tf32, f8E4M3FN or f8E5M2), got i8}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<4x8xi8>, tensor<8x4xi8>) -> tensor<4x4xi32>
  return
}

// -----

func.func @matmul_rhs_int(%a0: tensor<4x8xf16>, %a1: tensor<8x4xi8>) {
  // expected-error @+1 {{rhs element type must be a float type (f64, f32, f16, bf16, tf32, f8E4M3FN or f8E5M2), got i8}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<4x8xf16>, tensor<8x4xi8>) -> tensor<4x4xf32>
  return
}

// -----

func.func @matmul_result_int(%a0: tensor<4x8xf16>, %a1: tensor<8x4xf16>) {
  // expected-error @+1 {{result element type must be a float type (f64, f32, f16, bf16, tf32, f8E4M3FN or f8E5M2), got i32}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<4x8xf16>, tensor<8x4xf16>) -> tensor<4x4xi32>
  return
}

// -----

func.func @matmul_mixed_inputs(%a0: tensor<4x8xf16>, %a1: tensor<8x4xbf16>) {
  // expected-error @+1 {{element type mismatch: lhs has f16 but rhs has bf16}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<4x8xf16>, tensor<8x4xbf16>) -> tensor<4x4xf32>
  return
}

// -----

func.func @matmul_inner(%a0: tensor<4x8xf16>, %a1: tensor<16x4xf16>) {
  // expected-error @+1 {{inner dimension (K) mismatch: lhs dim 1 is 8 but rhs dim 0 is 16}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<4x8xf16>, tensor<16x4xf16>) -> tensor<4x4xf32>
  return
}

// -----

func.func @matmul_m(%a0: tensor<4x?xf16>, %a1: tensor<?x4xf16>) {
  // expected-error @+1 {{row dimension (M) mismatch: result dim 0 is 5 but lhs dim 0 is 4}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<4x?xf16>, tensor<?x4xf16>) -> tensor<5x4xf32>
  return
}

// -----

func.func @matmul_n(%a0: tensor<?x8xf16>, %a1: tensor<8x4xf16>) {
  // expected-error @+1 {{column dimension (N) mismatch: result dim 1 is 3 but rhs dim 1 is 4}}
  %0 = "tgraph.matmul"(%a0, %a1) : (tensor<?x8xf16>, tensor<8x4xf16>) -> tensor<?x3xf32>
  return
}

// -----

// tgraph.batch_matmul

func.func @bmm_rank(%a0: tensor<4x8xf16>, %a1: tensor<8x4xf16>) {
  // expected-error @+1 {{lhs must have rank 3, got tensor<4x8xf16>}}
  %0 = "tgraph.batch_matmul"(%a0, %a1) : (tensor<4x8xf16>, tensor<8x4xf16>) -> tensor<4x4xf32>
  return
}

// -----

func.func @bmm_batch_operands(%a0: tensor<2x4x8xf16>, %a1: tensor<3x8x4xf16>) {
  // expected-error @+1 {{batch dimension mismatch: lhs dim 0 is 2 but rhs dim 0 is 3}}
  %0 = "tgraph.batch_matmul"(%a0, %a1) : (tensor<2x4x8xf16>, tensor<3x8x4xf16>) -> tensor<?x4x4xf32>
  return
}

// -----

func.func @bmm_batch_result_lhs(%a0: tensor<2x4x8xf16>, %a1: tensor<?x8x4xf16>) {
  // expected-error @+1 {{batch dimension mismatch: result dim 0 is 3 but lhs dim 0 is 2}}
  %0 = "tgraph.batch_matmul"(%a0, %a1) : (tensor<2x4x8xf16>, tensor<?x8x4xf16>) -> tensor<3x4x4xf32>
  return
}

// -----

func.func @bmm_batch_result_rhs(%a0: tensor<?x4x8xf16>, %a1: tensor<2x8x4xf16>) {
  // expected-error @+1 {{batch dimension mismatch: result dim 0 is 3 but rhs dim 0 is 2}}
  %0 = "tgraph.batch_matmul"(%a0, %a1) : (tensor<?x4x8xf16>, tensor<2x8x4xf16>) -> tensor<3x4x4xf32>
  return
}

// -----

func.func @bmm_inner(%a0: tensor<2x4x8xf16>, %a1: tensor<2x7x4xf16>) {
  // expected-error @+1 {{inner dimension (K) mismatch: lhs dim 2 is 8 but rhs dim 1 is 7}}
  %0 = "tgraph.batch_matmul"(%a0, %a1) : (tensor<2x4x8xf16>, tensor<2x7x4xf16>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @bmm_n(%a0: tensor<2x4x8xf16>, %a1: tensor<2x8x4xf16>) {
  // expected-error @+1 {{column dimension (N) mismatch: result dim 2 is 5 but rhs dim 2 is 4}}
  %0 = "tgraph.batch_matmul"(%a0, %a1) : (tensor<2x4x8xf16>, tensor<2x8x4xf16>) -> tensor<2x4x5xf32>
  return
}

// -----

// Elementwise binary ops (add, sub, mul, div, max).

func.func @add_operand_types(%a0: tensor<4xf32>, %a1: tensor<4xf16>) {
  // expected-error @+1 {{element type mismatch: lhs has f32 but rhs has f16}}
  %0 = "tgraph.add"(%a0, %a1) : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @sub_result_type(%a0: tensor<4xf16>, %a1: tensor<4xf16>) {
  // expected-error @+1 {{element type mismatch: lhs has f16 but result has f32}}
  %0 = "tgraph.sub"(%a0, %a1) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @mul_int(%a0: tensor<4xi32>, %a1: tensor<4xi32>) {
  // expected-error @+1 {{lhs element type must be a float type (f64, f32, f16, bf16, tf32, f8E4M3FN or f8E5M2), got i32}}
  %0 = "tgraph.mul"(%a0, %a1) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @div_rank(%a0: tensor<4x8xf32>, %a1: tensor<8xf32>) {
  // expected-error @+1 {{rank mismatch: lhs has rank 2 but rhs has rank 1}}
  %0 = "tgraph.div"(%a0, %a1) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @max_shape(%a0: tensor<4x8xf32>, %a1: tensor<4x9xf32>) {
  // expected-error @+1 {{shape mismatch: lhs dim 1 is 8 but rhs dim 1 is 9}}
  %0 = "tgraph.max"(%a0, %a1) : (tensor<4x8xf32>, tensor<4x9xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @add_result_rank(%a0: tensor<4x8xf32>, %a1: tensor<4x8xf32>) {
  // expected-error @+1 {{rank mismatch: lhs has rank 2 but result has rank 1}}
  %0 = "tgraph.add"(%a0, %a1) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<32xf32>
  return
}

// -----

func.func @add_result_shape(%a0: tensor<4x8xf32>, %a1: tensor<?x8xf32>) {
  // expected-error @+1 {{shape mismatch: lhs dim 0 is 4 but result dim 0 is 5}}
  %0 = "tgraph.add"(%a0, %a1) : (tensor<4x8xf32>, tensor<?x8xf32>) -> tensor<5x8xf32>
  return
}

// -----

func.func @add_rhs_result_shape(%a0: tensor<?x8xf32>, %a1: tensor<3x8xf32>) {
  // expected-error @+1 {{shape mismatch: rhs dim 0 is 3 but result dim 0 is 5}}
  %0 = "tgraph.add"(%a0, %a1) : (tensor<?x8xf32>, tensor<3x8xf32>) -> tensor<5x8xf32>
  return
}

// -----

// Elementwise unary ops (exp, tanh, relu, gelu, silu).

func.func @exp_type(%a0: tensor<4xf32>) {
  // expected-error @+1 {{element type mismatch: input has f32 but result has f16}}
  %0 = "tgraph.exp"(%a0) : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @tanh_int(%a0: tensor<4xi32>) {
  // expected-error @+1 {{input element type must be a float type (f64, f32, f16, bf16, tf32, f8E4M3FN or f8E5M2), got i32}}
  %0 = "tgraph.tanh"(%a0) : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @relu_rank(%a0: tensor<4x2xf32>) {
  // expected-error @+1 {{rank mismatch: input has rank 2 but result has rank 1}}
  %0 = "tgraph.relu"(%a0) : (tensor<4x2xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @silu_shape(%a0: tensor<4x2xf32>) {
  // expected-error @+1 {{shape mismatch: input dim 1 is 2 but result dim 1 is 3}}
  %0 = "tgraph.silu"(%a0) : (tensor<4x2xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @gelu_shape(%a0: tensor<4xf32>) {
  // expected-error @+1 {{shape mismatch: input dim 0 is 4 but result dim 0 is 5}}
  %0 = "tgraph.gelu"(%a0) : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @gelu_approximate_value(%a0: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'approximate' must be one of "none", "tanh", got "erf"}}
  %0 = "tgraph.gelu"(%a0) {approximate = "erf"} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @gelu_approximate_kind(%a0: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'approximate' must be a string, got true}}
  %0 = "tgraph.gelu"(%a0) {approximate = true} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// tgraph.softmax

func.func @softmax_dim_kind(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dim' must be an integer (e.g. 1 : i64), got 1.000000e+00 : f32}}
  %0 = "tgraph.softmax"(%a0) {dim = 1.0 : f32} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_dim_range(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dim' value 2 is out of range for input rank 2; expected a value in [-2, 1]}}
  %0 = "tgraph.softmax"(%a0) {dim = 2 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_dim_negative(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dim' value -3 is out of range for input rank 2; expected a value in [-2, 1]}}
  %0 = "tgraph.softmax"(%a0) {dim = -3 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_rank0(%a0: tensor<f32>) {
  // expected-error @+1 {{attribute 'dim' value -1 is out of range: the input has rank 0}}
  %0 = "tgraph.softmax"(%a0) : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_shape(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{shape mismatch: input dim 1 is 8 but result dim 1 is 9}}
  %0 = "tgraph.softmax"(%a0) : (tensor<4x8xf32>) -> tensor<4x9xf32>
  return
}

// -----

// tgraph.reduce

func.func @reduce_no_kind(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{requires attribute 'kind' ("sum", "max" or "mean")}}
  %0 = "tgraph.reduce"(%a0) {dims = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_bad_kind(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'kind' must be one of "sum", "max", "mean", got "prod"}}
  %0 = "tgraph.reduce"(%a0) {kind = "prod", dims = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_no_dims(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{requires attribute 'dims', the dimensions to reduce (e.g. dims = array<i64: 1>)}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum"} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_dims_kind(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dims' must be an i64 array (e.g. array<i64: 0, 1>), got [1]}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = [1]} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_dims_too_many(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dims' has 17 elements; at most 16 are supported}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_dims_empty(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dims' must name at least one dimension}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @reduce_dims_range(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dims' value 2 is out of range for input rank 2; expected a value in [-2, 1]}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 2>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_dims_duplicate(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dims' names dimension 1 twice}}
  %0 = "tgraph.reduce"(%a0) {kind = "max", dims = array<i64: 1, -1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_keep_dims_kind(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'keep_dims' must be a boolean (true or false), got 1 : i64}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 1>, keep_dims = 1 : i64} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_type(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{element type mismatch: input has f32 but result has f64}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @reduce_int(%a0: tensor<4x8xi32>) {
  // expected-error @+1 {{input element type must be a float type (f64, f32, f16, bf16, tf32, f8E4M3FN or f8E5M2), got i32}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 1>} : (tensor<4x8xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @reduce_rank(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{result must have rank 1 (input rank 2, 1 dimension reduced, keep_dims = false), got tensor<4x8xf32>}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @reduce_rank_keep(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{result must have rank 2 (input rank 2, 1 dimension reduced, keep_dims = true), got tensor<4xf32>}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 1>, keep_dims = true} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_shape(%a0: tensor<4x8x16xf32>) {
  // expected-error @+1 {{shape mismatch: result dim 1 is 8 but input dim 2 is 16}}
  %0 = "tgraph.reduce"(%a0) {kind = "mean", dims = array<i64: 1>} : (tensor<4x8x16xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @reduce_keep_not_one(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{result dim 1 must be 1 because input dim 1 is reduced with keep_dims, got 8}}
  %0 = "tgraph.reduce"(%a0) {kind = "sum", dims = array<i64: 1>, keep_dims = true} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// tgraph.transpose

func.func @transpose_no_perm(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{requires attribute 'permutation' (e.g. permutation = array<i64: 1, 0>)}}
  %0 = "tgraph.transpose"(%a0) : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @transpose_perm_kind(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'permutation' must be an i64 array (e.g. array<i64: 0, 1>), got [1, 0]}}
  %0 = "tgraph.transpose"(%a0) {permutation = [1, 0]} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @transpose_perm_count(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'permutation' has 3 entries but the input has rank 2}}
  %0 = "tgraph.transpose"(%a0) {permutation = array<i64: 1, 0, 2>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @transpose_perm_range(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'permutation' must be a permutation of 0..1, got array<i64: 2, 0>}}
  %0 = "tgraph.transpose"(%a0) {permutation = array<i64: 2, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @transpose_perm_negative(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'permutation' must be a permutation of 0..1, got array<i64: -1, 0>}}
  %0 = "tgraph.transpose"(%a0) {permutation = array<i64: -1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @transpose_perm_duplicate(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'permutation' must be a permutation of 0..1, got array<i64: 0, 0>}}
  %0 = "tgraph.transpose"(%a0) {permutation = array<i64: 0, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @transpose_type(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{element type mismatch: input has f32 but result has f16}}
  %0 = "tgraph.transpose"(%a0) {permutation = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf16>
  return
}

// -----

func.func @transpose_rank(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{rank mismatch: result has rank 1 but input has rank 2}}
  %0 = "tgraph.transpose"(%a0) {permutation = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<32xf32>
  return
}

// -----

func.func @transpose_shape(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{shape mismatch: result dim 0 is 4 but input dim 1 is 8}}
  %0 = "tgraph.transpose"(%a0) {permutation = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// tgraph.reshape

func.func @reshape_type(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{element type mismatch: input has f32 but result has f16}}
  %0 = "tgraph.reshape"(%a0) : (tensor<4x8xf32>) -> tensor<32xf16>
  return
}

// -----

func.func @reshape_count(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{element count mismatch: input has 32 elements but result has 30}}
  %0 = "tgraph.reshape"(%a0) : (tensor<4x8xf32>) -> tensor<2x15xf32>
  return
}

// -----

func.func @reshape_overflow(%a0: tensor<4294967296x4294967296xf32>) {
  // expected-error @+1 {{element count of input or result does not fit in 64 bits}}
  %0 = "tgraph.reshape"(%a0) : (tensor<4294967296x4294967296xf32>) -> tensor<4294967296x4294967296xf32>
  return
}

// -----

// tgraph.broadcast

func.func @broadcast_rank(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{input rank 2 exceeds result rank 1; broadcast cannot drop dimensions}}
  %0 = "tgraph.broadcast"(%a0) : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @broadcast_type(%a0: tensor<8xf32>) {
  // expected-error @+1 {{element type mismatch: input has f32 but result has f16}}
  %0 = "tgraph.broadcast"(%a0) : (tensor<8xf32>) -> tensor<4x8xf16>
  return
}

// -----

func.func @broadcast_dims_kind(%a0: tensor<8xf32>) {
  // expected-error @+1 {{attribute 'broadcast_dimensions' must be an i64 array (e.g. array<i64: 0, 1>), got [1]}}
  %0 = "tgraph.broadcast"(%a0) {broadcast_dimensions = [1]} : (tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @broadcast_dims_count(%a0: tensor<8xf32>) {
  // expected-error @+1 {{attribute 'broadcast_dimensions' has 2 entries but the input has rank 1}}
  %0 = "tgraph.broadcast"(%a0) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @broadcast_dims_range(%a0: tensor<8xf32>) {
  // expected-error @+1 {{attribute 'broadcast_dimensions' value 2 is out of range for result rank 2}}
  %0 = "tgraph.broadcast"(%a0) {broadcast_dimensions = array<i64: 2>} : (tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @broadcast_dims_order(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'broadcast_dimensions' must be strictly increasing, got array<i64: 2, 1>}}
  %0 = "tgraph.broadcast"(%a0) {broadcast_dimensions = array<i64: 2, 1>} : (tensor<4x8xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @broadcast_default_mismatch(%a0: tensor<4xf32>) {
  // expected-error @+1 {{input dim 0 (size 4) cannot be broadcast to result dim 1 (size 8); it must be 1 or the same size}}
  %0 = "tgraph.broadcast"(%a0) : (tensor<4xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @broadcast_explicit_mismatch(%a0: tensor<8xf32>) {
  // expected-error @+1 {{input dim 0 (size 8) cannot be broadcast to result dim 0 (size 4); it must be 1 or the same size}}
  %0 = "tgraph.broadcast"(%a0) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// tgraph.cast

func.func @cast_input_kind(%a0: tensor<4xindex>) {
  // expected-error @+1 {{input element type must be an integer or float type, got index}}
  %0 = "tgraph.cast"(%a0) : (tensor<4xindex>) -> tensor<4xf32>
  return
}

// -----

func.func @cast_result_kind(%a0: tensor<4xf32>) {
  // expected-error @+1 {{result element type must be an integer or float type, got complex<f32>}}
  %0 = "tgraph.cast"(%a0) : (tensor<4xf32>) -> tensor<4xcomplex<f32>>
  return
}

// -----

func.func @cast_rank(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{rank mismatch: input has rank 2 but result has rank 1}}
  %0 = "tgraph.cast"(%a0) : (tensor<4x8xf32>) -> tensor<32xf16>
  return
}

// -----

func.func @cast_shape(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{shape mismatch: input dim 1 is 8 but result dim 1 is 7}}
  %0 = "tgraph.cast"(%a0) : (tensor<4x8xf32>) -> tensor<4x7xf16>
  return
}

// -----

// tgraph.constant

func.func @constant_no_value() {
  // expected-error @+1 {{requires attribute 'value' (e.g. value = dense<0.0> : tensor<4xf32>)}}
  %0 = "tgraph.constant"() : () -> tensor<4x8xf32>
  return
}

// -----

func.func @constant_not_elements() {
  // expected-error @+1 {{attribute 'value' must be an elements attribute like dense<...> : tensor<...>, got 1.000000e+00 : f32}}
  %0 = "tgraph.constant"() {value = 1.0 : f32} : () -> tensor<f32>
  return
}

// -----

func.func @constant_type() {
  // expected-error @+1 {{attribute 'value' has type tensor<4x8xf32> but the result type is tensor<4x?xf32>}}
  %0 = "tgraph.constant"() {value = dense<1.0> : tensor<4x8xf32>} : () -> tensor<4x?xf32>
  return
}

// -----

// tgraph.layer_norm and tgraph.rms_norm

func.func @norm_epsilon_kind(%a0: tensor<?x64xf32>) {
  // expected-error @+1 {{attribute 'epsilon' must be a float (e.g. 1.0e-05 : f32), got 1 : i64}}
  %0 = "tgraph.layer_norm"(%a0) {epsilon = 1 : i64} : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @norm_epsilon_zero(%a0: tensor<?x64xf32>) {
  // expected-error @+1 {{attribute 'epsilon' must be positive, got 0}}
  %0 = "tgraph.layer_norm"(%a0) {epsilon = 0.0 : f32} : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @norm_epsilon_negative(%a0: tensor<?x64xf32>) {
  // expected-error @+1 {{attribute 'epsilon' must be positive, got -1e-06}}
  %0 = "tgraph.rms_norm"(%a0) {epsilon = -1.0e-6 : f64} : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @norm_axis_kind(%a0: tensor<?x64xf32>) {
  // expected-error @+1 {{attribute 'axis' must be an integer (e.g. 1 : i64), got "last"}}
  %0 = "tgraph.layer_norm"(%a0) {axis = "last"} : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @norm_axis_range(%a0: tensor<?x64xf32>) {
  // expected-error @+1 {{attribute 'axis' value 2 is out of range for input rank 2; expected a value in [-2, 1]}}
  %0 = "tgraph.rms_norm"(%a0) {axis = 2 : i64} : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @norm_rank0(%a0: tensor<f32>) {
  // expected-error @+1 {{attribute 'axis' value -1 is out of range: the input has rank 0}}
  %0 = "tgraph.layer_norm"(%a0) : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @norm_result_type(%a0: tensor<?x64xf32>) {
  // expected-error @+1 {{element type mismatch: input has f32 but result has f16}}
  %0 = "tgraph.layer_norm"(%a0) : (tensor<?x64xf32>) -> tensor<?x64xf16>
  return
}

// -----

func.func @norm_int(%a0: tensor<?x64xi32>) {
  // expected-error @+1 {{input element type must be a float type (f64, f32, f16, bf16, tf32, f8E4M3FN or f8E5M2), got i32}}
  %0 = "tgraph.rms_norm"(%a0) : (tensor<?x64xi32>) -> tensor<?x64xi32>
  return
}

// -----

func.func @norm_result_shape(%a0: tensor<?x64xf32>) {
  // expected-error @+1 {{shape mismatch: input dim 1 is 64 but result dim 1 is 32}}
  %0 = "tgraph.rms_norm"(%a0) : (tensor<?x64xf32>) -> tensor<?x32xf32>
  return
}

// -----

func.func @norm_weight_int(%a0: tensor<?x64xf32>, %a1: tensor<64xi8>) {
  // expected-error @+1 {{weight element type must be a float type (f64, f32, f16, bf16, tf32, f8E4M3FN or f8E5M2), got i8}}
  %0 = "tgraph.layer_norm"(%a0, %a1) : (tensor<?x64xf32>, tensor<64xi8>) -> tensor<?x64xf32>
  return
}

// -----

func.func @norm_weight_rank(%a0: tensor<?x64xf32>, %a1: tensor<?x64xf32>) {
  // expected-error @+1 {{weight must have rank 1, one dim per normalised input dim (1..1), got tensor<?x64xf32>}}
  %0 = "tgraph.layer_norm"(%a0, %a1) : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  return
}

// -----

func.func @norm_weight_rank_axis(%a0: tensor<2x3x4xf32>, %a1: tensor<4xf32>) {
  // expected-error @+1 {{weight must have rank 2, one dim per normalised input dim (1..2), got tensor<4xf32>}}
  %0 = "tgraph.layer_norm"(%a0, %a1) {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @norm_weight_shape(%a0: tensor<?x64xf32>, %a1: tensor<32xf32>) {
  // expected-error @+1 {{shape mismatch: weight dim 0 is 32 but input dim 1 is 64}}
  %0 = "tgraph.rms_norm"(%a0, %a1) : (tensor<?x64xf32>, tensor<32xf32>) -> tensor<?x64xf32>
  return
}

// -----

// tgraph.dims: named symbolic dims, one list per result.

func.func @dims_not_strings(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'tgraph.dims' must be a list of dim-name lists, one per result, like [["B", "S", "D"]], got [["B", 1]]}}
  %0 = "tgraph.relu"(%a0) {tgraph.dims = [["B", 1]]} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @dims_not_nested(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'tgraph.dims' must be a list of dim-name lists, one per result}}
  %0 = "tgraph.relu"(%a0) {tgraph.dims = ["B", "D"]} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @dims_list_count(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'tgraph.dims' has 2 dim-name lists but the op has 1 result}}
  %0 = "tgraph.relu"(%a0) {tgraph.dims = [["B", "D"], ["B", "D"]]} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @dims_name_count(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'tgraph.dims' gives 3 names for result 0, which has rank 2 (tensor<4x8xf32>)}}
  %0 = "tgraph.relu"(%a0) {tgraph.dims = [["B", "S", "D"]]} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @dims_inconsistent(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'tgraph.dims' names result 0 dim 0 (size 4) and result 0 dim 1 (size 8) both "D"; one name must label one size}}
  %0 = "tgraph.relu"(%a0) {tgraph.dims = [["D", "D"]]} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @dims_unknown_on_tgraph_op(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'tgraph.layout'; the only tgraph discardable attribute is 'tgraph.dims'}}
  %0 = "tgraph.relu"(%a0) {tgraph.layout = "row"} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// tgraph.dims on ops of other dialects.

// expected-error @+1 {{'func.func' op attribute 'tgraph.dims' has 1 dim-name list but the op has 0 results}}
func.func @dims_on_func(%a: tensor<4xf32>) attributes {tgraph.dims = [["N"]]} {
  return
}

// -----

func.func @dims_scalar_result() {
  // expected-error @+1 {{'arith.constant' op attribute 'tgraph.dims' names tensor dims, but result 0 is f32}}
  %0 = arith.constant {tgraph.dims = [[]]} 1.0 : f32
  return
}

// -----

func.func private @two() -> (tensor<4xf32>, tensor<8xf32>)

func.func @dims_inconsistent_results() {
  // expected-error @+1 {{'func.call' op attribute 'tgraph.dims' names result 0 dim 0 (size 4) and result 1 dim 0 (size 8) both "S"; one name must label one size}}
  %0:2 = func.call @two() {tgraph.dims = [["S"], ["S"]]} : () -> (tensor<4xf32>, tensor<8xf32>)
  return
}

// -----

func.func @dims_name_count_foreign(%n: index) {
  // expected-error @+1 {{'tensor.empty' op attribute 'tgraph.dims' gives 1 name for result 0, which has rank 2 (tensor<?x4xf32>)}}
  %0 = tensor.empty(%n) {tgraph.dims = [["S"]]} : tensor<?x4xf32>
  return
}

// -----

func.func @dims_not_list_foreign(%n: index) {
  // expected-error @+1 {{'tensor.empty' op attribute 'tgraph.dims' must be a list of dim-name lists}}
  %0 = tensor.empty(%n) {tgraph.dims = "S"} : tensor<?xf32>
  return
}

// -----

func.func @unknown_tgraph_attr_foreign(%n: index) {
  // expected-error @+1 {{'tensor.empty' op unknown attribute 'tgraph.layout'; the only tgraph discardable attribute is 'tgraph.dims'}}
  %0 = tensor.empty(%n) {tgraph.layout = "row"} : tensor<?xf32>
  return
}

// -----

func.func @irdl_two_results(%a: tensor<4xf32>) {
  // expected-error @+1 {{op expects exactly 1 results, but got 2}}
  %0:2 = "tgraph.exp"(%a) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @irdl_no_result(%a: tensor<4xf32>) {
  // expected-error @+1 {{op expects exactly 1 results, but got 0}}
  "tgraph.relu"(%a) : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @clamp_no_bound(%a0: tensor<4xf32>) {
  // expected-error @+1 {{needs attribute 'min', 'max' or both}}
  %0 = "tgraph.clamp"(%a0) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @clamp_order(%a0: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'min' (2) is greater than 'max' (1)}}
  %0 = "tgraph.clamp"(%a0) {min = 2.0 : f32, max = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @clamp_nan(%a0: tensor<4xf32>) {
  // expected-error @+1 {{bounds must not be NaN}}
  %0 = "tgraph.clamp"(%a0) {min = 0x7FC00000 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @clamp_kind(%a0: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'max' must be a float}}
  %0 = "tgraph.clamp"(%a0) {max = 1 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @clamp_attr(%a0: tensor<4xf32>) {
  // expected-error @+1 {{unknown attribute 'lo'; expected one of: precision, min, max}}
  %0 = "tgraph.clamp"(%a0) {lo = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @clamp_shape(%a0: tensor<4xf32>) {
  // expected-error @+1 {{shape mismatch: input dim 0 is 4 but result dim 0 is 5}}
  %0 = "tgraph.clamp"(%a0) {max = 1.0 : f32} : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @pow_types(%a0: tensor<4xf32>, %a1: tensor<4xf16>) {
  // expected-error @+1 {{element type mismatch}}
  %0 = "tgraph.pow"(%a0, %a1) : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @sqrt_int(%a0: tensor<4xi32>) {
  // expected-error @+1 {{float}}
  %0 = "tgraph.sqrt"(%a0) : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @swiglu_shape(%a0: tensor<4x8xf32>, %a1: tensor<4x9xf32>) {
  // expected-error @+1 {{shape mismatch}}
  %0 = "tgraph.swiglu"(%a0, %a1) : (tensor<4x8xf32>, tensor<4x9xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_dim(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dim'}}
  %0 = "tgraph.log_softmax"(%a0) {dim = 2 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @var_correction(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'correction' must be >= 0, got -1}}
  %0 = "tgraph.var"(%a0) {dims = array<i64: 1>, correction = -1 : i64} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @var_rank(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{result must have rank 1}}
  %0 = "tgraph.var"(%a0) {dims = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @var_attr(%a0: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown attribute 'kind'; expected one of: precision, dims, correction, keep_dims}}
  %0 = "tgraph.var"(%a0) {dims = array<i64: 1>, kind = "sum"} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

// tgraph.attention

func.func @attention_too_few_operands(%q: tensor<4x8xf32>, %k: tensor<4x8xf32>) {
  // expected-error @+1 {{op expects at least 3 operands, but got 2}}
  %0 = "tgraph.attention"(%q, %k) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_unknown_attr(%q: tensor<4x8xf32>) {
  // expected-error @+1 {{is_causal}}
  %0 = "tgraph.attention"(%q, %q, %q) {is_causal = true} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_scale_kind(%q: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'scale' must be a float}}
  %0 = "tgraph.attention"(%q, %q, %q) {scale = 2 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_scale_negative(%q: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'scale' must be finite and positive, got -0.5}}
  %0 = "tgraph.attention"(%q, %q, %q) {scale = -0.5 : f64} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_scale_inf(%q: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'scale' must be finite and positive, got inf}}
  %0 = "tgraph.attention"(%q, %q, %q) {scale = 0x7FF0000000000000 : f64} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_causal_kind(%q: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'causal' must be a boolean}}
  %0 = "tgraph.attention"(%q, %q, %q) {causal = 1 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_int_q(%q: tensor<4x8xi32>) {
  // expected-error @+1 {{q element type must be a float type}}
  %0 = "tgraph.attention"(%q, %q, %q) : (tensor<4x8xi32>, tensor<4x8xi32>, tensor<4x8xi32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_k_type(%q: tensor<4x8xf16>, %k: tensor<4x8xf32>) {
  // expected-error @+1 {{element type mismatch: q has f16 but k has f32}}
  %0 = "tgraph.attention"(%q, %k, %q) : (tensor<4x8xf16>, tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf16>
  return
}

// -----

func.func @attention_v_type(%q: tensor<4x8xf16>, %v: tensor<4x8xbf16>) {
  // expected-error @+1 {{element type mismatch: q has f16 but v has bf16}}
  %0 = "tgraph.attention"(%q, %q, %v) : (tensor<4x8xf16>, tensor<4x8xf16>, tensor<4x8xbf16>) -> tensor<4x8xf16>
  return
}

// -----

func.func @attention_result_int(%q: tensor<4x8xf16>) {
  // expected-error @+1 {{result element type must be a float type}}
  %0 = "tgraph.attention"(%q, %q, %q) : (tensor<4x8xf16>, tensor<4x8xf16>, tensor<4x8xf16>) -> tensor<4x8xi16>
  return
}

// -----

func.func @attention_result_type(%q: tensor<4x8xf16>) {
  // expected-error @+1 {{result element type must be q's (f16) or f32, got bf16}}
  %0 = "tgraph.attention"(%q, %q, %q) : (tensor<4x8xf16>, tensor<4x8xf16>, tensor<4x8xf16>) -> tensor<4x8xbf16>
  return
}

// -----

func.func @attention_rank1(%q: tensor<8xf32>) {
  // expected-error @+1 {{q must have rank 2 or more ([..., S, D]), got rank 1}}
  %0 = "tgraph.attention"(%q, %q, %q) : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @attention_k_rank(%q: tensor<2x4x8xf32>, %k: tensor<4x8xf32>) {
  // expected-error @+1 {{rank mismatch: q has rank 3 but k has rank 2}}
  %0 = "tgraph.attention"(%q, %k, %k) : (tensor<2x4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_v_rank(%q: tensor<2x4x8xf32>, %v: tensor<4x8xf32>) {
  // expected-error @+1 {{rank mismatch: q has rank 3 but v has rank 2}}
  %0 = "tgraph.attention"(%q, %q, %v) : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_result_rank(%q: tensor<2x4x8xf32>) {
  // expected-error @+1 {{rank mismatch: q has rank 3 but result has rank 2}}
  %0 = "tgraph.attention"(%q, %q, %q) : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<8x8xf32>
  return
}

// -----

func.func @attention_batch_qk(%q: tensor<2x3x4x8xf32>, %k: tensor<3x3x4x8xf32>) {
  // expected-error @+1 {{batch dimension mismatch: k dim 0 is 3 but q dim 0 is 2}}
  %0 = "tgraph.attention"(%q, %k, %k) : (tensor<2x3x4x8xf32>, tensor<3x3x4x8xf32>, tensor<3x3x4x8xf32>) -> tensor<2x3x4x8xf32>
  return
}

// -----

func.func @attention_batch_kv(%q: tensor<2x3x4x8xf32>, %v: tensor<1x3x4x8xf32>) {
  // expected-error @+1 {{batch dimension mismatch: v dim 0 is 1 but k dim 0 is 2}}
  %0 = "tgraph.attention"(%q, %q, %v) : (tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>, tensor<1x3x4x8xf32>) -> tensor<2x3x4x8xf32>
  return
}

// -----

func.func @attention_batch_result(%q: tensor<2x3x4x8xf32>) {
  // expected-error @+1 {{batch dimension mismatch: result dim 0 is 5 but q dim 0 is 2}}
  %0 = "tgraph.attention"(%q, %q, %q) : (tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>) -> tensor<5x3x4x8xf32>
  return
}

// -----

func.func @attention_heads_not_multiple(%q: tensor<6x4x8xf32>, %k: tensor<4x4x8xf32>) {
  // expected-error @+1 {{q has 6 heads (dim 0) and k has 4; q's head count must be a multiple of k's (grouped-query attention)}}
  %0 = "tgraph.attention"(%q, %k, %k) : (tensor<6x4x8xf32>, tensor<4x4x8xf32>, tensor<4x4x8xf32>) -> tensor<6x4x8xf32>
  return
}

// -----

func.func @attention_heads_kv(%q: tensor<4x4x8xf32>, %k: tensor<2x4x8xf32>, %v: tensor<4x4x8xf32>) {
  // expected-error @+1 {{heads dimension mismatch: v dim 0 is 4 but k dim 0 is 2}}
  %0 = "tgraph.attention"(%q, %k, %v) : (tensor<4x4x8xf32>, tensor<2x4x8xf32>, tensor<4x4x8xf32>) -> tensor<4x4x8xf32>
  return
}

// -----

func.func @attention_heads_result(%q: tensor<4x4x8xf32>, %k: tensor<2x4x8xf32>) {
  // expected-error @+1 {{heads dimension mismatch: result dim 0 is 2 but q dim 0 is 4}}
  %0 = "tgraph.attention"(%q, %k, %k) : (tensor<4x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_head_dim(%q: tensor<4x8xf32>, %k: tensor<6x16xf32>) {
  // expected-error @+1 {{head dimension (D) mismatch: k dim 1 is 16 but q dim 1 is 8}}
  %0 = "tgraph.attention"(%q, %k, %k) : (tensor<4x8xf32>, tensor<6x16xf32>, tensor<6x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @attention_key_count(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<5x8xf32>) {
  // expected-error @+1 {{key dimension (T) mismatch: v dim 0 is 5 but k dim 0 is 6}}
  %0 = "tgraph.attention"(%q, %k, %v) : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<5x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_result_rows(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>) {
  // expected-error @+1 {{query dimension (S) mismatch: result dim 0 is 6 but q dim 0 is 4}}
  %0 = "tgraph.attention"(%q, %k, %k) : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>) -> tensor<6x8xf32>
  return
}

// -----

func.func @attention_result_cols(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x32xf32>) {
  // expected-error @+1 {{value dimension (Dv) mismatch: result dim 1 is 8 but v dim 1 is 32}}
  %0 = "tgraph.attention"(%q, %k, %v) : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x32xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_mask_rank(%q: tensor<4x8xf32>, %m: tensor<1x4x4xf32>) {
  // expected-error @+1 {{mask must have rank 2, got tensor<1x4x4xf32>}}
  %0 = "tgraph.attention"(%q, %q, %q, %m) : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<1x4x4xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_mask_int(%q: tensor<4x8xf32>, %m: tensor<4x4xi1>) {
  // expected-error @+1 {{mask element type must be a float type}}
  %0 = "tgraph.attention"(%q, %q, %q, %m) : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x4xi1>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_mask_rows(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %m: tensor<5x6xf32>) {
  // expected-error @+1 {{mask rows (S) mismatch: mask dim 0 is 5 but q dim 0 is 4}}
  %0 = "tgraph.attention"(%q, %k, %k, %m) : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>, tensor<5x6xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @attention_mask_cols(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %m: tensor<4x4xf32>) {
  // expected-error @+1 {{mask columns (T) mismatch: mask dim 1 is 4 but k dim 0 is 6}}
  %0 = "tgraph.attention"(%q, %k, %k, %m) : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>, tensor<4x4xf32>) -> tensor<4x8xf32>
  return
}

// -----

// tgraph.slice
func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf16> {
  // expected-error @+1 {{element type}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 0>} : (tensor<4x8xf32>) -> tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{rank}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 0>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{requires attribute 'offsets' (array<i64: ...>, one entry per input dim)}}
  %0 = "tgraph.slice"(%x)  : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{attribute 'offsets' has 1 entry but the input has rank 2}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{attribute 'strides' has 3 entries but the input has rank 2}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1, 1>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{offsets}}
  %0 = "tgraph.slice"(%x) {offsets = [0, 0]} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{attribute 'offsets' entry 1 is -1; offsets are >= 0}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, -1>} : (tensor<4x8xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{attribute 'strides' entry 1 is 0; strides are >= 1}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 0>, strides = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @f(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{result dim 0 is dynamic, so it keeps the whole input dim: its offset must be 0 and its stride 1 (got 1 and 1)}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 1, 0>} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{result dim 0 is dynamic but input dim 0 is 4; make it static}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 0>} : (tensor<4x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{dim 1: 3 elements from offset 2 with stride 3 reach past the input's 8}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 2>, strides = array<i64: 1, 3>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x0xf32> {
  // expected-error @+1 {{dim 1: 0 elements from offset 9 with stride 1 reach past the input's 8}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 9>} : (tensor<4x8xf32>) -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{dim 1: 3 elements from offset 0 with stride 9223372036854775807 reach past the input's 8}}
  %0 = "tgraph.slice"(%x) {offsets = array<i64: 0, 0>, strides = array<i64: 1, 9223372036854775807>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// tgraph.concat
func.func @f(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf16> {
  // expected-error @+1 {{element type}}
  %0 = "tgraph.concat"(%a, %b) {dim = 1 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x16xf16>
  return %0 : tensor<4x16xf16>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) -> tensor<4x16xf32> {
  // expected-error @+1 {{element type}}
  %0 = "tgraph.concat"(%a, %b) {dim = 1 : i64} : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{rank}}
  %0 = "tgraph.concat"(%a, %b) {dim = 1 : i64} : (tensor<4x8xf32>, tensor<4xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<64xf32> {
  // expected-error @+1 {{rank}}
  %0 = "tgraph.concat"(%a, %b) {dim = 1 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

// -----

func.func @f(%a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{operands have rank 0; concat joins them along a dim}}
  %0 = "tgraph.concat"(%a, %b) {dim = 0 : i64} : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{requires attribute 'dim' (the dim to join along, e.g. dim = -1 : i64)}}
  %0 = "tgraph.concat"(%a, %b)  : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{attribute 'dim' value 2 is out of range for input rank 2}}
  %0 = "tgraph.concat"(%a, %b) {dim = 2 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<5x8xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{shape mismatch: lhs dim 0 is 4 but rhs dim 0 is 5}}
  %0 = "tgraph.concat"(%a, %b) {dim = 1 : i64} : (tensor<4x8xf32>, tensor<5x8xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<3x16xf32> {
  // expected-error @+1 {{shape mismatch: result dim 0 is 3 but lhs dim 0 is 4}}
  %0 = "tgraph.concat"(%a, %b) {dim = 1 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<3x16xf32>
  return %0 : tensor<3x16xf32>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x15xf32> {
  // expected-error @+1 {{result dim 1 is 15 but lhs and rhs give 8 + 8 = 16}}
  %0 = "tgraph.concat"(%a, %b) {dim = -1 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x15xf32>
  return %0 : tensor<4x15xf32>
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{dim}}
  %0 = "tgraph.concat"(%a, %b) {dim = 1.0 : f32} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// tgraph.linear
func.func @f(%x: tensor<f32>, %w: tensor<4x1xf32>) -> tensor<f32> {
  // expected-error @+1 {{input has rank 0; linear maps its last dim}}
  %0 = "tgraph.linear"(%x, %w) : (tensor<f32>, tensor<4x1xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @f(%x: tensor<?x8xf32>, %w: tensor<4x8x1xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{weight must have rank 2}}
  %0 = "tgraph.linear"(%x, %w) : (tensor<?x8xf32>, tensor<4x8x1xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @f(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{result must have rank 2}}
  %0 = "tgraph.linear"(%x, %w) : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<?x8xi32>, %w: tensor<4x8xi32>) -> tensor<?x4xi32> {
  // expected-error @+1 {{input element type must be a float type}}
  %0 = "tgraph.linear"(%x, %w) : (tensor<?x8xi32>, tensor<4x8xi32>) -> tensor<?x4xi32>
  return %0 : tensor<?x4xi32>
}

// -----

func.func @f(%x: tensor<?x8xf16>, %w: tensor<4x8xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{element type}}
  %0 = "tgraph.linear"(%x, %w) : (tensor<?x8xf16>, tensor<4x8xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @f(%x: tensor<?x8xf32>, %w: tensor<4x9xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{inner dimension (K) mismatch: input dim 1 is 8 but weight dim 1 is 9}}
  %0 = "tgraph.linear"(%x, %w) : (tensor<?x8xf32>, tensor<4x9xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @f(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>) -> tensor<?x5xf32> {
  // expected-error @+1 {{output features (N) mismatch: result dim 1 is 5 but weight dim 0 is 4}}
  %0 = "tgraph.linear"(%x, %w) : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

func.func @f(%x: tensor<3x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{shape mismatch: result dim 0 is 2 but input dim 0 is 3}}
  %0 = "tgraph.linear"(%x, %w) : (tensor<3x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @f(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<1x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{bias must have rank 1}}
  %0 = "tgraph.linear"(%x, %w, %b) : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @f(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xi8>) -> tensor<?x4xf32> {
  // expected-error @+1 {{bias element type must be a float type}}
  %0 = "tgraph.linear"(%x, %w, %b) : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<4xi8>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @f(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<5xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{output features (N) mismatch: bias dim 0 is 5 but weight dim 0 is 4}}
  %0 = "tgraph.linear"(%x, %w, %b) : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<5xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// tgraph.pad
func.func @f(%x: tensor<4x8xf32>) -> tensor<4x9xf16> {
  // expected-error @+1 {{element type mismatch: input has f32 but result has f16}}
  %0 = "tgraph.pad"(%x) {low = array<i64: 0, 0>, high = array<i64: 0, 1>} : (tensor<4x8xf32>) -> tensor<4x9xf16>
  return %0 : tensor<4x9xf16>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{requires attribute 'low'}}
  %0 = "tgraph.pad"(%x) {high = array<i64: 0, 0>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{requires attribute 'high'}}
  %0 = "tgraph.pad"(%x) {low = array<i64: 0, 0>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x9xf32> {
  // expected-error @+1 {{attribute 'low' has 1 entry but the input has rank 2}}
  %0 = "tgraph.pad"(%x) {low = array<i64: 0>, high = array<i64: 0, 1>} : (tensor<4x8xf32>) -> tensor<4x9xf32>
  return %0 : tensor<4x9xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x7xf32> {
  // expected-error @+1 {{attribute 'high' entry 1 is -1; pads are >= 0 (a negative pad is a tgraph.slice)}}
  %0 = "tgraph.pad"(%x) {low = array<i64: 0, 0>, high = array<i64: 0, -1>} : (tensor<4x8xf32>) -> tensor<4x7xf32>
  return %0 : tensor<4x7xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{result dim 1 is 10 but low + input + high is 1 + 8 + 2}}
  %0 = "tgraph.pad"(%x) {low = array<i64: 0, 1>, high = array<i64: 0, 2>} : (tensor<4x8xf32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x9xf32> {
  // expected-error @+1 {{attribute 'value' must be a float}}
  %0 = "tgraph.pad"(%x) {low = array<i64: 0, 1>, high = array<i64: 0, 0>, value = 1 : i64} : (tensor<4x8xf32>) -> tensor<4x9xf32>
  return %0 : tensor<4x9xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<4x9xf32> {
  // expected-error @+1 {{unknown attribute 'mode'}}
  %0 = "tgraph.pad"(%x) {low = array<i64: 0, 1>, high = array<i64: 0, 0>, mode = "reflect"} : (tensor<4x8xf32>) -> tensor<4x9xf32>
  return %0 : tensor<4x9xf32>
}

// -----

func.func @f(%x: tensor<4x8xf32>) -> tensor<9xf32> {
  // expected-error @+1 {{result has rank 1 but input has rank 2}}
  %0 = "tgraph.pad"(%x) {low = array<i64: 0, 1>, high = array<i64: 0, 0>} : (tensor<4x8xf32>) -> tensor<9xf32>
  return %0 : tensor<9xf32>
}

// -----

// tgraph.split
func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{element type mismatch: input has f32 but result has f16}}
  %0:2 = "tgraph.split"(%x) {dim = 1 : i64} : (tensor<4x8xf32>) -> (tensor<4x4xf16>, tensor<4x4xf16>)
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{requires attribute 'dim'}}
  %0:2 = "tgraph.split"(%x)  : (tensor<4x8xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'dim' value 2 is out of range for input rank 2; expected a value in [-2, 1]}}
  %0:2 = "tgraph.split"(%x) {dim = 2 : i64} : (tensor<4x8xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{shape mismatch: result dim 0 is 3 but input dim 0 is 4}}
  %0:2 = "tgraph.split"(%x) {dim = 1 : i64} : (tensor<4x8xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{input dim 1 is 10 but 3 results of 4 make 12}}
  %0:3 = "tgraph.split"(%x) {dim = 1 : i64} : (tensor<4x10xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{input dim 1 is 10, which 3 equal parts do not divide}}
  %0:3 = "tgraph.split"(%x) {dim = -1 : i64} : (tensor<4x10xf32>) -> (tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>)
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{input has rank 0; split cuts it along a dim}}
  %0 = "tgraph.split"(%x) {dim = 0 : i64} : (tensor<f32>) -> (tensor<f32>)
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected 'tensor<4x3xf32>' but got 'tensor<4x5xf32>'}}
  %0:2 = "tgraph.split"(%x) {dim = 1 : i64} : (tensor<4x8xf32>) -> (tensor<4x3xf32>, tensor<4x5xf32>)
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expects 1 to 64 results, got 0}}
  "tgraph.split"(%x) {dim = 1 : i64} : (tensor<4x8xf32>) -> ()
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{result has rank 1 but input has rank 2}}
  %0 = "tgraph.split"(%x) {dim = 0 : i64} : (tensor<4x8xf32>) -> (tensor<8xf32>)
  return
}

// -----

// tgraph.iota
func.func @f() -> tensor<4x8xi8> {
  // expected-error @+1 {{result element type must be f32, f16, bf16, i32 or i64, got i8}}
  %0 = "tgraph.iota"() {dim = 0 : i64} : () -> tensor<4x8xi8>
  return %0 : tensor<4x8xi8>
}

// -----

func.func @f() -> tensor<f32> {
  // expected-error @+1 {{result has rank 0; iota counts along a dim}}
  %0 = "tgraph.iota"() {dim = 0 : i64} : () -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @f() -> tensor<4x8xf32> {
  // expected-error @+1 {{requires attribute 'dim'}}
  %0 = "tgraph.iota"()  : () -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @f() -> tensor<4x8xf32> {
  // expected-error @+1 {{attribute 'dim' value -3 is out of range for result rank 2; expected a value in [-2, 1]}}
  %0 = "tgraph.iota"() {dim = -3 : i64} : () -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @f() -> tensor<?x8xf32> {
  // expected-error @+1 {{result dim 0 is dynamic but there is no 'like' operand to give its size}}
  %0 = "tgraph.iota"() {dim = 1 : i64} : () -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @f(%x: tensor<?x8xf16>) -> tensor<?x4xf32> {
  // expected-error @+1 {{shape mismatch: result dim 1 is 4 but like dim 1 is 8}}
  %0 = "tgraph.iota"(%x) {dim = 1 : i64} : (tensor<?x8xf16>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @f(%x: tensor<?x8xf16>) -> tensor<?x8x1xf32> {
  // expected-error @+1 {{result has rank 3 but like has rank 2}}
  %0 = "tgraph.iota"(%x) {dim = 1 : i64} : (tensor<?x8xf16>) -> tensor<?x8x1xf32>
  return %0 : tensor<?x8x1xf32>
}

// -----

func.func @f() -> tensor<4xi32> {
  // expected-error @+1 {{unknown attribute 'start'}}
  %0 = "tgraph.iota"() {dim = 0 : i64, start = 1 : i64} : () -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f() -> tensor<4xui32> {
  // expected-error @+1 {{result element type must be f32, f16, bf16, i32 or i64, got ui32}}
  %0 = "tgraph.iota"() {dim = 0 : i64} : () -> tensor<4xui32>
  return %0 : tensor<4xui32>
}

// -----

// tgraph.embedding
func.func @f(%i: tensor<?xf32>, %w: tensor<100x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{ids element type must be i32 or i64, got f32}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?xf32>, tensor<100x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @f(%i: tensor<?xi16>, %w: tensor<100x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{ids element type must be i32 or i64, got i16}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?xi16>, tensor<100x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @f(%i: tensor<?xi32>, %w: tensor<100xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{table must have rank 2}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?xi32>, tensor<100xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @f(%i: tensor<?xi32>, %w: tensor<100x8xi32>) -> tensor<?x8xi32> {
  // expected-error @+1 {{table element type must be a float type}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?xi32>, tensor<100x8xi32>) -> tensor<?x8xi32>
  return %0 : tensor<?x8xi32>
}

// -----

func.func @f(%i: tensor<?xi32>, %w: tensor<100x8xf32>) -> tensor<?x8xf16> {
  // expected-error @+1 {{element type mismatch: table has f32 but result has f16}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?xi32>, tensor<100x8xf32>) -> tensor<?x8xf16>
  return %0 : tensor<?x8xf16>
}

// -----

func.func @f(%i: tensor<?x?xi64>, %w: tensor<100x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{result must have rank 3}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?x?xi64>, tensor<100x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @f(%i: tensor<4x?xi64>, %w: tensor<100x8xf32>) -> tensor<5x?x8xf32> {
  // expected-error @+1 {{shape mismatch: result dim 0 is 5 but ids dim 0 is 4}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<4x?xi64>, tensor<100x8xf32>) -> tensor<5x?x8xf32>
  return %0 : tensor<5x?x8xf32>
}

// -----

func.func @f(%i: tensor<?xi32>, %w: tensor<100x8xf32>) -> tensor<?x16xf32> {
  // expected-error @+1 {{embedding dim mismatch: result dim 1 is 16 but table dim 1 is 8}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?xi32>, tensor<100x8xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// -----

func.func @f(%i: tensor<?xi32>, %w: tensor<0x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{table has 0 rows; no id can name one}}
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?xi32>, tensor<0x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}
