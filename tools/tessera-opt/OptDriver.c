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
#include "Support/Args.h"
#include "Support/Nesting.h"
#include "Support/Source.h"
#include "Support/StrBuf.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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


// As mlir-opt: a pipeline that cannot be built is an error of the chunk,
// emitted at an unknown location through the diagnostic handler.
static void emitUnknownLocError(MlirStringRef msg, void *ud) {
  Driver *d = ud;
  char *text = strndup(msg.data, msg.length);
  if (!text)
    abort();
  mlirEmitError(mlirLocationUnknownGet(d->ctx), text);
  free(text);
}

static bool addTextPipeline(Driver *d, MlirPassManager pm, const char *p) {
  TesseraStrBuf err = {0};
  bool ok = mlirLogicalResultIsSuccess(tesseraParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(p), tesseraStrBufCallback, &err));
  if (!ok)
    emitUnknownLocError(mlirStringRefCreate(tesseraStrBufStr(&err), err.size),
                        d);
  tesseraStrBufFree(&err);
  return ok;
}

// Pass flags in order: upstream ones through their registry entry, as
// mlir-opt adds them (implicitly nested under the op they are anchored on),
// Tessera's through its pipeline parser.
static bool addPassFlags(Driver *d, MlirPassManager pm) {
  const OptOptions *o = d->opts;
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  for (int i = 0; i < o->numPassFlags; ++i) {
    const char *a = o->passFlagArgs[i];
    const char *name = tesseraFlagName(a);
    size_t len = strcspn(name, "=");
    const char *opts = name[len] ? name + len + 1 : "";
    MlirStringRef n = mlirStringRefCreate(name, len);
    if (tesseraLookupPassDef(n)) {
      size_t need = strlen(name) + 3;
      char *elem = malloc(need);
      if (!elem)
        abort();
      snprintf(elem, need, "%.*s%s%s%s", (int)len, name, *opts ? "{" : "",
               opts, *opts ? "}" : "");
      bool ok = addTextPipeline(d, pm, elem);
      free(elem);
      if (!ok)
        return false;
    } else if (mlirLogicalResultIsFailure(tesseraAddRegisteredPass(
                   opm, n, mlirStringRefCreateFromCString(opts),
                   emitUnknownLocError, d))) {
      return false;
    }
  }
  return true;
}

static MlirPassManager buildPassManager(Driver *d) {
  const OptOptions *o = d->opts;
  MlirPassManager pm = mlirPassManagerCreateOnOperation(
      d->ctx, mlirStringRefCreateFromCString("builtin.module"));
  mlirPassManagerEnableVerifier(pm, o->verifyEach);
  if (o->timing)
    mlirPassManagerEnableTiming(pm);
  if (mlirLogicalResultIsFailure(tesseraPassManagerApplyCLOptions(pm))) {
    mlirPassManagerDestroy(pm);
    return (MlirPassManager){NULL};
  }
  // As mlir-opt (MlirOptMainConfig::setupPassPipeline), for every chunk.
  if (o->pipelineFromFlag && o->numPassFlags) {
    mlirEmitError(mlirLocationUnknownGet(d->ctx),
                  "'-pass-pipeline' option can't be used with individual "
                  "pass options");
    mlirPassManagerDestroy(pm);
    return (MlirPassManager){NULL};
  }
  bool ok = o->pipelineFromFlag ? addTextPipeline(d, pm, o->textPipeline)
                                : addPassFlags(d, pm);
  if (!ok) {
    mlirPassManagerDestroy(pm);
    pm = (MlirPassManager){NULL};
  }
  return pm;
}

//===----------------------------------------------------------------------===//
// --verify-roundtrip
//===----------------------------------------------------------------------===//

static void emitOpError(MlirOperation op, const char *msg) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  TesseraStrBuf full = {0};
  tesseraStrBufPrintf(&full, "'%.*s' op %s", (int)n.length, n.data, msg);
  mlirEmitError(mlirOperationGetLocation(op), tesseraStrBufStr(&full));
  tesseraStrBufFree(&full);
}

