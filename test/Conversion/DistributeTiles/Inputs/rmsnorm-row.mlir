// Y = X / sqrt(mean(X^2, rows) + 1e-5) with one 1024-wide row per block:
// the tile has one row, so tessera-lower-schedule puts its warps over the
// columns and the row sum meets across them in shared memory.
func.func @rmsnorm_row(%X: memref<?x1024xf32>, %Y: memref<?x1024xf32>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %X, %c0 : memref<?x1024xf32>
  scf.forall (%m) = (0) to (%M) step (1) {
    %x = "tsched.tile_load"(%X, %m, %c0) {tile = array<i64: 1, 1024>, level = "registers"}
        : (memref<?x1024xf32>, index, index) -> vector<1x1024xf32>
    %sq = "tsched.elementwise"(%x, %x) {fn = "mul"} : (vector<1x1024xf32>, vector<1x1024xf32>) -> vector<1x1024xf32>
    %ss = "tsched.reduce"(%sq) {kind = "sum"} : (vector<1x1024xf32>) -> vector<1x1xf32>
    %inv = arith.constant dense<0.0009765625> : vector<1x1xf32>
    %eps = arith.constant dense<1.0e-5> : vector<1x1xf32>
    %ms = "tsched.elementwise"(%ss, %inv) {fn = "mul"} : (vector<1x1xf32>, vector<1x1xf32>) -> vector<1x1xf32>
    %me = "tsched.elementwise"(%ms, %eps) {fn = "add"} : (vector<1x1xf32>, vector<1x1xf32>) -> vector<1x1xf32>
    %r = "tsched.elementwise"(%me) {fn = "rsqrt"} : (vector<1x1xf32>) -> vector<1x1xf32>
    %y = "tsched.elementwise"(%x, %r) {fn = "mul"} : (vector<1x1024xf32>, vector<1x1xf32>) -> vector<1x1024xf32>
    "tsched.tile_store"(%y, %Y, %m, %c0) : (vector<1x1024xf32>, memref<?x1024xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
