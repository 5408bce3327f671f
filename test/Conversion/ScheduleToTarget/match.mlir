// A kernel takes the tiled-matmul lowering only if its body is exactly the
// loop nest that lowering implements; otherwise it would compute something
// the IR does not say. Each case below changes one thing in the
// hand-written kernel of Inputs/matmul.mlir.in (64x64x32 f16 tiles, 2
// stages) and must be refused, with the reason: the kernel is then compiled
// op by op (on GPUs by lib/Conversion/DistributeTiles, on the host by
// ScheduleToVector), and explain=true remarks why.
// RUN: tessera-opt %s -split-input-file -verify-diagnostics --tessera-lower-schedule="target=sm_80 explain=true"

// The accumulator starts at 1, not 0: C would be A B + 1.
// expected-remark @+1 {{the tile matmul does not accumulate the K loop's only value from zero}}
func.func @mm(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ck = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (64, 64) {
    %zero = arith.constant dense<1.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %K step %ck iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 32, 64>}
          : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a)
          : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

// B is read at (n, k), not (k, n).
// expected-remark @+1 {{operand B is not read at the tile loops' indices}}
func.func @mm(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ck = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (64, 64) {
    %zero = arith.constant dense<0.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %K step %ck iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %n, %k) {tile = array<i64: 32, 64>}
          : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a)
          : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

// The K loop runs over N (dim 1 of B), not K.
// expected-remark @+1 {{the reduction loop does not run from 0 over dim 1 of argument 0 by the tile's 32}}
func.func @mm(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ck = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (64, 64) {
    %zero = arith.constant dense<0.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %N step %ck iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 32, 64>}
          : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a)
          : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

// The grid runs over (N, M).
// expected-remark @+1 {{grid dim 0 does not cover dim 0 of argument 0}}
func.func @mm(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ck = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%N, %M) step (64, 64) {
    %zero = arith.constant dense<0.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %K step %ck iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 32, 64>}
          : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a)
          : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

// C is stored at (n, m).
// expected-remark @+1 {{the result is not stored at the grid's indices}}
func.func @mm(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ck = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (64, 64) {
    %zero = arith.constant dense<0.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %K step %ck iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 32, 64>}
          : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a)
          : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    "tsched.tile_store"(%acc, %C, %n, %m) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

// B is transposed: the tiled-matmul lowering reads it row-major.
// expected-remark @+1 {{the tile matmul has a transposed operand}}
func.func @mm(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ck = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (64, 64) {
    %zero = arith.constant dense<0.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %K step %ck iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a) {transpose_b = true}
          : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<64x32xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

// An epilogue function the lowering has no code for (it takes a bias or
// residual add and any unary function of the table, not a product).
// expected-remark @+1 {{epilogue op 'mul' has no fast lowering}}
func.func @mm(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ck = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (64, 64) {
    %zero = arith.constant dense<0.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %K step %ck iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 32, 64>}
          : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a)
          : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    %two = arith.constant dense<2.0> : vector<64x64xf32>
    %e = "tsched.elementwise"(%acc, %two) {fn = "mul"} : (vector<64x64xf32>, vector<64x64xf32>) -> vector<64x64xf32>
    "tsched.tile_store"(%e, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

// The grid steps by 32 rows while the tiles have 64.
// expected-remark @+1 {{grid dim 0: lower bound 0, step 32; the tiles need 0 and 64}}
func.func @mm(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ck = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (32, 64) {
    %zero = arith.constant dense<0.0> : vector<64x64xf32>
    %acc = scf.for %k = %c0 to %K step %ck iter_args(%a = %zero) -> (vector<64x64xf32>) {
      %ta, %t0 = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 64, 32>}
          : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %tb, %t1 = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 32, 64>}
          : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t0, %t1) : (!tsched.token, !tsched.token) -> ()
      %r = "tsched.tile_matmul"(%ta, %tb, %a)
          : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
      scf.yield %r : vector<64x64xf32>
    } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    "tsched.tile_store"(%acc, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  } {tsched.tile_loop = {kind = "grid"}}
  return
}
