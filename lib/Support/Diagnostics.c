//===- Diagnostics.c - Collecting, printing and verifying diagnostics ----===//
#include "Support/Diagnostics.h"

#include <ctype.h>
#include <regex.h>
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

struct Text {
  char *data;
  size_t size;
};

static void appendText(MlirStringRef s, void *ud) {
  struct Text *t = ud;
  t->data = xrealloc(t->data, t->size + s.length + 1);
  memcpy(t->data + t->size, s.data, s.length);
  t->size += s.length;
  t->data[t->size] = 0;
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
  struct Text t = {NULL, 0};
  mlirDiagnosticPrint(diag, appendText, &t);
  d->message = t.data ? t.data : xstrndup("", 0);
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

bool tesseraDiagListHasError(const TesseraDiagList *list) {
  for (size_t i = 0; i < list->size; ++i)
    if (list->items[i].severity == MlirDiagnosticError)
      return true;
  return false;
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

//===----------------------------------------------------------------------===//
// --verify-diagnostics
//===----------------------------------------------------------------------===//

typedef struct Expected {
  MlirDiagnosticSeverity severity;
  int line;      // target line; -1 for @unknown
  int annotLine; // where the annotation is written, for messages
  int annotCol;
  char *text;    // between the outer {{ }}
  bool isRegex;  // expected-xxx-re
  bool matched;
} Expected;

static bool isAnnotationLine(const char *l, size_t len) {
  for (size_t i = 0; i + 9 <= len; ++i)
    if (memcmp(l + i, "expected-", 9) == 0)
      return true;
  return false;
}

// Parses one `expected-<kind>[-re] [@designator] {{text}}` at p (which
// points just past "expected-"). Returns false if it is not an annotation.
static bool parseAnnotation(const char *p, const char *eol, Expected *e) {
  static const struct {
    const char *name;
    MlirDiagnosticSeverity sev;
  } kinds[] = {{"error", MlirDiagnosticError},
               {"warning", MlirDiagnosticWarning},
               {"note", MlirDiagnosticNote},
               {"remark", MlirDiagnosticRemark}};
  size_t k = 0;
  for (; k < 4; ++k) {
    size_t n = strlen(kinds[k].name);
    if ((size_t)(eol - p) >= n && memcmp(p, kinds[k].name, n) == 0) {
      p += n;
      break;
    }
  }
  if (k == 4)
    return false;
  e->severity = kinds[k].sev;
  e->isRegex = false;
  if (eol - p >= 3 && memcmp(p, "-re", 3) == 0) {
    e->isRegex = true;
    p += 3;
  }
  while (p < eol && *p == ' ')
    ++p;
  e->line = 0; // filled by the caller: 0 means "this line"
  if (p < eol && *p == '@') {
    ++p;
    if (p < eol && (*p == '+' || *p == '-')) {
      char *end;
      long off = strtol(p, &end, 10);
      if (end == p + 1)
        return false;
      e->line = (int)off;
      e->line = e->line == 0 ? 0 : e->line;
      p = end;
      e->annotCol = 1; // marks "relative" for the caller
    } else if (eol - p >= 5 && memcmp(p, "above", 5) == 0) {
      e->annotCol = 2;
      p += 5;
    } else if (eol - p >= 5 && memcmp(p, "below", 5) == 0) {
      e->annotCol = 3;
      p += 5;
    } else if (eol - p >= 7 && memcmp(p, "unknown", 7) == 0) {
      e->annotCol = 4;
      p += 7;
    } else {
      return false;
    }
  } else {
    e->annotCol = 0;
  }
  while (p < eol && *p == ' ')
    ++p;
  if (eol - p < 4 || memcmp(p, "{{", 2) != 0)
    return false;
  const char *close = eol;
  while (close - 2 >= p + 2 && memcmp(close - 2, "}}", 2) != 0)
    --close;
  if (close - 2 < p + 2)
    return false;
  e->text = xstrndup(p + 2, (size_t)(close - 2 - (p + 2)));
  return true;
}

// Builds a POSIX ERE from "literal{{regex}}literal" (expected-*-re).
static char *buildRegex(const char *t) {
  size_t cap = strlen(t) * 2 + 1, n = 0;
  char *r = xrealloc(NULL, cap);
  while (*t) {
    if (t[0] == '{' && t[1] == '{') {
      const char *end = strstr(t + 2, "}}");
      if (!end)
        end = t + strlen(t);
      size_t len = (size_t)(end - (t + 2));
      memcpy(r + n, t + 2, len);
      n += len;
      t = *end ? end + 2 : end;
      continue;
    }
    if (strchr(".^$|()[]{}*+?\\", *t))
      r[n++] = '\\';
    r[n++] = *t++;
  }
  r[n] = 0;
  return r;
}

static bool messageMatches(const Expected *e, const char *msg) {
  if (!e->isRegex)
    return strstr(msg, e->text) != NULL;
  char *pattern = buildRegex(e->text);
  regex_t re;
  bool ok = false;
  if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) == 0) {
    ok = regexec(&re, msg, 0, NULL, 0) == 0;
    regfree(&re);
  }
  free(pattern);
  return ok;
}

