// A linear layer with a fused activation, written as Graph IR in the generic
// form with no attributes: shapes are dynamic in the batch dim and the
// precision policy comes from `tessera-set-precision`.
//
//   tessera-opt examples/matmul_gelu.mlir --tessera-set-precision
func.func @linear_gelu(%x: tensor<?x1024xf16>, %w: tensor<1024x4096xf16>,
                       %b: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x1024xf16>, tensor<1024x4096xf16>) -> tensor<?x4096xf32>
  %z = "tgraph.add"(%y, %b) : (tensor<?x4096xf32>, tensor<?x4096xf32>) -> tensor<?x4096xf32>
  %g = "tgraph.gelu"(%z) {approximate = "tanh"} : (tensor<?x4096xf32>) -> tensor<?x4096xf32>
  return %g : tensor<?x4096xf32>
}

func.func @attention_scores(%q: tensor<?x?x64xbf16>, %kt: tensor<?x64x?xbf16>) -> tensor<?x?x?xf32> {
  %s = "tgraph.batch_matmul"(%q, %kt) : (tensor<?x?x64xbf16>, tensor<?x64x?xbf16>) -> tensor<?x?x?xf32>
  %p = "tgraph.softmax"(%s) {dim = -1 : i64} : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %p : tensor<?x?x?xf32>
}
