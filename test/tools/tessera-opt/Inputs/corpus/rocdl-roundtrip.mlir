// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -mlir-print-debuginfo
// PARITY: --rocdl-attach-target='chip=gfx90a O=2'

#target = #rocdl.target<chip = "gfx942", abi = "500">
!acc = vector<32xf32>

llvm.func @ids() -> i32 {
  %0 = rocdl.workitem.id.x : i32
  %1 = rocdl.workgroup.id.y : i32
  %2 = rocdl.workgroup.dim.z : i32
  %3 = rocdl.grid.dim.x : i32
  %4 = llvm.add %0, %1 : i32
  %5 = llvm.mul %2, %3 : i32
  %6 = llvm.add %4, %5 : i32
  llvm.return %6 : i32
}

llvm.func @sync() {
  rocdl.barrier
  rocdl.s.barrier
  rocdl.s.waitcnt 0
  rocdl.sched.barrier 0
  llvm.return
}

llvm.func @mfma(%a: f32, %b: f32, %c: !acc, %cbsz: i32) -> !acc {
  %r = rocdl.mfma.f32.32x32x1f32 %a, %b, %c, %cbsz, %cbsz, %cbsz : (f32, f32, !acc, i32, i32, i32) -> !acc
  llvm.return %r : !acc
}

llvm.func @lanes(%v: i32, %idx: i32) -> i32 {
  %m = llvm.mlir.constant(-1 : i32) : i32
  %z = llvm.mlir.constant(0 : i32) : i32
  %lo = rocdl.mbcnt.lo %m, %z : (i32, i32) -> i32
  %hi = rocdl.mbcnt.hi %m, %lo : (i32, i32) -> i32
  %s = rocdl.ds_bpermute %idx, %v : (i32, i32) -> i32
  %r = rocdl.readlane %s, %hi : (i32, i32) -> i32
  llvm.return %r : i32
}

llvm.func @kernel() attributes {rocdl.kernel, rocdl.flat_work_group_size = "1,256", rocdl.reqd_work_group_size = array<i32: 64, 1, 1>} {
  llvm.return
}

gpu.module @amd_kernels [#target] {
  gpu.func @empty() kernel {
    gpu.return
  }
}

gpu.module @untargeted {
}
