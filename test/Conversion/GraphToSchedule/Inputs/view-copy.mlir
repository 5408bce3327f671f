// Permutations for permute.test: split heads (the last dim stays), a true
// 2-D transpose, and a rank-5 permutation whose essential form is rank 4.
func.func @heads(%x: tensor<?x?x4x8xbf16>) -> tensor<?x4x?x8xbf16> {
  %t = "tgraph.transpose"(%x) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<?x?x4x8xbf16>) -> tensor<?x4x?x8xbf16>
  return %t : tensor<?x4x?x8xbf16>
}
func.func @t2(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %t = "tgraph.transpose"(%x) {permutation = array<i64: 1, 0>} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %t : tensor<?x?xf32>
}
func.func @r5(%x: tensor<2x3x?x7x2xf16>) -> tensor<2x?x2x7x3xf16> {
  %t = "tgraph.transpose"(%x) {permutation = array<i64: 4, 2, 0, 3, 1>} : (tensor<2x3x?x7x2xf16>) -> tensor<2x?x2x7x3xf16>
  return %t : tensor<2x?x2x7x3xf16>
}
func.func @merge(%x: tensor<3x5x?xf32>) -> tensor<?x3x5xf32> {
  %t = "tgraph.transpose"(%x) {permutation = array<i64: 2, 0, 1>} : (tensor<3x5x?xf32>) -> tensor<?x3x5xf32>
  return %t : tensor<?x3x5xf32>
}
func.func @units(%x: tensor<1x33x1x17xf16>) -> tensor<1x17x1x33xf16> {
  %t = "tgraph.transpose"(%x) {permutation = array<i64: 2, 3, 0, 1>} : (tensor<1x33x1x17xf16>) -> tensor<1x17x1x33xf16>
  return %t : tensor<1x17x1x33xf16>
}
func.func @copy(%x: tensor<4x1x9xf32>) -> tensor<1x4x9xf32> {
  %t = "tgraph.transpose"(%x) {permutation = array<i64: 1, 0, 2>} : (tensor<4x1x9xf32>) -> tensor<1x4x9xf32>
  return %t : tensor<1x4x9xf32>
}
// Materialised broadcasts: a row over 4 rows, a column of a 3-D result, a
// scalar; and a constant feeding an elementwise kernel.
func.func @bc(%a: tensor<?xf32>) -> tensor<4x?xf32> {
  %e = "tgraph.broadcast"(%a) : (tensor<?xf32>) -> tensor<4x?xf32>
  return %e : tensor<4x?xf32>
}
func.func @col(%a: tensor<?x1xbf16>) -> tensor<?x3x16xbf16> {
  %e = "tgraph.broadcast"(%a) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<?x1xbf16>) -> tensor<?x3x16xbf16>
  return %e : tensor<?x3x16xbf16>
}
func.func @scalar(%a: tensor<f16>) -> tensor<5x7xf16> {
  %e = "tgraph.broadcast"(%a) : (tensor<f16>) -> tensor<5x7xf16>
  return %e : tensor<5x7xf16>
}
func.func @cst(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = "tgraph.constant"() {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %e = "tgraph.add"(%a, %c) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %e : tensor<2x3xf32>
}
// A strided slice of a dynamic dim, and a concat whose result dim is the
// run-time sum of the operands'.
func.func @sl(%x: tensor<?x64xf16>) -> tensor<8x16xf16> {
  %s = "tgraph.slice"(%x) {offsets = array<i64: 1, 32>, strides = array<i64: 3, 2>} : (tensor<?x64xf16>) -> tensor<8x16xf16>
  return %s : tensor<8x16xf16>
}
func.func @cat(%a: tensor<?x?xbf16>, %b: tensor<?x?xbf16>) -> tensor<?x?xbf16> {
  %c = "tgraph.concat"(%a, %b) {dim = 1 : i64} : (tensor<?x?xbf16>, tensor<?x?xbf16>) -> tensor<?x?xbf16>
  return %c : tensor<?x?xbf16>
}
// A pad with low and high pads on a leading dim and on the last two.
func.func @pd(%x: tensor<?x3x17xf32>) -> tensor<?x4x20xf32> {
  %p = "tgraph.pad"(%x) {low = array<i64: 1, 0, 2>, high = array<i64: 1, 1, 1>, value = -1.0 : f64} : (tensor<?x3x17xf32>) -> tensor<?x4x20xf32>
  return %p : tensor<?x4x20xf32>
}
// q, k and v of a fused projection: three parts of a dynamic last dim.
func.func @sp(%x: tensor<?x?xbf16>) -> (tensor<?x?xbf16>, tensor<?x?xbf16>) {
  %p:3 = "tgraph.split"(%x) {dim = 1 : i64} : (tensor<?x?xbf16>) -> (tensor<?x?xbf16>, tensor<?x?xbf16>, tensor<?x?xbf16>)
  return %p#1, %p#2 : tensor<?x?xbf16>, tensor<?x?xbf16>
}
// Positions: iota along a dim of the tile (bf16) and along a leading dim
// (i64 ids), dims from the `like` operand.
func.func @io(%x: tensor<?x?x64xf32>) -> (tensor<?x?x64xbf16>, tensor<?x?x64xi64>) {
  %a = "tgraph.iota"(%x) {dim = 1 : i64} : (tensor<?x?x64xf32>) -> tensor<?x?x64xbf16>
  %b = "tgraph.iota"(%x) {dim = 0 : i64} : (tensor<?x?x64xf32>) -> tensor<?x?x64xi64>
  return %a, %b : tensor<?x?x64xbf16>, tensor<?x?x64xi64>
}
