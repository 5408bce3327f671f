//===- schedule-kernel-run.c - Run a Schedule IR kernel on the host -------===//
//
// tessera-schedule-kernel-run [--via-target | --device=cuda|hip --chip=C]
//                             FILE ENTRY OUTDIR RxC...
// parses a Schedule IR kernel whose arguments are rank-2 f32 or f16 memrefs,
// compiles it op by op (tessera-lower-schedule-to-vector, then upstream
// passes to LLVM, the grid a serial loop; with --via-target exactly as
// tessera-lower-to-host does: tessera-lower-schedule{target=host} to Target
// IR, tessera-lower-target-to-host and tessera-host-to-llvm, the grid an
// OpenMP loop), JIT-runs it on deterministic inputs in [-1, 1) of the
// given shapes (the last argument is the output, zero-filled), and writes
// every argument to OUTDIR/arg<i>.npy for a numpy reference to check
// (test/Conversion/ScheduleToVector/*.test). With --device, the kernel is
// called from an entry that allocates the output, compiled by
// tessera-lower-to-nvvm{chip=C} / tessera-lower-to-rocdl{chip=C} (Target IR
// and the op-by-op GPU lowering for a kernel no family takes) and run on
// the GPU through the runtime (tesseraGpuInvoke); without a driver it stops
// with the runtime's message (test/Conversion/DistributeTiles/gpu-run.test).
//
// RUN: not tessera-schedule-kernel-run 2>&1 | FileCheck %s
// CHECK: usage: {{.*}}tessera-schedule-kernel-run [--via-target | --device=cuda|hip --chip=C] FILE ENTRY OUTDIR RxC...
//
//===----------------------------------------------------------------------===//
#include "IR/Builder.h"
#include "Runtime/HostThreads.h"
#include "Support/Source.h"
#include "tessera-c/Runtime.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/ExecutionEngine.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kMaxArgs = 8 };

typedef struct Desc2D {
  float *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
} Desc2D;

static void printErr(MlirStringRef s, void *ud) {
  (void)ud;
  fprintf(stderr, "%.*s", (int)s.length, s.data);
}

static void printDiag(MlirStringRef s, void *ud) {
  (void)ud;
  fprintf(stderr, "%.*s", (int)s.length, s.data);
}

static MlirLogicalResult onDiagnostic(MlirDiagnostic d, void *ud) {
  (void)ud;
  mlirDiagnosticPrint(d, printDiag, NULL);
  fputc('\n', stderr);
  return mlirLogicalResultSuccess();
}

typedef void (*Kernel)(Desc2D *, Desc2D *, Desc2D *, Desc2D *, Desc2D *,
                       Desc2D *, Desc2D *, Desc2D *);

static bool runPipeline(MlirModule module, const char *pipeline) {
  MlirPassManager pm = mlirPassManagerCreate(mlirModuleGetContext(module));
  bool ok = !mlirLogicalResultIsFailure(tesseraParsePassPipeline(
                mlirPassManagerGetAsOpPassManager(pm),
                mlirStringRefCreateFromCString(pipeline), printErr, NULL)) &&
            !mlirLogicalResultIsFailure(
                mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)));
  mlirPassManagerDestroy(pm);
  if (!ok)
    fprintf(stderr, "lowering failed\n");
  return ok;
}

// The function `name` of `module` (null if none).
static MlirOperation lookupFunc(MlirModule module, const char *name) {
  MlirSymbolTable st = mlirSymbolTableCreate(mlirModuleGetOperation(module));
  MlirOperation f =
      mlirSymbolTableLookup(st, mlirStringRefCreateFromCString(name));
  mlirSymbolTableDestroy(st);
  return f;
}

// The element types of the kernel's arguments: f32 or f16 memrefs.
static bool argTypes(MlirModule module, const char *kernel, int n,
                     TesseraElementType *types) {
  MlirOperation k = lookupFunc(module, kernel);
  if (mlirOperationIsNull(k))
    return false;
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(
      k, mlirStringRefCreateFromCString("function_type")));
  if (mlirFunctionTypeGetNumInputs(ft) != n)
    return false;
  for (int i = 0; i < n; ++i) {
    MlirType e = mlirShapedTypeGetElementType(mlirFunctionTypeGetInput(ft, i));
    if (!mlirTypeIsAF32(e) && !mlirTypeIsAF16(e))
      return false;
    types[i] = mlirTypeIsAF16(e) ? TesseraF16 : TesseraF32;
  }
  return true;
}

