// C = relu(A x B^T) with f16 operands and an f32 result, written by hand as
// Schedule IR: A: M x 32 (64-row register tiles), B: 64 x 32 (N x K, one
// copied tile, read transposed), C: M x 64. Not the tiled-matmul loop nest
// (no K loop, a transposed B), so it is compiled op by op: mma.sync
// m16n8k16 on NVIDIA.
func.func @matmul_f16_bt(%A: memref<?x32xf16>, %B: memref<64x32xf16>, %C: memref<?x64xf32>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %A, %c0 : memref<?x32xf16>
  scf.forall (%m) = (0) to (%M) step (64) {
    %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 64, 32>, level = "registers"}
        : (memref<?x32xf16>, index, index) -> vector<64x32xf16>
    %b, %t = "tsched.async_copy"(%B, %c0, %c0) {tile = array<i64: 64, 32>}
        : (memref<64x32xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
    "tsched.wait"(%t) : (!tsched.token) -> ()
    %z = arith.constant dense<0.0> : vector<64x64xf32>
    %s = "tsched.tile_matmul"(%a, %b, %z) {transpose_b = true}
        : (vector<64x32xf16>, memref<64x32xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
    %r = "tsched.elementwise"(%s) {fn = "relu"} : (vector<64x64xf32>) -> vector<64x64xf32>
    "tsched.tile_store"(%r, %C, %m, %c0) : (vector<64x64xf32>, memref<?x64xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
