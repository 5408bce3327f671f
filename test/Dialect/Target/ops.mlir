// RUN: tessera-opt %s -split-input-file | tessera-opt -split-input-file | FileCheck %s

// Round trip of the ttarget attributes and ops, then the matmul + bias + gelu
// kernel of test/Dialect/Schedule/ops.mlir committed to each target family:
// sm_80 (mma.sync + cp.async), sm_90 (mma.sync + TMA), sm_90a (wgmma + TMA),
// gfx90a / gfx942 (MFMA + plain loads), host (AVX-512), plus softmax on a
// GPU with no matrix instructions.

// CHECK: module attributes {ttarget.target = {chip = "sm_80", features = ["+ptx70"]}}
// CHECK-LABEL: func.func @minimal_kernel
// CHECK-SAME: ttarget.kernel = {block = array<i64: 32>, copy = "plain", lowering = "ops", mma = "generic"}
module attributes {ttarget.target = {chip = "sm_80", features = ["+ptx70"]}} {
  func.func @minimal_kernel(%x: memref<?xf32>) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, lowering = "ops"}} {
    return
  }
}

// -----

// A host module holding a device module: each carries its own descriptor.
// CHECK: module attributes {ttarget.target = {chip = "host", cpu = "znver5", features = ["+avx512f", "+avx512bw", "-avx512fp16"]}}
// CHECK: gpu.module @device attributes {ttarget.target = {chip = "gfx942", features = ["+sramecc", "-xnack"]}}
// CHECK-LABEL: gpu.func @launch_shape
// CHECK-SAME: ttarget.kernel = {args = ["ptr", "memref", "scalar", "scalar"], block = array<i64: 64, 4>, copy = "plain", grid = array<i64: 1024, 16, 2>, mma = "mfma", shared_memory = 65536 : i64}
module attributes {ttarget.target = {chip = "host", cpu = "znver5", features = ["+avx512f", "+avx512bw", "-avx512fp16"]}} {
  gpu.module @device attributes {ttarget.target = {chip = "gfx942", features = ["+sramecc", "-xnack"]}} {
    gpu.func @launch_shape(%w: memref<256x256xf16>, %x: memref<?x?xf16>, %n: index, %eps: f32) kernel
        attributes {ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 64, 4>, grid = array<i64: 1024, 16, 2>,
                                      shared_memory = 65536, args = ["ptr", "memref", "scalar", "scalar"]}} {
      gpu.return
    }
  }
}

// -----

// CHECK-LABEL: func.func @host_threads
// CHECK-SAME: ttarget.kernel = {copy = "plain", mma = "avx512", threads = 2 : i64}
module attributes {ttarget.target = {chip = "host", features = ["+avx512f"]}} {
  func.func @host_threads(%x: memref<?xf32>) attributes {ttarget.kernel = {mma = "avx512", copy = "plain", threads = 2}} {
    return
  }
}

// -----

// CHECK-LABEL: func.func @mma_and_copy
// CHECK: "ttarget.copy"(%{{.*}}, %{{.*}}, %{{.*}}) {family = "cp.async", tile = array<i64: 64, 32>, vector_bytes = 16 : i64} : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
// CHECK: "ttarget.copy"(%{{.*}}, %{{.*}}, %{{.*}}) {family = "plain", pad = 0xFC00 : f16, tile = array<i64: 32, 64>} : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
// CHECK: "tsched.wait"
// CHECK: "ttarget.mma"(%{{.*}}, %{{.*}}, %{{.*}}) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 2, 2>} : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
// CHECK: "ttarget.mma"(%{{.*}}, %{{.*}}, %{{.*}}) {compute = tf32, family = "mma.sync", shape = array<i64: 16, 8, 8>, transpose_b = true} : (vector<16x8xf32>, vector<8x8xf32>, vector<16x8xf32>) -> vector<16x8xf32>
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_and_copy(%a: memref<?x?xf16>, %i: index)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 128>}} {
    %sa, %ka = "ttarget.copy"(%a, %i, %i) {family = "cp.async", tile = array<i64: 64, 32>, vector_bytes = 16} : (memref<?x?xf16>, index, index) -> (memref<64x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
    // Plain loads may pad with any value (here -inf); cp.async only zero-fills.
    %sb, %kb = "ttarget.copy"(%a, %i, %i) {family = "plain", tile = array<i64: 32, 64>, pad = 0xFC00 : f16} : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    "tsched.wait"(%ka, %kb) : (!tsched.token, !tsched.token) -> ()
    %acc = ub.poison : vector<64x64xf32>
    %0 = "ttarget.mma"(%sa, %sb, %acc) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 2, 2>} : (memref<64x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
    %fa = ub.poison : vector<16x8xf32>
    %fb = ub.poison : vector<8x8xf32>
    %1 = "ttarget.mma"(%fa, %fb, %fa) {family = "mma.sync", shape = array<i64: 16, 8, 8>, compute = tf32, transpose_b = true} : (vector<16x8xf32>, vector<8x8xf32>, vector<16x8xf32>) -> vector<16x8xf32>
    return
  }
}

