// Y = X / sqrt(mean(X^2, rows) + 1e-5): an RMSNorm written by hand as
// Schedule IR (no matmul: no tensor-core form, so GPUs compile it with the
// generic lowering). X, Y: M x 256 f32, 4 rows per block; rows past M are
// neither read nor written.
func.func @rmsnorm(%X: memref<?x256xf32>, %Y: memref<?x256xf32>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %X, %c0 : memref<?x256xf32>
  scf.forall (%m) = (0) to (%M) step (4) {
    %x = "tsched.tile_load"(%X, %m, %c0) {tile = array<i64: 4, 256>, level = "registers"}
        : (memref<?x256xf32>, index, index) -> vector<4x256xf32>
    %sq = "tsched.elementwise"(%x, %x) {fn = "mul"} : (vector<4x256xf32>, vector<4x256xf32>) -> vector<4x256xf32>
    %ss = "tsched.reduce"(%sq) {kind = "sum"} : (vector<4x256xf32>) -> vector<4x1xf32>
    %inv = arith.constant dense<0.00390625> : vector<4x1xf32>
    %eps = arith.constant dense<1.0e-5> : vector<4x1xf32>
    %ms = "tsched.elementwise"(%ss, %inv) {fn = "mul"} : (vector<4x1xf32>, vector<4x1xf32>) -> vector<4x1xf32>
    %me = "tsched.elementwise"(%ms, %eps) {fn = "add"} : (vector<4x1xf32>, vector<4x1xf32>) -> vector<4x1xf32>
    %r = "tsched.elementwise"(%me) {fn = "rsqrt"} : (vector<4x1xf32>) -> vector<4x1xf32>
    %y = "tsched.elementwise"(%x, %r) {fn = "mul"} : (vector<4x256xf32>, vector<4x1xf32>) -> vector<4x256xf32>
    "tsched.tile_store"(%y, %Y, %m, %c0) : (vector<4x256xf32>, memref<?x256xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
