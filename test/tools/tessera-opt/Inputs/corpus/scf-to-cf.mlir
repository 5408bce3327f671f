// PARITY: -convert-scf-to-cf -split-input-file
// PARITY: -convert-scf-to-cf -canonicalize -split-input-file -mlir-print-op-generic
// PARITY: --pass-pipeline="builtin.module(func.func(scf-forall-to-for,scf-for-to-while),convert-scf-to-cf,cse)" -split-input-file
// PARITY: -lift-cf-to-scf -split-input-file

func.func @simple_for(%lb: index, %ub: index, %st: index, %m: memref<?xf32>) {
  scf.for %i = %lb to %ub step %st {
    %v = memref.load %m[%i] : memref<?xf32>
    memref.store %v, %m[%i] : memref<?xf32>
  }
  return
}

func.func @nested_if_for(%c: i1, %lb: index, %ub: index, %st: index, %x: f32) -> f32 {
  %r = scf.if %c -> (f32) {
    %s = scf.for %i = %lb to %ub step %st iter_args(%a = %x) -> (f32) {
      %n = arith.mulf %a, %a : f32
      scf.yield %n : f32
    }
    scf.yield %s : f32
  } else {
    scf.yield %x : f32
  }
  return %r : f32
}

// -----

func.func @while_to_cf(%n: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = scf.while (%i = %c0) : (i64) -> i64 {
    %cond = arith.cmpi ult, %i, %n : i64
    scf.condition(%cond) %i : i64
  } do {
  ^bb0(%j: i64):
    %k = arith.addi %j, %c1 : i64
    scf.yield %k : i64
  }
  return %r : i64
}

func.func @switch_to_cf(%i: index) -> f32 {
  %r = scf.index_switch %i -> f32
  case 0 {
    %c = arith.constant 1.0 : f32
    scf.yield %c : f32
  }
  default {
    %c = arith.constant 0.0 : f32
    scf.yield %c : f32
  }
  return %r : f32
}

func.func @forall_seq(%m: memref<16xf32>) {
  scf.forall (%i) in (16) {
    %v = memref.load %m[%i] : memref<16xf32>
    memref.store %v, %m[%i] : memref<16xf32>
  }
  return
}

// -----

func.func @cf_diamond(%c: i1, %a: i32, %b: i32) -> i32 {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %s = arith.addi %a, %b : i32
  cf.br ^bb3(%s : i32)
^bb2:
  cf.br ^bb3(%b : i32)
^bb3(%r: i32):
  return %r : i32
}
