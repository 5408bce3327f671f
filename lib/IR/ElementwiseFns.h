//===- ElementwiseFns.h - The elementwise functions, in one table ---------===//
//
// The vocabulary of elementwise functions (tsched.elementwise's `fn`, the
// epilogues of fused kernels, tgraph's standalone elementwise ops), written
// once (docs/design.md, "one table per vocabulary"). Each entry has:
//   - its name and arity;
//   - its formula as text, a numpy expression in x (and y) that the docs
//     show and Python tests may evaluate in float64;
//   - `emit`: its lowering to upstream `arith` / `math` ops on f32 values
//     (scalars or vectors), built through lib/IR/Builder.h; every target
//     then lowers math its own way (LLVM intrinsics or libm on the host,
//     libdevice, ocml, SPIR-V's GL/OpenCL instructions);
//   - `reference`: the same formula in double precision, for tests;
//   - `roundings`: how many f32 roundings the emitted formula performs, and
//     the domain tests draw inputs from; together they give the tolerance
//     of the f32 result (test/CAPI/elementwise-fns.c).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_IR_ELEMENTWISEFNS_H
#define TESSERA_IR_ELEMENTWISEFNS_H

#include "IR/Builder.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TesseraElementwiseFn {
  const char *name;
  int arity; // 1 or 2
  const char *formula;
  MlirValue (*emit)(const TsBuilder *b, const MlirValue *args);
  double (*reference)(const double *args);
  int roundings;
  double lo, hi; // the domain of every argument, for tests
} TesseraElementwiseFn;

/// The table, in a fixed order; ends with an entry whose name is NULL.
extern const TesseraElementwiseFn tesseraElementwiseFns[];

/// The entry named `name`, or NULL.
const TesseraElementwiseFn *tesseraLookupElementwiseFn(MlirStringRef name);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_IR_ELEMENTWISEFNS_H
