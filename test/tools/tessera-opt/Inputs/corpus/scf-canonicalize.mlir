// PARITY: -allow-unregistered-dialect -split-input-file -canonicalize
// PARITY: -allow-unregistered-dialect -split-input-file --pass-pipeline='builtin.module(func.func(canonicalize{test-convergence}))'
// PARITY: -allow-unregistered-dialect -split-input-file -scf-for-loop-canonicalization -canonicalize

func.func @single_iteration_for(%m: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    %v = memref.load %m[%i] : memref<4xf32>
    "foo.use"(%v) : (f32) -> ()
  }
  return
}

func.func @zero_trip(%m: memref<4xf32>, %f: f32) -> f32 {
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c4 to %c4 step %c1 iter_args(%a = %f) -> (f32) {
    %s = arith.addf %a, %a : f32
    scf.yield %s : f32
  }
  return %r : f32
}

func.func @constant_if() -> i32 {
  %true = arith.constant true
  %r = scf.if %true -> (i32) {
    %c = arith.constant 1 : i32
    scf.yield %c : i32
  } else {
    %c = arith.constant 2 : i32
    scf.yield %c : i32
  }
  return %r : i32
}

// -----

func.func @unused_iter_arg(%lb: index, %ub: index, %st: index, %x: i32) -> i32 {
  %r:2 = scf.for %i = %lb to %ub step %st iter_args(%a = %x, %b = %x) -> (i32, i32) {
    %n = arith.addi %a, %a : i32
    scf.yield %n, %b : i32, i32
  }
  return %r#0 : i32
}

func.func @if_same_yield(%c: i1, %x: f32) -> f32 {
  %r = scf.if %c -> (f32) {
    scf.yield %x : f32
  } else {
    scf.yield %x : f32
  }
  return %r : f32
}

func.func @if_to_select(%c: i1, %a: index, %b: index) -> index {
  %r = scf.if %c -> (index) {
    scf.yield %a : index
  } else {
    scf.yield %b : index
  }
  return %r : index
}

// -----

func.func @nested_loops_affine_min(%n: index, %m: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  scf.for %i = %c0 to %c16 step %c4 {
    %sz = affine.min affine_map<(d0) -> (4, 16 - d0)>(%i)
    "foo.use"(%sz) : (index) -> ()
  }
  return
}

func.func @while_invariant(%x: i32) -> i32 {
  %true = arith.constant true
  %r = scf.while (%a = %x) : (i32) -> i32 {
    scf.condition(%true) %a : i32
  } do {
  ^bb0(%b: i32):
    "foo.side_effect"() : () -> ()
    scf.yield %b : i32
  }
  return %r : i32
}
