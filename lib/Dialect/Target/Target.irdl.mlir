// ttarget -- Target IR: what a kernel commits to on one chip. See
// docs/dialects/target.md.
//
// Target IR is Schedule IR in which the ops that depend on the hardware have
// been committed to an instruction family: tsched.tile_matmul becomes
// ttarget.mma, tsched.async_copy becomes ttarget.copy. Target descriptors,
// kernel ABI and launch shape are discardable attributes (ttarget.target,
// ttarget.kernel) checked in lib/Dialect/Target/TargetAttrs.c and
// TargetKernel.c.
//
// Each constraint value is used once (IRDL binds a value to the first type it
// matches). ttarget.copy's token is `irdl.any` because each IRDL file is its
// own module and cannot name !tsched.token; TargetVerify.c checks it.
irdl.dialect @ttarget {
  // result = acc + a x b, decomposed into `shape`-sized instructions of
  // `family` over a `warps` grid.
  irdl.operation @mma {
    %va = irdl.base "!builtin.vector"
    %ma = irdl.base "!builtin.memref"
    %a = irdl.any_of(%va, %ma)
    %vb = irdl.base "!builtin.vector"
    %mb = irdl.base "!builtin.memref"
    %b = irdl.any_of(%vb, %mb)
    %acc = irdl.base "!builtin.vector"
    %res = irdl.base "!builtin.vector"
    irdl.operands(a: %a, b: %b, acc: %acc)
    irdl.results(result: %res)
  }

  // Asynchronous global -> shared tile copy through TMA, cp.async or plain
  // loads; `token` is a !tsched.token consumed by tsched.wait.
  irdl.operation @copy {
    %src = irdl.base "!builtin.memref"
    %idx = irdl.is index
    %mem = irdl.base "!builtin.memref"
    %tok = irdl.any
    irdl.operands(source: %src, offsets: variadic %idx)
    irdl.results(tile: %mem, token: %tok)
  }

  // The same register tile in another layout (attribute `layout`): moved
  // between threads through shared memory or shuffles by the lowering.
  irdl.operation @convert_layout {
    %src = irdl.base "!builtin.vector"
    %res = irdl.base "!builtin.vector"
    irdl.operands(source: %src)
    irdl.results(result: %res)
  }
}
