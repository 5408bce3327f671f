// PARITY: --canonicalise
// PARITY: --canonicalize=max-iterations=lots
// PARITY: --canonicalize='max-iterations=2 no-such-option=1'
// PARITY: --pass-pipeline='builtin.module(canonicalize'
// PARITY: --pass-pipeline='builtin.module(no-such-pass)'
// PARITY: --pass-pipeline='builtin.module(cse)' --canonicalize
// PARITY: --pass-pipeline='func.func(cse)'
// PARITY: --pass-pipeline='builtin.module(func.func(cse))' --pass-pipeline='builtin.module(cse)'
// PARITY: --mlir-disable-threading=false --allow-unregistered-dialect=true
// PARITY: --mlir-print-op-generic=1 --mlir-print-debuginfo=0
// PARITY: --verify-diagnostics=bogus
// PARITY: --split-input-file=
// PARITY: builtin-cli-errors.mlir

// Command-line handling: misspelt and unknown flags, bad pass options, bad
// pipelines, boolean flags given a value, a second positional argument.

func.func @f(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %0 = arith.addi %x, %c0 : i32
  return %0 : i32
}
