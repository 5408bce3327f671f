// --to=spirv takes gpu.modules in the LLVM dialect made by
// tessera-lower-to-spirv; anything else is one clear line and a non-zero
// exit (`not` also fails on a crash).
// REQUIRES: spirv-tools

// A hand-written OpenCL kernel in the LLVM dialect, as the pipeline
// leaves one: y[i] = 2 * x[i].
// RUN: tessera-translate --to=spirv %s -o %t.spv
// RUN: spirv-val %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// CHECK: OpEntryPoint Kernel %double_it "double_it"
// CHECK: OpFMul %float

// RUN: not tessera-translate --to=spirv --chip=sm_80 %s -o %t.x 2>&1 | FileCheck %s --check-prefix=CHIP
// CHIP: tessera-translate: error: --to=spirv takes no chip but 'spirv' (got 'sm_80')
// RUN: not tessera-translate --to=spirv --gpu-module=nope %s -o %t.x 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: tessera-translate: error: the input has no gpu.module named @nope
// RUN: not tessera-translate --to=spirv %S/Inputs/host.mlir -o %t.x 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: tessera-translate: error: the input has no gpu.module to translate to spirv (lower Graph IR with tessera-opt --tessera-lower-to-spirv first)
// RUN: not tessera-translate --to=spirv %S/Inputs/nvvm-target.mlir -o %t.x 2>&1 | FileCheck %s --check-prefix=NVVM
// NVVM: tessera-translate: error: gpu.module @k is compiled for #nvvm.target<chip = "sm_80">, not for SPIR-V (use --to=ptx|cubin|amdgcn|hsaco)
// RUN: not tessera-translate --to=spirv %S/Inputs/axpy.mlir -o %t.x 2>&1 | FileCheck %s --check-prefix=NOTLLVM
// NOTLLVM: tessera-translate: error: gpu.module @kernels holds 'gpu.func': SPIR-V is made from the LLVM dialect (lower the program with tessera-opt --tessera-lower-to-spirv)

module attributes {gpu.container_module} {
  gpu.module @double_it_module {
    llvm.func spir_funccc @_Z13get_global_idj(i32) -> i64 attributes {no_unwind, will_return}
    llvm.func spir_kernelcc @double_it(%x: !llvm.ptr<1>, %y: !llvm.ptr<1>) attributes {gpu.kernel} {
      %c0 = llvm.mlir.constant(0 : i32) : i32
      %i = llvm.call spir_funccc @_Z13get_global_idj(%c0) : (i32) -> i64
      %px = llvm.getelementptr %x[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
      %v = llvm.load %px : !llvm.ptr<1> -> f32
      %two = llvm.mlir.constant(2.0 : f32) : f32
      %w = llvm.fmul %v, %two : f32
      %py = llvm.getelementptr %y[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
      llvm.store %w, %py : f32, !llvm.ptr<1>
      llvm.return
    }
  }
}
