//===- tessera-translate.c - Lowered IR to PTX, cubin, hsaco, objects ----===//
//
// A thin driver over tessera-c/Translate.h: argument handling, reading the
// input (lib/Support/Source.h), printing diagnostics (Diagnostics.h) and
// writing the one result. Everything of substance is in lib/Target.
//
//===----------------------------------------------------------------------===//
#include "Support/Args.h"
#include "Support/Diagnostics.h"
#include "Support/Nesting.h"
#include "Support/Source.h"
#include "Support/StrBuf.h"
#include "tessera-c/Tessera.h"
#include "tessera-c/Translate.h"

#include "mlir-c/IR.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *kTool = "tessera-translate";

typedef struct Options {
  const char *input, *output;
  const char *to, *chip, *features, *cudaRoot, *rocmPath, *gpuModule;
  int optLevel;
  bool verbose;
} Options;

static void usageError(const char *fmt, const char *arg) {
  tesseraUsageError(kTool, fmt, arg);
}

static void printChips(TesseraChipKind kind, int indent) {
  int col = indent;
  printf("%*s", indent, "");
  for (const char *const *c = tesseraTranslateKnownChips(kind); *c; ++c) {
    int len = (int)strlen(*c) + (col > indent);
    if (col + len > 79) {
      printf("\n%*s", indent, "");
      col = indent;
      len = (int)strlen(*c);
    }
    printf("%s%s", col > indent ? " " : "", *c);
    col += len;
  }
  printf("\n");
}

static void printHelp(void) {
  printf(
      "OVERVIEW: Tessera's translator: lowered IR (upstream dialects) to "
      "text or binary\n"
      "\n"
      "USAGE: tessera-translate --to=<format> [options] [<input file> | -]\n"
      "\n"
      "FORMATS (--to=):\n"
      "  llvmir   LLVM IR text of the host code; with --chip=sm_*|gfx*|spirv, "
      "of the gpu.module\n"
      "  ptx      PTX of the gpu.module (NVIDIA)\n"
      "  cubin    cubin ELF of the gpu.module, assembled by ptxas (NVIDIA)\n"
      "  amdgcn   AMDGCN assembly of the gpu.module (AMD)\n"
      "  hsaco    hsaco ELF code object of the gpu.module, linked by ld.lld "
      "(AMD)\n"
      "  obj      relocatable object of the host code (LLVM dialect)\n"
      "  asm      assembly of the host code\n"
      "  spirv    SPIR-V binary of the gpu.module (OpenCL devices), by LLVM's "
      "SPIR-V backend\n"
      "\n"
      "OPTIONS:\n"
      "  -o <file>            Output file ('-' = stdout, the default; binary "
      "formats\n"
      "                       are not written to a terminal)\n"
      "  --chip=<chip>        Target chip. GPU formats: replaces the "
      "gpu.modules' targets\n"
      "                       (default: the #nvvm.target / #rocdl.target "
      "attached). Host\n"
      "                       formats: an LLVM CPU name (default: 'host', "
      "this machine's\n"
      "                       CPU with its features)\n"
      "  --features=<list>    LLVM target features, e.g. +ptx80 or "
      "+avx512f (alias --mattr)\n"
      "  --gpu-module=<name>  Translate only this gpu.module (needed when "
      "there are several)\n"
      "  --cuda-root=<dir>    CUDA toolkit root holding bin/ptxas and "
      "nvvm/libdevice\n"
      "                       (default: CUDA_HOME, CUDA_PATH, CUDA_ROOT, ptxas "
      "on PATH,\n"
      "                       the build's TESSERA_CUDA_ROOT, /usr/local/cuda)\n"
      "  --rocm-path=<dir>    ROCm root holding llvm/bin/ld.lld and "
      "amdgcn/bitcode (default:\n"
      "                       ROCM_PATH, else a temporary root of ld.lld-22 "
      "and the system's\n"
      "                       rocm-device-libs bitcode)\n"
      "  -O<n>                LLVM optimisation level 0-3 (default 3)\n"
      "  -v, --verbose        Also print remarks (e.g. device libraries not "
      "found)\n"
      "  --help               Show this help\n"
      "\n"
      "CHIPS:\n"
      "  NVIDIA (ptx, cubin, llvmir):\n");
  printChips(TesseraChipNVIDIA, 4);
  printf("  AMD (amdgcn, hsaco, llvmir):\n");
  printChips(TesseraChipAMD, 4);
  printf("  Host (obj, asm): 'host' (default), or an x86-64 CPU:\n");
  printChips(TesseraChipHost, 4);
  printf("\nGPU modules still above the LLVM level (gpu, arith, memref, scf, "
         "...) are\nlowered with upstream's convert-gpu-to-nvvm / "
         "convert-gpu-to-rocdl first; host\ncode must be in the LLVM "
         "dialect.\n");
}

