// gpu.module -> cubin through CUDA's ptxas (found on PATH or in
// /usr/local/cuda here; --cuda-root names it explicitly).
// REQUIRES: ptxas
// RUN: tessera-translate --to=cubin --chip=sm_90a %S/Inputs/axpy.mlir -o %t.sm90a.cubin
// RUN: llvm-readelf -h %t.sm90a.cubin | FileCheck %s --check-prefix=ELF
// RUN: od -A n -t x1 -N 4 %t.sm90a.cubin | FileCheck %s --check-prefix=MAGIC
// RUN: llvm-readelf -s %t.sm90a.cubin | FileCheck %s --check-prefix=SYM
// RUN: tessera-translate --to=cubin --chip=sm_80 %S/Inputs/axpy.mlir -o %t.sm80.cubin
// RUN: llvm-readelf -h %t.sm80.cubin | FileCheck %s --check-prefix=SM80
// The kernel's own #nvvm.target when no chip is given.
// RUN: tessera-translate --to=cubin %s -o %t.attached.cubin
// RUN: llvm-readelf -h %t.attached.cubin | FileCheck %s --check-prefix=SM80
// An explicit CUDA root (the one ptxas lives in).
// RUN: bash -c 'PTXAS=$(command -v ptxas || echo /usr/local/cuda/bin/ptxas); tessera-translate --to=cubin --chip=sm_90 %s --cuda-root=$(dirname $(dirname $PTXAS)) -o %t.root.cubin'
// RUN: llvm-readelf -h %t.root.cubin | FileCheck %s --check-prefix=ELF

// ELF: Class: ELF64
// ELF: Machine: NVIDIA CUDA architecture
// ELF: Flags: {{.*}}sm_90
// MAGIC: 7f 45 4c 46
// SYM: FUNC {{.*}} axpy
// SM80: Machine: NVIDIA CUDA architecture
// SM80: Flags: {{.*}}sm_80

module attributes {gpu.container_module} {
  gpu.module @kernels [#nvvm.target<chip = "sm_80">] {
    gpu.func @fill(%x: memref<?xf32>, %v: f32) kernel {
      %i = gpu.block_id x
      %n = gpu.block_dim x
      %t = gpu.thread_id x
      %r = arith.muli %i, %n : index
      %j = arith.addi %r, %t : index
      memref.store %v, %x[%j] : memref<?xf32>
      gpu.return
    }
  }
}
