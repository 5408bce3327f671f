// RUN: tessera-opt %s -split-input-file | tessera-opt -split-input-file | FileCheck %s

// Round trip of every tsched op and attribute (generic form), then two whole
// kernels: matmul + bias + gelu, and row-wise softmax.

// CHECK-LABEL: func.func @kernel_attr
// CHECK-SAME: tsched.kernel = {fused = ["tgraph.matmul", "tgraph.relu"]}
func.func @kernel_attr(%x: memref<?x?xf32>, %n: index, %alpha: f32, %seed: i32)
    attributes {tsched.kernel = {fused = ["tgraph.matmul", "tgraph.relu"]}} {
  return
}

// -----

// CHECK-LABEL: gpu.func @kernel_on_gpu_func
// CHECK-SAME: tsched.kernel = {}
gpu.module @kernels {
  gpu.func @kernel_on_gpu_func(%x: memref<?xf32>) attributes {tsched.kernel = {}} {
    gpu.return
  }
}

// -----

// CHECK-LABEL: func.func @grid_loop
// CHECK: scf.forall
// CHECK: } {tsched.tile_loop = {group_m = 8 : i64, kind = "grid"}}
func.func @grid_loop(%x: memref<?x?xf32>, %m: index, %n: index) attributes {tsched.kernel = {}} {
  scf.forall (%i, %j) = (0, 0) to (%m, %n) step (64, 64) {
  } {tsched.tile_loop = {kind = "grid", group_m = 8}}
  return
}

// -----

