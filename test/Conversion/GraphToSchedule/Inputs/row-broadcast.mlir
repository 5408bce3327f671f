// (x + b) * s with b and s broadcast along the last dim: one elementwise
// kernel that reads b and s as one row each.
func.func @rb(%x: tensor<?x?xf16>, %b: tensor<?xf16>, %s: tensor<?xf16>) -> tensor<?x?xf16> {
  %bb = "tgraph.broadcast"(%b) : (tensor<?xf16>) -> tensor<?x?xf16>
  %sb = "tgraph.broadcast"(%s) : (tensor<?xf16>) -> tensor<?x?xf16>
  %0 = "tgraph.add"(%x, %bb) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  %1 = "tgraph.mul"(%sb, %0) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  return %1 : tensor<?x?xf16>
}
