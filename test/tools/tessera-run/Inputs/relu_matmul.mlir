func.func @mm(%a: tensor<?x3xf32>, %b: tensor<3x?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%a, %b) : (tensor<?x3xf32>, tensor<3x?xf32>) -> tensor<?x?xf32>
  %r = "tgraph.relu"(%y) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
func.func @other(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
