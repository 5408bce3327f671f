// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -transform-dialect-check-uses
// PARITY: -transform-infer-effects

!op = !transform.any_op
!param = !transform.param<i64>

module attributes {transform.with_named_sequence} {
  transform.named_sequence @match_matmul(%entry: !op {transform.readonly}) -> !op {
    transform.match.operation_name %entry ["linalg.matmul"] : !op
    transform.yield %entry : !op
  }

  transform.named_sequence @tile_it(%mm: !op {transform.consumed}) {
    %t, %l:2 = transform.structured.tile_using_for %mm tile_sizes [8, 16] : (!op) -> (!op, !op, !op)
    transform.yield
  }

  transform.named_sequence @__transform_main(%root: !op {transform.consumed}) {
    %f = transform.foreach_match in %root
        @match_matmul -> @tile_it
      : (!op) -> !op
    %p = transform.param.constant 4 : i64 -> !param
    transform.debug.emit_param_as_remark %p : !param
    %funcs = transform.structured.match ops{["func.func"]} in %f : (!op) -> !op
    transform.foreach %funcs : !op {
    ^bb0(%fn: !op):
      transform.apply_patterns to %fn {
        transform.apply_patterns.canonicalization
        transform.apply_patterns.linalg.tiling_canonicalization
      } {apply_cse} : !op
    }
    %s = transform.sequence %f : !op -> !op failures(propagate) {
    ^bb0(%arg: !op):
      transform.yield %arg : !op
    }
    transform.yield
  }
}
