// The host ISA is a Target IR commitment: with cpu-features=avx512 the
// kernels use 14x32 register tiles of vector<16xf32> whatever the compiling
// machine, and the object for an AVX-512 CPU has zmm FMAs.
// RUN: tessera-opt %s --tessera-lower-graph --tessera-lower-schedule='target=host cpu-features=avx512' | FileCheck %s --check-prefix=TARGET
// RUN: tessera-opt %s --tessera-lower-graph='block-m=280' --tessera-lower-schedule='target=host cpu-features=avx512' --tessera-lower-target-to-host | FileCheck %s
// RUN: tessera-opt %s --tessera-lower-to-host=cpu-features=avx512 -o %t.mlir
// Host Target IR reads back as it was written: a tile need not be a whole
// number of register tiles there (128 rows of 6-row AVX2 tiles).
// RUN: tessera-opt %s --tessera-lower-graph --tessera-lower-schedule='target=host cpu-features=avx2' | tessera-opt --tessera-lower-target-to-host | FileCheck %s --check-prefix=REPARSE
// RUN: tessera-translate --to=asm --chip=znver4 %t.mlir -o - | FileCheck %s --check-prefix=ZMM
// RUN: tessera-opt %s --tessera-lower-to-host=cpu-features=avx2 -o %t2.mlir
// RUN: tessera-translate --to=asm --chip=znver3 %t2.mlir -o - | FileCheck %s --check-prefix=YMM

// TARGET: ttarget.target = {chip = "host", cpu = "x86-64-v4", features = ["+avx2", "+fma", "+avx512f"]}
// TARGET: mma = "avx512"
// TARGET: "ttarget.mma"({{.*}}) {family = "avx512", shape = array<i64: 14, 32, 1>
// CHECK: vector.fma {{.*}} : vector<16xf32>
// ZMM: vfmadd231ps {{.*}}%zmm
// YMM: vfmadd231ps {{.*}}%ymm
// YMM-NOT: zmm
// REPARSE: vector.fma {{.*}} : vector<8xf32>
func.func @mm(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c = "tgraph.matmul"(%a, %b) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}