static void parseArgs(int argc, char **argv, Options *o) {
  o->optLevel = 3;
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
    } else if ((v = tesseraFlagValue(a, "to"))) {
      o->to = v;
    } else if ((v = tesseraFlagValue(a, "chip")) || (v = tesseraFlagValue(a, "mcpu"))) {
      o->chip = v;
    } else if ((v = tesseraFlagValue(a, "features")) ||
               (v = tesseraFlagValue(a, "mattr"))) {
      o->features = v;
    } else if ((v = tesseraFlagValue(a, "cuda-root"))) {
      o->cudaRoot = v;
    } else if ((v = tesseraFlagValue(a, "rocm-path"))) {
      o->rocmPath = v;
    } else if ((v = tesseraFlagValue(a, "gpu-module"))) {
      o->gpuModule = v;
    } else if ((v = tesseraFlagValue(a, "O"))) {
      if (v[0] < '0' || v[0] > '3' || v[1])
        usageError("-O takes 0, 1, 2 or 3, not '%s'", v);
      o->optLevel = v[0] - '0';
    } else if (a[0] == '-' && a[1] == 'O' && a[2] && !a[3]) {
      if (a[2] < '0' || a[2] > '3')
        usageError("-O takes 0, 1, 2 or 3, not '%s'", a + 2);
      o->optLevel = a[2] - '0';
    } else if (tesseraFlagIs(a, "v") || tesseraFlagIs(a, "verbose")) {
      o->verbose = true;
    } else if (a[0] == '-' && a[1] != 0) {
      usageError("unknown option '%s'", a);
    } else {
      if (o->input)
        usageError("more than one input file given ('%s')", a);
      o->input = a;
    }
  }
  if (!o->to)
    usageError("%s is required (llvmir, ptx, cubin, amdgcn, hsaco, obj, asm)",
               "--to=<format>");
  if (!o->input)
    o->input = "-";
  if (!o->output)
    o->output = "-";
}

static void printError(const char *msg) {
  fprintf(stderr, "%s: error: %s\n", kTool, msg);
}

// Diagnostics without a place in the IR (unknown chip, missing toolkit)
// read as one line from the tool; located ones mlir-opt style. The pass
// manager's "see current operation" notes dump whole modules: dropped.
static void printDiags(const TesseraDiagList *list, const TesseraSource *src,
                       bool verbose) {
  for (size_t i = 0; i < list->size; ++i) {
    const TesseraDiag *d = &list->items[i];
    if (d->severity == MlirDiagnosticNote &&
        strncmp(d->message, "see current operation", 21) == 0)
      continue;
    if (d->severity == MlirDiagnosticRemark && !verbose)
      continue;
    if (!d->file && d->severity == MlirDiagnosticError)
      fprintf(stderr, "%s: error: %s\n", kTool, d->message);
    else
      tesseraDiagPrint(stderr, d, src);
  }
}

typedef struct Result {
  char *name;
  TesseraStrBuf data;
} Result;

typedef struct Results {
  Result *items;
  size_t size;
} Results;

static void collect(MlirStringRef name, MlirStringRef data, void *ud) {
  Results *r = ud;
  r->items = realloc(r->items, (r->size + 1) * sizeof *r->items);
  if (!r->items)
    abort();
  Result *n = &r->items[r->size++];
  n->name = strndup(name.data, name.length);
  n->data = (TesseraStrBuf){0};
  tesseraStrBufAppend(&n->data, data.data, data.length);
}

