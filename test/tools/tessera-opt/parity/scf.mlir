// RUN: tessera-opt %s --split-input-file > %t.tessera
// RUN: %mlir_opt %s --split-input-file > %t.upstream
// RUN: diff %t.tessera %t.upstream
// RUN: tessera-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(scf-forall-to-for),convert-scf-to-cf,canonicalize)' > %t.tessera.cf
// RUN: %mlir_opt %s --split-input-file --pass-pipeline='builtin.module(func.func(scf-forall-to-for),convert-scf-to-cf,canonicalize)' > %t.upstream.cf
// RUN: diff %t.tessera.cf %t.upstream.cf
// RUN: tessera-opt %s --split-input-file --pass-pipeline='builtin.module(tessera-verify,func.func(scf-forall-to-for,tessera-verify),convert-scf-to-cf,tessera-verify,canonicalize)' > %t.tessera.mixed
// RUN: diff %t.tessera.mixed %t.upstream.cf

func.func @sum(%m: memref<?xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %init = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> (f32) {
    %v = memref.load %m[%i] : memref<?xf32>
    %s = arith.addf %acc, %v : f32
    scf.yield %s : f32
  }
  return %r : f32
}

// -----

func.func @forall(%m: memref<128x128xf32>, %s: f32) {
  scf.forall (%i, %j) in (128, 128) {
    %v = memref.load %m[%i, %j] : memref<128x128xf32>
    %w = arith.mulf %v, %s : f32
    memref.store %w, %m[%i, %j] : memref<128x128xf32>
  }
  return
}

// -----

func.func @while_if(%x: i32) -> i32 {
  %c10 = arith.constant 10 : i32
  %r = scf.while (%a = %x) : (i32) -> i32 {
    %cond = arith.cmpi slt, %a, %c10 : i32
    scf.condition(%cond) %a : i32
  } do {
  ^bb0(%a: i32):
    %c1 = arith.constant 1 : i32
    %n = arith.addi %a, %c1 : i32
    scf.yield %n : i32
  }
  return %r : i32
}
