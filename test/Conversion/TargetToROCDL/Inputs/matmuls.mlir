// The matmul kernels of matmul-mfma.test (gfx942 and gfx90a), as a user
// writes them in Graph IR: one kernel each.
func.func @mm_f16(%x: tensor<?x?xf16>, %w: tensor<?x?xf16>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// f16 out, a fused bias and tanh-GELU.
func.func @mm_f16e(%x: tensor<?x?xf16>, %w: tensor<?x?xf16>, %b: tensor<?xf16>) -> tensor<?x?xf16> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  %bb = "tgraph.broadcast"(%b) : (tensor<?xf16>) -> tensor<?x?xf16>
  %z = "tgraph.add"(%y, %bb) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  %g = "tgraph.gelu"(%z) {approximate = "tanh"} : (tensor<?x?xf16>) -> tensor<?x?xf16>
  return %g : tensor<?x?xf16>
}

// bf16 in and out, batched (grid z), a fused residual and SiLU.
func.func @mm_bf16(%x: tensor<?x?x?xbf16>, %w: tensor<?x?x?xbf16>, %r: tensor<?x?x?xbf16>) -> tensor<?x?x?xbf16> {
  %y = "tgraph.batch_matmul"(%x, %w) : (tensor<?x?x?xbf16>, tensor<?x?x?xbf16>) -> tensor<?x?x?xbf16>
  %z = "tgraph.add"(%y, %r) : (tensor<?x?x?xbf16>, tensor<?x?x?xbf16>) -> tensor<?x?x?xbf16>
  %s = "tgraph.silu"(%z) : (tensor<?x?x?xbf16>) -> tensor<?x?x?xbf16>
  return %s : tensor<?x?x?xbf16>
}

// f32 in and out, relu then erf-GELU.
func.func @mm_f32(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r = "tgraph.relu"(%y) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = "tgraph.gelu"(%r) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}
