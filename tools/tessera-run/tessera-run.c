//===- tessera-run.c - Compile Graph IR and run it on .npy inputs --------===//
//
//   tessera-run IN.mlir --entry=NAME --input=@a.npy ... --output=@out.npy
//               [--benchmark=N] [--device=host|cuda|hip|opencl] [--chip=...]
//
// Compiles the entry function's module with the named pipeline of the
// device (tessera-lower-to-host, -nvvm, -rocdl, -spirv), runs it on the inputs and
// writes the results. With --benchmark=N it runs N more times and prints the
// median time and the GFLOP/s of the matmuls in the entry.
//
//===----------------------------------------------------------------------===//
#include "Support/Args.h"
#include "Support/Diagnostics.h"
#include "Support/Nesting.h"
#include "Support/Source.h"
#include "tessera-c/Runtime.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *kTool = "tessera-run";

typedef struct Options {
  const char *input;
  const char *entry;
  const char *inputs[TESSERA_MAX_ARGS];
  int numInputs;
  const char *outputs[TESSERA_MAX_ARGS];
  int numOutputs;
  int benchmark;
  TesseraDevice device;
  const char *chip;
  const char *pipeline;
  bool printIR;
} Options;

static void fail(const char *fmt, const char *arg) {
  fprintf(stderr, "%s: error: ", kTool);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  exit(1);
}

static void usage(void) {
  printf(
      "USAGE: tessera-run IN.mlir --entry=NAME --input=@a.npy ... "
      "--output=@out.npy ...\n"
      "\n"
      "Compiles the module (Graph IR) for a device, runs function NAME on "
      "the inputs\n"
      "(one --input per argument, in order) and writes its results (one "
      "--output per\nresult).\n"
      "\n"
      "OPTIONS:\n"
      "  --entry=NAME          function to run (default: the only public "
      "function)\n"
      "  --input=@FILE.npy     an argument (f32, f16, f64, i32, i64; bf16 as "
      "uint16 or\n"
      "                        ml_dtypes.bfloat16)\n"
      "  --output=@FILE.npy    where a result goes (bf16 is written as "
      "uint16)\n"
      "  --benchmark=N         run N more times; print the median time and "
      "GFLOP/s\n"
      "  --device=host|cuda|hip|opencl  where to run (default host); "
      "cuda/hip/opencl\n"
      "                        open the driver (OpenCL: the ICD loader) with "
      "dlopen and\n"
      "                        fail clearly without one\n"
      "  --chip=CHIP           GPU chip (default sm_80 for cuda, gfx942 for "
      "hip)\n"
      "  --pass-pipeline=P     compile with P instead of the device's named "
      "pipeline\n"
      "  --print-ir            print the lowered module to stderr\n");
}

static const char *fileArg(const char *v) { return v[0] == '@' ? v + 1 : v; }

static void parseArgs(int argc, char **argv, Options *o) {
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage();
      exit(0);
    } else if ((v = tesseraFlagValue(a, "entry"))) {
      o->entry = v;
    } else if ((v = tesseraFlagValue(a, "input"))) {
      if (o->numInputs == TESSERA_MAX_ARGS)
        fail("too many --input (at most %s)", "32");
      o->inputs[o->numInputs++] = fileArg(v);
    } else if ((v = tesseraFlagValue(a, "output"))) {
      if (o->numOutputs == TESSERA_MAX_ARGS)
        fail("too many --output (at most %s)", "32");
      o->outputs[o->numOutputs++] = fileArg(v);
    } else if ((v = tesseraFlagValue(a, "benchmark"))) {
      char *end;
      long n = strtol(v, &end, 10);
      if (*end || n < 1 || n > 100000)
        fail("--benchmark needs a count from 1 to 100000, got '%s'", v);
      o->benchmark = (int)n;
    } else if ((v = tesseraFlagValue(a, "device"))) {
      if (!strcmp(v, "host"))
        o->device = TesseraDeviceHost;
      else if (!strcmp(v, "cuda"))
        o->device = TesseraDeviceCuda;
      else if (!strcmp(v, "hip"))
        o->device = TesseraDeviceHip;
      else if (!strcmp(v, "opencl"))
        o->device = TesseraDeviceOpenCL;
      else
        fail("unknown device '%s' (host, cuda, hip or opencl)", v);
    } else if ((v = tesseraFlagValue(a, "chip"))) {
      o->chip = v;
    } else if ((v = tesseraFlagValue(a, "pass-pipeline"))) {
      o->pipeline = v;
    } else if (!strcmp(a, "--print-ir")) {
      o->printIR = true;
    } else if (a[0] == '-' && a[1]) {
      fail("unknown option '%s' (see --help)", a);
    } else if (!o->input) {
      o->input = a;
    } else {
      fail("more than one input file given ('%s')", a);
    }
  }
  if (!o->input)
    fail("%s", "no input file (see --help)");
}

