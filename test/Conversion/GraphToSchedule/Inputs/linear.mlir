// tgraph.linear for linear.test: bias and gelu fused (f16, [B, S, K] input),
// and a bf16 linear without bias.
func.func @lin(%x: tensor<?x?x256xf16>, %w: tensor<512x256xf16>, %b: tensor<512xf16>) -> tensor<?x?x512xf16> {
  %y = "tgraph.linear"(%x, %w, %b) : (tensor<?x?x256xf16>, tensor<512x256xf16>, tensor<512xf16>) -> tensor<?x?x512xf16>
  %g = "tgraph.gelu"(%y) : (tensor<?x?x512xf16>) -> tensor<?x?x512xf16>
  return %g : tensor<?x?x512xf16>
}
func.func @nobias(%x: tensor<?x128xbf16>, %w: tensor<?x128xbf16>) -> tensor<?x?xbf16> {
  %y = "tgraph.linear"(%x, %w) : (tensor<?x128xbf16>, tensor<?x128xbf16>) -> tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}
