//===- Nesting.c - Deep inputs: a large stack and a depth limit ----------===//
#include "Support/Nesting.h"

#include "CAPI/SourceMgrShim.h"
#include "Support/Source.h"

#include <stdio.h>

#include "llvm-c/ErrorHandling.h"

#include <pthread.h>

typedef struct Call {
  int (*fn)(void *);
  void *arg;
  int result;
} Call;

static void *trampoline(void *p) {
  Call *c = p;
  c->result = c->fn(c->arg);
  return NULL;
}

int tesseraRunOnLargeStack(int (*fn)(void *), void *arg, size_t bytes) {
  // LLVM installs its signal handlers, and with them an alternate signal
  // stack, on the thread that first needs them (a pass writing a file, a
  // crash printer). On the worker, that replaced the one AddressSanitizer
  // made, which it then failed to unmap at the thread's exit (abort, seen
  // with --snapshot-op-locations). Installing them here, on the main thread,
  // as mlir-opt's InitLLVM does, keeps the worker's alternate stack ASan's.
  LLVMEnablePrettyStackTrace();
  Call call = {fn, arg, 0};
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) != 0)
    return fn(arg);
  bool started = pthread_attr_setstacksize(&attr, bytes) == 0 &&
                 pthread_create(&thread, &attr, trampoline, &call) == 0;
  pthread_attr_destroy(&attr);
  if (!started)
    return fn(arg);
  pthread_join(thread, NULL);
  return call.result;
}

bool tesseraCheckNesting(const char *text, size_t size, int limit,
                         size_t *offset) {
  int depth = 0;
  for (size_t i = 0; i < size; ++i) {
    char c = text[i];
    char next = i + 1 < size ? text[i + 1] : 0;
    if (c == '"') { // a string literal; \" does not end it
      for (++i; i < size && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\')
          ++i;
    } else if (c == '/' && next == '/') { // a comment
      while (i < size && text[i] != '\n')
        ++i;
    } else if ((c == '-' && next == '>') ||
               ((c == '<' || c == '>') && next == '=')) {
      ++i; // `->`, `<=`, `>=`: no bracket
    } else if (c == '{' || c == '(' || c == '[' || c == '<') {
      if (++depth > limit) {
        *offset = i;
        return false;
      }
    } else if ((c == '}' || c == ')' || c == ']' || c == '>') && depth > 0) {
      --depth;
    }
  }
  return true;
}

bool tesseraCheckInputNesting(const char *name, const char *text,
                              size_t size) {
  size_t at;
  if (tesseraIsBytecode(text, size) ||
      tesseraCheckNesting(text, size, TesseraMaxNesting, &at))
    return true;
  char msg[160];
  snprintf(msg, sizeof msg,
           "nesting deeper than %d levels of brackets and regions is not "
           "supported (the limit of tessera's tools)",
           (int)TesseraMaxNesting);
  TesseraSourceMgr sm =
      tesseraSourceMgrCreate(mlirStringRefCreate(text, size),
                             mlirStringRefCreateFromCString(name));
  tesseraSourceMgrPrintMessage(sm, at, MlirDiagnosticError,
                               mlirStringRefCreateFromCString(msg));
  tesseraSourceMgrDestroy(sm);
  return false;
}
