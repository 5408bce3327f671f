//===- Source.c - Reading inputs and parsing them as mlir-opt does -------===//
#include "Support/Source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *tesseraReadFile(const char *path, size_t *size, char *err, size_t cap) {
  bool isStdin = strcmp(path, "-") == 0;
  FILE *f = isStdin ? stdin : fopen(path, "rb");
  if (!f) {
    snprintf(err, cap, "could not open input file '%s': %s", path,
             strerror(errno));
    return NULL;
  }
  struct stat st;
  if (!isStdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    snprintf(err, cap, "could not read input file '%s': Is a directory",
             path);
    return NULL;
  }
  size_t n = 0, capacity = 1 << 16;
  char *buf = malloc(capacity);
  for (;;) {
    if (!buf) {
      snprintf(err, cap, "out of memory reading '%s'", path);
      break;
    }
    size_t got = fread(buf + n, 1, capacity - n - 1, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) {
        snprintf(err, cap, "could not read input file '%s': %s", path,
                 strerror(errno));
        free(buf);
        buf = NULL;
      }
      break;
    }
    if (n + 1 == capacity) {
      capacity *= 2;
      char *bigger = realloc(buf, capacity);
      if (!bigger)
        free(buf);
      buf = bigger;
    }
  }
  if (!isStdin)
    fclose(f);
  if (!buf)
    return NULL;
  buf[n] = 0;
  *size = n;
  return buf;
}

bool tesseraIsBytecode(const char *text, size_t size) {
  return size >= 4 && memcmp(text, "ML\xefR", 4) == 0;
}

TesseraChunk *tesseraSplitInput(const char *text, size_t size,
                                const char *marker, size_t *count) {
  size_t cap = 8, n = 0, mlen = strlen(marker);
  TesseraChunk *chunks = malloc(cap * sizeof *chunks);
  if (!chunks)
    abort();
  const char *start = text, *p = text, *end = text + size;
  int line = 1, startLine = 1;
  while (p <= end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    // A marker line: the marker, after optional blanks, starts the line.
    const char *q = p;
    while (q < eol && (*q == ' ' || *q == '\t'))
      ++q;
    bool isMarker = mlen && (size_t)(eol - q) >= mlen &&
                    memcmp(q, marker, mlen) == 0;
    if (isMarker || !nl) {
      if (n == cap) {
        cap *= 2;
        chunks = realloc(chunks, cap * sizeof *chunks);
        if (!chunks)
          abort();
      }
      const char *chunkEnd = isMarker ? p : end;
      chunks[n++] = (TesseraChunk){start, (size_t)(chunkEnd - start),
                                   startLine, isMarker ? line - 1 : line};
      if (!nl)
        break;
      start = nl + 1;
      startLine = line + 1;
    }
    p = nl + 1;
    ++line;
  }
  *count = n;
  return chunks;
}

static bool isModule(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length == 14 && memcmp(n.data, "builtin.module", 14) == 0;
}

MlirModule tesseraWrapInModule(MlirOperation op, MlirLocation loc) {
  if (isModule(op))
    return mlirModuleFromOperation(op);
  MlirModule m = mlirModuleCreateEmpty(loc);
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(m), op);
  return m;
}

void tesseraMoveModuleOps(MlirModule from, MlirBlock dst,
                          MlirOperation before) {
  MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(from));
  while (!mlirOperationIsNull(op)) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    mlirOperationRemoveFromParent(op);
    if (mlirOperationIsNull(before))
      mlirBlockAppendOwnedOperation(dst, op);
    else
      mlirBlockInsertOwnedOperationBefore(dst, before, op);
    op = next;
  }
  mlirModuleDestroy(from);
}

// Builds the text handed to the parser: newlines first, so that line numbers
// are those of the whole file, then the chunk; optionally wrapped in
// `module {` ... `}` for the implicit module.
static char *padded(const TesseraChunk *c, bool wrap, size_t *len) {
  size_t pad = (size_t)(c->firstLine - 1);
  size_t n = pad + c->size + (wrap ? 16 : 0);
  char *buf = malloc(n + 1);
  if (!buf)
    abort();
  size_t at = 0;
  if (wrap && pad >= 1) {
    // "module {" sits on the last padding line; columns are unchanged.
    memset(buf, '\n', pad - 1);
    at = pad - 1;
    memcpy(buf + at, "module {\n", 9);
    at += 9;
  } else {
    memset(buf, '\n', pad);
    at = pad;
    if (wrap) {
      // The chunk starts on line 1: the wrapper shares that line, which
      // shifts its columns by 8 (a rare case; documented in docs/tools).
      memcpy(buf + at, "module {", 8);
      at += 8;
    }
  }
  memcpy(buf + at, c->text, c->size);
  at += c->size;
  if (wrap) {
    memcpy(buf + at, "\n}", 2);
    at += 2;
  }
  buf[at] = 0;
  *len = at;
  return buf;
}

MlirModule tesseraParseChunk(MlirContext ctx, const char *sourceName,
                             const TesseraChunk *chunk,
                             TesseraDiagList *diags) {
  MlirStringRef name = mlirStringRefCreateFromCString(sourceName);
  if (tesseraIsBytecode(chunk->text, chunk->size)) {
    MlirOperation op = mlirOperationCreateParse(
        ctx, mlirStringRefCreate(chunk->text, chunk->size), name);
    if (mlirOperationIsNull(op))
      return (MlirModule){NULL};
    return tesseraWrapInModule(op, mlirOperationGetLocation(op));
  }
  size_t mark = diags->size, len;
  char *text = padded(chunk, false, &len);
  MlirOperation op =
      mlirOperationCreateParse(ctx, mlirStringRefCreate(text, len), name);
  free(text);
  MlirLocation fileLoc = mlirLocationFileLineColGet(ctx, name, 0, 0);
  if (!mlirOperationIsNull(op))
    return tesseraWrapInModule(op, fileLoc);
  // Zero or several top-level operations: parse again inside an implicit
  // module, as mlir-opt does. Any other parse error stands.
  bool several = false;
  for (size_t i = mark; i < diags->size; ++i)
    several |= strstr(diags->items[i].message,
                      "source must contain a single top-level operation") !=
               NULL;
  if (!several)
    return (MlirModule){NULL};
  tesseraDiagListTruncate(diags, mark);
  text = padded(chunk, true, &len);
  op = mlirOperationCreateParse(ctx, mlirStringRefCreate(text, len), name);
  free(text);
  if (mlirOperationIsNull(op))
    return (MlirModule){NULL};
  mlirOperationSetLocation(op, fileLoc);
  return mlirModuleFromOperation(op);
}
