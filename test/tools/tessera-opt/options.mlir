// -o, stdin, --mlir-timing and bytecode round trips.
// RUN: tessera-opt %s -o %t.out && FileCheck %s --input-file=%t.out
// RUN: cat %s | tessera-opt - | FileCheck %s
// RUN: cat %s | tessera-opt | FileCheck %s
// RUN: tessera-opt %s --mlir-timing --canonicalize 2>&1 >/dev/null | FileCheck %s --check-prefix=TIMING
// RUN: tessera-opt %s --emit-bytecode -o %t.mlirbc
// RUN: tessera-opt %t.mlirbc | FileCheck %s
// RUN: tessera-opt %s --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC
// RUN: tessera-opt %s --pass-pipeline='builtin.module(func.func(tessera-verify,canonicalize),tessera-verify)' | FileCheck %s --check-prefix=NESTED
// RUN: tessera-opt %s --pass-pipeline='tessera-verify,canonicalize' | FileCheck %s --check-prefix=NESTED

// CHECK-LABEL: func.func @relu
// CHECK: "tgraph.relu"
// TIMING: Execution time report
// TIMING: Canonicalizer
// LOC: loc("{{.*}}options.mlir":{{[0-9]+}}:{{[0-9]+}})
// NESTED: "tgraph.relu"
func.func @relu(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = "tgraph.relu"(%x) : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}
