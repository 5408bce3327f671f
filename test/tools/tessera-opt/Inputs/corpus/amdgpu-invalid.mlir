// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file -verify-diagnostics -mlir-print-op-generic

func.func @mfma_wrong_dest(%a: vector<4xf16>, %b: vector<4xf16>, %c: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{'amdgpu.mfma' op expected 16 result values for this operation but got 4}}
  %d = amdgpu.mfma 32x32x8 %a * %b + %c {blocks = 1 : i32, abid = 0 : i32, cbsz = 0 : i32} blgp = none : vector<4xf16>, vector<4xf16>, vector<4xf32>
  return %d : vector<4xf32>
}

// -----

func.func @buffer_load_wrong_indices(%m: memref<4x4xf32>, %i: i32) -> f32 {
  // expected-error @+1 {{'amdgpu.raw_buffer_load' op Expected 2 indices to memref}}
  %0 = amdgpu.raw_buffer_load %m[%i] : memref<4x4xf32>, i32 -> f32
  return %0 : f32
}

// -----

func.func @buffer_store_not_global(%v: f32, %m: memref<4xf32, #gpu.address_space<workgroup>>, %i: i32) {
  // expected-error @+1 {{'amdgpu.raw_buffer_store' op Buffer ops must operate on a memref in global memory}}
  amdgpu.raw_buffer_store %v -> %m[%i] : f32 -> memref<4xf32, #gpu.address_space<workgroup>>, i32
  return
}

// -----

func.func @unknown_sched_mask() {
  // expected-error @+2 {{expected ::mlir::amdgpu::sched_barrier_opt_enum to be one of}}
  // expected-error @+1 {{failed to parse AMDGPU_SchedBarrierOpOptAttr parameter 'value'}}
  amdgpu.sched_barrier allow = <bogus>
  return
}
