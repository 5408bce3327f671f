// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file
// PARITY: -verify-diagnostics -split-input-file -mlir-print-debuginfo

func.func @redefinition() {
  // expected-note @+1 {{previously defined here}}
  %0 = arith.constant 0 : i32
  // expected-error @+1 {{redefinition of SSA value '%0'}}
  %0 = arith.constant 1 : i32
  return
}

// -----

func.func @call_wrong_arity(%x: i32) {
  // expected-error @+1 {{'func.call' op incorrect number of operands for callee}}
  func.call @callee(%x, %x) : (i32, i32) -> ()
  return
}
func.func private @callee(i32)

// -----

func.func @call_unknown() {
  // expected-error @+1 {{'func.call' op 'does_not_exist' does not reference a valid function}}
  func.call @does_not_exist() : () -> ()
  return
}

// -----

// expected-error @+1 {{entry block must have 1 arguments to match function signature}}
func.func @entry_args(i32) -> () {
^bb0:
  return
}

// -----

func.func @return_count(%x: i32) -> (i32, i32) {
  // expected-error @+1 {{'func.return' op has 1 operands, but enclosing function (@return_count) returns 2}}
  return %x : i32
}

// -----

func.func @dominance(%c: i1) -> i32 {
  cf.cond_br %c, ^a, ^b
^a:
  // expected-error @+1 {{operand #0 does not dominate this use}}
  %u = arith.addi %d, %d : i32
  return %u : i32
^b:
  // expected-note @+1 {{operand defined here (op in the same region)}}
  %d = arith.constant 1 : i32
  return %d : i32
}

// -----

func.func @symbol_redef() {
  return
}
// expected-error @+2 {{redefinition of symbol named 'symbol_redef'}}
// expected-note @-4 {{see existing symbol definition here}}
func.func @symbol_redef() {
  return
}

// -----

// expected-error @below {{'func.func' op symbol declaration cannot have public visibility}}
func.func @public_declaration()
