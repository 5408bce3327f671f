// tgraph.softmax as a user writes it; softmax.test compiles it for every GPU
// (@T@: the element type).
func.func @sm(%x: tensor<?x?x@T@>) -> tensor<?x?x@T@> {
  %y = "tgraph.softmax"(%x) : (tensor<?x?x@T@>) -> tensor<?x?x@T@>
  return %y : tensor<?x?x@T@>
}
