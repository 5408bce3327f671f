// RUN: tessera-opt %s -split-input-file --tessera-lower-graph | FileCheck %s
// RUN: tessera-opt %s -split-input-file --tessera-lower-graph --tessera-verify > /dev/null
// RUN: tessera-opt %s -split-input-file --tessera-lower-graph='block-m=64 block-n=32 block-k=16 stages=2' | FileCheck %s --check-prefix=PARAMS
// RUN: not tessera-opt %s -split-input-file --tessera-lower-graph='block-m=0' 2>&1 | FileCheck %s --check-prefix=BADOPT
// RUN: not tessera-opt %s -split-input-file --tessera-lower-graph='attn-block-n=0' 2>&1 | FileCheck %s --check-prefix=BADOPT
// RUN: not tessera-opt %s -split-input-file --tessera-lower-graph='attn-block-m=5000' 2>&1 | FileCheck %s --check-prefix=BADOPT
// RUN: tessera-opt %s -split-input-file --tessera-lower-graph --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s --check-prefix=LOC
// PARAMS: step (64, 32)
// PARAMS: tile = array<i64: 64, 16>
// PARAMS: tile = array<i64: 16, 32>
// PARAMS: tsched.tile_loop = {kind = "reduction", stages = 2 : i64}
// BADOPT: error: tessera-lower-graph: block sizes, rows-per-block, softmax-cols and attn-block-m/n must be in 1..4096 (block-k 0: by element size), k-bytes in 4..16384 and stages in 1..8

// A matmul and its single-use epilogue chain (bias, gelu) become ONE kernel;
// the entry allocates the result and calls it with fully dynamic memrefs.

// CHECK-LABEL: func.func @linear_gelu(
// CHECK-SAME: %{{.*}}: memref<?x64xf16>, %{{.*}}: memref<64x48xf16>, %{{.*}}: memref<48xf32>) -> memref<?x48xf32>
// CHECK-SAME: llvm.emit_c_interface
// CHECK: %[[C:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x48xf32>
// CHECK: call @linear_gelu_k0({{.*}}) : (memref<?x?xf16>, memref<?x?xf16>, memref<?x?xf32>, memref<?xf32>) -> ()
// CHECK-NOT: call
// CHECK: return %[[C]]
// CHECK-LABEL: func.func @linear_gelu_k0(
// CHECK-SAME: tsched.kernel = {fused = ["tgraph.matmul", "tgraph.add", "tgraph.gelu"]}
// CHECK: scf.forall
// CHECK: "tsched.async_copy"
// CHECK: "tsched.tile_matmul"
// CHECK: tsched.tile_loop = {kind = "reduction", stages = 3 : i64}
// CHECK: "tsched.tile_load"({{.*}}) {level = "registers", tile = array<i64: 128>}
// CHECK: "tsched.elementwise"({{.*}}) {fn = "add"}
// CHECK: "tsched.elementwise"({{.*}}) {fn = "gelu_tanh"}
// CHECK: "tsched.tile_store"
// CHECK: tsched.tile_loop = {kind = "grid"}
// The code made for the fused ops is built at their locations: the result's
// buffer and the call in the entry, and the whole kernel.
// LOC-LABEL: func.func @linear_gelu(
// LOC: memref.alloc{{.*}} loc(fused["{{.*}}lower-graph.mlir":[[@LINE+9]]:8, "{{.*}}lower-graph.mlir":[[@LINE+11]]:8, "{{.*}}lower-graph.mlir":[[@LINE+12]]:8])
// LOC: call @linear_gelu_k0{{.*}} loc(fused["{{.*}}lower-graph.mlir":[[@LINE+8]]:8,
// LOC: return {{.*}} loc("{{.*}}lower-graph.mlir":[[@LINE+11]]:3)
// LOC: } loc("{{.*}}lower-graph.mlir":[[@LINE+5]]:1)
// LOC-LABEL: func.func @linear_gelu_k0(
// LOC: "tsched.tile_matmul"{{.*}} loc(fused["{{.*}}lower-graph.mlir":[[@LINE+4]]:8,
// LOC: "tsched.tile_store"{{.*}} loc(fused["{{.*}}lower-graph.mlir":[[@LINE+3]]:8,
// LOC: } loc(fused["{{.*}}lower-graph.mlir":[[@LINE+2]]:8,
func.func @linear_gelu(%x: tensor<?x64xf16>, %w: tensor<64x48xf16>, %b: tensor<48xf32>) -> tensor<?x48xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x64xf16>, tensor<64x48xf16>) -> tensor<?x48xf32>
  %bb = "tgraph.broadcast"(%b) : (tensor<48xf32>) -> tensor<?x48xf32>
  %z = "tgraph.add"(%y, %bb) : (tensor<?x48xf32>, tensor<?x48xf32>) -> tensor<?x48xf32>
  %g = "tgraph.gelu"(%z) {approximate = "tanh"} : (tensor<?x48xf32>) -> tensor<?x48xf32>
  return %g : tensor<?x48xf32>
}

