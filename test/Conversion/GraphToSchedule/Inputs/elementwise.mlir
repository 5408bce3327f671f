// A standalone elementwise chain (no producer kernel): f16 in and out,
// add -> gelu_tanh -> mul by an input.
func.func @ew(%x: tensor<?x?xf16>, %y: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %a = "tgraph.add"(%x, %y) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  %g = "tgraph.gelu"(%a) {approximate = "tanh"} : (tensor<?x?xf16>) -> tensor<?x?xf16>
  %m = "tgraph.mul"(%g, %x) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  return %m : tensor<?x?xf16>
}
