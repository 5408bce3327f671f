// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file

// expected-note @+1 {{when returning from function}}
llvm.func @return_type(%x: i64) -> i32 {
  // expected-error @+1 {{'llvm.return' op mismatching result types}}
  llvm.return %x : i64
}

// -----

llvm.func @gep_non_ptr(%x: i32) {
  // expected-error @+1 {{operand #0 must be LLVM pointer type or LLVM dialect-compatible vector of LLVM pointer type, but got 'i32'}}
  %0 = llvm.getelementptr %x[0] : (i32) -> !llvm.ptr, i8
  llvm.return
}

// -----

// expected-error @+1 {{unbalanced '<' character in pretty dialect name}}
llvm.func @bad_signature() -> !llvm.ptr<
  llvm.return
}

// -----

llvm.func @missing_callee() {
  // expected-error @+1 {{'llvm.call' op 'nowhere' does not reference a symbol in the current scope}}
  llvm.call @nowhere() : () -> ()
  llvm.return
}

// -----

// expected-error @+1 {{'llvm.mlir.global' op expects type to be a valid element type for an LLVM global}}
llvm.mlir.global internal @bad_global() : !llvm.void

// -----

llvm.func @br_count(%x: i32) {
  // expected-error @+1 {{branch has 1 operands for successor #0, but target block has 0}}
  llvm.br ^bb1(%x : i32)
^bb1:
  llvm.return
}

// -----

llvm.func @undefined_value() {
  // expected-error @+1 {{use of undeclared SSA value name}}
  llvm.return %nope : i32
}
