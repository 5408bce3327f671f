// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file -verify-diagnostics -mlir-print-debuginfo

func.func @load_wrong_rank(%m: memref<4x4xf32>, %i: index) {
  // expected-error @+1 {{incorrect number of indices for load, expected 2 but got 1}}
  %0 = memref.load %m[%i] : memref<4x4xf32>
  return
}

// -----

// expected-note @+1 {{prior use here}}
func.func @store_type_mismatch(%m: memref<4xf32>, %v: i32, %i: index) {
  // expected-error @+1 {{use of value '%v' expects different type than prior uses: 'f32' vs 'i32'}}
  memref.store %v, %m[%i] : memref<4xf32>
  return
}

// -----

func.func @dealloc_of_global() {
  // expected-error @+1 {{'memref.get_global' op 'nope' does not reference a valid global memref}}
  %g = memref.get_global @nope : memref<4xf32>
  return
}

// -----

// expected-error @+1 {{inferred shape of elements literal ([3]) does not match type ([4])}}
memref.global "private" @bad_init : memref<4xf32> = dense<[1.0, 2.0, 3.0]>

// -----

func.func @subview_rank(%m: memref<8x8xf32>) {
  // expected-error @+1 {{expected mixed offsets rank to match mixed sizes rank (1 vs 2)}}
  %0 = memref.subview %m[0] [4, 4] [1, 1] : memref<8x8xf32> to memref<4x4xf32, strided<[8, 1]>>
  return
}

// -----

func.func @cast_incompatible(%m: memref<4xf32>) {
  // expected-error @+1 {{operand type 'memref<4xf32>' and result type 'memref<8xf32>' are cast incompatible}}
  %0 = memref.cast %m : memref<4xf32> to memref<8xf32>
  return
}

// -----

func.func @alloc_dynamic_count(%n: index) {
  // expected-error @+1 {{incorrect number of dynamic sizes, has 2, expected 1}}
  %0 = memref.alloc(%n, %n) : memref<?x4xf32>
  return
}

// -----

func.func @collapse_bad(%m: memref<2x3xf32>) {
  // expected-error @+1 {{collapsed dim size (5) must equal reassociation group size (6)}}
  %0 = memref.collapse_shape %m [[0, 1]] : memref<2x3xf32> into memref<5xf32>
  return
}
