// Residual epilogues after a tile matmul, written by hand: O = A B + R
// (stream.test). @streamed is a chain of a register tile load, extf, an
// elementwise add and truncf that only the store uses; @reused uses the
// residual twice; @ordered stores another tile between the residual's
// load and the store of O.
func.func @streamed(%A: memref<?x32xf16>, %B: memref<32x64xf16>, %R: memref<?x64xf16>, %O: memref<?x64xf16>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %A, %c0 : memref<?x32xf16>
  scf.forall (%m) = (0) to (%M) step (128) {
    %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 128, 32>, level = "registers"} : (memref<?x32xf16>, index, index) -> vector<128x32xf16>
    %b, %t = "tsched.async_copy"(%B, %c0, %c0) {tile = array<i64: 32, 64>} : (memref<32x64xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    "tsched.wait"(%t) : (!tsched.token) -> ()
    %z = arith.constant dense<0.0> : vector<128x64xf32>
    %c = "tsched.tile_matmul"(%a, %b, %z) : (vector<128x32xf16>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<128x64xf32>) -> vector<128x64xf32>
    %r = "tsched.tile_load"(%R, %m, %c0) {tile = array<i64: 128, 64>, level = "registers"} : (memref<?x64xf16>, index, index) -> vector<128x64xf16>
    %e = arith.extf %r : vector<128x64xf16> to vector<128x64xf32>
    %s = "tsched.elementwise"(%c, %e) {fn = "add"} : (vector<128x64xf32>, vector<128x64xf32>) -> vector<128x64xf32>
    %o = arith.truncf %s : vector<128x64xf32> to vector<128x64xf16>
    "tsched.tile_store"(%o, %O, %m, %c0) : (vector<128x64xf16>, memref<?x64xf16>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

func.func @reused(%A: memref<?x32xf16>, %B: memref<32x64xf16>, %R: memref<?x64xf16>, %O: memref<?x64xf16>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %A, %c0 : memref<?x32xf16>
  scf.forall (%m) = (0) to (%M) step (128) {
    %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 128, 32>, level = "registers"} : (memref<?x32xf16>, index, index) -> vector<128x32xf16>
    %b, %t = "tsched.async_copy"(%B, %c0, %c0) {tile = array<i64: 32, 64>} : (memref<32x64xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    "tsched.wait"(%t) : (!tsched.token) -> ()
    %z = arith.constant dense<0.0> : vector<128x64xf32>
    %c = "tsched.tile_matmul"(%a, %b, %z) : (vector<128x32xf16>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<128x64xf32>) -> vector<128x64xf32>
    %r = "tsched.tile_load"(%R, %m, %c0) {tile = array<i64: 128, 64>, level = "registers"} : (memref<?x64xf16>, index, index) -> vector<128x64xf16>
    %e = arith.extf %r : vector<128x64xf16> to vector<128x64xf32>
    %s = "tsched.elementwise"(%c, %e) {fn = "add"} : (vector<128x64xf32>, vector<128x64xf32>) -> vector<128x64xf32>
    %s2 = "tsched.elementwise"(%s, %e) {fn = "mul"} : (vector<128x64xf32>, vector<128x64xf32>) -> vector<128x64xf32>
    %o = arith.truncf %s2 : vector<128x64xf32> to vector<128x64xf16>
    "tsched.tile_store"(%o, %O, %m, %c0) : (vector<128x64xf16>, memref<?x64xf16>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

func.func @ordered(%A: memref<?x32xf16>, %B: memref<32x64xf16>, %R: memref<?x64xf16>, %O: memref<?x64xf16>, %P: memref<?x64xf32>)
    attributes {tsched.kernel = {}, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %A, %c0 : memref<?x32xf16>
  scf.forall (%m) = (0) to (%M) step (128) {
    %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 128, 32>, level = "registers"} : (memref<?x32xf16>, index, index) -> vector<128x32xf16>
    %b, %t = "tsched.async_copy"(%B, %c0, %c0) {tile = array<i64: 32, 64>} : (memref<32x64xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    "tsched.wait"(%t) : (!tsched.token) -> ()
    %z = arith.constant dense<0.0> : vector<128x64xf32>
    %c = "tsched.tile_matmul"(%a, %b, %z) : (vector<128x32xf16>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<128x64xf32>) -> vector<128x64xf32>
    %r = "tsched.tile_load"(%R, %m, %c0) {tile = array<i64: 128, 64>, level = "registers"} : (memref<?x64xf16>, index, index) -> vector<128x64xf16>
    "tsched.tile_store"(%c, %P, %m, %c0) : (vector<128x64xf32>, memref<?x64xf32>, index, index) -> ()
    %e = arith.extf %r : vector<128x64xf16> to vector<128x64xf32>
    %s = "tsched.elementwise"(%c, %e) {fn = "add"} : (vector<128x64xf32>, vector<128x64xf32>) -> vector<128x64xf32>
    %o = arith.truncf %s : vector<128x64xf32> to vector<128x64xf16>
    "tsched.tile_store"(%o, %O, %m, %c0) : (vector<128x64xf16>, memref<?x64xf16>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