static bool writeOutput(const Options *o, bool binary, const Result *res) {
  char err[512];
  bool toStdout = strcmp(o->output, "-") == 0;
  if (toStdout && binary && isatty(fileno(stdout))) {
    printError("refusing to write a binary to a terminal; use -o <file>");
    return false;
  }
  FILE *f = toStdout ? stdout : fopen(o->output, "wb");
  if (!f) {
    snprintf(err, sizeof err, "could not open output file '%s'", o->output);
    printError(err);
    return false;
  }
  fwrite(res->data.data, 1, res->data.size, f);
  if (!binary && res->data.size && res->data.data[res->data.size - 1] != '\n')
    fputc('\n', f);
  if (toStdout ? fflush(f) != 0 : fclose(f) != 0) {
    snprintf(err, sizeof err, "could not write output file '%s'", o->output);
    printError(err);
    return false;
  }
  return true;
}

static MlirStringRef ref(const char *s) {
  return s ? mlirStringRefCreateFromCString(s) : mlirStringRefCreate("", 0);
}

static int run(const Options *o) {
  TesseraTranslateFormat format;
  if (!tesseraTranslateFormatFromName(ref(o->to), &format)) {
    fprintf(stderr,
            "%s: error: unknown format '--to=%s' (expected llvmir, ptx, "
            "cubin, amdgcn, hsaco, obj, asm or spirv)\n",
            kTool, o->to);
    return 1;
  }
  char err[512];
  size_t size;
  char *text = tesseraReadFile(o->input, &size, err, sizeof err);
  if (!text) {
    printError(err);
    return 1;
  }
  const char *name = strcmp(o->input, "-") == 0 ? "<stdin>" : o->input;
  if (strspn(text, " \t\r\n") == size) {
    snprintf(err, sizeof err, "%s: input is empty; expected MLIR text or "
             "bytecode", name);
    printError(err);
    free(text);
    return 1;
  }
  if (!tesseraCheckInputNesting(name, text, size)) {
    free(text);
    return 1;
  }
  MlirContext ctx = tesseraContextCreate();
  if (mlirContextIsNull(ctx)) {
    printError("could not load the Tessera dialects");
    free(text);
    return 1;
  }
  TesseraDiagList diags = {0};
  tesseraDiagListAttach(ctx, &diags);
  TesseraSource source = {name, text, size};
  MlirModule module = tesseraParseSource(ctx, name, text, size, NULL);

  Results results = {0};
  bool ok = !mlirModuleIsNull(module);
  if (ok) {
    TesseraTranslateOptions opts = tesseraTranslateOptionsGetDefault();
    opts.chip = ref(o->chip);
    opts.features = ref(o->features);
    opts.gpuModule = ref(o->gpuModule);
    opts.optLevel = o->optLevel;
    bool amd = format == TesseraTranslateAMDGCN ||
               format == TesseraTranslateHSACO ||
               (format == TesseraTranslateLLVMIR && o->chip &&
                strncmp(o->chip, "gfx", 3) == 0);
    opts.toolkitPath = ref(amd ? o->rocmPath : o->cudaRoot);
    ok = mlirLogicalResultIsSuccess(
        tesseraTranslate(module, format, &opts, collect, &results));
    mlirModuleDestroy(module);
  }
  printDiags(&diags, &source, o->verbose);
  if (ok && results.size > 1) {
    TesseraStrBuf names = {0};
    for (size_t i = 0; i < results.size; ++i)
      tesseraStrBufPrintf(&names, "%s@%s", i ? ", " : "",
                          results.items[i].name);
    fprintf(stderr,
            "%s: error: the input gives %zu objects (%s); choose one "
            "gpu.module with --gpu-module=<name>\n",
            kTool, results.size, tesseraStrBufStr(&names));
    tesseraStrBufFree(&names);
    ok = false;
  }
  if (ok && results.size == 1)
    ok = writeOutput(o, tesseraTranslateFormatIsBinary(format),
                     &results.items[0]);
  for (size_t i = 0; i < results.size; ++i) {
    free(results.items[i].name);
    tesseraStrBufFree(&results.items[i].data);
  }
  free(results.items);
  mlirContextDestroy(ctx);
  tesseraDiagListClear(&diags);
  free(text);
  return ok ? 0 : 1;
}

// The whole run, on a thread whose stack carries deep inputs.
static int runOnStack(void *o) { return run(o); }

int main(int argc, char **argv) {
  Options o = {0};
  parseArgs(argc, argv, &o);
  return tesseraRunOnLargeStack(runOnStack, &o, TESSERA_TOOL_STACK_BYTES);
}
