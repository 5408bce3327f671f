// The cubin's SASS: what ptxas made of the kernels (cuobjdump from the CUDA
// root or the nvidia-cuda-cuobjdump wheel, see test/lit.cfg.py).
// REQUIRES: ptxas, cuobjdump
// RUN: tessera-translate --to=cubin --chip=sm_90a %s --gpu-module=axpy -o %t.axpy.cubin
// RUN: cuobjdump -sass %t.axpy.cubin | FileCheck %s --check-prefix=AXPY
// RUN: tessera-translate --to=cubin --chip=sm_80 %s --gpu-module=mma -o %t.mma.cubin
// RUN: cuobjdump -sass %t.mma.cubin | FileCheck %s --check-prefix=MMA

// AXPY: code for sm_90a
// AXPY: Function : axpy
// AXPY-DAG: LDG.E
// AXPY-DAG: FMUL
// AXPY-DAG: FADD
// AXPY: STG.E

// MMA: code for sm_80
// MMA: Function : mma_16x8x16
// MMA: HMMA.16816.F32

module attributes {gpu.container_module} {
  gpu.module @axpy {
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
