// tsched -- Schedule IR: how a computation is decomposed into kernels, tiles,
// memory levels, async copies and pipeline stages. See docs/dialects/schedule.md.
//
// IRDL checks operand/result kinds only. Attributes are not declared here:
// IRDL makes declared attributes required and cannot declare optional ones,
// so all of them are checked in one place, lib/Dialect/Schedule/
// ScheduleVerify.c, with the relations between types. Memory levels map onto builtin types:
//   global    memref<...>            (no memory space, or #gpu.address_space<global>)
//   shared    memref<..., #gpu.address_space<workgroup>>
//   registers vector<...>            (an SSA value: the whole tile, distributed
//                                     over threads by the target lowering)
// Every constraint value below is used once: IRDL binds a value to the first
// type it matches, so reuse would force equal types (also across the elements
// of one variadic operand).
irdl.dialect @tsched {
  // Completion handle of a tsched.async_copy, consumed by tsched.wait.
  irdl.type @token {
    irdl.parameters()
  }

  // tile = load(source[offsets...]) into shared memory or registers.
  irdl.operation @tile_load {
    %src = irdl.base "!builtin.memref"
    %idx = irdl.is index
    %vec = irdl.base "!builtin.vector"
    %mem = irdl.base "!builtin.memref"
    %tile = irdl.any_of(%vec, %mem)
    irdl.operands(source: %src, offsets: variadic %idx)
    irdl.results(tile: %tile)
  }

  // Asynchronous global -> shared copy of one tile; `token` completes it.
  irdl.operation @async_copy {
    %src = irdl.base "!builtin.memref"
    %idx = irdl.is index
    %mem = irdl.base "!builtin.memref"
    %tok = irdl.base @tsched::@token
    irdl.operands(source: %src, offsets: variadic %idx)
    irdl.results(tile: %mem, token: %tok)
  }

  // Blocks until the copies behind `tokens` have landed.
  irdl.operation @wait {
    %tok = irdl.base @tsched::@token
    irdl.operands(tokens: variadic %tok)
    irdl.results()
  }

  // dest[offsets...] = tile (out-of-bounds elements are not written).
  irdl.operation @tile_store {
    %vec = irdl.base "!builtin.vector"
    %mem = irdl.base "!builtin.memref"
    %tile = irdl.any_of(%vec, %mem)
    %dst = irdl.base "!builtin.memref"
    %idx = irdl.is index
    irdl.operands(tile: %tile, dest: %dst, offsets: variadic %idx)
    irdl.results()
  }

  // result = acc + a x b on whole tiles.
  irdl.operation @tile_matmul {
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

  // result = fn(lhs[, rhs]) with numpy broadcasting of register tiles.
  irdl.operation @elementwise {
    %lhs = irdl.base "!builtin.vector"
    %rhs = irdl.base "!builtin.vector"
    %res = irdl.base "!builtin.vector"
    irdl.operands(lhs: %lhs, rhs: optional %rhs)
    irdl.results(result: %res)
  }

  // result[i, j] = offset + (dim == 0 ? i : j), as i32: the coordinates of
  // a tile's elements, for masks (causal attention, ragged tails).
  irdl.operation @iota {
    %idx = irdl.is index
    %res = irdl.base "!builtin.vector"
    irdl.operands(offset: %idx)
    irdl.results(result: %res)
  }

  // result = reduce(input) along `dim`, which is kept with size 1.
  irdl.operation @reduce {
    %in = irdl.base "!builtin.vector"
    %res = irdl.base "!builtin.vector"
    irdl.operands(input: %in)
    irdl.results(result: %res)
  }
}
