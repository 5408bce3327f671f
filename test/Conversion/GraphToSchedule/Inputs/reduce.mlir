// Reductions as tessera-lower-graph's "reduce" family takes them: a trailing
// run (rows), keep_dims, a leading run (columns), everything.
func.func @rsum(%x: tensor<?x?x?xf32>) -> tensor<?xf32> {
  %0 = "tgraph.reduce"(%x) {kind = "sum", dims = array<i64: 1, 2>} : (tensor<?x?x?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
func.func @rmax(%x: tensor<?x?xf16>) -> tensor<?x1xf16> {
  %0 = "tgraph.reduce"(%x) {kind = "max", dims = array<i64: -1>, keep_dims = true} : (tensor<?x?xf16>) -> tensor<?x1xf16>
  return %0 : tensor<?x1xf16>
}
func.func @cmean(%x: tensor<?x?x?xbf16>) -> tensor<?xbf16> {
  %0 = "tgraph.reduce"(%x) {kind = "mean", dims = array<i64: 0, 1>} : (tensor<?x?x?xbf16>) -> tensor<?xbf16>
  return %0 : tensor<?xbf16>
}
func.func @all(%x: tensor<?x?xf32>) -> tensor<f32> {
  %0 = "tgraph.reduce"(%x) {kind = "sum", dims = array<i64: 0, 1>} : (tensor<?x?xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @var(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  %0 = "tgraph.var"(%x) {dims = array<i64: 1>, correction = 1 : i64} : (tensor<?x?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