// The deterministic inputs in [-1, 1) (the output zero-filled).
static bool makeArgs(int n, char **shapes, const TesseraElementType *types,
                     TesseraTensor *t, char *err, size_t cap) {
  uint64_t state = 12345;
  for (int i = 0; i < n; ++i) {
    int64_t shape[2];
    if (sscanf(shapes[i], "%" SCNd64 "x%" SCNd64, &shape[0], &shape[1]) != 2 ||
        !tesseraTensorAlloc(&t[i], types[i], 2, shape, err, cap)) {
      fprintf(stderr, "bad shape '%s'\n", shapes[i]);
      return false;
    }
    for (int64_t e = 0; e < shape[0] * shape[1]; ++e) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      float v = i == n - 1 ? 0.0f : (float)((state >> 40) / 8388608.0) - 1.0f;
      if (types[i] == TesseraF16)
        ((_Float16 *)t[i].data)[e] = (_Float16)v;
      else
        ((float *)t[i].data)[e] = v;
    }
  }
  return true;
}

static bool writeArgs(const char *dir, int n, TesseraTensor *t) {
  char err[512];
  for (int i = 0; i < n; ++i) {
    char path[600];
    snprintf(path, sizeof path, "%s/arg%d.npy", dir, i);
    if (!tesseraNpyWrite(path, &t[i], err, sizeof err)) {
      fprintf(stderr, "%s\n", err);
      return false;
    }
    tesseraTensorFree(&t[i]);
  }
  return true;
}

// func.func @__run(inputs) -> output: allocates the output (the kernel's
// last argument, of the shape given for it) and calls the kernel; the GPU
// pipeline makes the call a launch and the allocation device memory.
static void addEntry(MlirModule module, const char *kernel,
                     const TesseraTensor *out) {
  MlirOperation k = lookupFunc(module, kernel);
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(
      k, mlirStringRefCreateFromCString("function_type")));
  intptr_t n = mlirFunctionTypeGetNumInputs(ft);
  MlirType in[kMaxArgs], res = mlirFunctionTypeGetInput(ft, n - 1);
  for (intptr_t i = 0; i + 1 < n; ++i)
    in[i] = mlirFunctionTypeGetInput(ft, i);
  MlirContext ctx = mlirModuleGetContext(module);
  TsBuilder top = tsBuilderAtEnd(mlirModuleGetBody(module),
                                 mlirLocationUnknownGet(ctx));
  TsBuilder b;
  MlirOperation f = tsFunc(&top, "__run", mlirFunctionTypeGet(ctx, n - 1, in, 1, &res), &b);
  mlirOperationSetAttributeByName(f, mlirStringRefCreateFromCString("llvm.emit_c_interface"),
                                  mlirUnitAttrGet(ctx));
  MlirValue sizes[2];
  intptr_t nd = 0;
  for (intptr_t d = 0; d < 2; ++d)
    if (mlirShapedTypeIsDynamicDim(res, d))
      sizes[nd++] = tsConstIndex(&b, out->shape[d]);
  int32_t seg[2] = {(int32_t)nd, 0};
  MlirNamedAttribute sa = tsNamed(&b, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 2, seg));
  MlirValue o = tsResult(tsOp(&b, "memref.alloc", nd, sizes, 1, &res, 1, &sa, 0), 0);
  MlirValue args[kMaxArgs];
  for (intptr_t i = 0; i + 1 < n; ++i)
    args[i] = mlirBlockGetArgument(b.block, i);
  args[n - 1] = o;
  MlirNamedAttribute ca = tsNamed(&b, "callee", mlirFlatSymbolRefAttrGet(ctx, mlirStringRefCreateFromCString(kernel)));
  tsOp(&b, "func.call", n, args, 0, NULL, 1, &ca, 0);
  tsReturn(&b, 1, &o);
}

static int runGpu(const char *device, const char *chip, MlirModule module,
                  char **argv, int n) {
  char err[1024];
  TesseraDevice dev = !strcmp(device, "hip") ? TesseraDeviceHip : TesseraDeviceCuda;
  TesseraTensor t[kMaxArgs] = {{0}};
  TesseraElementType types[kMaxArgs];
  if (!argTypes(module, argv[2], n, types)) {
    fprintf(stderr, "%s: not a kernel of %d f32 / f16 memrefs\n", argv[2], n);
    return 2;
  }
  if (!makeArgs(n, argv + 4, types, t, err, sizeof err))
    return 2;
  addEntry(module, argv[2], &t[n - 1]);
  char pipeline[256];
  snprintf(pipeline, sizeof pipeline, "builtin.module(tessera-lower-to-%s{chip=%s})",
           dev == TesseraDeviceHip ? "rocdl" : "nvvm", chip);
  if (!runPipeline(module, pipeline))
    return 1;
  TesseraSignature sig;
  MlirOperation entry = lookupFunc(module, "__run");
  TesseraTensor out = {0};
  if (!tesseraSignatureFromFunc(entry, &sig, err, sizeof err) ||
      !tesseraGpuInvoke(dev, module, "__run", &sig, t, &out, NULL, err,
                        sizeof err)) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  tesseraTensorFree(&t[n - 1]);
  t[n - 1] = out;
  if (!writeArgs(argv[3], n, t))
    return 1;
  printf("ran %s on %s (%s) with %d arguments\n", argv[2], device, chip, n);
  return 0;
}

