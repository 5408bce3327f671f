// silu(A B + R) as a user writes it (@T@: f16 or bf16): the residual
// epilogue that stream.test compiles op by op on every GPU.
func.func @res(%x: tensor<?x?x@T@>, %w: tensor<?x?x@T@>, %r: tensor<?x?x@T@>) -> tensor<?x?x@T@> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?x@T@>, tensor<?x?x@T@>) -> tensor<?x?x@T@>
  %z = "tgraph.add"(%y, %r) : (tensor<?x?x@T@>, tensor<?x?x@T@>) -> tensor<?x?x@T@>
  %s = "tgraph.silu"(%z) : (tensor<?x?x@T@>) -> tensor<?x?x@T@>
  return %s : tensor<?x?x@T@>
}
