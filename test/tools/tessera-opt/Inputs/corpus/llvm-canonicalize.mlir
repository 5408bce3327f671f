// PARITY: -canonicalize -split-input-file
// PARITY: -llvm-legalize-for-export -split-input-file
// PARITY: -ensure-debug-info-scope-on-llvm-func -mlir-print-debuginfo -split-input-file
// PARITY: -strip-debuginfo -mlir-print-debuginfo -split-input-file
// PARITY: --pass-pipeline='builtin.module(llvm.func(canonicalize),llvm-add-comdats,symbol-dce)' -split-input-file

llvm.func @fold_bitcast(%p: !llvm.ptr) -> !llvm.ptr {
  %0 = llvm.bitcast %p : !llvm.ptr to !llvm.ptr
  llvm.return %0 : !llvm.ptr
}

llvm.func @fold_extract_insert(%s: !llvm.struct<(i32, f32)>, %x: i32) -> i32 {
  %0 = llvm.insertvalue %x, %s[0] : !llvm.struct<(i32, f32)>
  %1 = llvm.extractvalue %0[0] : !llvm.struct<(i32, f32)>
  llvm.return %1 : i32
}

llvm.func @dead_alloca() {
  %c1 = llvm.mlir.constant(1 : i32) : i32
  %a = llvm.alloca %c1 x i32 : (i32) -> !llvm.ptr
  llvm.return
}

// -----

llvm.func @same_successor(%c: i1, %x: i32) -> i32 {
  llvm.cond_br %c, ^bb1(%x : i32), ^bb1(%x : i32)
^bb1(%y: i32):
  llvm.return %y : i32
}

llvm.func linkonce_odr @weak_fn() -> i32 {
  %c = llvm.mlir.constant(7 : i32) : i32 loc("weak.c":2:3)
  llvm.return %c : i32 loc("weak.c":3:3)
} loc("weak.c":1:1)

llvm.func @chain(%x: i64) -> i64 {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %0 = llvm.add %x, %c0 : i64
  %1 = llvm.mul %0, %0 : i64
  llvm.return %1 : i64
}
