// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -convert-nvgpu-to-nvvm
// PARITY: -convert-nvgpu-to-nvvm -convert-arith-to-llvm -convert-func-to-llvm -reconcile-unrealized-casts

!smem = memref<?x?xf16, #gpu.address_space<workgroup>>
!barriers = !nvgpu.mbarrier.group<memorySpace = #gpu.address_space<workgroup>, num_barriers = 2>
#layout = affine_map<(d0, d1) -> (d0, d1)>

func.func @ldmatrix(%m: !smem, %x: index, %y: index) -> vector<4x2xf16> {
  %l = nvgpu.ldmatrix %m[%x, %y] {numTiles = 4 : i32, transpose = false} : !smem -> vector<4x2xf16>
  return %l : vector<4x2xf16>
}

func.func @mma_sync(%a: vector<4x2xf16>, %b: vector<2x2xf16>, %c: vector<2x2xf16>) -> vector<2x2xf16> {
  %d = nvgpu.mma.sync(%a, %b, %c) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf16>) -> vector<2x2xf16>
  return %d : vector<2x2xf16>
}

func.func @mma_tf32(%a: vector<4x1xf32>, %b: vector<2x1xf32>, %c: vector<2x2xf32>) -> vector<2x2xf32> {
  %d = nvgpu.mma.sync(%a, %b, %c) {mmaShape = [16, 8, 8], tf32Enabled} : (vector<4x1xf32>, vector<2x1xf32>, vector<2x2xf32>) -> vector<2x2xf32>
  return %d : vector<2x2xf32>
}

func.func @async_copy(%dst: memref<2x7x5xf32, 3>, %src: memref<4x5xf32>) {
  %c0 = arith.constant 0 : index
  %t = nvgpu.device_async_copy %src[%c0, %c0], %dst[%c0, %c0, %c0], 4 {bypassL1} : memref<4x5xf32> to memref<2x7x5xf32, 3>
  %g = nvgpu.device_async_create_group %t
  nvgpu.device_async_wait %g {numGroups = 1 : i32}
  return
}

func.func @mbarriers(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %phase = arith.constant false
  %ticks = arith.constant 10000000 : index
  %b = nvgpu.mbarrier.create -> !barriers
  nvgpu.mbarrier.init %b[%c0], %n : !barriers
  %tok = nvgpu.mbarrier.arrive %b[%c0] : !barriers -> !nvgpu.mbarrier.token
  nvgpu.mbarrier.arrive.expect_tx %b[%c1], %n : !barriers
  nvgpu.mbarrier.try_wait.parity %b[%c1], %phase, %ticks : !barriers
  return
}
