// The named pipeline goes from Graph IR to the LLVM dialect; the result
// translates to a host object with the entry, its C interface and kernels.
// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --tessera-lower-to-host | FileCheck %s
// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --tessera-lower-to-host -o %t.mlir
// RUN: tessera-translate --to=obj %t.mlir -o %t.o
// RUN: llvm-nm %t.o | FileCheck %s --check-prefix=SYMS
// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --tessera-lower-to-host --mlir-print-ir-after-all 2>&1 >/dev/null | FileCheck %s --check-prefix=STAGES

// CHECK: llvm.func @linear_gelu(
// CHECK: llvm.func @_mlir_ciface_linear_gelu(
// CHECK: omp.parallel
// CHECK-NOT: tgraph.
// CHECK-NOT: tsched.
// CHECK-NOT: ttarget.
// SYMS-DAG: T _mlir_ciface_linear_gelu
// SYMS-DAG: T _mlir_ciface_attention_scores
// SYMS-DAG: U __kmpc_fork_call
// STAGES: IR Dump After tessera-lower-graph
// STAGES: IR Dump After tessera-verify
// STAGES: IR Dump After tessera-lower-schedule
// STAGES: IR Dump After tessera-lower-target-to-host
// STAGES: IR Dump After ReconcileUnrealizedCastsPass
