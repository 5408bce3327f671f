// Host code in the LLVM dialect: y[i] += a * x[i] for i < n.
module {
  llvm.func @saxpy(%a: f32, %x: !llvm.ptr, %y: !llvm.ptr, %n: i64) {
    %c0 = llvm.mlir.constant(0 : i64) : i64
    %c1 = llvm.mlir.constant(1 : i64) : i64
    llvm.br ^loop(%c0 : i64)
  ^loop(%i: i64):
    %done = llvm.icmp "sge" %i, %n : i64
    llvm.cond_br %done, ^exit, ^body
  ^body:
    %px = llvm.getelementptr %x[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %py = llvm.getelementptr %y[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %xv = llvm.load %px : !llvm.ptr -> f32
    %yv = llvm.load %py : !llvm.ptr -> f32
    %m = llvm.fmul %a, %xv : f32
    %s = llvm.fadd %m, %yv : f32
    llvm.store %s, %py : f32, !llvm.ptr
    %next = llvm.add %i, %c1 : i64
    llvm.br ^loop(%next : i64)
  ^exit:
    llvm.return
  }
}
