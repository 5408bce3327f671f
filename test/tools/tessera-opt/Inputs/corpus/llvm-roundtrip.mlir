// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -mlir-print-debuginfo
// PARITY: -mlir-print-debuginfo -mlir-pretty-debuginfo
// PARITY: -verify-roundtrip
// PARITY: -mlir-print-local-scope -mlir-print-debuginfo

#file = #llvm.di_file<"kernel.c" in "/src">
#cu = #llvm.di_compile_unit<id = distinct[0]<>, sourceLanguage = DW_LANG_C11, file = #file, producer = "clang", isOptimized = true, emissionKind = Full>
#int = #llvm.di_basic_type<tag = DW_TAG_base_type, name = "int", sizeInBits = 32, encoding = DW_ATE_signed>
#sub_ty = #llvm.di_subroutine_type<types = #int, #int>
#sp = #llvm.di_subprogram<id = distinct[1]<>, compileUnit = #cu, scope = #file, name = "inc", file = #file, line = 3, scopeLine = 3, subprogramFlags = "Definition|Optimized", type = #sub_ty>
#loc = loc("kernel.c":4:10)
!pair = !llvm.struct<"pair", (i32, f64)>

llvm.mlir.global internal constant @greeting("hello\00") {addr_space = 0 : i32} : !llvm.array<6 x i8>
llvm.mlir.global external @counter(0 : i64) : i64
llvm.mlir.global private @table() : !llvm.array<4 x i32> {
  %0 = llvm.mlir.zero : !llvm.array<4 x i32>
  llvm.return %0 : !llvm.array<4 x i32>
}

llvm.func @inc(%x: i32) -> i32 {
  %c1 = llvm.mlir.constant(1 : i32) : i32
  %r = llvm.add %x, %c1 overflow<nsw> : i32 loc(fused<#sp>[#loc])
  llvm.return %r : i32
} loc(fused<#sp>[#loc])

llvm.func @memory(%p: !llvm.ptr, %n: i64) -> f64 {
  %c1 = llvm.mlir.constant(1 : i64) : i64
  %a = llvm.alloca %c1 x !pair {alignment = 8 : i64} : (i64) -> !llvm.ptr
  %f = llvm.getelementptr inbounds %a[0, 1] : (!llvm.ptr) -> !llvm.ptr, !pair
  %q = llvm.getelementptr %p[%n] : (!llvm.ptr, i64) -> !llvm.ptr, f64
  %v = llvm.load %q {alignment = 8 : i64} : !llvm.ptr -> f64
  llvm.store %v, %f : f64, !llvm.ptr
  %old = llvm.atomicrmw add %p, %n monotonic : !llvm.ptr, i64
  llvm.return %v : f64
}

llvm.func @control(%c: i1, %a: i32, %b: i32) -> i32 {
  llvm.cond_br %c, ^bb1(%a : i32), ^bb2
^bb1(%x: i32):
  llvm.br ^bb3(%x : i32)
^bb2:
  %s = llvm.select %c, %a, %b : i1, i32
  llvm.br ^bb3(%s : i32)
^bb3(%r: i32):
  llvm.return %r : i32
}

llvm.func @intrinsics(%x: f32, %v: vector<4xf32>) -> f32 {
  %0 = llvm.intr.fabs(%x) : (f32) -> f32
  %1 = llvm.intr.fma(%0, %x, %x) : (f32, f32, f32) -> f32
  %2 = "llvm.intr.vector.reduce.fadd"(%1, %v) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<4xf32>) -> f32
  %3 = llvm.fadd %2, %1 {fastmathFlags = #llvm.fastmath<fast>} : f32
  llvm.return %3 : f32
}

llvm.func @callee(i32, ...) -> i32 attributes {passthrough = ["nounwind"]}

llvm.func @calls(%x: i32) -> i32 {
  %0 = llvm.call @callee(%x, %x) vararg(!llvm.func<i32 (i32, ...)>) : (i32, i32) -> i32
  %fp = llvm.mlir.addressof @inc : !llvm.ptr
  %1 = llvm.call %fp(%0) : !llvm.ptr, (i32) -> i32
  llvm.return %1 : i32
}
