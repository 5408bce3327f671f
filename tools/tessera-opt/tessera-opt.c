//===- tessera-opt.c - Tessera's pass runner, in the habits of mlir-opt --===//
//
// Reads MLIR (a file or stdin), checks it (IRDL structure, then
// tessera-verify), runs a pass pipeline in which Tessera and upstream passes
// mix, and prints the result. Everything of substance lives in libTessera;
// this file is argument handling and the per-chunk driver loop.
//
//===----------------------------------------------------------------------===//
#include "Support/Args.h"
#include "Pipeline/PassRegistry.h"
#include "Support/Diagnostics.h"
#include "Support/Source.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kTool = "tessera-opt";

typedef struct Options {
  const char *input;
  const char *output;
  const char *splitMarker; // NULL: no splitting
  char *pipeline;          // built from --pass-pipeline or pass flags
  bool pipelineFromFlag;   // --pass-pipeline was given
  bool passFlags;          // a --<pass> flag was given
  bool verifyDiagnostics;
  bool printBefore, printAfter, printAfterChange, printAfterFailure,
      printModuleScope;
  bool timing;
  bool bytecode;
  bool debugInfo, genericForm;
  bool allowUnregistered;
  bool noThreading;
  bool noVerify; // skip tessera-verify after parsing
} Options;

static void usageError(const char *fmt, const char *arg) {
  tesseraUsageError(kTool, fmt, arg);
}

static void printHelp(void) {
  printf(
      "OVERVIEW: Tessera optimizer driver (mlir-opt for Tessera's dialects)\n"
      "\n"
      "USAGE: tessera-opt [options] [<input file> | -]\n"
      "\n"
      "OPTIONS:\n"
      "  -o <file>                      Write the output to <file> (default: "
      "stdout)\n"
      "  --pass-pipeline=<pipeline>     A textual pipeline, e.g.\n"
      "                                 'builtin.module(tessera-verify,"
      "canonicalize,func.func(cse))';\n"
      "                                 Tessera and upstream passes mix "
      "freely\n"
      "  --<pass>[=<options>]           Append one pass (Tessera or upstream) "
      "to the pipeline,\n"
      "                                 e.g. --tessera-set-precision="
      "'accumulate=f32'\n"
      "  --split-input-file[=<marker>]  Process each '// -----' separated "
      "chunk on its own\n"
      "  --verify-diagnostics           Check diagnostics against "
      "'expected-error @+1 {{...}}'\n"
      "                                 annotations (also -warning, -note, "
      "-remark, -re; @+N @-N\n"
      "                                 @above @below @unknown)\n"
      "  --mlir-print-ir-before-all     Print the IR before every pass "
      "(stderr)\n"
      "  --mlir-print-ir-after-all      Print the IR after every pass "
      "(stderr)\n"
      "  --mlir-print-ir-after-change   Only print after passes that changed "
      "the IR\n"
      "  --mlir-print-ir-after-failure  Print the IR after a pass that "
      "failed\n"
      "  --mlir-print-ir-module-scope   Print the whole module, not only the "
      "pass's op\n"
      "  --mlir-timing                  Report the time spent in each pass\n"
      "  --mlir-print-debuginfo         Print locations\n"
      "  --mlir-print-op-generic        Print every op in generic form\n"
      "  --mlir-disable-threading       Run passes on one thread\n"
      "  --emit-bytecode                Write MLIR bytecode instead of text\n"
      "  --allow-unregistered-dialect   Accept ops of unknown dialects\n"
      "  --no-tessera-verify            Skip Tessera's semantic checks after "
      "parsing\n"
      "  --help                         Show this help\n"
      "\n"
      "TESSERA PASSES AND PIPELINES (use as --<name>[=<options>] or inside "
      "--pass-pipeline):\n");
  for (intptr_t i = 0; i < tesseraGetNumPasses(); ++i) {
    const TesseraPassInfo *p = tesseraGetPassInfo(i);
    printf("  --%-28s %s%s\n", p->argument, p->isPipeline ? "[pipeline] " : "",
           p->summary);
    for (intptr_t o = 0; o < p->numOptions; ++o) {
      const TesseraPassOptionInfo *opt = &p->options[o];
      char values[256] = "";
      if (opt->kind == TesseraPassOptionEnum) {
        size_t used = 0;
        for (int c = 0; opt->choices[c] && used < sizeof values; ++c)
          used += (size_t)snprintf(values + used, sizeof values - used,
                                   "%s%s", c ? "|" : "", opt->choices[c]);
      } else {
        static const char *const kinds[] = {"string", "int", "bool", ""};
        snprintf(values, sizeof values, "%s", kinds[opt->kind]);
      }
      printf("      %s=<%s>  %s (default: %s)\n", opt->name, values,
             opt->description,
             opt->defaultValue && *opt->defaultValue ? opt->defaultValue
                                                     : "none");
    }
  }
  printf("\nUPSTREAM PASSES: every pass and pipeline that mlir-opt-22 "
         "registers (see\n'mlir-opt-22 --help'), with the same names and "
         "options.\n");
}

