// IR dumps go to stderr in the same format as mlir-opt's.
// RUN: tessera-opt %s --mlir-print-ir-after-all --pass-pipeline='builtin.module(canonicalize,cse)' 2> %t.tessera > /dev/null
// RUN: %mlir_opt %s --mlir-print-ir-after-all --pass-pipeline='builtin.module(canonicalize,cse)' 2> %t.upstream > /dev/null
// RUN: diff %t.tessera %t.upstream
// RUN: tessera-opt %s --mlir-print-ir-before-all --canonicalize 2> %t.tessera.before > /dev/null
// RUN: %mlir_opt %s --mlir-print-ir-before-all --canonicalize 2> %t.upstream.before > /dev/null
// RUN: diff %t.tessera.before %t.upstream.before

func.func @f(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %0 = arith.addi %x, %c0 : i32
  %1 = arith.addi %x, %c0 : i32
  %2 = arith.muli %0, %1 : i32
  return %2 : i32
}
