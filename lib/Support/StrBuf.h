//===- StrBuf.h - A growable string for generated IR and messages --------===//
#ifndef TESSERA_SUPPORT_STRBUF_H
#define TESSERA_SUPPORT_STRBUF_H

#include "mlir-c/Support.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TesseraStrBuf {
  char *data; // NUL-terminated once anything was appended
  size_t size, cap;
} TesseraStrBuf;

/// Appends printf-formatted text (aborts on out-of-memory).
void tesseraStrBufPrintf(TesseraStrBuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tesseraStrBufAppend(TesseraStrBuf *b, const char *s, size_t n);
/// An MlirStringCallback that appends to the TesseraStrBuf in `userData`.
void tesseraStrBufCallback(MlirStringRef s, void *userData);
void tesseraStrBufFree(TesseraStrBuf *b);
static inline const char *tesseraStrBufStr(const TesseraStrBuf *b) {
  return b->data ? b->data : "";
}

#ifdef __cplusplus
}
#endif

#endif // TESSERA_SUPPORT_STRBUF_H
