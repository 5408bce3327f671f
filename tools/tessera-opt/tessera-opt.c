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

static void appendPipeline(OptOptions *o, const char *elem, size_t len,
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

// MLIR's printing and context options, which llvm::cl parses
// (tesseraParseMLIRCLOptions); the IR-dump flags (-mlir-print-ir-*) are
// tessera-opt's own, on the pass manager.
static bool isMlirCLFlag(const char *a) {
  const char *n = a + (a[1] == '-' ? 2 : 1);
  static const char *const prefixes[] = {
      "mlir-print-", "mlir-elide-", "mlir-pretty-debuginfo",
      "mlir-use-nameloc-as-prefix", NULL};
  if (strncmp(n, "mlir-print-ir-", 14) == 0)
    return false;
  for (int i = 0; prefixes[i]; ++i)
    if (strncmp(n, prefixes[i], strlen(prefixes[i])) == 0)
      return true;
  return false;
}

static void parseArgs(int argc, char **argv, OptOptions *o) {
  o->mlirFlags = calloc((size_t)argc + 1, sizeof *o->mlirFlags);
  if (!o->mlirFlags)
    abort();
  o->mlirFlags[o->numMlirFlags++] = argv[0];
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
        usageError("--verify-diagnostics takes 'all' or 'only-expected', "
                   "not '%s'", v);
    } else if (tesseraFlagIs(a, "verify-roundtrip")) {
      o->verifyRoundtrip = true;
    } else if (tesseraFlagIs(a, "verify-each")) {
      o->verifyEach = true;
    } else if ((v = tesseraFlagValue(a, "verify-each"))) {
      if (!strcmp(v, "true") || !strcmp(v, "1"))
        o->verifyEach = true;
      else if (!strcmp(v, "false") || !strcmp(v, "0"))
        o->verifyEach = false;
      else
        usageError("--verify-each takes true or false, not '%s'", v);
    } else if (tesseraFlagIs(a, "mlir-pass-statistics")) {
      o->statistics = true;
    } else if (tesseraFlagIs(a, "version")) {
      printf("Tessera tessera-opt, on MLIR/LLVM 22\n");
      exit(0);
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
    } else if (isMlirCLFlag(a)) {
      o->mlirFlags[o->numMlirFlags++] = a;
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

// The whole run, on a thread whose stack carries deep inputs.
static int runOnStack(void *o) { return tesseraOptRun(o); }

int main(int argc, char **argv) {
  OptOptions o = {.outputSplitMarker = "// -----",
                  .verifyEach = true};
  parseArgs(argc, argv, &o);
  int rc = tesseraRunOnLargeStack(runOnStack, &o, TESSERA_TOOL_STACK_BYTES);
  free(o.pipeline);
  free(o.mlirFlags);
  return rc;
}
