// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -convert-amdgpu-to-rocdl=chipset=gfx942
// PARITY: -convert-amdgpu-to-rocdl=chipset=gfx90a -convert-func-to-llvm -reconcile-unrealized-casts

!buf = memref<64xf32>
!lds = memref<256xf32, #gpu.address_space<workgroup>>

func.func @buffer_ops(%m: !buf, %i: i32, %s: i32, %v: f32) -> f32 {
  %0 = amdgpu.raw_buffer_load {boundsCheck = true} %m[%i] sgprOffset %s : !buf, i32 -> f32
  amdgpu.raw_buffer_store %v -> %m[%i] : f32 -> !buf, i32
  amdgpu.raw_buffer_atomic_fadd %v -> %m[%i] : f32 -> !buf, i32
  %2 = arith.addf %0, %v : f32
  return %2 : f32
}

func.func @barriers_and_lds(%l: !lds, %i: index, %v: f32) {
  memref.store %v, %l[%i] : !lds
  amdgpu.lds_barrier
  amdgpu.sched_barrier allow = <valu|all_vmem>
  return
}

func.func @mfma(%a: vector<4xf16>, %b: vector<4xf16>, %c: vector<16xf32>) -> vector<16xf32> {
  %d = amdgpu.mfma 32x32x8 %a * %b + %c {blocks = 1 : i32, abid = 0 : i32, cbsz = 0 : i32} blgp = none : vector<4xf16>, vector<4xf16>, vector<16xf32>
  return %d : vector<16xf32>
}

func.func @dpp_swizzle(%x: f32) -> (f32, f32) {
  %0 = amdgpu.dpp %x %x row_shl(1 : i32) : f32
  %1 = amdgpu.swizzle_bitmode %x 1 2 4 : f32
  return %0, %1 : f32, f32
}

func.func @packed_fp8(%v: vector<2xf32>) -> vector<4xf8E4M3FNUZ> {
  %a = vector.extract %v[0] : f32 from vector<2xf32>
  %b = vector.extract %v[1] : f32 from vector<2xf32>
  %p = amdgpu.packed_trunc_2xfp8 %a, %b into undef[word 0] : f32 to vector<4xf8E4M3FNUZ>
  return %p : vector<4xf8E4M3FNUZ>
}
