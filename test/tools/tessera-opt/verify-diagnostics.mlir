// The --verify-diagnostics machinery itself: every designator form, and a
// failing run when an expectation is not met or an error is unexpected.
// RUN: tessera-opt %s -split-input-file -verify-diagnostics
// RUN: not tessera-opt %S/Inputs/unmatched.mlir -verify-diagnostics 2>&1 | FileCheck %s --check-prefix=UNMATCHED
// RUN: not tessera-opt %S/Inputs/syntax-error.mlir -verify-diagnostics 2>&1 | FileCheck %s --check-prefix=UNEXPECTED
// UNMATCHED: unmatched.mlir:2:6: error: expected error "this error is never produced" was not produced
// UNEXPECTED: syntax-error.mlir:3:12: error: unexpected error: expected ':'

func.func @plus() -> i32 {
  %0 = arith.constant 1 : i32
  // expected-error @+1 {{'func.return' op has 2 operands, but enclosing function (@plus) returns 1}}
  return %0, %0 : i32, i32
}

// -----

func.func @minus() {
  %0 = arith.constant 1 : i32
  return %0 : i32
  // expected-error @-1 {{has 1 operands}}
}

// -----

func.func @below(%x: i32) {
  // expected-error @below {{has 1 operands}}
  return %x : i32
}

// -----

func.func @above(%x: i32) {
  return %x : i32
  // expected-error @above {{has 1 operands}}
}

// -----

func.func @same_line() -> f32 {
  %0 = arith.constant 1 : i32
  return %0 : i32 // expected-error {{type of return operand 0 ('i32') doesn't match function result type ('f32')}}
}

// -----

func.func @regex() -> f32 {
  %0 = arith.constant 1 : i32
  // expected-error-re @+1 {{type of return operand {{[0-9]+}} ('i{{[0-9]+}}')}}
  return %0 : i32
}

// -----

// expected-error @+2 {{Dialect `nodialect' not found for custom op 'nodialect.op'}}
// expected-note @+1 {{Available dialects:}}
nodialect.op
