// What an OpenCL device cannot take is a located error at the op, never a
// kernel that fails to build or computes the wrong thing. Schedule IR is
// written by hand here, with what tessera-lower-graph would not make.
// RUN: tessera-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(tessera-lower-schedule{target=spirv},tessera-lower-target-to-spirv)'
// RUN: tessera-opt %S/Inputs/not-spirv.mlir -verify-diagnostics --tessera-lower-target-to-spirv

// A max over bf16 registers: NVIDIA and AMD compare bf16 values, but
// OpenCL has no bf16 type (the kernels of Graph IR widen bf16 loads to f32
// and compute there).
func.func @bf16_max(%X: memref<?x64xbf16>, %Y: memref<?x1xbf16>)
    attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %M = memref.dim %X, %c0 : memref<?x64xbf16>
  scf.forall (%m) = (0) to (%M) step (4) {
    %x = "tsched.tile_load"(%X, %m, %c0) {tile = array<i64: 4, 64>, level = "registers"}
        : (memref<?x64xbf16>, index, index) -> vector<4x64xbf16>
    // expected-error @+1 {{tessera-lower-target-to-spirv: 'arith.maximumf' computes on bf16 values; OpenCL has no bf16 arithmetic (the kernels keep bf16 in memory and compute in f32)}}
    %y = "tsched.reduce"(%x) {kind = "max"} : (vector<4x64xbf16>) -> vector<4x1xbf16>
    "tsched.tile_store"(%y, %Y, %m, %c0) : (vector<4x1xbf16>, memref<?x1xbf16>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
