// PARITY: -inline -split-input-file
// PARITY: --inline='default-pipeline=' -split-input-file
// PARITY: --pass-pipeline='builtin.module(inline{default-pipeline=canonicalize max-iterations=2},symbol-dce)' -split-input-file
// PARITY: -symbol-dce -split-input-file
// PARITY: -symbol-privatize=exclude=main -symbol-dce -split-input-file
// PARITY: -duplicate-function-elimination -split-input-file

func.func private @add_one(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %0 = arith.addi %x, %c1 : i32
  return %0 : i32
}

func.func @main(%x: i32) -> i32 {
  %0 = call @add_one(%x) : (i32) -> i32
  %1 = call @add_one(%0) : (i32) -> i32
  return %1 : i32
}

func.func private @unused() {
  return
}

// -----

func.func @dup_a(%x: f32) -> f32 {
  %0 = arith.mulf %x, %x : f32
  return %0 : f32
}

func.func @dup_b(%x: f32) -> f32 {
  %0 = arith.mulf %x, %x : f32
  return %0 : f32
}

func.func @main(%x: f32) -> f32 {
  %0 = call @dup_a(%x) : (f32) -> f32
  %1 = call @dup_b(%0) : (f32) -> f32
  return %1 : f32
}

// -----

func.func private @recursive(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c = arith.cmpi eq, %n, %c0 : i32
  %r = scf.if %c -> (i32) {
    scf.yield %c0 : i32
  } else {
    %c1 = arith.constant 1 : i32
    %m = arith.subi %n, %c1 : i32
    %s = func.call @recursive(%m) : (i32) -> i32
    scf.yield %s : i32
  }
  return %r : i32
}

func.func @main(%n: i32) -> i32 {
  %0 = func.call @recursive(%n) : (i32) -> i32
  return %0 : i32
}
