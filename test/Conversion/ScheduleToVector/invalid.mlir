// RUN: tessera-opt %s -split-input-file -verify-diagnostics --no-tessera-verify --tessera-lower-schedule-to-vector

// A shared tile must be consumed by tsched ops: the generic form turns it
// into a buffer of the tile program, which another dialect's op cannot take
// in its place.
func.func @shared_escapes(%A: memref<?x16xf32>, %O: memref<f32>, %i: index) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{tessera-lower-schedule-to-vector: 'tsched.tile_load': its tile is used by an op that is not tsched}}
  %s = "tsched.tile_load"(%A, %c0, %c0) {tile = array<i64: 16, 16>, level = "shared"}
      : (memref<?x16xf32>, index, index) -> memref<16x16xf32, #gpu.address_space<workgroup>>
  %x = memref.load %s[%i, %i] : memref<16x16xf32, #gpu.address_space<workgroup>>
  memref.store %x, %O[] : memref<f32>
  return
}

// -----

// Tiles of rank above 8 are refused, not overflowed, also when the pass runs
// on IR that tessera-verify did not check (which refuses them first).
func.func @rank9(%x: vector<1x1x1x1x1x1x1x1x2xf32>, %O: memref<1x1x1x1x1x1x1x1x2xf32>) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{tessera-lower-schedule-to-vector: 'tsched.elementwise': tiles and memrefs of rank above 8 are not supported}}
  %y = "tsched.elementwise"(%x) {fn = "exp"} : (vector<1x1x1x1x1x1x1x1x2xf32>) -> vector<1x1x1x1x1x1x1x1x2xf32>
  return
}
