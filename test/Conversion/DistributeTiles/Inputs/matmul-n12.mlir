// C = relu(A x B) with 12 columns, written by hand as Schedule IR: N = 12 is
// no whole number of mma.sync (n8), MFMA or wgmma instructions, so GPUs
// compile it with the generic lowering (FMAs from shared memory). A: M x 16
// (register tiles of 16 rows), B: 16 x 12 (one copied tile), C: M x 12.
func.func @matmul_n12(%A: memref<?x16xf32>, %B: memref<16x12xf32>, %C: memref<?x12xf32>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %A, %c0 : memref<?x16xf32>
  scf.forall (%m) = (0) to (%M) step (16) {
    %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 16, 16>, level = "registers"}
        : (memref<?x16xf32>, index, index) -> vector<16x16xf32>
    %b, %t = "tsched.async_copy"(%B, %c0, %c0) {tile = array<i64: 16, 12>}
        : (memref<16x12xf32>, index, index) -> (memref<16x12xf32, #gpu.address_space<workgroup>>, !tsched.token)
    "tsched.wait"(%t) : (!tsched.token) -> ()
    %z = arith.constant dense<0.0> : vector<16x12xf32>
    %s = "tsched.tile_matmul"(%a, %b, %z)
        : (vector<16x16xf32>, memref<16x12xf32, #gpu.address_space<workgroup>>, vector<16x12xf32>) -> vector<16x12xf32>
    %r = "tsched.elementwise"(%s) {fn = "relu"} : (vector<16x12xf32>) -> vector<16x12xf32>
    "tsched.tile_store"(%r, %C, %m, %c0) : (vector<16x12xf32>, memref<?x12xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