static TesseraStrBuf printGeneric(MlirOperation op) {
  MlirOpPrintingFlags f = mlirOpPrintingFlagsCreate();
  mlirOpPrintingFlagsPrintGenericOpForm(f);
  mlirOpPrintingFlagsEnableDebugInfo(f, true, false);
  TesseraStrBuf t = {0};
  mlirOperationPrintWithFlags(op, f, tesseraStrBufCallback, &t);
  mlirOpPrintingFlagsDestroy(f);
  return t;
}

// mlir-opt's doVerifyRoundTrip: bytecode out, parsed back in a new context,
// both printed in generic form with locations, compared.
static bool verifyRoundtrip(Driver *d, MlirOperation op) {
  TesseraStrBuf bytes = {0};
  mlirOperationWriteBytecode(op, tesseraStrBufCallback, &bytes);
  MlirContext other = tesseraContextCreate();
  mlirContextSetAllowUnregisteredDialects(
      other, mlirContextGetAllowUnregisteredDialects(d->ctx));
  MlirOperation back = mlirOperationCreateParse(
      other, mlirStringRefCreate(tesseraStrBufStr(&bytes), bytes.size),
      mlirStringRefCreateFromCString(d->name));
  tesseraStrBufFree(&bytes);
  bool ok = !mlirOperationIsNull(back);
  if (!ok) {
    emitOpError(op, "failed to parse bytecode back, cannot verify "
                    "round-trip.\n");
  } else {
    TesseraStrBuf ref = printGeneric(op), got = printGeneric(back);
    ok = ref.size == got.size &&
         memcmp(tesseraStrBufStr(&ref), tesseraStrBufStr(&got), ref.size) ==
             0;
    if (!ok) {
      TesseraStrBuf msg = {0};
      tesseraStrBufPrintf(&msg,
                          "roundTrip testing roundtripped module differs "
                          "from reference:\n<<<<<<Reference\n%s\n=====\n"
                          "%s\n>>>>>roundtripped\n",
                          tesseraStrBufStr(&ref), tesseraStrBufStr(&got));
      emitOpError(op, tesseraStrBufStr(&msg));
      tesseraStrBufFree(&msg);
    }
    tesseraStrBufFree(&ref);
    tesseraStrBufFree(&got);
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
    // As llvm::ToolOutputFile: a failed run leaves no output file behind,
    // but a special file (/dev/null, a pipe) is never removed.
    struct stat st;
    if (stat(o->output, &st) == 0 && S_ISREG(st.st_mode))
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

// mlir-opt knows its pass flags when it parses its command line: a flag that
// names no pass is an unknown argument, reported before the input is read.
static bool checkPassFlags(const OptOptions *o) {
  for (int i = 0; i < o->numPassFlags; ++i) {
    const char *a = o->passFlagArgs[i];
    const char *name = tesseraFlagName(a);
    MlirStringRef n = mlirStringRefCreate(name, strcspn(name, "="));
    if (!tesseraLookupPassDef(n) && !tesseraIsRegisteredPass(n)) {
      fprintf(stderr,
              "%s: Unknown command line argument '%s'.  Try: '%s --help'\n",
              kTool, a, kTool);
      return false;
    }
  }
  return true;
}

int tesseraOptRun(const OptOptions *o) {
  // Pass names in -mlir-print-ir-before=<pass> are looked up while llvm::cl
  // parses: the passes must be registered first.
  mlirRegisterAllPasses();
  if (mlirLogicalResultIsFailure(
          tesseraParseMLIRCLOptions(o->numMlirFlags, o->mlirFlags, clError,
                                    NULL)))
    return 1;
  MlirContext ctx = tesseraContextCreate();
  if (mlirContextIsNull(ctx)) {
    printError("could not load the Tessera dialects");
    return 1;
  }
  char err[512];
  size_t size = 0;
  char *text = NULL;
  if (checkPassFlags(o))
    text = tesseraReadFile(o->input, &size, err, sizeof err);
  else
    err[0] = 0;
  if (!text) {
    if (err[0])
      printError(err);
    mlirContextDestroy(ctx);
    return 1;
  }
  // mlir-opt's buffer names: the path as given, "<stdin>" for "-".
  const char *name = strcmp(o->input, "-") == 0 ? "<stdin>" : o->input;
  Driver d = {.opts = o, .ctx = ctx, .name = name, .text = text,
              .size = size};
  mlirContextSetAllowUnregisteredDialects(d.ctx, o->allowUnregistered);
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
