// The host matmul lowering's epilogue: the bias is read once per register
// row under the column mask, and the activation is the elementwise table's
// code (math.tanh for gelu's tanh form, the same as a standalone
// tgraph.gelu), applied once on the full f32 sum of the last K block. The
// code is built at the kernel's location (its source ops', fused), not
// parsed from text.
// RUN: tessera-opt %s --tessera-lower-graph --tessera-lower-schedule='target=host cpu-features=avx2' --tessera-lower-target-to-host --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s
// CHECK-LABEL: func.func private @lin_k0_block(
// CHECK: vector.fma {{.*}} : vector<8xf32> loc(fused["{{.*}}epilogue.mlir":[[@LINE+8]]:8, "{{.*}}epilogue.mlir":[[@LINE+10]]:8, "{{.*}}epilogue.mlir":[[@LINE+11]]:8])
// CHECK: scf.if
// CHECK: vector.maskedload %{{.*}}[%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK-NEXT: arith.addf
// CHECK: math.tanh {{.*}} : vector<8xf32>
// CHECK: vector.store
// CHECK-NOT: loc("-"
func.func @lin(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %bb = "tgraph.broadcast"(%b) : (tensor<?xf32>) -> tensor<?x?xf32>
  %z = "tgraph.add"(%y, %bb) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = "tgraph.gelu"(%z) {approximate = "tanh"} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}