// -----

// No matrix unit: "generic" lowers to per-thread FMAs (here an 8x8 register
// block per thread); any shape is accepted.
// CHECK-LABEL: func.func @generic_mma
// CHECK: "ttarget.mma"(%{{.*}}, %{{.*}}, %{{.*}}) {family = "generic", shape = array<i64: 8, 8, 1>, warps = array<i64: 2, 2>} : (vector<64x16xf32>, vector<16x64xf32>, vector<64x64xf32>) -> vector<64x64xf32>
module attributes {ttarget.target = {chip = "gfx90a"}} {
  func.func @generic_mma() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 64>}} {
    %a = ub.poison : vector<64x16xf32>
    %b = ub.poison : vector<16x64xf32>
    %c = ub.poison : vector<64x64xf32>
    %0 = "ttarget.mma"(%a, %b, %c) {family = "generic", shape = array<i64: 8, 8, 1>, warps = array<i64: 2, 2>} : (vector<64x16xf32>, vector<16x64xf32>, vector<64x64xf32>) -> vector<64x64xf32>
    return
  }
}

// -----

// sm_80: 4 warps in a 2x2 grid, each computing 64x64 of the 128x128 tile with
// m16n8k16 mma.sync; A and B arrive through 16-byte cp.async into a 3-stage
// ring: 3 x (128x32 + 32x128) x 2 bytes = 48 KiB of shared memory.

