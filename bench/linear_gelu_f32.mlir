// The benchmark's fused linear layer: gelu(x W + b) with the tanh gelu, f32,
// any batch M, K and N. One kernel: the bias add and the gelu are the
// matmul's epilogue.
func.func @linear_gelu(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %bb = "tgraph.broadcast"(%b) : (tensor<?xf32>) -> tensor<?x?xf32>
  %z = "tgraph.add"(%y, %bb) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = "tgraph.gelu"(%z) {approximate = "tanh"} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}