static void appendPipeline(Options *o, const char *elem, size_t len,
                           const char *opts) {
  size_t old = o->pipeline ? strlen(o->pipeline) : 0;
  size_t need = old + len + (opts ? strlen(opts) + 2 : 0) + 2;
  o->pipeline = realloc(o->pipeline, need);
  if (!o->pipeline)
    abort();
  snprintf(o->pipeline + old, need - old, "%s%.*s%s%s%s", old ? "," : "",
           (int)len, elem, opts ? "{" : "", opts ? opts : "",
           opts ? "}" : "");
}

static void parseArgs(int argc, char **argv, Options *o) {
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v;
    if (tesseraFlagIs(a, "help") || tesseraFlagIs(a, "h")) {
      printHelp();
      exit(0);
    } else if (tesseraFlagIs(a, "o")) {
      if (++i == argc)
        usageError("%s needs a file name", "-o");
      o->output = argv[i];
    } else if ((v = tesseraFlagValue(a, "o"))) {
      o->output = v;
    } else if ((v = tesseraFlagValue(a, "pass-pipeline"))) {
      if (o->pipelineFromFlag)
        usageError("%s given twice", "--pass-pipeline");
      o->pipelineFromFlag = true;
      free(o->pipeline);
      o->pipeline = strdup(v);
    } else if (tesseraFlagIs(a, "split-input-file")) {
      o->splitMarker = "// -----";
    } else if ((v = tesseraFlagValue(a, "split-input-file"))) {
      o->splitMarker = v;
    } else if (tesseraFlagIs(a, "verify-diagnostics")) {
      o->verifyDiagnostics = true;
    } else if (tesseraFlagIs(a, "mlir-print-ir-before-all")) {
      o->printBefore = true;
    } else if (tesseraFlagIs(a, "mlir-print-ir-after-all")) {
      o->printAfter = true;
    } else if (tesseraFlagIs(a, "mlir-print-ir-after-change")) {
      o->printAfterChange = true;
    } else if (tesseraFlagIs(a, "mlir-print-ir-after-failure")) {
      o->printAfterFailure = true;
    } else if (tesseraFlagIs(a, "mlir-print-ir-module-scope")) {
      o->printModuleScope = true;
    } else if (tesseraFlagIs(a, "mlir-timing")) {
      o->timing = true;
    } else if (tesseraFlagIs(a, "emit-bytecode")) {
      o->bytecode = true;
    } else if (tesseraFlagIs(a, "mlir-print-debuginfo")) {
      o->debugInfo = true;
    } else if (tesseraFlagIs(a, "mlir-print-op-generic")) {
      o->genericForm = true;
    } else if (tesseraFlagIs(a, "allow-unregistered-dialect")) {
      o->allowUnregistered = true;
    } else if (tesseraFlagIs(a, "mlir-disable-threading")) {
      o->noThreading = true;
    } else if (tesseraFlagIs(a, "no-tessera-verify")) {
      o->noVerify = true;
    } else if (a[0] == '-' && a[1] != 0) {
      // Anything else is a pass: --name or --name=options.
      const char *name = a + (a[1] == '-' ? 2 : 1);
      const char *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      if (!len)
        usageError("malformed option '%s'", a);
      o->passFlags = true;
      appendPipeline(o, name, len, eq ? eq + 1 : NULL);
    } else {
      if (o->input)
        usageError("more than one input file given ('%s')", a);
      o->input = a;
    }
  }
  if (o->pipelineFromFlag && o->passFlags)
    usageError("%s cannot be combined with individual pass flags",
               "--pass-pipeline");
  if (!o->input)
    o->input = "-";
}

