// Host code that launches a kernel: after upstream's gpu-to-llvm, the
// gpu.binary beside the host code is embedded into the object, and the
// launch calls the mgpu* runtime entry points (Tessera's runtime provides
// them).
// RUN: %mlir_opt %s --convert-gpu-to-nvvm --gpu-module-to-binary=format=isa --gpu-to-llvm --convert-to-llvm --reconcile-unrealized-casts | tessera-translate --to=obj -o %t.o
// RUN: llvm-nm %t.o | FileCheck %s

// CHECK-DAG: r kernels_binary
// CHECK-DAG: T launch
// CHECK-DAG: U mgpuLaunchKernel
// CHECK-DAG: U mgpuModuleLoad

module attributes {gpu.container_module} {
  gpu.module @kernels [#nvvm.target<chip = "sm_80">] {
    gpu.func @k(%x: memref<?xf32>) kernel { gpu.return }
  }
  func.func @launch(%x: memref<?xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
        args(%x : memref<?xf32>)
    return
  }
}
