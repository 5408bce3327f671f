// PTX from a gpu.module already in the LLVM/NVVM dialects (what Tessera's
// NVIDIA pipeline hands over), and sm_80 tensor-core code through nvgpu.
// RUN: tessera-translate --to=ptx %s --gpu-module=lowered | FileCheck %s --check-prefix=LOWERED
// RUN: tessera-translate --to=ptx %s --gpu-module=mma --chip=sm_80 | FileCheck %s --check-prefix=MMA

// LOWERED: .target sm_90a
// LOWERED: .visible .entry scale(
// LOWERED: mov.u32 {{.*}}%ctaid.x
// LOWERED: mul.rn.f32

// MMA: .target sm_80
// MMA: .entry mma_16x8x16(
// MMA: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32

module attributes {gpu.container_module} {
  gpu.module @lowered [#nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">] {
    llvm.func @scale(%p: !llvm.ptr<1>, %s: f32) attributes {gpu.kernel, nvvm.kernel} {
      %i = nvvm.read.ptx.sreg.ctaid.x : i32
      %q = llvm.getelementptr %p[%i] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
      %v = llvm.load %q : !llvm.ptr<1> -> f32
      %r = llvm.fmul %v, %s : f32
      llvm.store %r, %q : f32, !llvm.ptr<1>
      llvm.return
    }
  }
  gpu.module @mma {
    gpu.func @mma_16x8x16(%a: vector<4x2xf16>, %b: vector<2x2xf16>, %c: vector<2x2xf32>,
                          %out: memref<2x2xf32>) kernel {
      %d = nvgpu.mma.sync (%a, %b, %c) {mmaShape = [16, 8, 16]}
          : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
      %c0 = arith.constant 0 : index
      %row = vector.extract %d[0] : vector<2xf32> from vector<2x2xf32>
      vector.store %row, %out[%c0, %c0] : memref<2x2xf32>, vector<2xf32>
      gpu.return
    }
  }
}
