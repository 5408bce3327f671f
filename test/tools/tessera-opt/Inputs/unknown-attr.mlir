func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "tgraph.relu"(%x) {bogus = 1 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
