// RUN: tessera-opt %s -split-input-file --tessera-lower-graph | FileCheck %s
// Two chains that meet at one op: the first kernel claimed fuses it, the
// other ends before it and is made first (its result is the op's operand;
// a matmul's residual is its kernel's last argument).
// Before, both waited for the op and the first built read the other's
// unmade result ("operand is not produced by an op ... supports").

// CHECK-LABEL: func.func @two_matmuls(
// CHECK: call @two_matmuls_k0(%arg0, %arg2, %[[C:[a-z_0-9]+]])
// CHECK: call @two_matmuls_k1(%arg0, %arg1, %{{[a-z_0-9]+}}, %[[C]])
// CHECK: func.func @two_matmuls_k0({{.*}}) attributes {tsched.kernel = {fused = ["tgraph.matmul"]}}
// CHECK: func.func @two_matmuls_k1({{.*}}) attributes {tsched.kernel = {fused = ["tgraph.matmul", "tgraph.add"]}}
func.func @two_matmuls(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = "tgraph.matmul"(%a, %b) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = "tgraph.matmul"(%a, %c) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = "tgraph.add"(%0, %1) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %2 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @diamond(
// CHECK: call @diamond_k0(%arg0, %[[A:[a-z_0-9]+]])
// CHECK: call @diamond_k1(%[[A]], %[[R:[a-z_0-9]+]])
// CHECK: call @diamond_k2(%[[A]], %[[R]], %{{.*}})
// CHECK: attributes {tsched.kernel = {fused = ["tgraph.abs"]}}
// CHECK: attributes {tsched.kernel = {fused = ["tgraph.rsqrt"]}}
// CHECK: attributes {tsched.kernel = {fused = ["tgraph.sqrt", "tgraph.min"]}}
func.func @diamond(%x: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %0 = "tgraph.abs"(%x) : (tensor<?x?xf16>) -> tensor<?x?xf16>
  %1 = "tgraph.sqrt"(%0) : (tensor<?x?xf16>) -> tensor<?x?xf16>
  %2 = "tgraph.rsqrt"(%0) : (tensor<?x?xf16>) -> tensor<?x?xf16>
  %3 = "tgraph.min"(%1, %2) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  return %3 : tensor<?x?xf16>
}
