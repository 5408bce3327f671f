//===- OptDriver.c - tessera-opt's per-chunk driver, as mlir-opt's -------===//
//
// The order of mlir-opt-22's MlirOptMain, step by step, so that output,
// diagnostics and exit codes agree with it: split the input (near misses
// warned about first), then for each chunk parse, verify, optionally
// round-trip, build a fresh pass manager (pipeline errors belong to the
// chunk), run, print; `// -----` between the chunks' outputs. One
// diagnostic handler over the whole input prints (or verifies) every
// diagnostic with its source line, and at the end reports `expected-*`
// annotations that were not produced.
//
//===----------------------------------------------------------------------===//
#include "OptOptions.h"
#include "Pipeline/PassRegistry.h"
#include "Support/Nesting.h"
#include "Support/Source.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *kTool = "tessera-opt";

static void printError(const char *msg) {
  fprintf(stderr, "%s: error: %s\n", kTool, msg);
}

static void writeToFile(MlirStringRef s, void *ud) {
  fwrite(s.data, 1, s.length, (FILE *)ud);
}

typedef struct Driver {
  const OptOptions *opts;
  MlirContext ctx;
  TesseraSourceMgr sm; // the whole input, for messages outside diagnostics
  const char *name, *text;
  size_t size;
  FILE *out; // in-memory; written to -o at the end
  MlirOpPrintingFlags printFlags;
} Driver;

//===----------------------------------------------------------------------===//
// Pass manager of one chunk
//===----------------------------------------------------------------------===//

typedef struct Text {
  char *data;
  size_t size;
} Text;

static void appendText(MlirStringRef s, void *ud) {
  Text *t = ud;
  char *grown = realloc(t->data, t->size + s.length + 1);
  if (!grown)
    abort();
  t->data = grown;
  memcpy(t->data + t->size, s.data, s.length);
  t->size += s.length;
  t->data[t->size] = 0;
}

// As mlir-opt: a pipeline that cannot be built is an error of the chunk,
// emitted at an unknown location through the diagnostic handler.
static MlirPassManager buildPassManager(Driver *d) {
  const OptOptions *o = d->opts;
  MlirPassManager pm = mlirPassManagerCreateOnOperation(
      d->ctx, mlirStringRefCreateFromCString("builtin.module"));
  mlirPassManagerEnableVerifier(pm, o->verifyEach);
  if (o->printBefore || o->printAfter || o->printAfterChange ||
      o->printAfterFailure)
    mlirPassManagerEnableIRPrinting(
        pm, o->printBefore, o->printAfter || o->printAfterChange,
        o->printModuleScope, o->printAfterChange, o->printAfterFailure,
        d->printFlags, mlirStringRefCreate(NULL, 0));
  if (o->timing)
    mlirPassManagerEnableTiming(pm);
  if (o->statistics)
    mlirPassManagerEnableStatistics(pm, MLIR_PASS_DISPLAY_MODE_LIST);
  if (!o->pipeline)
    return pm;
  Text err = {NULL, 0};
  MlirLogicalResult r = tesseraParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(o->pipeline), appendText,
      &err);
  if (mlirLogicalResultIsFailure(r)) {
    // mlir-opt adds a pass flag to the pipeline directly, not through the
    // textual parser, whose "failed to add `pass` with options `...`" line
    // it therefore never prints.
    char *wrapper = err.data ? strstr(err.data, "\nfailed to add `") : NULL;
    if (o->passFlags && wrapper && !strchr(wrapper + 1, '\n')[1])
      *wrapper = 0;
    mlirEmitError(mlirLocationUnknownGet(d->ctx), err.data ? err.data : "");
    mlirPassManagerDestroy(pm);
    pm = (MlirPassManager){NULL};
  }
  free(err.data);
  return pm;
}

//===----------------------------------------------------------------------===//
// --verify-roundtrip
//===----------------------------------------------------------------------===//

static void emitOpError(MlirOperation op, const char *msg) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  size_t len = n.length + strlen(msg) + 8;
  char *full = malloc(len);
  if (!full)
    abort();
  snprintf(full, len, "'%.*s' op %s", (int)n.length, n.data, msg);
  mlirEmitError(mlirOperationGetLocation(op), full);
  free(full);
}

