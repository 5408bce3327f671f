// RUN: tessera-opt %s > %t.tessera
// RUN: %mlir_opt %s > %t.upstream
// RUN: diff %t.tessera %t.upstream
// RUN: tessera-opt %s --pass-pipeline='builtin.module(nvvm-attach-target{chip=sm_90a features=+ptx80 O=3},gpu.module(convert-gpu-to-nvvm),reconcile-unrealized-casts)' > %t.tessera.nvvm
// RUN: %mlir_opt %s --pass-pipeline='builtin.module(nvvm-attach-target{chip=sm_90a features=+ptx80 O=3},gpu.module(convert-gpu-to-nvvm),reconcile-unrealized-casts)' > %t.upstream.nvvm
// RUN: diff %t.tessera.nvvm %t.upstream.nvvm
// RUN: FileCheck %s --input-file=%t.tessera.nvvm

// CHECK: #nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">
// CHECK: nvvm.read.ptx.sreg.tid.x
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @axpy(%x: memref<256xf32>, %y: memref<256xf32>, %a: f32) kernel {
      %i = gpu.thread_id x
      %xv = memref.load %x[%i] : memref<256xf32>
      %yv = memref.load %y[%i] : memref<256xf32>
      %p = arith.mulf %a, %xv : f32
      %s = arith.addf %p, %yv : f32
      memref.store %s, %y[%i] : memref<256xf32>
      gpu.return
    }
  }
  llvm.func @raw_nvvm() -> i32 {
    %0 = nvvm.read.ptx.sreg.ctaid.x : i32
    %1 = nvvm.read.ptx.sreg.ntid.x : i32
    %2 = llvm.mul %0, %1 : i32
    llvm.return %2 : i32
  }
}