int main(int argc, char **argv) {
  bool viaTarget = false;
  const char *device = NULL, *chip = NULL;
  // Leading options; argv[0] stays the program's name.
  while (argc > 1 && !strncmp(argv[1], "--", 2)) {
    if (!strcmp(argv[1], "--via-target"))
      viaTarget = true;
    else if (!strncmp(argv[1], "--device=", 9))
      device = argv[1] + 9;
    else if (!strncmp(argv[1], "--chip=", 7))
      chip = argv[1] + 7;
    else
      break;
    argv[1] = argv[0];
    ++argv;
    --argc;
  }
  if (argc < 5 || argc - 4 > kMaxArgs || (device && !chip) ||
      (device && strcmp(device, "cuda") && strcmp(device, "hip"))) {
    fprintf(stderr,
            "usage: %s [--via-target | --device=cuda|hip --chip=C] FILE "
            "ENTRY OUTDIR RxC... (1 to %d args)\n",
            argv[0], kMaxArgs);
    return 2;
  }
  char err[512];
  size_t size;
  char *text = tesseraReadFile(argv[1], &size, err, sizeof err);
  if (!text) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  MlirContext ctx = tesseraContextCreate();
  mlirContextAttachDiagnosticHandler(ctx, onDiagnostic, NULL, NULL);
  MlirModule module = tesseraParseSource(ctx, argv[1], text, size, NULL);
  free(text);
  if (mlirModuleIsNull(module))
    return 1;
  TesseraElementType types[kMaxArgs];
  if (!argTypes(module, argv[2], argc - 4, types)) {
    fprintf(stderr, "%s: not a kernel of %d f32 / f16 memrefs\n", argv[2],
            argc - 4);
    return 2;
  }
  if (device) {
    int rc = runGpu(device, chip, module, argv, argc - 4);
    mlirModuleDestroy(module);
    mlirContextDestroy(ctx);
    return rc;
  }
  char pipeline[1024];
  snprintf(
      pipeline, sizeof pipeline, "builtin.module(tessera-verify,%s)",
      viaTarget
          ? "tessera-lower-schedule{target=host cpu-features=avx2},"
            "tessera-verify,tessera-lower-target-to-host,canonicalize,cse,"
            "tessera-host-to-llvm"
          : "tessera-lower-schedule-to-vector,tessera-verify,"
            "scf-forall-to-for,convert-math-to-llvm,convert-math-to-libm,"
            "convert-vector-to-scf,func.func(lower-vector-multi-reduction),"
            "lower-affine,convert-scf-to-cf,convert-vector-to-llvm,"
            "convert-to-llvm,reconcile-unrealized-casts");
  if (!runPipeline(module, pipeline))
    return 1;
  // The OpenMP grid of --via-target calls into libomp.
  MlirStringRef omp =
      mlirStringRefCreateFromCString(TESSERA_LLVM_LIBDIR "/libomp.so");
  MlirExecutionEngine engine = mlirExecutionEngineCreate(
      module, 2, viaTarget ? 1 : 0, &omp, false, false);
  char sym[256];
  snprintf(sym, sizeof sym, "_mlir_ciface_%s", argv[2]);
  Kernel kernel = mlirExecutionEngineIsNull(engine)
                      ? NULL
                      : (Kernel)(uintptr_t)mlirExecutionEngineLookup(
                            engine, mlirStringRefCreateFromCString(sym));
  if (!kernel) {
    fprintf(stderr, "no %s in the JIT-compiled module\n", sym);
    return 1;
  }
  int n = argc - 4;
  TesseraTensor t[kMaxArgs] = {{0}};
  Desc2D d[kMaxArgs] = {{0}};
  if (!makeArgs(n, argv + 4, types, t, err, sizeof err))
    return 2;
  for (int i = 0; i < n; ++i) {
    float *p = t[i].data;
    d[i] = (Desc2D){p, p, 0, {t[i].shape[0], t[i].shape[1]}, {t[i].shape[1], 1}};
  }
  kernel(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7]);
  if (!writeArgs(argv[3], n, t))
    return 1;
  printf("ran %s with %d arguments\n", argv[2], n);
  mlirExecutionEngineDestroy(engine);
  tesseraHostPauseOpenMP();
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}
