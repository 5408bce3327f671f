// LLVM IR text: of the host code by default; of the gpu.module with a GPU
// chip (the device module as upstream's serialiser builds it).
// RUN: tessera-translate --to=llvmir %S/Inputs/host.mlir | FileCheck %s --check-prefix=HOST
// RUN: tessera-translate --to=llvmir %s | FileCheck %s --check-prefix=MIXED
// RUN: tessera-translate --to=llvmir --chip=sm_90a %s | FileCheck %s --check-prefix=NVPTX
// RUN: tessera-translate --to=llvmir --chip=gfx942 %s | FileCheck %s --check-prefix=AMDGCN

// HOST: define void @saxpy(float %0, ptr %1, ptr %2, i64 %3)
// HOST: fmul float
// HOST: fadd float

// The gpu.module is not host code: translating the host part skips it.
// MIXED: define i32 @answer()
// MIXED-NOT: axpy

// NVPTX: target triple = "nvptx64-nvidia-cuda"
// NVPTX: define ptx_kernel void @axpy(
// NVPTX-NOT: @answer

// AMDGCN: target triple = "amdgcn-amd-amdhsa"
// AMDGCN: define amdgpu_kernel void @axpy(

module attributes {gpu.container_module} {
  llvm.func @answer() -> i32 {
    %0 = llvm.mlir.constant(42 : i32) : i32
    llvm.return %0 : i32
  }
  gpu.module @kernels {
    gpu.func @axpy(%a: f32, %x: memref<?xf32>, %y: memref<?xf32>) kernel {
      %i = gpu.thread_id x
      %xi = memref.load %x[%i] : memref<?xf32>
      %yi = memref.load %y[%i] : memref<?xf32>
      %p = arith.mulf %a, %xi : f32
      %s = arith.addf %p, %yi : f32
      memref.store %s, %y[%i] : memref<?xf32>
      gpu.return
    }
  }
}
