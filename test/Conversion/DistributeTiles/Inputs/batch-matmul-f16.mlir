// C[b] = A[b] B[b] with f16 operands and f32 results, dynamic shapes: a
// grid of three dims (batch, M blocks, N blocks).
func.func @bmm(%a: tensor<?x?x?xf16>, %b: tensor<?x?x?xf16>) -> tensor<?x?x?xf32> {
  %c = "tgraph.batch_matmul"(%a, %b) : (tensor<?x?x?xf16>, tensor<?x?x?xf16>) -> tensor<?x?x?xf32>
  return %c : tensor<?x?x?xf32>
}
