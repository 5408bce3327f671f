// Locations of Graph IR ops survive to the LLVM dialect (and to the GPU
// modules): the code of a fused kernel is located at its source ops, fused
// (matmul + relu below), a softmax kernel at the softmax, the entry at the
// function. No op is left at a location inside generated text ("-").
// RUN: tessera-opt %s --tessera-lower-to-host --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s
// RUN: tessera-opt %s --tessera-lower-to-nvvm=chip=sm_80 --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s
// RUN: tessera-opt %s --tessera-lower-to-rocdl=chip=gfx942 --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s
// CHECK-NOT: loc("-"
// CHECK-DAG: llvm.{{.*}} loc(fused["{{.*}}locations.mlir":[[@LINE+5]]:8, "{{.*}}locations.mlir":[[@LINE+6]]:8])
// CHECK-DAG: llvm.{{.*}} loc("{{.*}}locations.mlir":[[@LINE+6]]:8)
// CHECK-DAG: loc("{{.*}}locations.mlir":[[@LINE+2]]:1)
// CHECK-NOT: loc("-"
func.func @layer(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %z = "tgraph.relu"(%y) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %s = "tgraph.softmax"(%z) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %s : tensor<?x?xf32>
}
