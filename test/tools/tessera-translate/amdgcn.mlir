// gpu.module -> AMDGCN assembly (LLVM's AMDGPU back end).
// RUN: tessera-translate --to=amdgcn --chip=gfx942 %S/Inputs/axpy.mlir | FileCheck %s --check-prefix=GFX942
// RUN: tessera-translate --to=amdgcn --chip=gfx90a %S/Inputs/axpy.mlir | FileCheck %s --check-prefix=GFX90A
// RUN: tessera-translate --to=amdgcn %s | FileCheck %s --check-prefix=ATTACHED

// GFX942: .amdgcn_target "amdgcn-amd-amdhsa--gfx942"
// GFX942: .globl axpy
// GFX942: axpy:
// GFX942: global_load_dword
// GFX942: v_mul_f32
// GFX942: global_store_dword
// GFX942: s_endpgm
// GFX942: .amdhsa_kernel axpy

// GFX90A: .amdgcn_target "amdgcn-amd-amdhsa--gfx90a
// GFX90A: axpy:

// ATTACHED: .amdgcn_target "amdgcn-amd-amdhsa--gfx942"
// ATTACHED: exp_kernel:
// ATTACHED: v_exp_f32

module attributes {gpu.container_module} {
  gpu.module @kernels [#rocdl.target<chip = "gfx942">] {
    gpu.func @exp_kernel(%x: memref<?xf32>) kernel {
      %i = gpu.thread_id x
      %v = memref.load %x[%i] : memref<?xf32>
      %e = math.exp %v : f32
      memref.store %e, %x[%i] : memref<?xf32>
      gpu.return
    }
  }
}