static void printError(const char *msg) {
  fprintf(stderr, "%s: error: %s\n", kTool, msg);
}

static void pipelineError(MlirStringRef msg, void *ud) {
  (void)ud;
  fprintf(stderr, "%s: error: invalid pass pipeline: %.*s\n", kTool,
          (int)msg.length, msg.data);
}

static void writeToFile(MlirStringRef s, void *ud) {
  fwrite(s.data, 1, s.length, (FILE *)ud);
}

typedef struct Driver {
  const Options *opts;
  MlirContext ctx;
  MlirPassManager pm;
  TesseraDiagList diags;
  TesseraSource source;
  FILE *out; // in-memory; written to -o at the end
  MlirOpPrintingFlags printFlags;
} Driver;

// Parses, verifies, transforms and prints one chunk. Returns false if it
// failed (diagnostics already reported, or checked against expectations).
static bool processChunk(Driver *d, const TesseraChunk *chunk) {
  const Options *o = d->opts;
  size_t mark = d->diags.size;
  MlirModule module =
      tesseraParseChunk(d->ctx, d->source.name, chunk, &d->diags);
  bool ok = !mlirModuleIsNull(module);
  MlirOperation op = ok ? mlirModuleGetOperation(module) : (MlirOperation){0};
  if (ok && !o->noVerify)
    ok = mlirLogicalResultIsSuccess(tesseraVerify(op));
  if (ok)
    ok = mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(d->pm, op));
  if (ok) {
    if (o->bytecode)
      mlirOperationWriteBytecode(op, writeToFile, d->out);
    else {
      mlirOperationPrintWithFlags(op, d->printFlags, writeToFile, d->out);
      fputc('\n', d->out);
    }
  }
  if (!mlirModuleIsNull(module))
    mlirModuleDestroy(module);
  // Diagnostics of this chunk: printed, or checked against its annotations.
  TesseraDiagList mine = {d->diags.items + mark, d->diags.size - mark, 0};
  if (o->verifyDiagnostics)
    ok = tesseraVerifyDiagnostics(stderr, &mine, &d->source, chunk->firstLine,
                                  chunk->lastLine);
  else
    tesseraDiagListPrint(stderr, &mine, &d->source);
  tesseraDiagListTruncate(&d->diags, mark);
  return ok;
}

static MlirPassManager buildPassManager(const Options *o, MlirContext ctx,
                                        MlirOpPrintingFlags flags) {
  MlirPassManager pm = mlirPassManagerCreateOnOperation(
      ctx, mlirStringRefCreateFromCString("builtin.module"));
  if (o->printBefore || o->printAfter || o->printAfterChange ||
      o->printAfterFailure)
    mlirPassManagerEnableIRPrinting(
        pm, o->printBefore, o->printAfter || o->printAfterChange,
        o->printModuleScope, o->printAfterChange, o->printAfterFailure, flags,
        mlirStringRefCreate(NULL, 0));
  if (o->timing)
    mlirPassManagerEnableTiming(pm);
  if (o->pipeline &&
      mlirLogicalResultIsFailure(tesseraParsePassPipeline(
          mlirPassManagerGetAsOpPassManager(pm),
          mlirStringRefCreateFromCString(o->pipeline), pipelineError, NULL))) {
    mlirPassManagerDestroy(pm);
    return (MlirPassManager){NULL};
  }
  return pm;
}

