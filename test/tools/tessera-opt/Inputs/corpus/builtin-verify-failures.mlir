// PARITY: -verify-diagnostics -split-input-file
// PARITY: -verify-diagnostics=all -split-input-file
// PARITY: -verify-diagnostics=only-expected -split-input-file
// PARITY: -split-input-file

// -verify-diagnostics when the expectations do not hold: every way it can
// fail, and the reports it prints.

func.func @expected_but_missing(%x: i32) -> i32 {
  // expected-error @+1 {{this error is never produced}}
  return %x : i32
}

// -----

func.func @unexpected_error(%x: i32) {
  return %x : i32
}

// -----

func.func @wrong_severity(%x: i32) {
  // expected-warning @+1 {{'func.return' op has 1 operands, but enclosing function (@wrong_severity) returns 0}}
  return %x : i32
}

// -----

func.func @wrong_line(%x: i32) {
  // expected-error @+2 {{has 1 operands}}
  return %x : i32
}

// -----

func.func @matched_and_unmatched(%x: i32) {
  // expected-error @+2 {{has 1 operands}}
  // expected-note @+1 {{a note that does not come}}
  return %x : i32
}

// -----

// expected-error @unknown {{no such unknown-location error}}
func.func @unknown_designator() {
  return
}

// -----

func.func @regex(%x: i32) {
  // expected-error-re @+1 {{has {{[0-9]+}} operands, but enclosing function (@{{.*}}) returns 0}}
  return %x : i32
}

// -----

func.func @bad_regex(%x: i32) {
  // expected-error-re @+1 {{has {{[0-9+}} operands}}
  return %x : i32
}

// -----

func.func @parse_error_chunk() {
  %0 = arith.constant 1 : i32
  // expected-error @+1 {{expected ':'}}
  %1 = arith.addi %0, %0 i32
  return
}
