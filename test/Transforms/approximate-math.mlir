// tessera-approximate-math rewrites the math ops it is given into upstream's
// polynomial approximations (arith only), on scalars and vectors, and leaves
// every other math op (here erf) to the target's own lowering. Their error
// is bounded in test/CAPI/elementwise-fns.c, which runs the same pass.
// RUN: tessera-opt %s --tessera-approximate-math | FileCheck %s
// RUN: tessera-opt %s --tessera-approximate-math='ops=tanh' | FileCheck %s --check-prefix=TANH

// CHECK-LABEL: func.func @f(
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.log
// CHECK: math.erf
// CHECK-NOT: math.exp
// TANH-LABEL: func.func @f(
// TANH: math.exp
// TANH-NOT: math.tanh
// TANH: math.erf
func.func @f(%x: f32, %v: vector<8xf32>, %t: vector<4x16xf32>) -> (f32, vector<8xf32>, vector<4x16xf32>, vector<8xf32>) {
  %a = math.exp %x : f32
  %b = math.tanh %v : vector<8xf32>
  %c = math.log %t : vector<4x16xf32>
  %d = math.erf %v : vector<8xf32>
  return %a, %b, %c, %d : f32, vector<8xf32>, vector<4x16xf32>, vector<8xf32>
}
