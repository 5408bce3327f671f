//===- ROCDLEmit.h - SSA-text emitter shared by the AMD generators -------===//
//
// The AMD generators write upstream MLIR as text. This tiny emitter hands out
// fresh SSA names, hoists constants to the function entry (so that a value
// built inside an scf.if / scf.for body never has to be re-materialised and
// every use is dominated), and keeps the body separate so that the function
// header, the constants and the body are concatenated at the end.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TARGETTOROCDL_ROCDLEMIT_H
#define TESSERA_CONVERSION_TARGETTOROCDL_ROCDLEMIT_H

#include "Conversion/KernelGen.h"
#include "Dialect/Target/TargetUtils.h"

#include <stdint.h>

/// True for the CDNA chips the AMD generators target (ttChipInfo's AMD
/// chips: gfx90a, gfx942).
bool reIsCdna(const char *chip);

/// An SSA value name ("%v12", "%acc#3").
typedef struct RV {
  char s[32];
} RV;

typedef struct REmit {
  TesseraStrBuf consts, body;
  int next;
  int indent;
  struct {
    char key[48];
    RV v;
  } cache[512];
  int ncache;
} REmit;

void reInit(REmit *e);
void reFree(REmit *e);
RV reFresh(REmit *e);
/// Appends one indented line (printf-style) to the body.
void reLine(REmit *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/// Defines a fresh value: "%vN = <fmt>" on one body line.
RV reDef(REmit *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/// "%vN#i": result i of a multi-result op named v.
RV reResult(RV v, int64_t i);

/// Hoisted constants.
RV reIdx(REmit *e, int64_t v);
RV reI32(REmit *e, int64_t v);
RV reF32(REmit *e, double v);
RV reF32NegInf(REmit *e);
/// dense<[0, 1, .., n-1]> : vector<nxi32>
RV reIota(REmit *e, int64_t n);
RV reZeroVec(REmit *e, int64_t n, const char *elt);

/// index arithmetic helpers (emitted into the body).
RV reAdd(REmit *e, RV a, RV b);
RV reAddC(REmit *e, RV a, int64_t c);
RV reMulC(REmit *e, RV a, int64_t c);
RV reDivC(REmit *e, RV a, int64_t c);
RV reRemC(REmit *e, RV a, int64_t c);
RV reCmp(REmit *e, const char *pred, RV a, RV b); // index compare
RV reAnd(REmit *e, RV a, RV b);                   // i1
/// f32 binary op ("arith.addf", "arith.mulf", ...).
RV reF(REmit *e, const char *op, RV a, RV b);
/// Converts an f32 / f16 / bf16 scalar between types (extf / truncf / none).
RV reCvt(REmit *e, RV v, TesseraDType from, TesseraDType to);

#endif
