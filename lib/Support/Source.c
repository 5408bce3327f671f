//===- Source.c - Reading inputs and parsing them as mlir-opt does -------===//
#include "Support/Source.h"

#include "CAPI/SourceMgrShim.h"

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

static void pushChunk(TesseraChunk **chunks, size_t *n, size_t *cap,
                      const char *whole, const char *p, size_t len) {
  if (*n == *cap) {
    *cap = *cap ? 2 * *cap : 8;
    *chunks = realloc(*chunks, *cap * sizeof **chunks);
    if (!*chunks)
      abort();
  }
  (*chunks)[(*n)++] = (TesseraChunk){p, len, (size_t)(p - whole)};
}

// A transcription of mlir::splitAndProcessBuffer: split at the marker less
// its last `checkLen` characters, then keep a split only where those
// characters follow (and the next one is not '0', as upstream checks);
// otherwise report a near miss and glue the pieces back together.
TesseraChunk *tesseraSplitInput(const char *text, size_t size,
                                const char *marker, size_t *count,
                                void (*onNearMiss)(size_t offset, void *ud),
                                void *ud) {
  enum { checkLen = 2 };
  size_t mlen = strlen(marker);
  size_t plen = mlen > checkLen ? mlen - checkLen : 0;
  const char *suffix = marker + plen, *end = text + size;
  TesseraChunk *chunks = NULL;
  size_t n = 0, cap = 0;
  *count = 0;
  if (size == 0)
    return NULL;
  // `prev` is the piece being built; `havePrev` mirrors upstream's
  // `prev.empty()` test (an empty piece counts as none).
  const char *prev = NULL;
  size_t prevLen = 0;
  const char *piece = text;
  for (;;) {
    const char *hit = NULL;
    if (plen)
      for (const char *q = piece; q + plen <= end; ++q)
        if (memcmp(q, marker, plen) == 0) {
          hit = q;
          break;
        }
    size_t len = (size_t)((hit ? hit : end) - piece);
    if (prevLen == 0) {
      prev = piece;
      prevLen = len;
    } else {
      bool expectedSuffix = len > checkLen &&
                            memcmp(piece, suffix, checkLen) == 0 &&
                            piece[checkLen] != '0';
      if (expectedSuffix) {
        pushChunk(&chunks, &n, &cap, text, prev, prevLen);
        prev = piece + checkLen;
        prevLen = len - checkLen;
      } else {
        if (onNearMiss)
          onNearMiss((size_t)(piece - text), ud);
        prevLen += plen + len;
      }
    }
    if (!hit)
      break;
    piece = hit + plen;
  }
  if (prevLen)
    pushChunk(&chunks, &n, &cap, text, prev, prevLen);
  *count = n;
  return chunks;
}

void tesseraLineCol(const char *text, size_t offset, int *line, int *col) {
  int l = 1;
  size_t lineStart = 0;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++l;
      lineStart = i + 1;
    }
  *line = l;
  *col = (int)(offset - lineStart) + 1;
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

// The text handed to the parser for a chunk: as many newlines and spaces as
// put its first byte at its line and column in the whole buffer, then the
// chunk. Locations are then those of the whole file; the source lines that
// diagnostics quote come from the whole buffer (tools' SourceMgr).
static char *placed(const TesseraChunk *c, int line, int col, size_t *len) {
  size_t pad = (size_t)(line - 1) + (size_t)(col - 1);
  char *buf = malloc(pad + c->size + 1);
  if (!buf)
    abort();
  memset(buf, '\n', (size_t)(line - 1));
  memset(buf + line - 1, ' ', (size_t)(col - 1));
  memcpy(buf + pad, c->text, c->size);
  buf[pad + c->size] = 0;
  *len = pad + c->size;
  return buf;
}

MlirModule tesseraParseSource(MlirContext ctx, const char *sourceName,
                              const char *text, size_t size,
                              const TesseraChunk *chunk) {
  MlirStringRef name = mlirStringRefCreateFromCString(sourceName);
  TesseraChunk whole = {text, size, 0};
  if (!chunk)
    chunk = &whole;
  int line, col;
  tesseraLineCol(text, chunk->offset, &line, &col);
  size_t len;
  char *buf = placed(chunk, line, col, &len);
  // mlir-opt-22 puts the implicit module of a later chunk where the chunk
  // starts; the first one keeps the parser's "name":0:0.
  MlirLocation implicitLoc = {NULL};
  if (chunk->offset)
    implicitLoc = mlirLocationFileLineColGet(ctx, name, (unsigned)line,
                                             (unsigned)col);
  TesseraSourceMgr sm =
      tesseraSourceMgrCreate(mlirStringRefCreate(buf, len), name);
  free(buf);
  MlirModule m = tesseraSourceMgrParseModule(sm, ctx, implicitLoc);
  tesseraSourceMgrDestroy(sm);
  return m;
}
