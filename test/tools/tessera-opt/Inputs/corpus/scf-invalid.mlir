// PARITY: -allow-unregistered-dialect -verify-diagnostics -split-input-file
// PARITY: -allow-unregistered-dialect -split-input-file

// expected-note @+1 {{prior use here}}
func.func @for_wrong_step_type(%a: index, %b: i32) {
  // expected-error @+1 {{use of value '%b' expects different type than prior uses: 'index' vs 'i32'}}
  scf.for %i = %a to %a step %b {
  }
  return
}

// -----

func.func @if_missing_else(%c: i1, %x: i32) -> i32 {
  // expected-error @+1 {{must have an else block if defining values}}
  %r = scf.if %c -> (i32) {
    scf.yield %x : i32
  }
  return %r : i32
}

// -----

func.func @yield_count(%lb: index, %x: f32) -> f32 {
  // expected-error @+1 {{mismatch in number of loop-carried values and defined values}}
  %r = scf.for %i = %lb to %lb step %lb iter_args(%a = %x) -> (f32, f32) {
    scf.yield %a, %a : f32, f32
  }
  return %r#0 : f32
}

// -----

func.func @parallel_reduce_count(%lb: index, %f: f32) {
  // expected-error @+1 {{expects number of results: 1 to be the same as number of reductions: 0}}
  %r = scf.parallel (%i) = (%lb) to (%lb) step (%lb) init (%f) -> f32 {
    scf.reduce
  }
  return
}

// -----

func.func @while_cond_types(%x: i32) {
  // expected-error @+1 {{along control flow edge from Operation scf.condition to Region #1: successor operand type #0 'i32' should match successor input type #0 'i64'}}
  %r = scf.while (%a = %x) : (i32) -> i32 {
    %t = arith.constant true
    // expected-note @+1 {{region branch point}}
    scf.condition(%t) %a : i32
  } do {
  ^bb0(%b: i64):
    %c = arith.constant 0 : i32
    scf.yield %c : i32
  }
  return
}

// -----

func.func @forall_bad_yield(%t: tensor<8xf32>) {
  // expected-error @+1 {{expects region #0 to have 0 or 1 blocks}}
  "scf.forall"(%t) ({
  ^bb0(%i: index, %o: tensor<8xf32>):
    cf.br ^bb1
  ^bb1:
    "scf.forall.in_parallel"() ({}) : () -> ()
  }) {operandSegmentSizes = array<i32: 0, 0, 0, 1>, staticLowerBound = array<i64: 0>, staticUpperBound = array<i64: 8>, staticStep = array<i64: 1>} : (tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @warning_and_remark(%c: i1) {
  // expected-error @+1 {{'scf.condition' op expects parent op 'scf.while'}}
  scf.condition(%c)
}
