//===- TranslateUtils.c - Shared pieces of lib/Target's serialisers ------===//
#include "Target/TranslateUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"
#include "Support/StrBuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void tesseraTranslateError(MlirContext ctx, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  mlirEmitError(mlirLocationUnknownGet(ctx), msg);
}

void tesseraTranslateRegister(MlirContext ctx) {
  // Both are idempotent; tesseraContextCreate does the same. A caller's
  // context may not have them, and gpu-module-to-binary and
  // mlirTranslateModuleToLLVMIR silently need them.
  mlirRegisterAllPasses();
  mlirRegisterAllLLVMTranslations(ctx);
}

static void appendError(MlirStringRef s, void *ud) {
  tesseraStrBufAppend(ud, s.data, s.length);
}

MlirLogicalResult tesseraTranslateRunPipeline(MlirOperation op,
                                              const char *anchor,
                                              const char *pipeline) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirPassManager pm = mlirPassManagerCreateOnOperation(
      ctx, mlirStringRefCreateFromCString(anchor));
  TesseraStrBuf err = {0};
  MlirLogicalResult r = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(pipeline), appendError, &err);
  if (mlirLogicalResultIsFailure(r))
    tesseraTranslateError(ctx, "internal pipeline '%s' does not parse: %s",
                          pipeline, tesseraStrBufStr(&err));
  else
    r = mlirPassManagerRunOnOp(pm, op);
  tesseraStrBufFree(&err);
  mlirPassManagerDestroy(pm);
  return r;
}

char *tesseraStrRefDup(MlirStringRef s) {
  char *r = malloc(s.length + 1);
  if (!r)
    abort();
  if (s.length)
    memcpy(r, s.data, s.length);
  r[s.length] = 0;
  return r;
}

bool tesseraStrRefEquals(MlirStringRef s, const char *c) {
  size_t n = strlen(c);
  return s.length == n && (n == 0 || memcmp(s.data, c, n) == 0);
}

bool tesseraStrRefHasPrefix(MlirStringRef s, const char *prefix) {
  size_t n = strlen(prefix);
  return s.length >= n && memcmp(s.data, prefix, n) == 0;
}

MlirStringRef tesseraOpName(MlirOperation op) {
  return mlirIdentifierStr(mlirOperationGetName(op));
}

MlirStringRef tesseraSymName(MlirOperation op) {
  MlirAttribute a = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString("sym_name"));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a))
    return mlirStringRefCreate("", 0);
  return mlirStringAttrGetValue(a);
}

bool tesseraIsDirectory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool tesseraIsFile(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool tesseraIsExecutable(const char *path) {
  return tesseraIsFile(path) && access(path, X_OK) == 0;
}

char *tesseraFindOnPath(const char *exe) {
  const char *path = getenv("PATH");
  if (!path)
    return NULL;
  while (*path) {
    const char *colon = strchr(path, ':');
    size_t len = colon ? (size_t)(colon - path) : strlen(path);
    TesseraStrBuf b = {0};
    tesseraStrBufPrintf(&b, "%.*s/%s", (int)len, len ? path : ".", exe);
    if (tesseraIsExecutable(b.data))
      return b.data;
    tesseraStrBufFree(&b);
    path += len + (colon ? 1 : 0);
  }
  return NULL;
}
