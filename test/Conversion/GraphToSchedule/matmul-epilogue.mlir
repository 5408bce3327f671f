// RUN: tessera-opt %s --tessera-lower-graph | FileCheck %s
// RUN: tessera-opt %s --tessera-lower-to-nvvm=chip=sm_90a -o /dev/null
// RUN: tessera-opt %s --tessera-lower-to-rocdl=chip=gfx942 -o /dev/null
// RUN: tessera-opt %s --tessera-lower-to-host -o /dev/null
// Any unary function of the elementwise table fuses into a matmul's
// epilogue (as tsched.elementwise ops every target lowers); a cast after
// it is a kernel of its own for now.

// CHECK-LABEL: func.func @mm_k0(
// CHECK-SAME: tsched.kernel = {fused = ["tgraph.matmul", "tgraph.sigmoid", "tgraph.abs", "tgraph.exp"]}
// CHECK: "tsched.tile_matmul"
// CHECK: "tsched.elementwise"({{.*}}) {fn = "sigmoid"}
// CHECK: "tsched.elementwise"({{.*}}) {fn = "abs"}
// CHECK: "tsched.elementwise"({{.*}}) {fn = "exp"}
// CHECK-LABEL: func.func @mm_k1(
// CHECK-SAME: tsched.kernel = {fused = ["tgraph.cast"]}
func.func @mm(%a: tensor<?x?xf16>, %b: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %0 = "tgraph.matmul"(%a, %b) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %1 = "tgraph.sigmoid"(%0) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = "tgraph.abs"(%1) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = "tgraph.exp"(%2) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %4 = "tgraph.cast"(%3) : (tensor<?x?xf32>) -> tensor<?x?xf16>
  return %4 : tensor<?x?xf16>
}
