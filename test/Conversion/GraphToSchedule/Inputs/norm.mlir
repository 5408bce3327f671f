// The norms as tessera-lower-graph's "norm" family takes them: with and
// without parameters, 16-bit storage, and a norm over several dims.
func.func @ln(%x: tensor<?x?xf32>, %w: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.layer_norm"(%x, %w, %b) {epsilon = 1.0e-5 : f64} : (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}
func.func @ln_plain(%x: tensor<?x?xbf16>) -> tensor<?x?xbf16> {
  %y = "tgraph.layer_norm"(%x) : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}
func.func @rms(%x: tensor<?x?xf16>, %w: tensor<?xf16>) -> tensor<?x?xf16> {
  %y = "tgraph.rms_norm"(%x, %w) {epsilon = 1.0e-6 : f64} : (tensor<?x?xf16>, tensor<?xf16>) -> tensor<?x?xf16>
  return %y : tensor<?x?xf16>
}
func.func @rms_sd(%x: tensor<?x?x64xf32>, %w: tensor<?x64xf32>) -> tensor<?x?x64xf32> {
  %y = "tgraph.rms_norm"(%x, %w) {axis = 1 : i64} : (tensor<?x?x64xf32>, tensor<?x64xf32>) -> tensor<?x?x64xf32>
  return %y : tensor<?x?x64xf32>
}
