// RUN: tessera-opt %s > %t.tessera
// RUN: %mlir_opt %s > %t.upstream
// RUN: diff %t.tessera %t.upstream
// RUN: tessera-opt %s --convert-to-llvm --reconcile-unrealized-casts > %t.tessera.llvm
// RUN: %mlir_opt %s --convert-to-llvm --reconcile-unrealized-casts > %t.upstream.llvm
// RUN: diff %t.tessera.llvm %t.upstream.llvm
// RUN: tessera-opt %s --convert-to-llvm --emit-bytecode -o %t.bc
// RUN: tessera-opt %t.bc > %t.from-bytecode
// RUN: diff %t.from-bytecode %t.tessera.llvm

func.func @fma(%a: f32, %b: f32, %c: f32) -> f32 {
  %0 = math.fma %a, %b, %c : f32
  return %0 : f32
}

llvm.func @gep(%p: !llvm.ptr, %i: i64) -> f32 {
  %q = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %v = llvm.load %q {alignment = 4 : i64} : !llvm.ptr -> f32
  llvm.return %v : f32
}
