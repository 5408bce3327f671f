// RUN: tessera-opt %s --tessera-lower-graph='block-m=240 block-n=256' --tessera-lower-schedule=target=host --tessera-lower-target-to-host | FileCheck %s
// RUN: not tessera-opt %s --tessera-lower-target-to-host 2>&1 | FileCheck %s --check-prefix=NOTARGET

// The kernel becomes the host generator's code under the same name: an
// scf.parallel over program ids (OpenMP later) calling the per-block body,
// which packs A and B to f32 panels and runs FMA register tiles.

// The threads the grid is cut for are counted when the kernel runs (OpenMP's
// count, read once in the entry and passed to the block body), not baked in
// from the compiling machine.
// CHECK-NOT: ttarget.
// CHECK-LABEL: func.func @linear_gelu(
// CHECK: call @linear_gelu_k0(
// CHECK: func.func private @omp_get_max_threads() -> i32
// CHECK-LABEL: func.func @linear_gelu_k0(
// CHECK-SAME: llvm.emit_c_interface
// CHECK: %[[NT:.*]] = call @omp_get_max_threads() : () -> i32
// CHECK: arith.index_cast %[[NT]] : i32 to index
// CHECK: scf.parallel
// CHECK: call @linear_gelu_k0_block(
// CHECK-LABEL: func.func private @linear_gelu_k0_block(
// CHECK-NOT: omp_get_max_threads
// CHECK: arith.extf {{.*}} : vector<{{8|16}}xf16> to vector<{{8|16}}xf32>
// CHECK: vector.fma
// CHECK: arith.addf
// CHECK: arith.truncf {{.*}} to vector<{{8|16}}xf16>
// CHECK: vector.maskedstore
// NOTARGET: error: tessera-lower-target-to-host: the module is not committed to the host
func.func @linear_gelu(%x: tensor<?x?xf16>, %w: tensor<?x?xf16>, %b: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  %z = "tgraph.add"(%y, %b) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  return %z : tensor<?x?xf16>
}