// CHECK-LABEL: func.func @tile_load_registers
// CHECK: "tsched.tile_load"(%{{.*}}, %{{.*}}, %{{.*}}) {level = "registers", tile = array<i64: 64, 32>} : (memref<?x?xf32>, index, index) -> vector<64x32xf32>
// CHECK: "tsched.tile_load"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {level = "registers", tile = array<i64: 16, 64>} : (memref<?x?x?xbf16, #gpu.address_space<global>>, index, index, index) -> vector<16x64xbf16>
// CHECK: "tsched.tile_load"(%{{.*}}, %{{.*}}) {level = "registers", pad = 0xFF800000 : f32, tile = array<i64: 128>} : (memref<?xf32>, index) -> vector<128xf32>
func.func @tile_load_registers(%x: memref<?x?xf32>, %y: memref<?x?x?xbf16, #gpu.address_space<global>>, %z: memref<?xf32>, %i: index)
    attributes {tsched.kernel = {}} {
  %0 = "tsched.tile_load"(%x, %i, %i) {tile = array<i64: 64, 32>, level = "registers"} : (memref<?x?xf32>, index, index) -> vector<64x32xf32>
  // A rank-2 tile of a rank-3 source: the leading dimension is indexed.
  %1 = "tsched.tile_load"(%y, %i, %i, %i) {tile = array<i64: 16, 64>, level = "registers"} : (memref<?x?x?xbf16, #gpu.address_space<global>>, index, index, index) -> vector<16x64xbf16>
  // Out-of-bounds elements read as -inf.
  %2 = "tsched.tile_load"(%z, %i) {tile = array<i64: 128>, level = "registers", pad = 0xFF800000 : f32} : (memref<?xf32>, index) -> vector<128xf32>
  return
}

// -----

// CHECK-LABEL: func.func @tile_load_shared
// CHECK: "tsched.tile_load"(%{{.*}}, %{{.*}}, %{{.*}}) {level = "shared", tile = array<i64: 128, 32>} : (memref<?x?xf16>, index, index) -> memref<128x32xf16, #gpu.address_space<workgroup>>
// CHECK: "tsched.tile_load"(%{{.*}}, %{{.*}}, %{{.*}}) {level = "registers", tile = array<i64: 16, 32>} : (memref<128x32xf16, #gpu.address_space<workgroup>>, index, index) -> vector<16x32xf16>
func.func @tile_load_shared(%x: memref<?x?xf16>, %i: index) attributes {tsched.kernel = {}} {
  %s = "tsched.tile_load"(%x, %i, %i) {tile = array<i64: 128, 32>, level = "shared"} : (memref<?x?xf16>, index, index) -> memref<128x32xf16, #gpu.address_space<workgroup>>
  // A register sub-tile of a shared tile.
  %r = "tsched.tile_load"(%s, %i, %i) {tile = array<i64: 16, 32>, level = "registers"} : (memref<128x32xf16, #gpu.address_space<workgroup>>, index, index) -> vector<16x32xf16>
  return
}

// -----

// CHECK-LABEL: func.func @async_copy_and_wait
// CHECK: %[[A:.*]]:2 = "tsched.async_copy"(%{{.*}}, %{{.*}}, %{{.*}}) {tile = array<i64: 128, 32>} : (memref<?x?xf16>, index, index) -> (memref<128x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
// CHECK: %[[B:.*]]:2 = "tsched.async_copy"(%{{.*}}, %{{.*}}, %{{.*}}) {pad = 0.000000e+00 : f16, tile = array<i64: 32, 128>} : (memref<?x?xf16>, index, index) -> (memref<32x128xf16, #gpu.address_space<workgroup>>, !tsched.token)
// CHECK: "tsched.wait"(%[[A]]#1, %[[B]]#1) : (!tsched.token, !tsched.token) -> ()
func.func @async_copy_and_wait(%a: memref<?x?xf16>, %i: index) attributes {tsched.kernel = {}} {
  %ta, %ka = "tsched.async_copy"(%a, %i, %i) {tile = array<i64: 128, 32>} : (memref<?x?xf16>, index, index) -> (memref<128x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
  %tb, %kb = "tsched.async_copy"(%a, %i, %i) {tile = array<i64: 32, 128>, pad = 0.0 : f16} : (memref<?x?xf16>, index, index) -> (memref<32x128xf16, #gpu.address_space<workgroup>>, !tsched.token)
  "tsched.wait"(%ka, %kb) : (!tsched.token, !tsched.token) -> ()
  return
}

// -----

// CHECK-LABEL: func.func @tile_store
// CHECK: "tsched.tile_store"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
// CHECK: "tsched.tile_store"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (memref<64x64xf32, #gpu.address_space<workgroup>>, memref<?x?x?xf32>, index, index, index) -> ()
func.func @tile_store(%out: memref<?x?xf32>, %out3: memref<?x?x?xf32>, %i: index) attributes {tsched.kernel = {}} {
  %v = ub.poison : vector<64x64xf32>
  %s = "tsched.tile_load"(%out, %i, %i) {tile = array<i64: 64, 64>, level = "shared"} : (memref<?x?xf32>, index, index) -> memref<64x64xf32, #gpu.address_space<workgroup>>
  "tsched.tile_store"(%v, %out, %i, %i) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  "tsched.tile_store"(%s, %out3, %i, %i, %i) : (memref<64x64xf32, #gpu.address_space<workgroup>>, memref<?x?x?xf32>, index, index, index) -> ()
  return
}

// -----

// CHECK-LABEL: func.func @tile_matmul
// CHECK: "tsched.tile_matmul"(%{{.*}}, %{{.*}}, %{{.*}}) : (memref<128x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<128x64xf32>) -> vector<128x64xf32>
// CHECK: "tsched.tile_matmul"(%{{.*}}, %{{.*}}, %{{.*}}) {transpose_b = true} : (vector<16x16xbf16>, vector<32x16xbf16>, vector<16x32xf32>) -> vector<16x32xf32>
// CHECK: "tsched.tile_matmul"(%{{.*}}, %{{.*}}, %{{.*}}) {compute = tf32, transpose_a = true} : (vector<8x16xf32>, vector<8x16xf32>, vector<16x16xf32>) -> vector<16x16xf32>
// CHECK: "tsched.tile_matmul"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<16x64xi8>, vector<64x16xi8>, vector<16x16xi32>) -> vector<16x16xi32>
func.func @tile_matmul(%x: memref<?x?xf16>, %i: index) attributes {tsched.kernel = {}} {
  %sa = "tsched.tile_load"(%x, %i, %i) {tile = array<i64: 128, 32>, level = "shared"} : (memref<?x?xf16>, index, index) -> memref<128x32xf16, #gpu.address_space<workgroup>>
  %sb = "tsched.tile_load"(%x, %i, %i) {tile = array<i64: 32, 64>, level = "shared"} : (memref<?x?xf16>, index, index) -> memref<32x64xf16, #gpu.address_space<workgroup>>
  %acc = ub.poison : vector<128x64xf32>
  %ra = ub.poison : vector<16x16xbf16>
  %rb = ub.poison : vector<32x16xbf16>
  %racc = ub.poison : vector<16x32xf32>
  %fa = ub.poison : vector<8x16xf32>
  %facc = ub.poison : vector<16x16xf32>
  %ia = ub.poison : vector<16x64xi8>
  %ib = ub.poison : vector<64x16xi8>
  %iacc = ub.poison : vector<16x16xi32>
  // Shared operands, register accumulator.
  %0 = "tsched.tile_matmul"(%sa, %sb, %acc) : (memref<128x32xf16, #gpu.address_space<workgroup>>, memref<32x64xf16, #gpu.address_space<workgroup>>, vector<128x64xf32>) -> vector<128x64xf32>
  // B given as N x K (nn.Linear weights).
  %1 = "tsched.tile_matmul"(%ra, %rb, %racc) {transpose_b = true} : (vector<16x16xbf16>, vector<32x16xbf16>, vector<16x32xf32>) -> vector<16x32xf32>
  // f32 operands multiplied as tf32.
  %2 = "tsched.tile_matmul"(%fa, %fa, %facc) {transpose_a = true, compute = tf32} : (vector<8x16xf32>, vector<8x16xf32>, vector<16x16xf32>) -> vector<16x16xf32>
  %3 = "tsched.tile_matmul"(%ia, %ib, %iacc) : (vector<16x64xi8>, vector<64x16xi8>, vector<16x16xi32>) -> vector<16x16xi32>
  return
}

// -----

// CHECK-LABEL: func.func @elementwise
// CHECK: "tsched.elementwise"(%{{.*}}, %{{.*}}) {fn = "add"} : (vector<64x128xf32>, vector<128xf32>) -> vector<64x128xf32>
// CHECK: "tsched.elementwise"(%{{.*}}, %{{.*}}) {fn = "sub"} : (vector<64x128xf32>, vector<64x1xf32>) -> vector<64x128xf32>
// CHECK: "tsched.elementwise"(%{{.*}}, %{{.*}}) {fn = "mul"} : (vector<64x1xf32>, vector<1x128xf32>) -> vector<64x128xf32>
// CHECK: "tsched.elementwise"(%{{.*}}, %{{.*}}) {fn = "div"}
// CHECK: "tsched.elementwise"(%{{.*}}, %{{.*}}) {fn = "max"}
// CHECK: "tsched.elementwise"(%{{.*}}, %{{.*}}) {fn = "min"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "neg"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "exp"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "exp2"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "relu"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "gelu"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "gelu_tanh"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "silu"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "sigmoid"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "tanh"}
// CHECK: "tsched.elementwise"(%{{.*}}) {fn = "rsqrt"} : (vector<8xbf16>) -> vector<8xbf16>
func.func @elementwise() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<64x128xf32>
  %row = ub.poison : vector<128xf32>
  %col = ub.poison : vector<64x1xf32>
  %r1 = ub.poison : vector<1x128xf32>
  %h = ub.poison : vector<8xbf16>
  // Numpy broadcasting: trailing dims align, size-1 dims stretch.
  %0 = "tsched.elementwise"(%x, %row) {fn = "add"} : (vector<64x128xf32>, vector<128xf32>) -> vector<64x128xf32>
  %1 = "tsched.elementwise"(%x, %col) {fn = "sub"} : (vector<64x128xf32>, vector<64x1xf32>) -> vector<64x128xf32>
  %2 = "tsched.elementwise"(%col, %r1) {fn = "mul"} : (vector<64x1xf32>, vector<1x128xf32>) -> vector<64x128xf32>
  %3 = "tsched.elementwise"(%x, %x) {fn = "div"} : (vector<64x128xf32>, vector<64x128xf32>) -> vector<64x128xf32>
  %4 = "tsched.elementwise"(%x, %x) {fn = "max"} : (vector<64x128xf32>, vector<64x128xf32>) -> vector<64x128xf32>
  %5 = "tsched.elementwise"(%x, %x) {fn = "min"} : (vector<64x128xf32>, vector<64x128xf32>) -> vector<64x128xf32>
  %6 = "tsched.elementwise"(%x) {fn = "neg"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %7 = "tsched.elementwise"(%x) {fn = "exp"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %8 = "tsched.elementwise"(%x) {fn = "exp2"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %9 = "tsched.elementwise"(%x) {fn = "relu"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %10 = "tsched.elementwise"(%x) {fn = "gelu"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %11 = "tsched.elementwise"(%x) {fn = "gelu_tanh"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %12 = "tsched.elementwise"(%x) {fn = "silu"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %13 = "tsched.elementwise"(%x) {fn = "sigmoid"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %14 = "tsched.elementwise"(%x) {fn = "tanh"} : (vector<64x128xf32>) -> vector<64x128xf32>
  %15 = "tsched.elementwise"(%h) {fn = "rsqrt"} : (vector<8xbf16>) -> vector<8xbf16>
  return
}

// -----

// CHECK-LABEL: func.func @reduce
// CHECK: "tsched.reduce"(%{{.*}}) {kind = "max"} : (vector<64x128xf32>) -> vector<64x1xf32>
// CHECK: "tsched.reduce"(%{{.*}}) {dim = 0 : i64, kind = "sum", order = "tree"} : (vector<64x128xf16>) -> vector<1x128xf32>
// CHECK: "tsched.reduce"(%{{.*}}) {kind = "min", order = "sequential"} : (vector<64xi32>) -> vector<1xi32>
func.func @reduce() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<64x128xf32>
  %h = ub.poison : vector<64x128xf16>
  %i = ub.poison : vector<64xi32>
  // Row reduction (the default dim is the innermost); the reduced dim stays as 1.
  %0 = "tsched.reduce"(%x) {kind = "max"} : (vector<64x128xf32>) -> vector<64x1xf32>
  // Column sum of f16 accumulated in f32, as a balanced tree.
  %1 = "tsched.reduce"(%h) {kind = "sum", dim = 0, order = "tree"} : (vector<64x128xf16>) -> vector<1x128xf32>
  %2 = "tsched.reduce"(%i) {kind = "min", order = "sequential"} : (vector<64xi32>) -> vector<1xi32>
  return
}

// -----

// CHECK-LABEL: func.func @iota
// CHECK: "tsched.iota"(%{{.*}}) {dim = 1 : i64} : (index) -> vector<64x64xi32>
// CHECK: "tsched.iota"(%{{.*}}) {dim = 0 : i64} : (index) -> vector<64x64xi32>
// CHECK: "tsched.iota"(%{{.*}}) {dim = 0 : i64} : (index) -> vector<128xi32>
func.func @iota(%m: index, %n: index) attributes {tsched.kernel = {}} {
  // Column and row coordinates of a score tile at (m, n): a causal mask.
  %cols = "tsched.iota"(%n) {dim = 1} : (index) -> vector<64x64xi32>
  %rows = "tsched.iota"(%m) {dim = 0} : (index) -> vector<64x64xi32>
  %keep = arith.cmpi sle, %cols, %rows : vector<64x64xi32>
  %row = "tsched.iota"(%n) {dim = 0} : (index) -> vector<128xi32>
  return
}

// -----

// CHECK-LABEL: func.func @serial_loops
// CHECK: } {tsched.tile_loop = {kind = "sequential"}}
// CHECK: } {tsched.tile_loop = {kind = "reduction", stages = 2 : i64}}
func.func @serial_loops(%x: memref<?x?xf16>, %n: index) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  scf.for %i = %c0 to %n step %c64 {
  } {tsched.tile_loop = {kind = "sequential"}}
  %zero = arith.constant dense<0.0> : vector<64x64xf32>
  %r = scf.for %k = %c0 to %n step %c64 iter_args(%acc = %zero) -> (vector<64x64xf32>) {
    %t, %tok = "tsched.async_copy"(%x, %c0, %k) {tile = array<i64: 64, 64>} : (memref<?x?xf16>, index, index) -> (memref<64x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    "tsched.wait"(%tok) : (!tsched.token) -> ()
    %next = "tsched.tile_matmul"(%t, %t, %acc) : (memref<64x64xf16, #gpu.address_space<workgroup>>, memref<64x64xf16, #gpu.address_space<workgroup>>, vector<64x64xf32>) -> vector<64x64xf32>
    scf.yield %next : vector<64x64xf32>
  } {tsched.tile_loop = {kind = "reduction", stages = 2}}
  return
}

// -----

// One kernel for C = gelu(A x B + bias): A is MxK, B is KxN, fp16 in, fp32
// accumulation, fp16 out. Each program of the grid computes a 128x128 tile of
// C; the K loop streams 128x32 / 32x128 tiles through shared memory with a
// 3-stage pipeline; bias add and gelu run on the accumulator in registers.

// CHECK-LABEL: func.func @matmul_bias_gelu
// CHECK-SAME: tsched.kernel = {fused = ["tgraph.matmul", "tgraph.add", "tgraph.gelu"]}
// CHECK: scf.forall
// CHECK: scf.for
// CHECK: "tsched.async_copy"({{.*}}) {tile = array<i64: 128, 32>}
// CHECK: "tsched.async_copy"({{.*}}) {tile = array<i64: 32, 128>}
// CHECK: "tsched.wait"
// CHECK: "tsched.tile_matmul"({{.*}}) : (memref<128x32xf16, #gpu.address_space<workgroup>>, memref<32x128xf16, #gpu.address_space<workgroup>>, vector<128x128xf32>) -> vector<128x128xf32>
// CHECK: } {tsched.tile_loop = {kind = "reduction", stages = 3 : i64}}
// CHECK: "tsched.tile_load"({{.*}}) {level = "registers", tile = array<i64: 128>}
// CHECK: arith.extf
// CHECK: "tsched.elementwise"({{.*}}) {fn = "add"} : (vector<128x128xf32>, vector<128xf32>) -> vector<128x128xf32>
// CHECK: "tsched.elementwise"({{.*}}) {fn = "gelu"} : (vector<128x128xf32>) -> vector<128x128xf32>
// CHECK: arith.truncf
// CHECK: "tsched.tile_store"({{.*}}) : (vector<128x128xf16>, memref<?x?xf16>, index, index) -> ()
// CHECK: } {tsched.tile_loop = {group_m = 8 : i64, kind = "grid"}}
func.func @matmul_bias_gelu(%A: memref<?x?xf16>, %B: memref<?x?xf16>, %bias: memref<?xf16>, %C: memref<?x?xf16>)
    attributes {tsched.kernel = {fused = ["tgraph.matmul", "tgraph.add", "tgraph.gelu"]}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %M = memref.dim %A, %c0 : memref<?x?xf16>
  %K = memref.dim %A, %c1 : memref<?x?xf16>
  %N = memref.dim %B, %c1 : memref<?x?xf16>
  scf.forall (%m, %n) = (0, 0) to (%M, %N) step (128, 128) {
    %zero = arith.constant dense<0.0> : vector<128x128xf32>
    %acc = scf.for %k = %c0 to %K step %c32 iter_args(%acc_it = %zero) -> (vector<128x128xf32>) {
      %a, %ta = "tsched.async_copy"(%A, %m, %k) {tile = array<i64: 128, 32>} : (memref<?x?xf16>, index, index) -> (memref<128x32xf16, #gpu.address_space<workgroup>>, !tsched.token)
      %b, %tb = "tsched.async_copy"(%B, %k, %n) {tile = array<i64: 32, 128>} : (memref<?x?xf16>, index, index) -> (memref<32x128xf16, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%ta, %tb) : (!tsched.token, !tsched.token) -> ()
      %next = "tsched.tile_matmul"(%a, %b, %acc_it) : (memref<128x32xf16, #gpu.address_space<workgroup>>, memref<32x128xf16, #gpu.address_space<workgroup>>, vector<128x128xf32>) -> vector<128x128xf32>
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

// -----

// Row-wise softmax of an M x 1024 fp32 matrix, max subtracted: each program
// owns 4 whole rows in registers. Out-of-bounds columns read as -inf so they
// neither win the max nor add to the sum (exp(-inf) = 0).

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: tsched.kernel = {fused = ["tgraph.softmax"]}
// CHECK: scf.forall
// CHECK: "tsched.tile_load"({{.*}}) {level = "registers", pad = 0xFF800000 : f32, tile = array<i64: 4, 1024>}
// CHECK: "tsched.reduce"({{.*}}) {kind = "max"} : (vector<4x1024xf32>) -> vector<4x1xf32>
// CHECK: "tsched.elementwise"({{.*}}) {fn = "sub"} : (vector<4x1024xf32>, vector<4x1xf32>) -> vector<4x1024xf32>
// CHECK: "tsched.elementwise"({{.*}}) {fn = "exp"}
// CHECK: "tsched.reduce"({{.*}}) {kind = "sum"} : (vector<4x1024xf32>) -> vector<4x1xf32>
// CHECK: "tsched.elementwise"({{.*}}) {fn = "div"} : (vector<4x1024xf32>, vector<4x1xf32>) -> vector<4x1024xf32>
// CHECK: "tsched.tile_store"
// CHECK: } {tsched.tile_loop = {kind = "grid"}}
func.func @softmax(%X: memref<?x1024xf32>, %Y: memref<?x1024xf32>)
    attributes {tsched.kernel = {fused = ["tgraph.softmax"]}} {
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

// -----

// Fused epilogue of a linear layer in an MLP block: out = x + silu(acc + bias)
// with the residual x read as a register tile, one kernel.

// CHECK-LABEL: func.func @epilogue_bias_silu_residual
// CHECK: {fn = "add"}
// CHECK: {fn = "silu"}
// CHECK: {fn = "add"}
func.func @epilogue_bias_silu_residual(%bias: memref<?xf32>, %x: memref<?x?xf32>, %out: memref<?x?xf32>, %m: index, %n: index)
    attributes {tsched.kernel = {fused = ["tgraph.add", "tgraph.silu", "tgraph.add"]}} {
  // Stands for the accumulator a tile_matmul loop produced.
  %acc = ub.poison : vector<64x64xf32>
  %b = "tsched.tile_load"(%bias, %n) {tile = array<i64: 64>, level = "registers"} : (memref<?xf32>, index) -> vector<64xf32>
  %r = "tsched.tile_load"(%x, %m, %n) {tile = array<i64: 64, 64>, level = "registers"} : (memref<?x?xf32>, index, index) -> vector<64x64xf32>
  %0 = "tsched.elementwise"(%acc, %b) {fn = "add"} : (vector<64x64xf32>, vector<64xf32>) -> vector<64x64xf32>
  %1 = "tsched.elementwise"(%0) {fn = "silu"} : (vector<64x64xf32>) -> vector<64x64xf32>
  %2 = "tsched.elementwise"(%r, %1) {fn = "add"} : (vector<64x64xf32>, vector<64x64xf32>) -> vector<64x64xf32>
  "tsched.tile_store"(%2, %out, %m, %n) : (vector<64x64xf32>, memref<?x?xf32>, index, index) -> ()
  return
}
