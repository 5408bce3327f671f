// Token embeddings: ids of a dynamic batch and sequence, a bf16 table; and
// an f32 table of dynamic size with i32 ids.
func.func @tok(%i: tensor<?x?xi64>, %w: tensor<32000x256xbf16>) -> tensor<?x?x256xbf16> {
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?x?xi64>, tensor<32000x256xbf16>) -> tensor<?x?x256xbf16>
  return %0 : tensor<?x?x256xbf16>
}
func.func @dyn(%i: tensor<?xi32>, %w: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = "tgraph.embedding"(%i, %w) : (tensor<?xi32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
