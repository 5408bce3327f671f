// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file

llvm.func @shfl_bad_return(%mask: i32, %v: f32, %off: i32, %clamp: i32) {
  // expected-error @+1 {{expected return type to be of type 'f32' but got 'i32' instead}}
  %s = nvvm.shfl.sync bfly %mask, %v, %off, %clamp : f32 -> i32
  llvm.return
}

// -----

llvm.func @mma_bad_shape(%a0: vector<2xf16>, %b0: vector<2xf16>, %c0: vector<2xf16>) {
  // expected-error @+1 {{unimplemented variant for MMA shape <8, 8, 16>}}
  %0 = nvvm.mma.sync A[%a0] B[%b0] C[%c0]
    {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, shape = #nvvm.shape<m = 8, n = 8, k = 16>}
    : (vector<2xf16>, vector<2xf16>, vector<2xf16>) -> !llvm.struct<(vector<2xf16>)>
  llvm.return
}

// -----

// expected-error @+1 {{'"nvvm.maxntid"' attribute must be integer array with maximum 3 index}}
llvm.func @too_many_dims() attributes {nvvm.kernel, nvvm.maxntid = array<i32: 1, 2, 3, 4>} {
  llvm.return
}

// -----

// expected-error @+1 {{The optimization level must be a number between 0 and 3.}}
gpu.module @bad_target [#nvvm.target<O = 4>] {
}

// -----

llvm.func @cp_async_size(%dst: !llvm.ptr<3>, %src: !llvm.ptr<1>) {
  // expected-error @+1 {{expected byte size to be either 4, 8 or 16.}}
  nvvm.cp.async.shared.global %dst, %src, 3, cache = ca : !llvm.ptr<3>, !llvm.ptr<1>
  llvm.return
}