static Text printGeneric(MlirOperation op) {
  MlirOpPrintingFlags f = mlirOpPrintingFlagsCreate();
  mlirOpPrintingFlagsPrintGenericOpForm(f);
  mlirOpPrintingFlagsEnableDebugInfo(f, true, false);
  Text t = {NULL, 0};
  mlirOperationPrintWithFlags(op, f, appendText, &t);
  mlirOpPrintingFlagsDestroy(f);
  return t;
}

// mlir-opt's doVerifyRoundTrip: bytecode out, parsed back in a new context,
// both printed in generic form with locations, compared.
static bool verifyRoundtrip(Driver *d, MlirOperation op) {
  Text bytes = {NULL, 0};
  mlirOperationWriteBytecode(op, appendText, &bytes);
  MlirContext other = tesseraContextCreate();
  mlirContextSetAllowUnregisteredDialects(
      other, mlirContextGetAllowUnregisteredDialects(d->ctx));
  MlirOperation back = mlirOperationCreateParse(
      other, mlirStringRefCreate(bytes.data, bytes.size),
      mlirStringRefCreateFromCString(d->name));
  free(bytes.data);
  bool ok = !mlirOperationIsNull(back);
  if (!ok) {
    emitOpError(op, "failed to parse bytecode back, cannot verify "
                    "round-trip.\n");
  } else {
    Text ref = printGeneric(op), got = printGeneric(back);
    ok = ref.size == got.size && memcmp(ref.data, got.data, ref.size) == 0;
    if (!ok) {
      Text msg = {NULL, 0};
      appendText(mlirStringRefCreateFromCString(
                     "roundTrip testing roundtripped module differs from "
                     "reference:\n<<<<<<Reference\n"),
                 &msg);
      appendText(mlirStringRefCreate(ref.data, ref.size), &msg);
      appendText(mlirStringRefCreateFromCString("\n=====\n"), &msg);
      appendText(mlirStringRefCreate(got.data, got.size), &msg);
      appendText(mlirStringRefCreateFromCString("\n>>>>>roundtripped\n"),
                 &msg);
      emitOpError(op, msg.data);
      free(msg.data);
    }
    free(ref.data);
    free(got.data);
    mlirOperationDestroy(back);
  }
  mlirContextDestroy(other);
  return ok;
}

//===----------------------------------------------------------------------===//
// One chunk
//===----------------------------------------------------------------------===//

// Parses, verifies, transforms and prints one chunk (`chunk` NULL: the whole
// input). Returns false if any step failed; its diagnostics have gone to
// the handler.
static bool processChunk(Driver *d, const TesseraChunk *chunk) {
  const OptOptions *o = d->opts;
  MlirModule module = tesseraParseSource(d->ctx, d->name, d->text, d->size,
                                         chunk);
  if (mlirModuleIsNull(module))
    return false;
  MlirOperation op = mlirModuleGetOperation(module);
  bool ok = o->noVerify || mlirLogicalResultIsSuccess(tesseraVerify(op));
  if (ok && o->verifyRoundtrip)
    ok = verifyRoundtrip(d, op);
  MlirPassManager pm = {NULL};
  if (ok) {
    pm = buildPassManager(d);
    ok = !mlirPassManagerIsNull(pm);
  }
  if (ok)
    ok = mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, op));
  if (ok) {
    if (o->bytecode)
      mlirOperationWriteBytecode(op, writeToFile, d->out);
    else {
      mlirOperationPrintWithFlags(op, d->printFlags, writeToFile, d->out);
      fputc('\n', d->out);
    }
  }
  if (!mlirPassManagerIsNull(pm))
    mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  return ok;
}

static void warnNearMiss(size_t offset, void *ud) {
  Driver *d = ud;
  tesseraSourceMgrPrintMessage(
      d->sm, offset, MlirDiagnosticWarning,
      mlirStringRefCreateFromCString("near miss with file split marker"));
}