static bool isBlank(const char *s, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
      return false;
  return true;
}

static int run(const Options *o) {
  char err[512];
  size_t size;
  char *text = tesseraReadFile(o->input, &size, err, sizeof err);
  if (!text) {
    printError(err);
    return 1;
  }
  const char *name = strcmp(o->input, "-") == 0 ? "<stdin>" : o->input;
  if (isBlank(text, size)) {
    snprintf(err, sizeof err, "%s: input is empty; expected MLIR text or "
             "bytecode", name);
    printError(err);
    free(text);
    return 1;
  }
  Driver d = {.opts = o};
  d.ctx = tesseraContextCreate();
  if (mlirContextIsNull(d.ctx)) {
    printError("could not load the Tessera dialects");
    free(text);
    return 1;
  }
  mlirContextSetAllowUnregisteredDialects(d.ctx, o->allowUnregistered);
  // One thread keeps diagnostics in a reproducible order for verification.
  if (o->noThreading || o->verifyDiagnostics)
    mlirContextEnableMultithreading(d.ctx, false);
  tesseraDiagListAttach(d.ctx, &d.diags);
  d.source = (TesseraSource){name, text, size};
  d.printFlags = mlirOpPrintingFlagsCreate();
  if (o->debugInfo)
    mlirOpPrintingFlagsEnableDebugInfo(d.printFlags, true, false);
  if (o->genericForm)
    mlirOpPrintingFlagsPrintGenericOpForm(d.printFlags);

  int rc = 1;
  char *outBuf = NULL;
  size_t outSize = 0;
  d.pm = buildPassManager(o, d.ctx, d.printFlags);
  if (mlirPassManagerIsNull(d.pm))
    goto done;
  d.out = open_memstream(&outBuf, &outSize);
  if (!d.out) {
    printError("out of memory");
    goto done;
  }
  size_t nChunks = 1;
  TesseraChunk whole = {text, size, 1, 1 << 30};
  TesseraChunk *chunks = &whole;
  if (o->splitMarker && !tesseraIsBytecode(text, size))
    chunks = tesseraSplitInput(text, size, o->splitMarker, &nChunks);
  bool ok = true;
  for (size_t i = 0; i < nChunks; ++i) {
    if (i)
      fprintf(d.out, "%s\n", o->splitMarker);
    ok &= processChunk(&d, &chunks[i]);
  }
  if (chunks != &whole)
    free(chunks);
  fclose(d.out);
  d.out = NULL;
  // Like mlir-opt: the IR of the chunks that succeeded is written even when
  // another chunk failed; the exit code says whether all of them did.
  FILE *f = o->output && strcmp(o->output, "-") != 0
                ? fopen(o->output, "wb")
                : stdout;
  if (!f) {
    snprintf(err, sizeof err, "could not open output file '%s'", o->output);
    printError(err);
    ok = false;
  } else {
    fwrite(outBuf, 1, outSize, f);
    if (f != stdout && fclose(f) != 0) {
      snprintf(err, sizeof err, "could not write output file '%s'",
               o->output);
      printError(err);
      ok = false;
    }
  }
  rc = ok ? 0 : 1;
done:
  free(outBuf);
  if (!mlirPassManagerIsNull(d.pm))
    mlirPassManagerDestroy(d.pm);
  mlirOpPrintingFlagsDestroy(d.printFlags);
  mlirContextDestroy(d.ctx);
  tesseraDiagListClear(&d.diags);
  free(text);
  return rc;
}

int main(int argc, char **argv) {
  Options o = {0};
  parseArgs(argc, argv, &o);
  int rc = run(&o);
  free(o.pipeline);
  return rc;
}