// CHECK-LABEL: func.func @matmul_bias_gelu_sm80
// CHECK-SAME: ttarget.kernel = {args = ["memref", "memref", "memref", "memref"], block = array<i64: 128>, copy = "cp.async", mma = "mma.sync", shared_memory = 49152 : i64}
// CHECK: "ttarget.copy"({{.*}}) {family = "cp.async", tile = array<i64: 128, 32>}
// CHECK: "ttarget.copy"({{.*}}) {family = "cp.async", tile = array<i64: 32, 128>}
// CHECK: "ttarget.mma"({{.*}}) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 2, 2>}
// CHECK: {tsched.tile_loop = {kind = "reduction", stages = 3 : i64}}
// CHECK: {fn = "gelu"}
module attributes {ttarget.target = {chip = "sm_80", features = ["+ptx80"]}} {
  func.func @matmul_bias_gelu_sm80(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %bias: memref<?xf16>, %C: memref<?x?xf16>)
      attributes {tsched.kernel = {fused = ["tgraph.matmul", "tgraph.add", "tgraph.gelu"]},
                  ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 128>, shared_memory = 49152,
                                    args = ["memref", "memref", "memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    %M = memref.dim %A, %c0 : memref<?x?xf16>
    %K = memref.dim %A, %c1 : memref<?x?xf16>
    %N = memref.dim %B, %c1 : memref<?x?xf16>
    scf.forall (%m, %n) = (0, 0) to (%M, %N) step (128, 128) {
      %zero = arith.constant dense<0.0> : vector<128x128xf32>
      %acc = scf.for %k = %c0 to %K step %c32 iter_args(%acc_it = %zero) -> (vector<128x128xf32>) {
        %a, %ta = "ttarget.copy"(%A, %m, %k) {family = "cp.async", tile = array<i64: 128, 32>} : (memref<?x?xf16>, index, index) -> (memref<128x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
        %b, %tb = "ttarget.copy"(%B, %k, %n) {family = "cp.async", tile = array<i64: 32, 128>} : (memref<?x?xf16>, index, index) -> (memref<32x128xf16, #gpu.address_space<workgroup>>, !tsched.token)
        "tsched.wait"(%ta, %tb) : (!tsched.token, !tsched.token) -> ()
        %next = "ttarget.mma"(%a, %b, %acc_it) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 2, 2>} : (memref<128x32xf16, #gpu.address_space<workgroup>>, memref<32x128xf16, #gpu.address_space<workgroup>>, vector<128x128xf32>) -> vector<128x128xf32>
        scf.yield %next : vector<128x128xf32>
      } {tsched.tile_loop = {kind = "reduction", stages = 3}}
      %bias_h = "tsched.tile_load"(%bias, %n) {tile = array<i64: 128>, level = "registers"} : (memref<?xf16>, index) -> vector<128xf16>
      %bias_f = arith.extf %bias_h : vector<128xf16> to vector<128xf32>
      %sum = "tsched.elementwise"(%acc, %bias_f) {fn = "add"} : (vector<128x128xf32>, vector<128xf32>) -> vector<128x128xf32>
      %act = "tsched.elementwise"(%sum) {fn = "gelu"} : (vector<128x128xf32>) -> vector<128x128xf32>
      %out = arith.truncf %act : vector<128x128xf32> to vector<128x128xf16>
      "tsched.tile_store"(%out, %C, %m, %n) : (vector<128x128xf16>, memref<?x?xf16>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid", group_m = 8}}
    return
  }
}

// -----

// sm_90a: 2 warpgroups (256 threads), each owning 64 rows of the tile, with
// wgmma reading A and B from shared memory. TMA loads A as a 128x64 box and B
// as two 64x64 boxes with 128-byte swizzle (a swizzled box row is at most 128
// bytes, so B's 128 columns of f16 are split, and so is the matmul: two
// m64n64k16 wgmma chains). 4 stages x 32 KiB = 128 KiB of shared memory;
// clusters of 2 blocks along M can multicast B.

// CHECK-LABEL: func.func @matmul_bias_gelu_sm90a
// CHECK-SAME: ttarget.kernel = {args = ["tma", "tma", "memref", "memref"], block = array<i64: 256>, cluster = array<i64: 2, 1>, copy = "tma", mma = "wgmma", shared_memory = 131072 : i64}
// CHECK: "ttarget.copy"({{.*}}) {family = "tma", swizzle = 128 : i64, tile = array<i64: 128, 64>}
// CHECK: "ttarget.copy"({{.*}}) {family = "tma", swizzle = 128 : i64, tile = array<i64: 64, 64>}
// CHECK: "ttarget.mma"({{.*}}) {family = "wgmma", shape = array<i64: 64, 64, 16>, warps = array<i64: 2, 1>}
// CHECK: "ttarget.mma"({{.*}}) {family = "wgmma", shape = array<i64: 64, 64, 16>, warps = array<i64: 2, 1>}
module attributes {ttarget.target = {chip = "sm_90a", features = ["+ptx80"]}} {
  func.func @matmul_bias_gelu_sm90a(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %bias: memref<?xf16>, %C: memref<?x?xf16>)
      attributes {tsched.kernel = {fused = ["tgraph.matmul", "tgraph.add", "tgraph.gelu"]},
                  ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 256>, cluster = array<i64: 2, 1>,
                                    shared_memory = 131072, args = ["tma", "tma", "memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %M = memref.dim %A, %c0 : memref<?x?xf16>
    %K = memref.dim %A, %c1 : memref<?x?xf16>
    %N = memref.dim %B, %c1 : memref<?x?xf16>
    scf.forall (%m, %n) = (0, 0) to (%M, %N) step (128, 128) {
      %zero = arith.constant dense<0.0> : vector<128x128xf32>
      %acc = scf.for %k = %c0 to %K step %c64 iter_args(%acc_it = %zero) -> (vector<128x128xf32>) {
        %a, %ta = "ttarget.copy"(%A, %m, %k) {family = "tma", tile = array<i64: 128, 64>, swizzle = 128} : (memref<?x?xf16>, index, index) -> (memref<128x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
        %n1 = arith.addi %n, %c64 : index
        %b0, %tb0 = "ttarget.copy"(%B, %k, %n) {family = "tma", tile = array<i64: 64, 64>, swizzle = 128} : (memref<?x?xf16>, index, index) -> (memref<64x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
        %b1, %tb1 = "ttarget.copy"(%B, %k, %n1) {family = "tma", tile = array<i64: 64, 64>, swizzle = 128} : (memref<?x?xf16>, index, index) -> (memref<64x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
        "tsched.wait"(%ta, %tb0, %tb1) : (!tsched.token, !tsched.token, !tsched.token) -> ()
        %acc_l = vector.extract_strided_slice %acc_it {offsets = [0, 0], sizes = [128, 64], strides = [1, 1]} : vector<128x128xf32> to vector<128x64xf32>
        %acc_r = vector.extract_strided_slice %acc_it {offsets = [0, 64], sizes = [128, 64], strides = [1, 1]} : vector<128x128xf32> to vector<128x64xf32>
        %l = "ttarget.mma"(%a, %b0, %acc_l) {family = "wgmma", shape = array<i64: 64, 64, 16>, warps = array<i64: 2, 1>} : (memref<128x64xf16, #gpu.address_space<workgroup>>, memref<64x64xf16, #gpu.address_space<workgroup>>, vector<128x64xf32>) -> vector<128x64xf32>
        %r = "ttarget.mma"(%a, %b1, %acc_r) {family = "wgmma", shape = array<i64: 64, 64, 16>, warps = array<i64: 2, 1>} : (memref<128x64xf16, #gpu.address_space<workgroup>>, memref<64x64xf16, #gpu.address_space<workgroup>>, vector<128x64xf32>) -> vector<128x64xf32>
        %next0 = vector.insert_strided_slice %l, %acc_it {offsets = [0, 0], strides = [1, 1]} : vector<128x64xf32> into vector<128x128xf32>
        %next = vector.insert_strided_slice %r, %next0 {offsets = [0, 64], strides = [1, 1]} : vector<128x64xf32> into vector<128x128xf32>
        scf.yield %next : vector<128x128xf32>
      } {tsched.tile_loop = {kind = "reduction", stages = 4}}
      %bias_h = "tsched.tile_load"(%bias, %n) {tile = array<i64: 128>, level = "registers"} : (memref<?xf16>, index) -> vector<128xf16>
      %bias_f = arith.extf %bias_h : vector<128xf16> to vector<128xf32>
      %sum = "tsched.elementwise"(%acc, %bias_f) {fn = "add"} : (vector<128x128xf32>, vector<128xf32>) -> vector<128x128xf32>
      %act = "tsched.elementwise"(%sum) {fn = "gelu"} : (vector<128x128xf32>) -> vector<128x128xf32>
      %out = arith.truncf %act : vector<128x128xf32> to vector<128x128xf16>
      "tsched.tile_store"(%out, %C, %m, %n) : (vector<128x128xf16>, memref<?x?xf16>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

// sm_90 (no "a": no wgmma): TMA still feeds shared memory, mma.sync computes.

// CHECK-LABEL: func.func @matmul_sm90
// CHECK-SAME: ttarget.kernel = {args = ["tma", "tma", "memref"], block = array<i64: 256>, copy = "tma", mma = "mma.sync", shared_memory = 49152 : i64}
// CHECK: "ttarget.copy"({{.*}}) {family = "tma", tile = array<i64: 128, 32>}
// CHECK: "ttarget.mma"({{.*}}) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 4, 2>}
module attributes {ttarget.target = {chip = "sm_90", features = ["+ptx78"]}} {
  func.func @matmul_sm90(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>)
      attributes {tsched.kernel = {fused = ["tgraph.matmul"]},
                  ttarget.kernel = {mma = "mma.sync", copy = "tma", block = array<i64: 256>, shared_memory = 49152,
                                    args = ["tma", "tma", "memref"]}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    %M = memref.dim %A, %c0 : memref<?x?xf16>
    %K = memref.dim %A, %c1 : memref<?x?xf16>
    %N = memref.dim %B, %c1 : memref<?x?xf16>
    scf.forall (%m, %n) = (0, 0) to (%M, %N) step (128, 128) {
      %zero = arith.constant dense<0.0> : vector<128x128xf32>
      %acc = scf.for %k = %c0 to %K step %c32 iter_args(%acc_it = %zero) -> (vector<128x128xf32>) {
        %a, %ta = "ttarget.copy"(%A, %m, %k) {family = "tma", tile = array<i64: 128, 32>} : (memref<?x?xf16>, index, index) -> (memref<128x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
        %b, %tb = "ttarget.copy"(%B, %k, %n) {family = "tma", tile = array<i64: 32, 128>} : (memref<?x?xf16>, index, index) -> (memref<32x128xf16, #gpu.address_space<workgroup>>, !tsched.token)
        "tsched.wait"(%ta, %tb) : (!tsched.token, !tsched.token) -> ()
        %next = "ttarget.mma"(%a, %b, %acc_it) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 4, 2>} : (memref<128x32xf16, #gpu.address_space<workgroup>>, memref<32x128xf16, #gpu.address_space<workgroup>>, vector<128x128xf32>) -> vector<128x128xf32>
        scf.yield %next : vector<128x128xf32>
      } {tsched.tile_loop = {kind = "reduction", stages = 3}}
      "tsched.tile_store"(%acc, %C, %m, %n) : (vector<128x128xf32>, memref<?x?xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

// gfx90a: 4 wave64 wavefronts (256 work-items) in a 2x2 grid, each 64x64 of
// the tile with v_mfma_f32_32x32x8f16; plain global loads staged through LDS
// (2 x 16 KiB). B's buffer is stored column-major (`transpose`), so that
// each lane's 4 values along k are contiguous.

// CHECK-LABEL: func.func @matmul_bias_gelu_gfx90a
// CHECK-SAME: ttarget.kernel = {block = array<i64: 256>, copy = "plain", mma = "mfma", shared_memory = 32768 : i64}
// CHECK: "ttarget.copy"({{.*}}) {family = "plain", tile = array<i64: 128, 32>}
// CHECK: "ttarget.copy"({{.*}}) {family = "plain", tile = array<i64: 32, 128>, transpose = true}
// CHECK: "ttarget.mma"({{.*}}) {family = "mfma", shape = array<i64: 32, 32, 8>, warps = array<i64: 2, 2>}
module attributes {ttarget.target = {chip = "gfx90a"}} {
  func.func @matmul_bias_gelu_gfx90a(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %bias: memref<?xf16>, %C: memref<?x?xf16>)
      attributes {tsched.kernel = {fused = ["tgraph.matmul", "tgraph.add", "tgraph.gelu"]},
                  ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 256>, shared_memory = 32768}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    %M = memref.dim %A, %c0 : memref<?x?xf16>
    %K = memref.dim %A, %c1 : memref<?x?xf16>
    %N = memref.dim %B, %c1 : memref<?x?xf16>
    scf.forall (%m, %n) = (0, 0) to (%M, %N) step (128, 128) {
      %zero = arith.constant dense<0.0> : vector<128x128xf32>
      %acc = scf.for %k = %c0 to %K step %c32 iter_args(%acc_it = %zero) -> (vector<128x128xf32>) {
        %a, %ta = "ttarget.copy"(%A, %m, %k) {family = "plain", tile = array<i64: 128, 32>} : (memref<?x?xf16>, index, index) -> (memref<128x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
        %b, %tb = "ttarget.copy"(%B, %k, %n) {family = "plain", tile = array<i64: 32, 128>, transpose = true} : (memref<?x?xf16>, index, index) -> (memref<32x128xf16, #gpu.address_space<workgroup>>, !tsched.token)
        "tsched.wait"(%ta, %tb) : (!tsched.token, !tsched.token) -> ()
        %next = "ttarget.mma"(%a, %b, %acc_it) {family = "mfma", shape = array<i64: 32, 32, 8>, warps = array<i64: 2, 2>} : (memref<128x32xf16, #gpu.address_space<workgroup>>, memref<32x128xf16, #gpu.address_space<workgroup>>, vector<128x128xf32>) -> vector<128x128xf32>
        scf.yield %next : vector<128x128xf32>
      } {tsched.tile_loop = {kind = "reduction", stages = 2}}
      %bias_h = "tsched.tile_load"(%bias, %n) {tile = array<i64: 128>, level = "registers"} : (memref<?xf16>, index) -> vector<128xf16>
      %bias_f = arith.extf %bias_h : vector<128xf16> to vector<128xf32>
      %sum = "tsched.elementwise"(%acc, %bias_f) {fn = "add"} : (vector<128x128xf32>, vector<128xf32>) -> vector<128x128xf32>
      %act = "tsched.elementwise"(%sum) {fn = "gelu"} : (vector<128x128xf32>) -> vector<128x128xf32>
      %out = arith.truncf %act : vector<128x128xf32> to vector<128x128xf16>
      "tsched.tile_store"(%out, %C, %m, %n) : (vector<128x128xf16>, memref<?x?xf16>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

// gfx942: bf16 with v_mfma_f32_16x16x16_bf16 over a 4x1 wavefront grid.

// CHECK-LABEL: func.func @matmul_gfx942
// CHECK: "ttarget.mma"({{.*}}) {family = "mfma", shape = array<i64: 16, 16, 16>, warps = array<i64: 4, 1>} : (memref<64x32xbf16, #gpu.address_space<workgroup>>, memref<32x64xbf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
module attributes {ttarget.target = {chip = "gfx942"}} {
  func.func @matmul_gfx942(%A: memref<?x?xbf16>, %B: memref<?x?xbf16>, %C: memref<?x?xf32>)
      attributes {tsched.kernel = {fused = ["tgraph.matmul"]},
                  ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 256>, shared_memory = 8192}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    %M = memref.dim %A, %c0 : memref<?x?xbf16>
    %K = memref.dim %A, %c1 : memref<?x?xbf16>
    %N = memref.dim %B, %c1 : memref<?x?xbf16>
    scf.forall (%m, %n) = (0, 0) to (%M, %N) step (64, 64) {
      %zero = arith.constant dense<0.0> : vector<64x64xf32>
      %acc = scf.for %k = %c0 to %K step %c32 iter_args(%acc_it = %zero) -> (vector<64x64xf32>) {
        %a, %ta = "ttarget.copy"(%A, %m, %k) {family = "plain", tile = array<i64: 64, 32>} : (memref<?x?xbf16>, index, index) -> (memref<64x32xbf16, #gpu.address_space<workgroup>>, !tsched.token)
        %b, %tb = "ttarget.copy"(%B, %k, %n) {family = "plain", tile = array<i64: 32, 64>} : (memref<?x?xbf16>, index, index) -> (memref<32x64xbf16, #gpu.address_space<workgroup>>, !tsched.token)
        "tsched.wait"(%ta, %tb) : (!tsched.token, !tsched.token) -> ()
        %next = "ttarget.mma"(%a, %b, %acc_it) {family = "mfma", shape = array<i64: 16, 16, 16>, warps = array<i64: 4, 1>} : (memref<64x32xbf16, #gpu.address_space<workgroup>>, memref<32x64xbf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
        scf.yield %next : vector<64x64xf32>
      } {tsched.tile_loop = {kind = "reduction"}}
      "tsched.tile_store"(%acc, %C, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

// Host: the grid loop runs on 2 threads; a program's 64x64 tile is packed
// into cache-resident buffers (the "shared" level) and multiplied by a 6x32
// register block of AVX-512 FMAs (12 accumulators + 2 B vectors + 1
// broadcast of 32 zmm registers).

// CHECK-LABEL: func.func @matmul_bias_gelu_host
// CHECK-SAME: ttarget.kernel = {args = ["memref", "memref", "memref", "memref"], copy = "plain", mma = "avx512", threads = 2 : i64}
// CHECK: "ttarget.mma"({{.*}}) {family = "avx512", shape = array<i64: 6, 32, 1>}
module attributes {ttarget.target = {chip = "host", cpu = "znver5", features = ["+avx512f", "+avx512bw", "+avx512vl"]}} {
  func.func @matmul_bias_gelu_host(%A: memref<?x?xf32>, %B: memref<?x?xf32>, %bias: memref<?xf32>, %C: memref<?x?xf32>)
      attributes {tsched.kernel = {fused = ["tgraph.matmul", "tgraph.add", "tgraph.gelu"]},
                  ttarget.kernel = {mma = "avx512", copy = "plain", threads = 2, args = ["memref", "memref", "memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %M = memref.dim %A, %c0 : memref<?x?xf32>
    %K = memref.dim %A, %c1 : memref<?x?xf32>
    %N = memref.dim %B, %c1 : memref<?x?xf32>
    scf.forall (%m, %n) = (0, 0) to (%M, %N) step (96, 64) {
      %zero = arith.constant dense<0.0> : vector<96x64xf32>
      %acc = scf.for %k = %c0 to %K step %c64 iter_args(%acc_it = %zero) -> (vector<96x64xf32>) {
        %a, %ta = "ttarget.copy"(%A, %m, %k) {family = "plain", tile = array<i64: 96, 64>} : (memref<?x?xf32>, index, index) -> (memref<96x64xf32, #gpu.address_space<workgroup>>, !tsched.token)
        %b, %tb = "ttarget.copy"(%B, %k, %n) {family = "plain", tile = array<i64: 64, 64>} : (memref<?x?xf32>, index, index) -> (memref<64x64xf32, #gpu.address_space<workgroup>>, !tsched.token)
        "tsched.wait"(%ta, %tb) : (!tsched.token, !tsched.token) -> ()
        %next = "ttarget.mma"(%a, %b, %acc_it) {family = "avx512", shape = array<i64: 6, 32, 1>} : (memref<96x64xf32, #gpu.address_space<workgroup>>, memref<64x64xf32, #gpu.address_space<workgroup>>, vector<96x64xf32>) -> vector<96x64xf32>
        scf.yield %next : vector<96x64xf32>
      } {tsched.tile_loop = {kind = "reduction"}}
      %bias_t = "tsched.tile_load"(%bias, %n) {tile = array<i64: 64>, level = "registers"} : (memref<?xf32>, index) -> vector<64xf32>
      %sum = "tsched.elementwise"(%acc, %bias_t) {fn = "add"} : (vector<96x64xf32>, vector<64xf32>) -> vector<96x64xf32>
      %act = "tsched.elementwise"(%sum) {fn = "gelu"} : (vector<96x64xf32>) -> vector<96x64xf32>
      "tsched.tile_store"(%act, %C, %m, %n) : (vector<96x64xf32>, memref<?x?xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

// Softmax needs no matrix unit: mma = "generic", plain loads, one warp per
// 4 rows on sm_80.

// CHECK-LABEL: func.func @softmax_sm80
// CHECK-SAME: ttarget.kernel = {args = ["memref", "memref"], block = array<i64: 32>, copy = "plain", mma = "generic"}
// CHECK: "tsched.reduce"
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @softmax_sm80(%X: memref<?x1024xf32>, %Y: memref<?x1024xf32>)
      attributes {tsched.kernel = {fused = ["tgraph.softmax"]},
                  ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, args = ["memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %M = memref.dim %X, %c0 : memref<?x1024xf32>
    scf.forall (%r) = (0) to (%M) step (4) {
      %x = "tsched.tile_load"(%X, %r, %c0) {tile = array<i64: 4, 1024>, level = "registers", pad = 0xFF800000 : f32} : (memref<?x1024xf32>, index, index) -> vector<4x1024xf32>
      %max = "tsched.reduce"(%x) {kind = "max"} : (vector<4x1024xf32>) -> vector<4x1xf32>
      %shifted = "tsched.elementwise"(%x, %max) {fn = "sub"} : (vector<4x1024xf32>, vector<4x1xf32>) -> vector<4x1024xf32>
      %e = "tsched.elementwise"(%shifted) {fn = "exp"} : (vector<4x1024xf32>) -> vector<4x1024xf32>
      %sum = "tsched.reduce"(%e) {kind = "sum"} : (vector<4x1024xf32>) -> vector<4x1xf32>
      %y = "tsched.elementwise"(%e, %sum) {fn = "div"} : (vector<4x1024xf32>, vector<4x1xf32>) -> vector<4x1024xf32>
      "tsched.tile_store"(%y, %Y, %r, %c0) : (vector<4x1024xf32>, memref<?x1024xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

// Register layouts (a kernel compiled op by op): each tile's layout on the
// op that makes it, a row statistic in the slice of the accumulator's
// layout, a blocked layout, and an explicit conversion.

// CHECK-LABEL: func.func @layouts_sm80
// CHECK: "tsched.tile_load"{{.*}}ttarget.layouts = [{kind = "blocked", per_thread = array<i64: 1, 4>, threads = array<i64: 8, 4>, warps = array<i64: 2, 1>}]
// CHECK: "ttarget.convert_layout"(%{{.*}}) {layout = {kind = "mma_a", shape = array<i64: 16, 8, 8>, warps = array<i64: 2, 1>}}
// CHECK: "tsched.reduce"{{.*}}ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, slice = 1 : i64, warps = array<i64: 2, 1>}]
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layouts_sm80(%A: memref<?x16xf32>, %B: memref<16x16xf32, #gpu.address_space<workgroup>>, %O: memref<?x1xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 64>, shared_memory = 2048, args = ["memref", "memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %a = "tsched.tile_load"(%A, %c0, %c0) {tile = array<i64: 32, 16>, level = "registers", ttarget.layouts = [{kind = "blocked", per_thread = array<i64: 1, 4>, threads = array<i64: 8, 4>, warps = array<i64: 2, 1>}]} : (memref<?x16xf32>, index, index) -> vector<32x16xf32>
    %aa = "ttarget.convert_layout"(%a) {layout = {kind = "mma_a", shape = array<i64: 16, 8, 8>, warps = array<i64: 2, 1>}} : (vector<32x16xf32>) -> vector<32x16xf32>
    %z = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 2, 1>}]} dense<0.0> : vector<32x16xf32>
    %s = "ttarget.mma"(%aa, %B, %z) {family = "mma.sync", shape = array<i64: 16, 8, 8>, warps = array<i64: 2, 1>, compute = tf32} : (vector<32x16xf32>, memref<16x16xf32, #gpu.address_space<workgroup>>, vector<32x16xf32>) -> vector<32x16xf32>
    %m = "tsched.reduce"(%s) {kind = "max", ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 2, 1>, slice = 1}]} : (vector<32x16xf32>) -> vector<32x1xf32>
    "tsched.tile_store"(%m, %O, %c0, %c0) : (vector<32x1xf32>, memref<?x1xf32>, index, index) -> ()
    return
  }
}

// -----

// ttarget.stream: the store makes its chain (the residual's load, extf and
// the add) one register at a time.

// CHECK-LABEL: func.func @stream_gfx942
// CHECK: "tsched.tile_store"({{.*}}) {ttarget.stream}
module attributes {ttarget.target = {chip = "gfx942"}} {
  func.func @stream_gfx942(%R: memref<?x32xf16>, %O: memref<?x32xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 64>, shared_memory = 0, args = ["memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %z = arith.constant {ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 8>, warps = array<i64: 1, 1>}]} dense<1.0> : vector<32x32xf32>
    %r = "tsched.tile_load"(%R, %c0, %c0) {tile = array<i64: 32, 32>, level = "registers", ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 8>, warps = array<i64: 1, 1>}]} : (memref<?x32xf16>, index, index) -> vector<32x32xf16>
    %e = arith.extf %r {ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 8>, warps = array<i64: 1, 1>}]} : vector<32x32xf16> to vector<32x32xf32>
    %s = "tsched.elementwise"(%z, %e) {fn = "add", ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 8>, warps = array<i64: 1, 1>}]} : (vector<32x32xf32>, vector<32x32xf32>) -> vector<32x32xf32>
    "tsched.tile_store"(%s, %O, %c0, %c0) {ttarget.stream} : (vector<32x32xf32>, memref<?x32xf32>, index, index) -> ()
    return
  }
}

// -----

// A TMA (or cp.async) kernel names the kernel its caller launches when the
// operands are not aligned for its copies: same function type, plain copies.
// CHECK-LABEL: func.func @tma_main
// CHECK-SAME: fallback = @tma_fallback
module attributes {ttarget.target = {chip = "sm_90a", features = ["+ptx80"]}} {
  func.func @tma_main(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>)
      attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>, shared_memory = 0, args = ["tma", "tma", "memref"], fallback = @tma_fallback}} {
    return
  }
  func.func @tma_fallback(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %C: memref<?x?xf32>)
      attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 256>, shared_memory = 0, args = ["memref", "memref", "memref"]}} {
    return
  }
}

// -----

// spirv (an OpenCL device): the generic form, a blocked layout of 4 warps
// of 32 lanes, plain copies into workgroup memory.

// CHECK-LABEL: func.func @mm_k0
// CHECK-SAME: ttarget.kernel = {args = ["memref", "memref", "memref"], block = array<i64: 128>, copy = "plain", lowering = "ops", mma = "generic", shared_memory = 16384 : i64}
// CHECK: "ttarget.mma"({{.*}}) {family = "generic", layout = {kind = "blocked", per_thread = array<i64: 1, 1>, threads = array<i64: 1, 32>, warps = array<i64: 4, 1>}, shape = array<i64: 1, 1, 1>, warps = array<i64: 1, 1>}
module attributes {ttarget.target = {chip = "spirv", features = []}} {
  func.func @mm_k0(%arg0: memref<?x?xf32>, %arg1: memref<?x?xf32>, %arg2: memref<?x?xf32>) attributes {tsched.kernel = {fused = ["tgraph.matmul"]}, ttarget.kernel = {args = ["memref", "memref", "memref"], block = array<i64: 128>, copy = "plain", lowering = "ops", mma = "generic", shared_memory = 16384 : i64}} {
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x?xf32>
    %c1 = arith.constant 1 : index
    %dim_0 = memref.dim %arg0, %c1 : memref<?x?xf32>
    %c1_1 = arith.constant 1 : index
    %dim_2 = memref.dim %arg1, %c1_1 : memref<?x?xf32>
    scf.forall (%arg3, %arg4) = (0, 0) to (%dim, %dim_2) step (64, 64) {
      %cst = arith.constant {ttarget.layouts = [{kind = "blocked", per_thread = array<i64: 1, 1>, threads = array<i64: 1, 32>, warps = array<i64: 4, 1>}]} dense<0.000000e+00> : vector<64x64xf32>
      %c32 = arith.constant 32 : index
      %c0_3 = arith.constant 0 : index
      %0 = scf.for %arg5 = %c0_3 to %dim_0 step %c32 iter_args(%arg6 = %cst) -> (vector<64x64xf32>) {
        %1:2 = "ttarget.copy"(%arg0, %arg3, %arg5) {family = "plain", tile = array<i64: 64, 32>} : (memref<?x?xf32>, index, index) -> (memref<64x32xf32, #gpu.address_space<workgroup>>, !tsched.token)
        %2:2 = "ttarget.copy"(%arg1, %arg5, %arg4) {family = "plain", tile = array<i64: 32, 64>} : (memref<?x?xf32>, index, index) -> (memref<32x64xf32, #gpu.address_space<workgroup>>, !tsched.token)
        "tsched.wait"(%1#1, %2#1) : (!tsched.token, !tsched.token) -> ()
        %3 = "ttarget.mma"(%1#0, %2#0, %arg6) {family = "generic", layout = {kind = "blocked", per_thread = array<i64: 1, 1>, threads = array<i64: 1, 32>, warps = array<i64: 4, 1>}, shape = array<i64: 1, 1, 1>, warps = array<i64: 1, 1>} : (memref<64x32xf32, #gpu.address_space<workgroup>>, memref<32x64xf32, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
        scf.yield %3 : vector<64x64xf32>
      } {tsched.tile_loop = {kind = "reduction", stages = 1 : i64}, ttarget.layouts = [{kind = "blocked", per_thread = array<i64: 1, 1>, threads = array<i64: 1, 32>, warps = array<i64: 4, 1>}]}
      "tsched.tile_store"(%0, %arg2, %arg3, %arg4) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}
