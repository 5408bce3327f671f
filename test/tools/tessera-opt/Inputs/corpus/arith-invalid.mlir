// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file

func.func @constant_type_mismatch() {
  // expected-error @+1 {{'arith.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "arith.constant"() {value = 1 : i32} : () -> i64
  return
}

// -----

func.func @extsi_narrowing(%x: i32) {
  // expected-error @+1 {{'arith.extsi' op operand type 'i32' and result type 'i16' are cast incompatible}}
  %0 = arith.extsi %x : i32 to i16
  return
}

// -----

func.func @cmpi_bad_predicate(%a: i32, %b: i32) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'predicate'}}
  %0 = arith.cmpi bogus, %a, %b : i32
  return
}

// -----

func.func @addf_on_ints(%a: i32) {
  // expected-error @+1 {{'arith.addf' op operand #0 must be floating-point-like, but got 'i32'}}
  %0 = arith.addf %a, %a : i32
  return
}

// -----

func.func @select_shape(%c: vector<4xi1>, %a: vector<8xf32>) {
  // expected-error @+1 {{'arith.select' op failed to verify that condition is signless i1 or has matching shape}}
  %0 = arith.select %c, %a, %a : vector<4xi1>, vector<8xf32>
  return
}

// -----

func.func @index_cast_non_index(%x: i32) {
  // expected-error @+1 {{'arith.index_cast' op operand type 'i32' and result type 'i64' are cast incompatible}}
  %0 = arith.index_cast %x : i32 to i64
  return
}

// -----

func.func @float_literal_for_int() {
  // expected-error @+2 {{floating point value not valid for specified type}}
  %0 = arith.constant 1.5 : i32
  return
}
