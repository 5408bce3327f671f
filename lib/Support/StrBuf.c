//===- StrBuf.c - A growable string --------------------------------------===//
#include "Support/StrBuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(TesseraStrBuf *b, size_t extra) {
  if (b->size + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->size + extra + 1)
    cap *= 2;
  char *d = realloc(b->data, cap);
  if (!d) {
    fputs("tessera: out of memory\n", stderr);
    abort();
  }
  b->data = d;
  b->cap = cap;
}

void tesseraStrBufAppend(TesseraStrBuf *b, const char *s, size_t n) {
  reserve(b, n);
  memcpy(b->data + b->size, s, n);
  b->size += n;
  b->data[b->size] = 0;
}

void tesseraStrBufPrintf(TesseraStrBuf *b, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n > 0) {
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->size, (size_t)n + 1, fmt, ap2);
    b->size += (size_t)n;
  }
  va_end(ap2);
}

void tesseraStrBufCallback(MlirStringRef s, void *userData) {
  tesseraStrBufAppend(userData, s.data, s.length);
}

void tesseraStrBufFree(TesseraStrBuf *b) {
  free(b->data);
  b->data = NULL;
  b->size = b->cap = 0;
}
