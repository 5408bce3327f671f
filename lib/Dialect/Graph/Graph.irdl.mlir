irdl.dialect @tgraph {
  irdl.operation @matmul {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  irdl.operation @layer_norm {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0, params: variadic %t1)
    irdl.results(result: %t2)
  }
}