static MlirOperation findEntry(MlirModule m, const char *name, char *err,
                               size_t cap) {
  MlirOperation found = {NULL};
  int count = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (!mlirStringRefEqual(mlirIdentifierStr(mlirOperationGetName(op)),
                            mlirStringRefCreateFromCString("func.func")))
      continue;
    MlirStringRef sym = mlirStringAttrGetValue(mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("sym_name")));
    if (name ? mlirStringRefEqual(sym, mlirStringRefCreateFromCString(name))
             : true) {
      found = op;
      ++count;
    }
  }
  if (count == 0)
    snprintf(err, cap, name ? "no function '%s' in the module"
                            : "the module has no function%s",
             name ? name : "");
  else if (!name && count > 1)
    snprintf(err, cap, "the module has %d functions: choose one with "
             "--entry=NAME", count);
  else
    return found;
  return (MlirOperation){NULL};
}

// 2*M*N*K summed over the entry's matmuls, with dynamic dims taken from the
// inputs (arguments) where the operand is one; 0 if unknown.
static double entryFlops(MlirOperation func, const TesseraTensor *inputs) {
  MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  double flops = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(b);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
    bool mm = mlirStringRefEqual(n, mlirStringRefCreateFromCString(
                                        "tgraph.matmul")),
         bmm = mlirStringRefEqual(n, mlirStringRefCreateFromCString(
                                         "tgraph.batch_matmul"));
    if (!mm && !bmm)
      continue;
    int64_t dims[2][3];
    for (int k = 0; k < 2; ++k) {
      MlirValue v = mlirOperationGetOperand(op, k);
      MlirType t = mlirValueGetType(v);
      int r = (int)mlirShapedTypeGetRank(t);
      for (int d = 0; d < r && d < 3; ++d) {
        int64_t s = mlirShapedTypeGetDimSize(t, d);
        if (mlirShapedTypeIsDynamicSize(s)) {
          if (!mlirValueIsABlockArgument(v))
            return 0;
          s = inputs[mlirBlockArgumentGetArgNumber(v)].shape[d];
        }
        dims[k][d] = s;
      }
    }
    if (mm)
      flops += 2.0 * dims[0][0] * dims[0][1] * dims[1][1];
    else
      flops += 2.0 * dims[0][0] * dims[0][1] * dims[0][2] * dims[1][2];
  }
  return flops;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmpDouble(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void pipelineError(MlirStringRef msg, void *ud) {
  (void)ud;
  fprintf(stderr, "%s: error: invalid pass pipeline: %.*s\n", kTool,
          (int)msg.length, msg.data);
}

static bool compile(MlirContext ctx, MlirModule m, const Options *o) {
  // The user's pipeline (any length), or the device's named one.
  char named[256];
  const char *pipeline = o->pipeline ? o->pipeline : named;
  if (o->device == TesseraDeviceHost)
    snprintf(named, sizeof named, "tessera-lower-to-host");
  else if (o->device == TesseraDeviceCuda)
    snprintf(named, sizeof named, "tessera-lower-to-nvvm{chip=%s}",
             o->chip ? o->chip : "sm_80");
  else if (o->device == TesseraDeviceOpenCL)
    snprintf(named, sizeof named, "tessera-lower-to-spirv");
  else
    snprintf(named, sizeof named, "tessera-lower-to-rocdl{chip=%s}",
             o->chip ? o->chip : "gfx942");
  MlirPassManager pm = mlirPassManagerCreateOnOperation(
      ctx, mlirStringRefCreateFromCString("builtin.module"));
  bool ok = mlirLogicalResultIsSuccess(tesseraParsePassPipeline(
                mlirPassManagerGetAsOpPassManager(pm),
                mlirStringRefCreateFromCString(pipeline), pipelineError,
                NULL)) &&
            mlirLogicalResultIsSuccess(
                mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(m)));
  mlirPassManagerDestroy(pm);
  return ok;
}

static bool runOnce(const Options *o, TesseraHostModule *host, MlirModule m,
                    const char *entry, const TesseraSignature *sig,
                    const TesseraTensor *in, TesseraTensor *out,
                    double *seconds, char *err, size_t cap) {
  double t0 = now(), ms = -1;
  bool ok = o->device == TesseraDeviceHost
                ? tesseraHostInvoke(host, entry, sig, in, out, err, cap)
                : tesseraGpuInvoke(o->device, m, entry, sig, in, out, &ms, err,
                                   cap);
  *seconds = ms >= 0 ? ms * 1e-3 : now() - t0;
  return ok;
}

static void freeAll(TesseraTensor *t, int n) {
  for (int i = 0; i < n; ++i)
    tesseraTensorFree(&t[i]);
}

