//===- tessera-opt.c - Tessera's pass runner, in the habits of mlir-opt --===//
//
// Reads MLIR (a file or stdin), checks it (IRDL structure, then
// tessera-verify), runs a pass pipeline in which Tessera and upstream passes
// mix, and prints the result. Everything of substance lives in libTessera;
// this file is argument handling, OptDriver.c the per-chunk driver.
//
//===----------------------------------------------------------------------===//
#include "OptOptions.h"
#include "Pipeline/PassRegistry.h"
#include "Support/Args.h"
#include "Support/Nesting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kTool = "tessera-opt";

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
      "  --output-split-marker=<marker> Put <marker> between the outputs "
      "of chunks (default '// -----')\n"
      "  --verify-diagnostics[=all|only-expected]\n"
      "                                 Check diagnostics against "
      "'expected-error @+1 {{...}}'\n"
      "                                 annotations (also -warning, -note, "
      "-remark, -re; @+N @-N\n"
      "                                 @above @below @unknown); "
      "only-expected ignores the others\n"
      "  --verify-roundtrip             Check that the parsed IR survives a "
      "bytecode round trip\n"
      "  --verify-each[=false]          Verify the IR after every pass "
      "(default: true)\n"
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
      "  --mlir-pass-statistics         Report the statistics of each pass\n"
      "  --mlir-print-debuginfo         Print locations (this and the "
      "other -mlir-print-*,\n"
      "                                 -mlir-elide-* flags are MLIR's "
      "own, as in mlir-opt)\n"
      "  --mlir-pretty-debuginfo        Print locations in a readable form\n"
      "  --mlir-print-local-scope       Print types and attributes inline, "
      "without aliases\n"
      "  --mlir-print-name-loc-as-prefix  Name values after their NameLoc\n"
      "  --mlir-print-assume-verified   Skip the verifier before printing\n"
      "  --mlir-print-skip-regions      Print ops without their regions\n"
      "  --mlir-elide-elementsattrs-if-larger=<n>  Elide elements "
      "attributes with more than n elements\n"
      "  --mlir-elide-resource-strings-if-larger=<n>  Elide resource "
      "strings longer than n\n"
      "  --mlir-print-op-generic        Print every op in generic form\n"
      "  --mlir-disable-threading       Run passes on one thread\n"
      "  --emit-bytecode                Write MLIR bytecode instead of text\n"
      "  --allow-unregistered-dialect   Accept ops of unknown dialects\n"
      "  --no-tessera-verify            Skip Tessera's semantic checks after "
      "parsing\n"
      "  --version                      Show the version\n"
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

// MLIR's printing, context and pass-manager options, which llvm::cl parses
// (tesseraParseMLIRCLOptions), as in mlir-opt; -mlir-timing is tessera-opt's
// own (the C API's pass timing).
static bool isMlirCLFlag(const char *a) {
  const char *n = tesseraFlagName(a);
  return strncmp(n, "mlir-", 5) == 0 && strncmp(n, "mlir-timing", 11) != 0;
}

// An llvm::cl-style error about a flag's value: "<tool>: <message>", exit 1.
static void clError(const char *fmt, const char *arg)
    __attribute__((noreturn, format(printf, 1, 0)));
static void clError(const char *fmt, const char *arg) {
  fprintf(stderr, "%s: ", kTool);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  exit(1);
}

// A boolean flag as llvm::cl takes it: -name, or -name=true|false|1|0.
static bool boolFlag(const char *a, const char *name, bool *out) {
  const char *v;
  if (tesseraFlagIs(a, name)) {
    *out = true;
    return true;
  }
  if (!(v = tesseraFlagValue(a, name)))
    return false;
  if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "TRUE") ||
      !strcmp(v, "True"))
    *out = true;
  else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "FALSE") ||
           !strcmp(v, "False"))
    *out = false;
  else {
    char flag[128];
    snprintf(flag, sizeof flag, "for the --%s option: '%%s' is invalid "
             "value for boolean argument! Try 0 or 1", name);
    clError(flag, v);
  }
  return true;
}

static void parseArgs(int argc, char **argv, OptOptions *o) {
  o->mlirFlags = calloc((size_t)argc + 1, sizeof *o->mlirFlags);
  if (!o->mlirFlags)
    abort();
  o->mlirFlags[o->numMlirFlags++] = argv[0];
  o->passFlagArgs = calloc((size_t)argc + 1, sizeof *o->passFlagArgs);
  if (!o->passFlagArgs)
    abort();
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
      // As llvm::cl: the last one counts.
      o->pipelineFromFlag = true;
      free(o->textPipeline);
      o->textPipeline = strdup(v);
    } else if (tesseraFlagIs(a, "split-input-file")) {
      o->splitMarker = "// -----";
    } else if ((v = tesseraFlagValue(a, "split-input-file"))) {
      o->splitMarker = v;
    } else if (tesseraFlagIs(a, "output-split-marker")) {
      o->outputSplitMarker = "";
    } else if ((v = tesseraFlagValue(a, "output-split-marker"))) {
      o->outputSplitMarker = v;
    } else if (tesseraFlagIs(a, "verify-diagnostics")) {
      o->diagMode = TesseraDiagVerifyAll;
    } else if ((v = tesseraFlagValue(a, "verify-diagnostics"))) {
      if (!strcmp(v, "all") || !*v)
        o->diagMode = TesseraDiagVerifyAll;
      else if (!strcmp(v, "only-expected"))
        o->diagMode = TesseraDiagVerifyOnlyExpected;
      else
        clError("for the --verify-diagnostics option: Cannot find option "
                "named '%s'!", v);
    } else if (boolFlag(a, "verify-roundtrip", &o->verifyRoundtrip)) {
    } else if (boolFlag(a, "verify-each", &o->verifyEach)) {
    } else if (tesseraFlagIs(a, "version")) {
      printf("Tessera tessera-opt, on MLIR/LLVM 22\n");
      exit(0);
    } else if (boolFlag(a, "mlir-timing", &o->timing)) {
    } else if (boolFlag(a, "emit-bytecode", &o->bytecode)) {
    } else if (isMlirCLFlag(a)) {
      o->mlirFlags[o->numMlirFlags++] = a;
    } else if (boolFlag(a, "allow-unregistered-dialect", &o->allowUnregistered)) {
    } else if (boolFlag(a, "no-tessera-verify", &o->noVerify)) {
    } else if (a[0] == '-' && a[1] != 0) {
      // Anything else is a pass: --name or --name=options.
      const char *name = tesseraFlagName(a);
      if (!strcspn(name, "="))
        usageError("malformed option '%s'", a);
      o->passFlagArgs[o->numPassFlags++] = a;
    } else {
      if (o->input) {
        fprintf(stderr, "%s: Too many positional arguments specified!\n"
                "Can specify at most 1 positional arguments: See: %s "
                "--help\n", kTool, kTool);
        exit(1);
      }
      o->input = a;
    }
  }
  if (!o->input)
    o->input = "-";
}

// The whole run, on a thread whose stack carries deep inputs.
static int runOnStack(void *o) { return tesseraOptRun(o); }

int main(int argc, char **argv) {
  OptOptions o = {.outputSplitMarker = "// -----",
                  .verifyEach = true};
  parseArgs(argc, argv, &o);
  int rc = tesseraRunOnLargeStack(runOnStack, &o, TESSERA_TOOL_STACK_BYTES);
  free(o.textPipeline);
  free(o.mlirFlags);
  free(o.passFlagArgs);
  return rc;
}
