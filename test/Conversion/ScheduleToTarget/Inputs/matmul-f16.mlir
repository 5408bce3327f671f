// C = A B with f16 operands and f32 results, dynamic shapes: the kernel the
// whole-nest matmul lowering takes unless told otherwise.
func.func @mm(%a: tensor<?x?xf16>, %b: tensor<?x?xf16>) -> tensor<?x?xf32> {
  %c = "tgraph.matmul"(%a, %b) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}
