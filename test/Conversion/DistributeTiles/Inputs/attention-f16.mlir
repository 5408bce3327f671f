// O = rowsoftmax(A x B^T) x C with f16 A, B, C and an f32 O, 64-row tiles:
// the kernel of ../../ScheduleToVector/Inputs/attention.mlir in 16-bit
// storage. The scores, the online softmax and the output accumulate in f32;
// the probabilities are rounded to f16 (arith.truncf) for the second
// matmul, whose A operand they become. N a multiple of 16, M any.
func.func @attention_f16(%A: memref<?x16xf16>, %B: memref<?x16xf16>, %C: memref<?x16xf16>, %O: memref<?x16xf32>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %M = memref.dim %A, %c0 : memref<?x16xf16>
  %N = memref.dim %B, %c0 : memref<?x16xf16>
  scf.forall (%m) = (0) to (%M) step (64) {
    %q = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 64, 16>, level = "registers"}
        : (memref<?x16xf16>, index, index) -> vector<64x16xf16>
    %ninf = arith.constant dense<0xFF800000> : vector<64x1xf32>
    %zero1 = arith.constant dense<0.0> : vector<64x1xf32>
    %zero = arith.constant dense<0.0> : vector<64x16xf32>
    %res:3 = scf.for %n = %c0 to %N step %c16 iter_args(%mi = %ninf, %li = %zero1, %acc = %zero)
        -> (vector<64x1xf32>, vector<64x1xf32>, vector<64x16xf32>) {
      %k, %tk = "tsched.async_copy"(%B, %n, %c0) {tile = array<i64: 16, 16>}
          : (memref<?x16xf16>, index, index) -> (memref<16x16xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %v, %tv = "tsched.async_copy"(%C, %n, %c0) {tile = array<i64: 16, 16>}
          : (memref<?x16xf16>, index, index) -> (memref<16x16xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%tk, %tv) : (!tsched.token, !tsched.token) -> ()
      %s = "tsched.tile_matmul"(%q, %k, %zero) {transpose_b = true}
          : (vector<64x16xf16>, memref<16x16xf16, #gpu.address_space<workgroup>>, vector<64x16xf32>) -> vector<64x16xf32>
      %smax = "tsched.reduce"(%s) {kind = "max"} : (vector<64x16xf32>) -> vector<64x1xf32>
      %mnew = "tsched.elementwise"(%mi, %smax) {fn = "max"} : (vector<64x1xf32>, vector<64x1xf32>) -> vector<64x1xf32>
      %sh = "tsched.elementwise"(%s, %mnew) {fn = "sub"} : (vector<64x16xf32>, vector<64x1xf32>) -> vector<64x16xf32>
      %p = "tsched.elementwise"(%sh) {fn = "exp"} : (vector<64x16xf32>) -> vector<64x16xf32>
      %dm = "tsched.elementwise"(%mi, %mnew) {fn = "sub"} : (vector<64x1xf32>, vector<64x1xf32>) -> vector<64x1xf32>
      %alpha = "tsched.elementwise"(%dm) {fn = "exp"} : (vector<64x1xf32>) -> vector<64x1xf32>
      %psum = "tsched.reduce"(%p) {kind = "sum"} : (vector<64x16xf32>) -> vector<64x1xf32>
      %lscaled = "tsched.elementwise"(%li, %alpha) {fn = "mul"} : (vector<64x1xf32>, vector<64x1xf32>) -> vector<64x1xf32>
      %lnew = "tsched.elementwise"(%lscaled, %psum) {fn = "add"} : (vector<64x1xf32>, vector<64x1xf32>) -> vector<64x1xf32>
      %accs = "tsched.elementwise"(%acc, %alpha) {fn = "mul"} : (vector<64x16xf32>, vector<64x1xf32>) -> vector<64x16xf32>
      %p16 = arith.truncf %p : vector<64x16xf32> to vector<64x16xf16>
      %accn = "tsched.tile_matmul"(%p16, %v, %accs)
          : (vector<64x16xf16>, memref<16x16xf16, #gpu.address_space<workgroup>>, vector<64x16xf32>) -> vector<64x16xf32>
      scf.yield %mnew, %lnew, %accn : vector<64x1xf32>, vector<64x1xf32>, vector<64x16xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    %o = "tsched.elementwise"(%res#2, %res#1) {fn = "div"} : (vector<64x16xf32>, vector<64x1xf32>) -> vector<64x16xf32>
    "tsched.tile_store"(%o, %O, %m, %c0) : (vector<64x16xf32>, memref<?x16xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