// -----

// A value with two uses stops the fusion: two kernels, the intermediate is
// freed before returning.

// CHECK-LABEL: func.func @two_uses(
// CHECK: %[[Y:.*]] = memref.alloc
// CHECK: call @two_uses_k0
// CHECK: %[[R:.*]] = memref.alloc
// CHECK: call @two_uses_k1
// CHECK: memref.dealloc %[[Y]]
// CHECK: return %[[R]]
// CHECK: tsched.kernel = {fused = ["tgraph.matmul"]
// CHECK: tsched.kernel = {fused = ["tgraph.matmul", "tgraph.relu"]
func.func @two_uses(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%a, %b) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %z = "tgraph.matmul"(%y, %y) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r = "tgraph.relu"(%z) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// Residual add (same shape as the result) and silu after a batched matmul.

// CHECK-LABEL: func.func @bmm_silu_residual_k0(
// CHECK-SAME: %{{.*}}: memref<?x?x?xbf16>, %{{.*}}: memref<?x?x?xbf16>, %{{.*}}: memref<?x?x?xbf16>, %{{.*}}: memref<?x?x?xbf16>)
// CHECK-SAME: fused = ["tgraph.batch_matmul", "tgraph.silu", "tgraph.add"]
// CHECK: scf.forall ({{.*}}, {{.*}}, {{.*}}) = (0, 0, 0)
// CHECK: "tsched.elementwise"({{.*}}) {fn = "silu"}
// CHECK: "tsched.tile_load"({{.*}}) {level = "registers", tile = array<i64: 128, 128>}
// CHECK: arith.truncf
func.func @bmm_silu_residual(%a: tensor<?x?x?xbf16>, %b: tensor<?x?x?xbf16>, %r: tensor<?x?x?xbf16>) -> tensor<?x?x?xbf16> {
  %y = "tgraph.batch_matmul"(%a, %b) : (tensor<?x?x?xbf16>, tensor<?x?x?xbf16>) -> tensor<?x?x?xbf16>
  %s = "tgraph.silu"(%y) : (tensor<?x?x?xbf16>) -> tensor<?x?x?xbf16>
  %o = "tgraph.add"(%s, %r) : (tensor<?x?x?xbf16>, tensor<?x?x?xbf16>) -> tensor<?x?x?xbf16>
  return %o : tensor<?x?x?xbf16>
}

// -----

// Softmax over the last dim of a rank-3 tensor: leading dims collapse into
// rows; the kernel is three passes over column tiles with -inf padding.

// CHECK-LABEL: func.func @attn(
// CHECK: memref.collapse_shape %{{.*}} {{\[}}[0, 1], [2]]
// CHECK: call @attn_k0
// CHECK-LABEL: func.func @attn_k0(
// CHECK-SAME: fused = ["tgraph.softmax"]
// CHECK: "tsched.tile_load"({{.*}}) {level = "registers", pad = 0xFC00 : f16
// CHECK: "tsched.reduce"({{.*}}) {kind = "max"}
// CHECK: "tsched.elementwise"({{.*}}) {fn = "exp"}
// CHECK: "tsched.reduce"({{.*}}) {kind = "sum"}
// CHECK: "tsched.elementwise"({{.*}}) {fn = "div"}
func.func @attn(%s: tensor<?x?x?xf16>) -> tensor<?x?x?xf16> {
  %p = "tgraph.softmax"(%s) {dim = -1 : i64} : (tensor<?x?x?xf16>) -> tensor<?x?x?xf16>
  return %p : tensor<?x?x?xf16>
}

// -----

// Returning an argument returns a copy: the caller owns every result.

// CHECK-LABEL: func.func @identity(
// CHECK: %[[R:.*]] = memref.alloc
// CHECK: memref.copy %{{.*}}, %[[R]]
// CHECK: return %[[R]]
func.func @identity(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %y = "tgraph.matmul"(%a, %b) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %y, %a : tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// Functions without Graph IR are left alone.

// CHECK-LABEL: func.func @plain(%{{.*}}: i32) -> i32
// CHECK-NEXT: return
func.func @plain(%x: i32) -> i32 {
  return %x : i32
}

// -----

// Relations between dynamic dims are checked at run time by a checker the
// runtime calls first; messages are kept on the entry.

// CHECK-LABEL: func.func @checks(
// CHECK-SAME: tessera.shape_checks = ["matmul inner dimensions: input 0 dim 1 must equal input 1 dim 0", "bias length: input 2 dim 0 must equal input 1 dim 1"]
// CHECK-LABEL: func.func @checks_check_shapes(
// CHECK-SAME: -> i64
// CHECK: arith.cmpi eq
// CHECK: arith.cmpi eq
// CHECK: arith.select
func.func @checks(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %bias: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%a, %b) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %bb = "tgraph.broadcast"(%bias) : (tensor<?xf32>) -> tensor<?x?xf32>
  %z = "tgraph.add"(%y, %bb) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %z : tensor<?x?xf32>
}
