// O = rowmax(A B): f16 A (128-row tiles) and B (32 x 64, staged), f32
// accumulator reduced along its rows. One tile matmul whose wavefront parts
// (32 x 64 with 4 wavefronts over the rows) are whole 32 x 32 tiles: MFMA
// 32x32x8 on AMD, and the row max reduces the 32x32 accumulator layout.
func.func @matmul_rowmax(%A: memref<?x32xf16>, %B: memref<32x64xf16>, %O: memref<?x1xf32>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %A, %c0 : memref<?x32xf16>
  scf.forall (%m) = (0) to (%M) step (128) {
    %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 128, 32>, level = "registers"} : (memref<?x32xf16>, index, index) -> vector<128x32xf16>
    %b, %t = "tsched.async_copy"(%B, %c0, %c0) {tile = array<i64: 32, 64>} : (memref<32x64xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    "tsched.wait"(%t) : (!tsched.token) -> ()
    %z = arith.constant dense<0.0> : vector<128x64xf32>
    %c = "tsched.tile_matmul"(%a, %b, %z) : (vector<128x32xf16>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<128x64xf32>) -> vector<128x64xf32>
    %r = "tsched.reduce"(%c) {kind = "max"} : (vector<128x64xf32>) -> vector<128x1xf32>
    "tsched.tile_store"(%r, %O, %m, %c0) : (vector<128x1xf32>, memref<?x1xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
