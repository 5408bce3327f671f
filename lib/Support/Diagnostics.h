//===- Diagnostics.h - Collecting, printing and verifying diagnostics ----===//
//
// tessera-translate and tessera-run route every MLIR diagnostic through a
// collector, so that they can drop or reword some (the pass manager's
// "see current operation" dumps, located-less errors as one tool line) and
// print the rest mlir-opt style ("file:line:col: error: msg", the source
// line and a caret). tessera-opt uses MLIR's own SourceMgr handlers instead
// (lib/CAPI/SourceMgrShim.h), for byte-exact parity with mlir-opt.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_SUPPORT_DIAGNOSTICS_H
#define TESSERA_SUPPORT_DIAGNOSTICS_H

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TesseraDiag {
  MlirDiagnosticSeverity severity;
  char *file;     // NULL when the location has no file
  int line, col;  // 0 when unknown
  char *message;
} TesseraDiag;

typedef struct TesseraDiagList {
  TesseraDiag *items;
  size_t size, cap;
} TesseraDiagList;

/// Attaches a handler that appends every diagnostic (and its notes, as
/// separate entries of severity Note) to `list`.
MlirDiagnosticHandlerID tesseraDiagListAttach(MlirContext ctx,
                                              TesseraDiagList *list);
void tesseraDiagListClear(TesseraDiagList *list);
/// Drops entries [from, size).
void tesseraDiagListTruncate(TesseraDiagList *list, size_t from);

/// A source buffer the printer can quote lines from.
typedef struct TesseraSource {
  const char *name; // as it appears in locations
  const char *text;
  size_t size;
} TesseraSource;

/// Prints one diagnostic mlir-opt style, quoting the line from `src` when
/// the location points into it.
void tesseraDiagPrint(FILE *out, const TesseraDiag *d,
                      const TesseraSource *src);
void tesseraDiagListPrint(FILE *out, const TesseraDiagList *list,
                          const TesseraSource *src);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_SUPPORT_DIAGNOSTICS_H