// Collects annotations of lines [first, last] and resolves their targets.
static Expected *collectExpected(const TesseraSource *src, int first,
                                 int last, size_t *count, FILE *out,
                                 bool *ok) {
  Expected *list = NULL;
  size_t n = 0, cap = 0;
  for (int line = first; line <= last; ++line) {
    size_t len;
    const char *l = findLine(src, line, &len);
    if (!l)
      break;
    const char *eol = l + len;
    for (const char *p = l; p + 9 <= eol; ++p) {
      if (memcmp(p, "expected-", 9) != 0)
        continue;
      Expected e = {0};
      if (!parseAnnotation(p + 9, eol, &e))
        continue;
      int mode = e.annotCol;
      e.annotLine = line;
      e.annotCol = (int)(p - l) + 1;
      if (mode == 0)
        e.line = line;
      else if (mode == 1)
        e.line = line + e.line;
      else if (mode == 4)
        e.line = -1;
      else {
        // @above / @below: the nearest line in that direction that is not
        // itself an annotation line.
        int step = mode == 2 ? -1 : 1, t = line + step;
        size_t tl;
        const char *tp;
        while ((tp = findLine(src, t, &tl)) && isAnnotationLine(tp, tl))
          t += step;
        e.line = t;
      }
      if (n == cap) {
        cap = cap ? 2 * cap : 16;
        list = xrealloc(list, cap * sizeof *list);
      }
      list[n++] = e;
      (void)out;
      (void)ok;
    }
  }
  *count = n;
  return list;
}

bool tesseraVerifyDiagnostics(FILE *out, const TesseraDiagList *list,
                              const TesseraSource *src, int firstLine,
                              int lastLine) {
  bool ok = true;
  size_t nExp;
  Expected *exp = collectExpected(src, firstLine, lastLine, &nExp, out, &ok);
  for (size_t i = 0; i < list->size; ++i) {
    const TesseraDiag *d = &list->items[i];
    // The pass manager attaches the failing op as a note; mlir-opt turns that
    // off in this mode, which the C API cannot, so it is not checked.
    if (d->severity == MlirDiagnosticNote &&
        strncmp(d->message, "see current operation:", 22) == 0)
      continue;
    bool inSource = d->file && strcmp(d->file, src->name) == 0;
    int line = inSource ? d->line : -1;
    bool found = false;
    for (size_t j = 0; j < nExp && !found; ++j) {
      Expected *e = &exp[j];
      if (e->matched || e->severity != d->severity || e->line != line ||
          !messageMatches(e, d->message))
        continue;
      e->matched = found = true;
    }
    if (found)
      continue;
    ok = false;
    TesseraDiag shown = *d;
    char msg[4096];
    snprintf(msg, sizeof msg, "unexpected %s: %s",
             severityName(d->severity), d->message);
    shown.severity = MlirDiagnosticError;
    shown.message = msg;
    tesseraDiagPrint(out, &shown, src);
  }
  for (size_t j = 0; j < nExp; ++j) {
    if (!exp[j].matched) {
      ok = false;
      char msg[4096];
      snprintf(msg, sizeof msg, "expected %s \"%s\" was not produced",
               severityName(exp[j].severity), exp[j].text);
      TesseraDiag shown = {MlirDiagnosticError, (char *)src->name,
                           exp[j].annotLine, exp[j].annotCol, msg};
      tesseraDiagPrint(out, &shown, src);
    }
    free(exp[j].text);
  }
  free(exp);
  return ok;
}
