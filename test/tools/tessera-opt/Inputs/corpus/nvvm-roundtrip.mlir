// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -verify-roundtrip
// PARITY: -convert-nvvm-to-llvm

!i32 = i32
#target = #nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">

llvm.func @special_registers() -> !i32 {
  %0 = nvvm.read.ptx.sreg.tid.x : i32
  %1 = nvvm.read.ptx.sreg.ntid.y : i32
  %2 = nvvm.read.ptx.sreg.ctaid.z : i32
  %3 = nvvm.read.ptx.sreg.laneid : i32
  %4 = nvvm.read.ptx.sreg.warpsize : i32
  %5 = llvm.add %0, %1 : i32
  %6 = llvm.add %2, %3 : i32
  %7 = llvm.add %5, %6 : i32
  %8 = llvm.add %7, %4 : i32
  llvm.return %8 : i32
}

llvm.func @barriers_and_votes(%mask: i32, %pred: i1, %v: f32, %off: i32, %clamp: i32) -> f32 {
  nvvm.barrier0
  %b = nvvm.vote.sync ballot %mask, %pred -> i32
  %s = nvvm.shfl.sync bfly %mask, %v, %off, %clamp : f32 -> f32
  nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
  llvm.return %s : f32
}

llvm.func @mma(%a0: vector<2xf16>, %a1: vector<2xf16>, %b0: vector<2xf16>, %c0: vector<2xf16>, %c1: vector<2xf16>) -> !llvm.struct<(vector<2xf16>, vector<2xf16>)> {
  %0 = nvvm.mma.sync A[%a0, %a1] B[%b0] C[%c0, %c1]
    {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, shape = #nvvm.shape<m = 16, n = 8, k = 8>}
    : (vector<2xf16>, vector<2xf16>, vector<2xf16>) -> !llvm.struct<(vector<2xf16>, vector<2xf16>)>
  llvm.return %0 : !llvm.struct<(vector<2xf16>, vector<2xf16>)>
}

llvm.func @cp_async(%dst: !llvm.ptr<3>, %src: !llvm.ptr<1>) {
  nvvm.cp.async.shared.global %dst, %src, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
  nvvm.cp.async.commit.group
  nvvm.cp.async.wait.group 0
  llvm.return
}

llvm.func @kernel_attrs() attributes {nvvm.kernel, nvvm.maxntid = array<i32: 128, 1, 1>, nvvm.minctasm = 2 : i32} {
  llvm.return
}

gpu.module @with_target [#target] {
}
