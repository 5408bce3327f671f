// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file

module attributes {transform.with_named_sequence} {
  transform.named_sequence @wrong_yield(%arg: !transform.any_op {transform.readonly}) -> !transform.any_value {
    // expected-error @below {{the type of the terminator operand #0 must match the type of the corresponding parent op result ('!transform.any_op' vs '!transform.any_value')}}
    transform.yield %arg : !transform.any_op
  }
}

// -----

// expected-note @below {{symbol table operation}}
module {
  // expected-error @below {{expects the parent symbol table to have the 'transform.with_named_sequence' attribute}}
  transform.named_sequence @no_attribute(%arg: !transform.any_op {transform.readonly}) {
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence} {
  // expected-error @below {{argument #0 is consumed in the body but is not marked as such}}
  transform.named_sequence @consumes(%arg: !transform.any_op {transform.readonly}) {
    transform.structured.tile_using_for %arg tile_sizes [4] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op) {
    // expected-error @below {{'transform.include' op does not reference a named transform sequence}}
    transform.include @missing failures(propagate) (%root) : (!transform.any_op) -> ()
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence} {
  transform.named_sequence @bad_type(%root: !transform.any_op {transform.readonly}) {
    // expected-error @below {{invalid kind of type specified: expected builtin.function, but found '!transform.any_op'}}
    %m = transform.structured.match ops{["linalg.matmul"]} in %root : !transform.any_op
    transform.yield
  }
}
