// PARITY: -canonicalize --split-input-file
// PARITY: -canonicalize="test-convergence" --split-input-file -mlir-print-op-generic
// PARITY: -sccp -canonicalize --split-input-file
// PARITY: -int-range-optimizations --split-input-file
// PARITY: -arith-unsigned-when-equivalent --split-input-file

func.func @fold_add_zero(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %0 = arith.addi %x, %c0 : i32
  return %0 : i32
}

func.func @fold_constants() -> (i32, f32, i1) {
  %a = arith.constant 6 : i32
  %b = arith.constant 7 : i32
  %0 = arith.muli %a, %b : i32
  %f = arith.constant 1.5 : f32
  %1 = arith.addf %f, %f : f32
  %2 = arith.cmpi slt, %a, %b : i32
  return %0, %1, %2 : i32, f32, i1
}

func.func @select_same(%c: i1, %x: f32) -> f32 {
  %0 = arith.select %c, %x, %x : f32
  return %0 : f32
}

// -----

func.func @cast_chain(%x: i8) -> i8 {
  %0 = arith.extsi %x : i8 to i32
  %1 = arith.trunci %0 : i32 to i8
  return %1 : i8
}

func.func @sub_self(%x: index) -> index {
  %0 = arith.subi %x, %x : index
  return %0 : index
}

func.func @xor_twice(%x: i64, %y: i64) -> i64 {
  %0 = arith.xori %x, %y : i64
  %1 = arith.xori %0, %y : i64
  return %1 : i64
}

// -----

func.func @ranges(%x: index) -> i1 {
  %c0 = arith.constant 0 : index
  %c10 = arith.constant 10 : index
  %m = arith.remui %x, %c10 : index
  %r = arith.cmpi ult, %m, %c10 : index
  %n = arith.cmpi sge, %m, %c0 : index
  %a = arith.andi %r, %n : i1
  return %a : i1
}

func.func @sccp_branch(%c: i1) -> i32 {
  %true = arith.constant true
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  cf.cond_br %true, ^bb1, ^bb2
^bb1:
  cf.br ^bb3(%c1 : i32)
^bb2:
  cf.br ^bb3(%c2 : i32)
^bb3(%r: i32):
  return %r : i32
}

func.func @positive_div(%x: i32) -> i32 {
  %c4 = arith.constant 4 : i32
  %c15 = arith.constant 15 : i32
  %a = arith.andi %x, %c15 : i32
  %d = arith.divsi %a, %c4 : i32
  return %d : i32
}
