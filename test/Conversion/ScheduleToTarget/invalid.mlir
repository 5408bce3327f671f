// What a chip cannot honour is one located error naming the value and the
// limit. The kernels are Schedule IR written by hand: tiles and stages are
// read from the body (tile types, loop steps, tsched.tile_loop).
// RUN: tessera-opt %s -split-input-file -verify-diagnostics --tessera-lower-schedule="target=sm_80 explain=true"

// A body that no GPU lowering takes: no whole-nest family, and no tile
// matmul to anchor the layouts of the op-by-op lowering.
// expected-error @+1 {{tessera-lower-schedule: cannot commit kernel 'k' to sm_80: no sm_80 lowering takes this kernel body (matmul: no tile matmul), and it cannot be compiled op by op: no tile matmul; it has no register tile to lay out}}
func.func @k(%x: memref<?x?xf32>) attributes {tsched.kernel = {fused = ["tgraph.layer_norm"]}} {
  return
}

// -----

// Two tile matmuls (attention-like): not the tiled-matmul loop nest, so it
// is compiled op by op (mma.sync m16n8k16 on these f16 tiles), and
// explain=true says why.
// expected-remark @+1 {{kernel 'two' is compiled op by op on sm_80 (mma = "mma.sync"): no whole-nest lowering takes its body (matmul: 2 tile matmuls (the lowering implements one))}}
func.func @two(%a: memref<?x?xf16>, %b: memref<?x?xf16>, %c: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %z = arith.constant dense<0.0> : vector<16x16xf32>
  %ta = "tsched.tile_load"(%a, %c0, %c0) {tile = array<i64: 16, 16>, level = "registers"} : (memref<?x?xf16>, index, index) -> vector<16x16xf16>
  %tb = "tsched.tile_load"(%b, %c0, %c0) {tile = array<i64: 16, 16>, level = "registers"} : (memref<?x?xf16>, index, index) -> vector<16x16xf16>
  %s = "tsched.tile_matmul"(%ta, %tb, %z) : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
  %t = "tsched.tile_matmul"(%ta, %tb, %s) : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
  "tsched.tile_store"(%t, %c, %c0, %c0) : (vector<16x16xf32>, memref<?x?xf32>, index, index) -> ()
  return
}

// -----

// A 256x256 tile: more accumulators than registers, even over the 8 warps
// a tile of more than 64 accumulators per thread on 4 takes.
// expected-error @+1 {{cannot commit kernel 'regs' to sm_80: no sm_80 lowering takes this kernel body (the whole-nest "matmul" lowering has no form for sm_80: its mma.sync and wgmma kernels are compiled op by op), and it cannot be compiled op by op: a 256x256 accumulator over 256 threads needs 256 registers per thread (at most 192 fit without spilling); use smaller tiles}}
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

// -----

// 8 stages of 128x128x64 f16 tiles, 8 x 32768 bytes: more shared memory
// than sm_80 has.
// expected-error @+1 {{cannot commit kernel 'big' to sm_80: its copies and layout conversions need 262144 bytes of shared memory (max 166912 on sm_80)}}
func.func @big(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (128, 128) {
    %zero = arith.constant dense<0.0> : vector<128x128xf32>
    %acc = scf.for %k = %c0 to %K step %c64 iter_args(%a = %zero) -> (vector<128x128xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 128, 64>} : (memref<?x?xf16>, index, index) -> (memref<128x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 64, 128>} : (memref<?x?xf16>, index, index) -> (memref<64x128xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a) : (memref<128x64xf16, #gpu.address_space<workgroup>>, memref<64x128xf16, #gpu.address_space<workgroup>>, vector<128x128xf32>) -> vector<128x128xf32>
      scf.yield %r : vector<128x128xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 8}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<128x128xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

// The K loop steps by 16 while the tiles are 32 deep: the fast lowering
// would not do what the IR says, so it does not take the kernel (the
// op-by-op lowering does exactly what it says).
// expected-remark @+1 {{kernel 'step' is compiled op by op on sm_80 (mma = "mma.sync"): no whole-nest lowering takes its body (matmul: the reduction loop does not run from 0 over dim 1 of argument 0 by the tile's 32}}
func.func @step(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (64, 64) {
    %zero = arith.constant dense<0.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %K step %c16 iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>} : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 32, 64>} : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a) : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
