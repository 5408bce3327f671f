llvm.func @f() {
  %0 = llvm.mlir.constant(1 : i32)
  llvm.return
}
