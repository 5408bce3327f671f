//===- NVVMEmit.h - Text emission helpers for the NVIDIA kernel generators -===//
//
// The generators write MLIR text. SSA values are numbered `%vN`; these
// helpers hand out the numbers and print one op per line, so that the
// generator code reads as the kernel it emits. Everything that folds
// (repeated constants, index arithmetic on constants) is left to the
// canonicalizer / LLVM rather than being optimised here.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TARGETTONVVM_NVVMEMIT_H
#define TESSERA_CONVERSION_TARGETTONVVM_NVVMEMIT_H

#include "Conversion/KernelGen.h"
#include "Dialect/Target/TargetUtils.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

typedef struct NVGen {
  TesseraStrBuf *o;
  int next;   // next SSA number
  int indent; // current indentation (spaces)
} NVGen;

static inline void nvIndent(NVGen *g) {
  for (int i = 0; i < g->indent; ++i)
    tesseraStrBufAppend(g->o, " ", 1);
}

/// One line with no result: indentation + text + newline.
static inline void __attribute__((format(printf, 2, 3)))
nvStmt(NVGen *g, const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  nvIndent(g);
  tesseraStrBufPrintf(g->o, "%s\n", buf);
}

/// One line defining a fresh value `%vN = <text>`; returns N.
static inline int __attribute__((format(printf, 2, 3)))
nvDef(NVGen *g, const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  int v = g->next++;
  nvIndent(g);
  tesseraStrBufPrintf(g->o, "%%v%d = %s\n", v, buf);
  return v;
}

static inline int nvIdx(NVGen *g, int64_t c) {
  return nvDef(g, "arith.constant %lld : index", (long long)c);
}
static inline int nvI32(NVGen *g, int64_t c) {
  return nvDef(g, "arith.constant %lld : i32", (long long)c);
}
static inline int nvF32(NVGen *g, double c) {
  return nvDef(g, "arith.constant %.9e : f32", c);
}
/// `%vN = arith.<op> %va, %vb : <ty>`
static inline int nvBin(NVGen *g, const char *op, int a, int b,
                        const char *ty) {
  return nvDef(g, "arith.%s %%v%d, %%v%d : %s", op, a, b, ty);
}
static inline int nvAddI(NVGen *g, int a, int b) {
  return nvBin(g, "addi", a, b, "index");
}
static inline int nvMulI(NVGen *g, int a, int b) {
  return nvBin(g, "muli", a, b, "index");
}
/// a + c for a constant c (index).
static inline int nvAddC(NVGen *g, int a, int64_t c) {
  if (c == 0)
    return a;
  return nvAddI(g, a, nvIdx(g, c));
}
static inline int nvMulC(NVGen *g, int a, int64_t c) {
  return nvMulI(g, a, nvIdx(g, c));
}
static inline int nvCmpI(NVGen *g, const char *pred, int a, int b) {
  return nvDef(g, "arith.cmpi %s, %%v%d, %%v%d : index", pred, a, b);
}
static inline int nvSelect(NVGen *g, int c, int a, int b, const char *ty) {
  return nvDef(g, "arith.select %%v%d, %%v%d, %%v%d : %s", c, a, b, ty);
}

static inline const char *nvElt(TesseraDType t) { return tesseraDTypeName(t); }
static inline int64_t nvEltBytes(TesseraDType t) {
  return t == TESSERA_F32 ? 4 : 2;
}

/// f32 value `v` converted to type t (no-op for f32).
static inline int nvFromF32(NVGen *g, int v, TesseraDType t) {
  if (t == TESSERA_F32)
    return v;
  return nvDef(g, "arith.truncf %%v%d : f32 to %s", v, nvElt(t));
}
/// value `v` of type t converted to f32.
static inline int nvToF32(NVGen *g, int v, TesseraDType t) {
  if (t == TESSERA_F32)
    return v;
  return nvDef(g, "arith.extf %%v%d : %s to f32", v, nvElt(t));
}

#define NV_SMEM "#gpu.address_space<workgroup>"

/// Kernel signature shared by the matmul generators (KernelGen.h ABI):
/// `%A, %B, %C` then `%E0, %E1, ...` for the bias / residual operands.
void nvEmitMatmulArgs(NVGen *g, const TesseraMatmulKernelConfig *cfg);
/// `memref<?x?xT>` / `memref<?x?x?xT>` for A, B, C and residuals.
void nvMatrixType(char *buf, size_t cap, bool batched, TesseraDType t);
/// Applies the fused epilogue to the f32 value `v` of C[bz, row, col] and
/// stores it, all under `scf.if %inb` (`bz` < 0 when not batched).
void nvEmitEpilogueStore(NVGen *g, const TesseraMatmulKernelConfig *cfg,
                         int v, int bz, int row, int col, int inb);
/// Checks shared by the matmul generators; false with `err` filled.
bool nvCheckCommon(const TesseraMatmulKernelConfig *cfg, char *err,
                   size_t cap);

bool nvGenMatmulSm90a(const TesseraMatmulKernelConfig *cfg,
                      TesseraStrBuf *out, TesseraLaunchInfo *launch,
                      char *err, size_t cap);

#endif // TESSERA_CONVERSION_TARGETTONVVM_NVVMEMIT_H
