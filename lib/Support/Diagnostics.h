//===- Diagnostics.h - Collecting, printing and verifying diagnostics ----===//
//
// The tools route every MLIR diagnostic through a collector so they can
// (a) print it mlir-opt style ("file:line:col: error: msg", the source line
// and a caret) or (b) check it against `expected-error @+1 {{...}}`
// annotations (--verify-diagnostics), without C++'s SourceMgr handlers,
// which the C API does not expose.
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
bool tesseraDiagListHasError(const TesseraDiagList *list);

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

/// --verify-diagnostics: checks `list` against the `expected-*` annotations
/// found in lines [firstLine, lastLine] of `src` (1-based, inclusive).
/// Prints every mismatch ("unexpected error: ...", "expected error \"...\"
/// was not produced") to `out` and returns false if there was any.
bool tesseraVerifyDiagnostics(FILE *out, const TesseraDiagList *list,
                              const TesseraSource *src, int firstLine,
                              int lastLine);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_SUPPORT_DIAGNOSTICS_H
