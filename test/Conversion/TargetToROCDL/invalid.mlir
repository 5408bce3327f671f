// AMD kernels are compiled op by op; the whole-nest generator harness has
// nothing to instantiate for them and says so.

// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=gfx942 a=f16 b=f16' 2>&1 | FileCheck %s --check-prefix=NOGEN
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=gfx90a a=bf16 b=bf16' 2>&1 | FileCheck %s --check-prefix=NOGEN
// NOGEN: error: tessera-test-emit-kernel: there is no whole-nest "matmul" kernel for {{gfx942|gfx90a}}: GPU kernels are compiled op by op (lower Graph or Schedule IR with tessera-lower-to-nvvm / tessera-lower-to-rocdl)

module {}
