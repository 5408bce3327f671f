// gpu.module -> hsaco: upstream assembles the object and links it with
// <rocm>/llvm/bin/ld.lld; without a ROCm install, lib/Target/AMD makes a
// temporary root from LLVM's ld.lld and the device-library bitcode.
// RUN: tessera-translate --to=hsaco --chip=gfx942 %S/Inputs/axpy.mlir -o %t.gfx942.hsaco
// RUN: llvm-readelf -h %t.gfx942.hsaco | FileCheck %s --check-prefix=ELF
// RUN: llvm-readelf -n %t.gfx942.hsaco | FileCheck %s --check-prefix=NOTES
// RUN: llvm-objdump -d --mcpu=gfx942 %t.gfx942.hsaco | FileCheck %s --check-prefix=DIS
// RUN: tessera-translate --to=hsaco --chip=gfx90a %S/Inputs/axpy.mlir -o %t.gfx90a.hsaco
// RUN: llvm-readelf -h %t.gfx90a.hsaco | FileCheck %s --check-prefix=GFX90A
// An explicit ROCm root laid out the way upstream expects.
// RUN: rm -rf %t.rocm && mkdir -p %t.rocm/llvm/bin
// RUN: bash -c 'ln -s $(command -v ld.lld) %t.rocm/llvm/bin/ld.lld'
// RUN: tessera-translate --to=hsaco %s --rocm-path=%t.rocm -o %t.root.hsaco
// RUN: llvm-readelf -h %t.root.hsaco | FileCheck %s --check-prefix=ELF

// ELF: Class: ELF64
// ELF: OS/ABI: AMDGPU - HSA
// ELF: Type: DYN
// ELF: Machine: EM_AMDGPU
// ELF: Flags: {{.*}}gfx942
// NOTES: AMDGPU Metadata
// NOTES: .name: axpy
// NOTES: .sgpr_count:
// NOTES: .symbol: axpy.kd
// NOTES: .vgpr_count:
// NOTES: amdhsa.target: amdgcn-amd-amdhsa--gfx942
// DIS: <axpy>:
// DIS: global_load_dword
// DIS: s_endpgm
// GFX90A: Flags: {{.*}}gfx90a

module attributes {gpu.container_module} {
  gpu.module @kernels [#rocdl.target<chip = "gfx942">] {
    gpu.func @copy(%x: memref<?xf32>, %y: memref<?xf32>) kernel {
      %i = gpu.thread_id x
      %v = memref.load %x[%i] : memref<?xf32>
      memref.store %v, %y[%i] : memref<?xf32>
      gpu.return
    }
  }
}

// The device libraries are linked: math.sin becomes ocml code, inlined, and
// nothing is left undefined (the temporary ROCm root's amdgcn/bitcode).
// RUN: tessera-translate --to=hsaco --chip=gfx942 %S/Inputs/sin.mlir -o %t.sin.hsaco
// RUN: llvm-nm --undefined-only %t.sin.hsaco | FileCheck %s --allow-empty --check-prefix=NOUNDEF
// RUN: tessera-translate --to=llvmir --chip=gfx942 %S/Inputs/sin.mlir | FileCheck %s --check-prefix=OCML
// NOUNDEF-NOT: {{.}}
// OCML: define amdgpu_kernel void @sin_kernel(
// OCML-NOT: call {{.*}}@__ocml_sin_f32
