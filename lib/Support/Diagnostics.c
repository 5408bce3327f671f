//===- Diagnostics.c - Collecting, printing and verifying diagnostics ----===//
#include "Support/Diagnostics.h"
#include "Support/StrBuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n) {
  void *r = realloc(p, n);
  if (!r) {
    fputs("tessera: out of memory\n", stderr);
    abort();
  }
  return r;
}

static char *xstrndup(const char *s, size_t n) {
  char *r = xrealloc(NULL, n + 1);
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

//===----------------------------------------------------------------------===//
// Collecting
//===----------------------------------------------------------------------===//

// Finds the file:line:col a location points at, looking through the wrapper
// kinds the way MLIR's SourceMgr handler does (name -> child, call site ->
// callee, fused -> first with a file).
static bool fileLoc(MlirLocation loc, MlirLocation *out, int depth) {
  if (depth > 16 || mlirLocationIsNull(loc))
    return false;
  if (mlirLocationIsAFileLineColRange(loc)) {
    *out = loc;
    return true;
  }
  if (mlirLocationIsAName(loc))
    return fileLoc(mlirLocationNameGetChildLoc(loc), out, depth + 1);
  if (mlirLocationIsACallSite(loc))
    return fileLoc(mlirLocationCallSiteGetCallee(loc), out, depth + 1);
  if (mlirLocationIsAFused(loc)) {
    intptr_t n = mlirLocationFusedGetNumLocations(loc);
    MlirLocation locs[32];
    if (n > 32)
      n = 32;
    mlirLocationFusedGetLocations(loc, locs);
    for (intptr_t i = 0; i < n; ++i)
      if (fileLoc(locs[i], out, depth + 1))
        return true;
  }
  return false;
}

static void record(TesseraDiagList *list, MlirDiagnostic diag) {
  if (list->size == list->cap) {
    list->cap = list->cap ? 2 * list->cap : 16;
    list->items = xrealloc(list->items, list->cap * sizeof *list->items);
  }
  TesseraDiag *d = &list->items[list->size++];
  memset(d, 0, sizeof *d);
  d->severity = mlirDiagnosticGetSeverity(diag);
  MlirLocation loc;
  if (fileLoc(mlirDiagnosticGetLocation(diag), &loc, 0)) {
    MlirStringRef f =
        mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(loc));
    d->file = xstrndup(f.data, f.length);
    d->line = mlirLocationFileLineColRangeGetStartLine(loc);
    d->col = mlirLocationFileLineColRangeGetStartColumn(loc);
  }
  TesseraStrBuf t = {0};
  mlirDiagnosticPrint(diag, tesseraStrBufCallback, &t);
  d->message = t.data ? t.data : xstrndup("", 0); // owned by the list now
  intptr_t nNotes = mlirDiagnosticGetNumNotes(diag);
  for (intptr_t i = 0; i < nNotes; ++i)
    record(list, mlirDiagnosticGetNote(diag, i));
}

static MlirLogicalResult handle(MlirDiagnostic diag, void *ud) {
  record(ud, diag);
  return mlirLogicalResultSuccess();
}

MlirDiagnosticHandlerID tesseraDiagListAttach(MlirContext ctx,
                                              TesseraDiagList *list) {
  return mlirContextAttachDiagnosticHandler(ctx, handle, list, NULL);
}

void tesseraDiagListTruncate(TesseraDiagList *list, size_t from) {
  for (size_t i = from; i < list->size; ++i) {
    free(list->items[i].file);
    free(list->items[i].message);
  }
  if (from < list->size)
    list->size = from;
}

void tesseraDiagListClear(TesseraDiagList *list) {
  tesseraDiagListTruncate(list, 0);
  free(list->items);
  memset(list, 0, sizeof *list);
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

static const char *severityName(MlirDiagnosticSeverity s) {
  switch (s) {
  case MlirDiagnosticError:
    return "error";
  case MlirDiagnosticWarning:
    return "warning";
  case MlirDiagnosticNote:
    return "note";
  case MlirDiagnosticRemark:
    return "remark";
  }
  return "error";
}

// Returns the start of 1-based line `line` in src, and its length.
static const char *findLine(const TesseraSource *src, int line, size_t *len) {
  const char *p = src->text, *end = src->text + src->size;
  for (int l = 1; l < line && p < end; ++l) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      return NULL;
    p = nl + 1;
  }
  if (p >= end && line > 1)
    return NULL;
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *len = (size_t)((nl ? nl : end) - p);
  return p;
}

static void printLoc(FILE *out, const TesseraDiag *d) {
  if (d->file)
    fprintf(out, "%s:%d:%d: ", d->file, d->line, d->col);
  else
    fputs("<unknown>: ", out);
}

void tesseraDiagPrint(FILE *out, const TesseraDiag *d,
                      const TesseraSource *src) {
  printLoc(out, d);
  fprintf(out, "%s: %s\n", severityName(d->severity), d->message);
  if (!src || !d->file || strcmp(d->file, src->name) != 0 || d->line < 1)
    return;
  size_t len;
  const char *l = findLine(src, d->line, &len);
  if (!l)
    return;
  fprintf(out, "%.*s\n", (int)len, l);
  for (int c = 1; c < d->col && (size_t)c <= len; ++c)
    fputc(l[c - 1] == '\t' ? '\t' : ' ', out);
  fputs("^\n", out);
}

void tesseraDiagListPrint(FILE *out, const TesseraDiagList *list,
                          const TesseraSource *src) {
  for (size_t i = 0; i < list->size; ++i)
    tesseraDiagPrint(out, &list->items[i], src);
}
