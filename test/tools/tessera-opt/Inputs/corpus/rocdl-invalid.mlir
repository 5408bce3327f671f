// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file

// expected-note @below {{prior use here}}
llvm.func @mfma_bad_types(%a: f32, %b: f32, %c: vector<16xf32>, %i: i32) {
  // expected-error @+1 {{use of value '%c' expects different type than prior uses: 'vector<32xf32>' vs 'vector<16xf32>'}}
  %r = rocdl.mfma.f32.32x32x1f32 %a, %b, %c, %i, %i, %i : (f32, f32, vector<32xf32>, i32, i32, i32) -> vector<32xf32>
  llvm.return
}

// -----

llvm.func @unknown_rocdl_op() {
  // expected-error @+1 {{custom op 'rocdl.frobnicate' is unknown}}
  rocdl.frobnicate
  llvm.return
}

// -----

// expected-error @+1 {{expected '>'}}
gpu.module @bad_target [#rocdl.target<chip = "gfx942" O = 2>] {
}

// -----

llvm.func @readlane_missing_operand(%v: i32) -> i32 {
  // expected-error @+1 {{expected ','}}
  %r = rocdl.readlane %v : (i32, i32) -> i32
  llvm.return %r : i32
}
