// RUN: tessera-opt %s -split-input-file -verify-diagnostics --tessera-lower-graph

// A broadcast read unfolded is materialised, but nothing gives this
// result's dynamic dim 0 (a bias add would take it from the matmul).
func.func @broadcast_unknown_dim(%a: tensor<16xf32>) -> tensor<?x16xf32> {
  // expected-error @+1 {{a tgraph.broadcast to a dynamic dim that no input dim gives is lowered only where a kernel folds it}}
  %e = "tgraph.broadcast"(%a) : (tensor<16xf32>) -> tensor<?x16xf32>
  return %e : tensor<?x16xf32>
}

// -----

// A unit input dim broadcasts; it does not give the dynamic result dim.
func.func @broadcast_unit_dim(%a: tensor<1x16xf32>) -> tensor<?x16xf32> {
  // expected-error @+1 {{a tgraph.broadcast to a dynamic dim that no input dim gives}}
  %e = "tgraph.broadcast"(%a) : (tensor<1x16xf32>) -> tensor<?x16xf32>
  return %e : tensor<?x16xf32>
}

// -----

func.func @softmax_dim0(%a: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{softmax over a dim other than the last is not supported}}
  %e = "tgraph.softmax"(%a) {dim = 0 : i64} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %e : tensor<?x?xf32>
}

// -----

func.func @f16_accumulate(%a: tensor<?x?xf16>, %b: tensor<?x?xf16>) -> tensor<?x?xf16> {
  // expected-error @+1 {{only f32 accumulation is supported}}
  %e = "tgraph.matmul"(%a, %b) {precision = {storage = f16, compute = f16, accumulate = f16}} : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  return %e : tensor<?x?xf16>
}

// -----

// A tensor op outside Graph IR among Graph IR ops.
func.func @not_graph_ir(%a: tensor<8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'tensor.empty' is not supported by tessera-lower-graph yet}}
  %b = tensor.empty() : tensor<4x8xf32>
  %r = "tgraph.relu"(%a) : (tensor<8xf32>) -> tensor<8xf32>
  return %b : tensor<4x8xf32>
}


// -----

// expected-error @+1 {{tessera-lower-graph expects ranked tensor arguments}}
func.func @unranked(%a: tensor<*xf32>) -> tensor<*xf32> {
  return %a : tensor<*xf32>
}

// -----

// expected-error @+1 {{tessera-lower-graph expects functions of one block}}
func.func @multi(%a: tensor<?x?xf32>, %c: i1) -> tensor<?x?xf32> {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %y = "tgraph.matmul"(%a, %a) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
^bb2:
  return %a : tensor<?x?xf32>
}

// -----

// tgraph.reduce lowers a leading or a trailing run of adjacent dims.
func.func @reduce_gap(%a: tensor<?x?x?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{reduce over dims that are not adjacent is not supported by tessera-lower-graph yet}}
  %r = "tgraph.reduce"(%a) {kind = "sum", dims = array<i64: 0, 2>} : (tensor<?x?x?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

func.func @reduce_middle(%a: tensor<?x?x?xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{reduce over a run of dims with kept dims on both sides is not supported by tessera-lower-graph yet (reduce the leading or the trailing dims)}}
  %r = "tgraph.reduce"(%a) {kind = "max", dims = array<i64: 1>} : (tensor<?x?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// A reshape that changes a dynamic dim needs the element count at run time.
func.func @reshape_dynamic(%a: tensor<?x?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{reshape whose changed dims are not all static (with the same element count) is not supported by tessera-lower-graph yet; dynamic dims must be kept as leading or trailing dims}}
  %r = "tgraph.reshape"(%a) : (tensor<?x?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// The head dims are tile dims of the flash kernel.
func.func @attention_dynamic_head_dim(%q: tensor<4x?xf32>) -> tensor<4x?xf32> {
  // expected-error @+1 {{attention needs a static head dim (the last dim of q): it is a tile dim of the kernel}}
  %o = "tgraph.attention"(%q, %q, %q) : (tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>) -> tensor<4x?xf32>
  return %o : tensor<4x?xf32>
}

// -----

func.func @attention_f64(%q: tensor<4x64xf64>) -> tensor<4x64xf64> {
  // expected-error @+1 {{attention q must be f32, f16 or bf16 for the flash kernel}}
  %o = "tgraph.attention"(%q, %q, %q) : (tensor<4x64xf64>, tensor<4x64xf64>, tensor<4x64xf64>) -> tensor<4x64xf64>
  return %o : tensor<4x64xf64>
}
