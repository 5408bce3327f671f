// gelu_tanh(x W + b): f16 x and W, f32 bias and result, dynamic shapes.
// The bias is a 1-D row broadcast over the rows of the accumulator.
func.func @linear(%x: tensor<?x?xf16>, %w: tensor<?x?xf16>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %bb = "tgraph.broadcast"(%b) : (tensor<?xf32>) -> tensor<?x?xf32>
  %z = "tgraph.add"(%y, %bb) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = "tgraph.gelu"(%z) {approximate = "tanh"} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}
