// RUN: tessera-opt %s > %t.tessera
// RUN: %mlir_opt %s > %t.upstream
// RUN: diff %t.tessera %t.upstream
// RUN: tessera-opt %s --pass-pipeline='builtin.module(gpu-kernel-outlining,canonicalize)' > %t.tessera.out
// RUN: %mlir_opt %s --pass-pipeline='builtin.module(gpu-kernel-outlining,canonicalize)' > %t.upstream.out
// RUN: diff %t.tessera.out %t.upstream.out
// RUN: FileCheck %s --input-file=%t.tessera.out

// CHECK: gpu.module @scale_kernel
// CHECK: gpu.func @scale_kernel
module attributes {gpu.container_module} {
  func.func @scale(%buf: memref<1024xf32>, %s: f32) {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c256 = arith.constant 256 : index
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c4, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
      %base = arith.muli %bx, %c256 : index
      %i = arith.addi %base, %tx : index
      %v = memref.load %buf[%i] : memref<1024xf32>
      %w = arith.mulf %v, %s : f32
      memref.store %w, %buf[%i] : memref<1024xf32>
      gpu.barrier
      gpu.terminator
    }
    return
  }
}