static int run(Options o) {
  char err[1024];
  size_t size;
  char *text = tesseraReadFile(o.input, &size, err, sizeof err);
  if (!text)
    fail("%s", err);
  if (o.device != TesseraDeviceHost && !tesseraGpuAvailable(o.device, err,
                                                            sizeof err)) {
    free(text);
    fail("%s", err);
  }
  if (!tesseraCheckInputNesting(o.input, text, size)) {
    free(text);
    return 1;
  }
  MlirContext ctx = tesseraContextCreate();
  TesseraDiagList diags = {0};
  tesseraDiagListAttach(ctx, &diags);
  TesseraSource src = {o.input, text, size};
  int rc = 1;
  TesseraTensor in[TESSERA_MAX_ARGS] = {{0}}, out[TESSERA_MAX_ARGS] = {{0}};
  TesseraSignature sig;
  TesseraHostModule *host = NULL;
  MlirModule m = tesseraParseSource(ctx, o.input, text, size, NULL);
  if (mlirModuleIsNull(m) ||
      mlirLogicalResultIsFailure(tesseraVerify(mlirModuleGetOperation(m))))
    goto done;
  MlirOperation func = findEntry(m, o.entry, err, sizeof err);
  if (mlirOperationIsNull(func) ||
      !tesseraSignatureFromFunc(func, &sig, err, sizeof err)) {
    fprintf(stderr, "%s: error: %s\n", kTool, err);
    goto done;
  }
  MlirStringRef sym = mlirStringAttrGetValue(mlirOperationGetAttributeByName(
      func, mlirStringRefCreateFromCString("sym_name")));
  char entry[256];
  snprintf(entry, sizeof entry, "%.*s", (int)sym.length, sym.data);
  if (o.numInputs != sig.numInputs) {
    fprintf(stderr, "%s: error: '%s' takes %d argument(s) but %d --input "
            "given\n", kTool, entry, sig.numInputs, o.numInputs);
    goto done;
  }
  if (o.numOutputs > sig.numResults) {
    fprintf(stderr, "%s: error: '%s' has %d result(s) but %d --output "
            "given\n", kTool, entry, sig.numResults, o.numOutputs);
    goto done;
  }
  for (int i = 0; i < o.numInputs; ++i)
    if (!tesseraNpyRead(o.inputs[i], &in[i], err, sizeof err)) {
      fprintf(stderr, "%s: error: --input %d: %s\n", kTool, i, err);
      goto done;
    }
  double flops = entryFlops(func, in);
  double t0 = now();
  if (!compile(ctx, m, &o))
    goto done;
  if (o.printIR)
    mlirOperationDump(mlirModuleGetOperation(m));
  if (o.device == TesseraDeviceHost) {
    host = tesseraHostModuleCreate(m, 3, err, sizeof err);
    if (!host) {
      fprintf(stderr, "%s: error: %s\n", kTool, err);
      goto done;
    }
  }
  double compileSeconds = now() - t0, seconds;
  if (!runOnce(&o, host, m, entry, &sig, in, out, &seconds, err,
               sizeof err)) {
    fprintf(stderr, "%s: error: %s\n", kTool, err);
    goto done;
  }
  for (int i = 0; i < o.numOutputs; ++i)
    if (!tesseraNpyWrite(o.outputs[i], &out[i], err, sizeof err)) {
      fprintf(stderr, "%s: error: --output %d: %s\n", kTool, i, err);
      goto done;
    }
  if (o.benchmark) {
    double *times = malloc(sizeof(double) * (size_t)o.benchmark);
    for (int r = 0; r < o.benchmark; ++r) {
      freeAll(out, sig.numResults);
      if (!runOnce(&o, host, m, entry, &sig, in, out, &times[r], err,
                   sizeof err)) {
        fprintf(stderr, "%s: error: %s\n", kTool, err);
        free(times);
        goto done;
      }
    }
    qsort(times, (size_t)o.benchmark, sizeof *times, cmpDouble);
    double median = times[o.benchmark / 2];
    printf("%s: compile %.3f s; median of %d runs %.6f s (min %.6f s)",
           entry, compileSeconds, o.benchmark, median, times[0]);
    if (flops > 0)
      printf("; %.1f GFLOP/s", flops / median * 1e-9);
    printf("\n");
    free(times);
  }
  rc = 0;
done:
  tesseraDiagListPrint(stderr, &diags, &src);
  freeAll(in, TESSERA_MAX_ARGS);
  freeAll(out, TESSERA_MAX_ARGS);
  tesseraHostModuleDestroy(host);
  if (!mlirModuleIsNull(m))
    mlirModuleDestroy(m);
  mlirContextDestroy(ctx);
  tesseraDiagListClear(&diags);
  free(text);
  return rc;
}

// The whole run, on a thread whose stack carries deep inputs.
static int runOnStack(void *o) { return run(*(Options *)o); }

int main(int argc, char **argv) {
  Options o = {0};
  parseArgs(argc, argv, &o);
  return tesseraRunOnLargeStack(runOnStack, &o, TESSERA_TOOL_STACK_BYTES);
}
