// gpu.module -> PTX. A --chip replaces the attached target; without one the
// #nvvm.target on the module decides. Kernels still in the gpu dialect are
// lowered with convert-gpu-to-nvvm first.
// RUN: tessera-translate --to=ptx %s --chip=sm_90a | FileCheck %s --check-prefix=SM90A
// RUN: tessera-translate --to=ptx %s --chip=sm_80 | FileCheck %s --check-prefix=SM80
// RUN: tessera-translate --to=ptx %s | FileCheck %s --check-prefix=ATTACHED
// RUN: cat %s | tessera-translate --to=ptx --chip=sm_90a - -o %t.ptx
// RUN: FileCheck %s --check-prefix=SM90A --input-file=%t.ptx
// RUN: tessera-translate --to=ptx %s --chip=sm_90a -o - | FileCheck %s --check-prefix=SM90A

// SM90A: .version 8.0
// SM90A: .target sm_90a
// SM90A: .address_size 64
// SM90A: .visible .entry axpy(
// SM90A: mov.u32 {{.*}}%tid.x
// SM90A: mul.rn.f32
// SM90A: add.rn.f32
// SM90A: st.global

// SM80: .target sm_80
// SM80: .entry axpy(

// ATTACHED: .target sm_90{{$}}
// ATTACHED: .entry axpy(

module attributes {gpu.container_module} {
  gpu.module @kernels [#nvvm.target<O = 3, chip = "sm_90">] {
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
