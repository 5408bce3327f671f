//===- ReductionFns.h - The reduction functions, in one table -------------===//
//
// The vocabulary of tsched.reduce's `kind` (and, later, tgraph.reduce's),
// written once (docs/design.md, "one table per vocabulary"): each entry
// names its identity, the elementwise function that combines two partial
// results (an entry of ElementwiseFns.h, so every target lowers the combine
// the way it lowers that function), and upstream's vector.multi_reduction
// kind for the host's vector lowering.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_IR_REDUCTIONFNS_H
#define TESSERA_IR_REDUCTIONFNS_H

#include "IR/ElementwiseFns.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TesseraReductionFn {
  const char *name;       // "sum", "max", "min"
  double identity;        // what an empty reduction gives
  const char *combine;    // the elementwise function of two partials
  const char *vectorKind; // #vector.kind<...> of vector.multi_reduction
} TesseraReductionFn;

/// The table, and its names in the same order (for enum attributes); both
/// end with a NULL name.
extern const TesseraReductionFn tesseraReductionFns[];
extern const char *const tesseraReductionNames[];

/// The entry named `name`, or NULL.
const TesseraReductionFn *tesseraLookupReductionFn(MlirStringRef name);

/// Combines two partials with `fn`'s combine function (built at `b`).
MlirValue tesseraEmitReductionCombine(const TsBuilder *b,
                                      const TesseraReductionFn *fn,
                                      MlirValue x, MlirValue y);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_IR_REDUCTIONFNS_H
