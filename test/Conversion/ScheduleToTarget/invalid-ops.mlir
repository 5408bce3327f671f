// The op-by-op plan refuses an accumulator that cannot live in registers,
// naming the tile and the limit, on every GPU (PlanDistributed.c). The
// kernel: @regs of invalid.mlir, a 256x256 f32 accumulator.
// RUN: tessera-opt %s -verify-diagnostics --tessera-lower-schedule="target=sm_80 whole-nest=false"
// RUN: sed -e 's/expected-error/expected-error-nv/; s/expected-amd/expected-error/' %s | tessera-opt -verify-diagnostics --tessera-lower-schedule="target=gfx942"

// expected-error @+2 {{cannot be compiled op by op: a 256x256 accumulator over 256 threads needs 256 registers per thread (at most 192 fit without spilling); use smaller tiles}}
// expected-amd @+1 {{cannot be compiled op by op: a 256x256 accumulator over 256 threads needs 256 registers per thread (at most 128 fit without spilling); use smaller tiles}}
func.func @regs(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (256, 256) {
    %zero = arith.constant dense<0.0> : vector<256x256xf32>
    %acc = scf.for %k = %c0 to %K step %c64 iter_args(%a = %zero) -> (vector<256x256xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 256, 64>} : (memref<?x?xf16>, index, index) -> (memref<256x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 64, 256>} : (memref<?x?xf16>, index, index) -> (memref<64x256xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a) : (memref<256x64xf16, #gpu.address_space<workgroup>>, memref<64x256xf16, #gpu.address_space<workgroup>>, vector<256x256xf32>) -> vector<256x256xf32>
      scf.yield %r : vector<256x256xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 4}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<256x256xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