// Processes every chunk into d->out; returns whether all succeeded.
static bool processInput(Driver *d) {
  const OptOptions *o = d->opts;
  if (!o->splitMarker || tesseraIsBytecode(d->text, d->size))
    return processChunk(d, NULL);
  size_t n;
  TesseraChunk *chunks = tesseraSplitInput(d->text, d->size, o->splitMarker,
                                           &n, warnNearMiss, d);
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    if (i)
      fprintf(d->out, "%s\n", o->outputSplitMarker);
    ok &= processChunk(d, &chunks[i]);
  }
  free(chunks);
  return ok;
}

// Like mlir-opt: the output is written only when every chunk succeeded
// (under --verify-diagnostics: when the diagnostics matched), except that
// stdout gets the IR of the chunks that succeeded.
static bool writeOutput(const OptOptions *o, const char *buf, size_t size,
                        bool ok) {
  bool toStdout = !o->output || strcmp(o->output, "-") == 0;
  if (toStdout) {
    fwrite(buf, 1, size, stdout);
    return ok;
  }
  if (!ok) {
    unlink(o->output);
    return false;
  }
  FILE *f = fopen(o->output, "wb");
  char err[512];
  if (!f) {
    snprintf(err, sizeof err, "could not open output file '%s'", o->output);
    printError(err);
    return false;
  }
  fwrite(buf, 1, size, f);
  if (fclose(f) != 0) {
    snprintf(err, sizeof err, "could not write output file '%s'", o->output);
    printError(err);
    return false;
  }
  return true;
}

static void clError(MlirStringRef s, void *ud) {
  (void)ud;
  fprintf(stderr, "%.*s", (int)s.length, s.data);
}

int tesseraOptRun(const OptOptions *o) {
  if (mlirLogicalResultIsFailure(
          tesseraParseMLIRCLOptions(o->numMlirFlags, o->mlirFlags, clError,
                                    NULL)))
    return 1;
  char err[512];
  size_t size;
  char *text = tesseraReadFile(o->input, &size, err, sizeof err);
  if (!text) {
    printError(err);
    return 1;
  }
  // mlir-opt's buffer names: the path as given, "<stdin>" for "-".
  const char *name = strcmp(o->input, "-") == 0 ? "<stdin>" : o->input;
  Driver d = {.opts = o, .name = name, .text = text, .size = size};
  d.ctx = tesseraContextCreate();
  if (mlirContextIsNull(d.ctx)) {
    printError("could not load the Tessera dialects");
    free(text);
    return 1;
  }
  mlirContextSetAllowUnregisteredDialects(d.ctx, o->allowUnregistered);
  if (o->noThreading)
    mlirContextEnableMultithreading(d.ctx, false);
  bool verifying = o->diagMode != TesseraDiagPrint;
  if (verifying)
    tesseraContextSetPrintOpOnDiagnostic(d.ctx, false);
  d.sm = tesseraSourceMgrCreate(mlirStringRefCreate(text, size),
                                mlirStringRefCreateFromCString(name));
  TesseraDiagHandler handler =
      tesseraDiagHandlerCreate(d.sm, d.ctx, o->diagMode);
  d.printFlags = mlirOpPrintingFlagsCreate(); // MLIR's flags, from llvm::cl

  char *outBuf = NULL;
  size_t outSize = 0;
  bool ok = tesseraCheckInputNesting(name, text, size);
  if (ok) {
    d.out = open_memstream(&outBuf, &outSize);
    if (!d.out) {
      printError("out of memory");
      ok = false;
    } else {
      ok = processInput(&d);
      fclose(d.out);
    }
    // Under --verify-diagnostics only the diagnostics decide.
    if (verifying)
      ok = mlirLogicalResultIsSuccess(tesseraDiagHandlerVerify(handler));
  }
  tesseraDiagHandlerDestroy(handler);
  ok = writeOutput(o, outBuf ? outBuf : "", outSize, ok);
  free(outBuf);
  mlirOpPrintingFlagsDestroy(d.printFlags);
  tesseraSourceMgrDestroy(d.sm);
  mlirContextDestroy(d.ctx);
  free(text);
  return ok ? 0 : 1;
}
