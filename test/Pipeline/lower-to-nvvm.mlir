// The NVIDIA pipelines go from Graph IR to gpu.modules in the LLVM dialect
// with NVVM intrinsics (target attached) and host entries that launch them
// on device buffers. tessera-translate turns each gpu.module into a cubin;
// the SASS holds what each schedule promises. The host side lowers with
// upstream's gpu-to-llvm into the mgpu* calls the GPU runtime implements.
// REQUIRES: ptxas, cuobjdump

// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --tessera-lower-to-nvvm=chip=sm_80 -o %t.sm80.mlir
// RUN: FileCheck %s --input-file=%t.sm80.mlir
// RUN: tessera-translate --to=cubin --gpu-module=linear_gelu_k0_module %t.sm80.mlir -o %t.mm.sm80.cubin
// RUN: cuobjdump -sass %t.mm.sm80.cubin | FileCheck %s --check-prefix=SM80
// RUN: tessera-translate --to=cubin --gpu-module=attention_scores_k1_module %t.sm80.mlir -o %t.sm.sm80.cubin
// RUN: cuobjdump -sass %t.sm.sm80.cubin | FileCheck %s --check-prefix=SOFTMAX

// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --pass-pipeline='builtin.module(tessera-lower-to-nvvm{chip=sm_90a})' -o %t.sm90a.mlir
// RUN: FileCheck %s --check-prefix=ENTRY90A --input-file=%t.sm90a.mlir
// RUN: tessera-translate --to=cubin --gpu-module=linear_gelu_k0_module %t.sm90a.mlir -o %t.mm.sm90a.cubin
// RUN: cuobjdump -sass %t.mm.sm90a.cubin | FileCheck %s --check-prefix=SM90A
// RUN: tessera-translate --to=cubin --gpu-module=attention_scores_k0_unaligned_module %t.sm90a.mlir -o %t.fb.sm90a.cubin
// RUN: cuobjdump -sass %t.fb.sm90a.cubin | FileCheck %s --check-prefix=FALLBACK

// The host side, as the runtime lowers it (PTX embedded here, so that
// this needs no ptxas: the runtime embeds cubins).
// RUN: tessera-opt %t.sm80.mlir --pass-pipeline='builtin.module(gpu-module-to-binary{format=isa},func.func(gpu-async-region),convert-scf-to-cf,expand-strided-metadata,lower-affine,convert-index-to-llvm,convert-arith-to-llvm,convert-cf-to-llvm,finalize-memref-to-llvm,convert-func-to-llvm,gpu-to-llvm,reconcile-unrealized-casts)' -o %t.host.mlir
// RUN: mlir-translate-22 --mlir-to-llvmir %t.host.mlir | FileCheck %s --check-prefix=HOST

// RUN: tessera-opt %S/../../examples/matmul_gelu.mlir --tessera-lower-to-nvvm=chip=sm_80 --mlir-print-ir-after-all 2>&1 >/dev/null | FileCheck %s --check-prefix=STAGES

// CHECK: module attributes {gpu.container_module}
// CHECK-LABEL: func.func @linear_gelu(
// CHECK: gpu.alloc
// CHECK: gpu.launch_func @linear_gelu_k0_module::@linear_gelu_k0 blocks in
// CHECK-LABEL: gpu.module @linear_gelu_k0_module [#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">]
// CHECK: llvm.func @linear_gelu_k0(
// CHECK-SAME: gpu.kernel
// CHECK: nvvm.mma.sync
// CHECK-LABEL: func.func @attention_scores(
// CHECK: gpu.launch_func @attention_scores_k0_module::@attention_scores_k0
// CHECK: gpu.launch_func @attention_scores_k1_module::@attention_scores_k1
// CHECK: gpu.dealloc
// CHECK-NOT: tgraph.
// CHECK-NOT: tsched.
// CHECK-NOT: ttarget.

// SM80-DAG: HMMA.16816.F32
// SM80-DAG: LDGSTS
// SM80-DAG: LDSM
// SOFTMAX-DAG: SHFL.BFLY
// SOFTMAX-DAG: MUFU.EX2

// ENTRY90A-LABEL: func.func @linear_gelu(
// ENTRY90A: call @tesseraGpuTensorMap(
// ENTRY90A: gpu.launch_func @linear_gelu_k0_module::@linear_gelu_k0
// ENTRY90A: gpu.launch_func @linear_gelu_k0_unaligned_module::@linear_gelu_k0_unaligned
// SM90A-DAG: HGMMA.64x128x16.F32
// SM90A-DAG: UTMALDG.2D
// FALLBACK-DAG: HMMA.16816.F32.BF16
// FALLBACK-DAG: STS.128
// FALLBACK-NOT: LDGSTS

// HOST-DAG: call ptr @mgpuModuleLoadJIT(
// HOST-DAG: call ptr @mgpuModuleGetFunction(
// HOST-DAG: call void @mgpuLaunchKernel(ptr %{{.*}}, i64 %{{.*}}, i64 %{{.*}}, i64 {{.*}}, i64 256, i64 1, i64 1, i32 49152,
// HOST-DAG: call ptr @mgpuStreamCreate()
// HOST-DAG: call void @mgpuStreamSynchronize(
// HOST-DAG: call ptr @mgpuMemAlloc(
// HOST-DAG: call void @mgpuMemFree(
// HOST-DAG: define void @_mlir_ciface_linear_gelu(

// STAGES: IR Dump After tessera-lower-graph
// STAGES: IR Dump After tessera-verify
// STAGES: IR Dump After tessera-lower-schedule
// STAGES: IR Dump After tessera-verify
// STAGES: IR Dump After tessera-lower-target-to-nvvm
// STAGES: IR Dump After ConvertGpuOpsToNVVMOps
