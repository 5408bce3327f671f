// Host code in the LLVM dialect -> relocatable object / assembly, through
// an LLVM target machine (default: this machine's CPU and features) and
// LLVM's default<O3> pipeline.
// RUN: tessera-translate --to=obj %s -o %t.o
// RUN: llvm-readelf -h %t.o | FileCheck %s --check-prefix=ELF
// RUN: llvm-nm %t.o | FileCheck %s --check-prefix=NM
// RUN: llvm-objdump -d %t.o | FileCheck %s --check-prefix=DIS
// RUN: tessera-translate --to=obj --chip=host %s | llvm-nm - | FileCheck %s --check-prefix=NM
// A named CPU: znver4 has AVX-512, x86-64 (baseline SSE2) has not.
// RUN: tessera-translate --to=asm --chip=znver4 %s | FileCheck %s --check-prefix=ZNVER4
// RUN: tessera-translate --to=asm --chip=x86-64 %s | FileCheck %s --check-prefix=BASE
// RUN: tessera-translate --to=asm --chip=x86-64 --features=+avx2,+fma %s | FileCheck %s --check-prefix=AVX2
// -O0 keeps the scalar loop.
// RUN: tessera-translate --to=asm --chip=znver4 -O0 %s | FileCheck %s --check-prefix=O0

// ELF: Class: ELF64
// ELF: Type: REL
// ELF: Machine: Advanced Micro Devices X86-64
// NM: T saxpy
// DIS: <saxpy>:
// DIS: ret

// ZNVER4-LABEL: saxpy:
// ZNVER4: zmm
// BASE-LABEL: saxpy:
// BASE-NOT: {{[yz]mm}}
// BASE: mulps
// BASE: .size saxpy
// AVX2-LABEL: saxpy:
// AVX2: ymm
// O0-LABEL: saxpy:
// O0-NOT: zmm
// O0: mulss
// O0: .size saxpy

module {
  llvm.func @saxpy(%a: f32, %x: !llvm.ptr {llvm.noalias}, %y: !llvm.ptr {llvm.noalias}, %n: i64) {
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
