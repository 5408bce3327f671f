// Reshapes as tessera-lower-graph takes them: dims kept in front, at the
// back, none (static), a unit dim appended.
func.func @heads(%x: tensor<?x?x64xf16>) -> tensor<?x?x4x16xf16> {
  %0 = "tgraph.reshape"(%x) : (tensor<?x?x64xf16>) -> tensor<?x?x4x16xf16>
  return %0 : tensor<?x?x4x16xf16>
}
func.func @merge(%x: tensor<6x?xf32>) -> tensor<2x3x?xf32> {
  %0 = "tgraph.reshape"(%x) : (tensor<6x?xf32>) -> tensor<2x3x?xf32>
  return %0 : tensor<2x3x?xf32>
}
func.func @static(%x: tensor<4x6xf32>) -> tensor<3x8xf32> {
  %0 = "tgraph.reshape"(%x) : (tensor<4x6xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}
func.func @unit(%x: tensor<?x8xbf16>) -> tensor<?x8x1xbf16> {
  %0 = "tgraph.reshape"(%x) : (tensor<?x8xbf16>) -> tensor<?x8x1xbf16>
  return %0 : tensor<?x8x1xbf16>
}
