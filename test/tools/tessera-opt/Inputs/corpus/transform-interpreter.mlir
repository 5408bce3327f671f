// PARITY: --transform-interpreter --split-input-file --verify-diagnostics
// PARITY: --transform-interpreter --split-input-file
// PARITY: --transform-interpreter="debug-payload-root-tag=payload" --split-input-file

module attributes {transform.with_named_sequence} {
  func.func @payload(%a: tensor<16x32xf32>, %b: tensor<32x8xf32>, %c: tensor<16x8xf32>) -> tensor<16x8xf32> {
    // expected-remark @below {{found a matmul}}
    %0 = linalg.matmul ins(%a, %b : tensor<16x32xf32>, tensor<32x8xf32>) outs(%c : tensor<16x8xf32>) -> tensor<16x8xf32>
    return %0 : tensor<16x8xf32>
  }

  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    transform.debug.emit_remark_at %mm, "found a matmul" : !transform.any_op
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence, transform.target_tag = "payload"} {
  func.func @generalize(%x: tensor<4x4xf32>, %y: tensor<4x4xf32>, %o: tensor<4x4xf32>) -> tensor<4x4xf32> {
    %0 = linalg.add ins(%x, %y : tensor<4x4xf32>, tensor<4x4xf32>) outs(%o : tensor<4x4xf32>) -> tensor<4x4xf32>
    return %0 : tensor<4x4xf32>
  }

  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %add = transform.structured.match ops{["linalg.add"]} in %root : (!transform.any_op) -> !transform.any_op
    %g = transform.structured.generalize %add : (!transform.any_op) -> !transform.any_op
    %n = transform.num_associations %g : (!transform.any_op) -> !transform.param<i64>
    // expected-remark @below {{1}}
    transform.debug.emit_param_as_remark %n : !transform.param<i64>
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence} {
  // expected-note @below {{while considering positions of this payload operation}}
  func.func @nothing_to_match() {
    return
  }

  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %f = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{position overflow 0 (updated from 0) for maximum 0}}
    %r = transform.get_result %f[0] : (!transform.any_op) -> !transform.any_value
    transform.yield
  }
}
