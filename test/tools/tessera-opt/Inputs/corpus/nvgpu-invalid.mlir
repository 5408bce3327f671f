// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file

func.func @ldmatrix_not_shared(%m: memref<?x?xf16>, %x: index) {
  // expected-error @+1 {{expected nvgpu.ldmatrix srcMemref must have a memory space attribute of IntegerAttr(3) or gpu::AddressSpaceAttr(Workgroup)}}
  %l = nvgpu.ldmatrix %m[%x, %x] {numTiles = 4 : i32, transpose = false} : memref<?x?xf16> -> vector<4x2xf16>
  return
}

// -----

func.func @async_copy_dst_space(%dst: memref<16xf32>, %src: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{destination memref must have a memory space attribute of IntegerAttr(3) or gpu::AddressSpaceAttr(Workgroup)}}
  %t = nvgpu.device_async_copy %src[%c0], %dst[%c0], 4 : memref<16xf32> to memref<16xf32>
  return
}

// -----

func.func @mma_wrong_elements(%a: vector<4x4xf16>, %b: vector<2x2xf16>, %c: vector<2x2xf16>) {
  // expected-error @+1 {{expected 128 warp-wide matrix A elements}}
  %d = nvgpu.mma.sync(%a, %b, %c) {mmaShape = [16, 8, 8]} : (vector<4x4xf16>, vector<2x2xf16>, vector<2x2xf16>) -> vector<2x2xf16>
  return
}
