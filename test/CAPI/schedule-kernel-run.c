//===- schedule-kernel-run.c - Run a Schedule IR kernel on the host -------===//
//
// tessera-schedule-kernel-run [--via-target] FILE ENTRY OUTDIR RxC... : parses
// a Schedule IR kernel whose arguments are rank-2 f32 memrefs, compiles it op
// by op (tessera-lower-schedule-to-vector; with --via-target the way the host
// pipeline does: tessera-lower-schedule{target=host} to Target IR, then
// tessera-lower-target-to-host) and on through upstream passes to LLVM,
// JIT-runs it on deterministic inputs in [-1, 1) of the given shapes (the
// last argument is the output, zero-filled), and writes every argument to
// OUTDIR/arg<i>.npy for a numpy reference to check
// (test/Conversion/ScheduleToVector/*.test).
//
// RUN: not tessera-schedule-kernel-run 2>&1 | FileCheck %s
// CHECK: usage: {{.*}}tessera-schedule-kernel-run [--via-target] FILE ENTRY OUTDIR RxC...
//
//===----------------------------------------------------------------------===//
#include "Support/Source.h"
#include "tessera-c/Runtime.h"
#include "tessera-c/Tessera.h"

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

int main(int argc, char **argv) {
  bool viaTarget = argc > 1 && !strcmp(argv[1], "--via-target");
  if (viaTarget) {
    argv[1] = argv[0];
    ++argv;
    --argc;
  }
  if (argc < 5 || argc - 4 > kMaxArgs) {
    fprintf(stderr,
            "usage: %s [--via-target] FILE ENTRY OUTDIR RxC... (1 to %d "
            "args)\n",
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
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  char pipeline[1024];
  snprintf(
      pipeline, sizeof pipeline,
      "builtin.module(tessera-verify,%s,"
      "tessera-verify,scf-forall-to-for,convert-math-to-llvm,"
      "convert-math-to-libm,convert-vector-to-scf,"
      "func.func(lower-vector-multi-reduction),lower-affine,convert-scf-to-cf,convert-vector-to-llvm,convert-to-llvm,"
      "reconcile-unrealized-casts)",
      viaTarget ? "tessera-lower-schedule{target=host cpu-features=avx2},"
                  "tessera-verify,tessera-lower-target-to-host"
                : "tessera-lower-schedule-to-vector");
  if (mlirLogicalResultIsFailure(tesseraParsePassPipeline(
          mlirPassManagerGetAsOpPassManager(pm),
          mlirStringRefCreateFromCString(pipeline), printErr, NULL)) ||
      mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)))) {
    fprintf(stderr, "lowering failed\n");
    return 1;
  }
  mlirPassManagerDestroy(pm);
  MlirExecutionEngine engine =
      mlirExecutionEngineCreate(module, 2, 0, NULL, false, false);
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
  uint64_t state = 12345;
  for (int i = 0; i < n; ++i) {
    int64_t shape[2];
    if (sscanf(argv[4 + i], "%" SCNd64 "x%" SCNd64, &shape[0], &shape[1]) !=
            2 ||
        !tesseraTensorAlloc(&t[i], TesseraF32, 2, shape, err,
                            sizeof err)) {
      fprintf(stderr, "bad shape '%s'\n", argv[4 + i]);
      return 2;
    }
    float *p = t[i].data;
    for (int64_t e = 0; e < shape[0] * shape[1]; ++e) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      p[e] = i == n - 1 ? 0.0f : (float)((state >> 40) / 8388608.0) - 1.0f;
    }
    d[i] = (Desc2D){p, p, 0, {shape[0], shape[1]}, {shape[1], 1}};
  }
  kernel(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7]);
  for (int i = 0; i < n; ++i) {
    char path[600];
    snprintf(path, sizeof path, "%s/arg%d.npy", argv[3], i);
    if (!tesseraNpyWrite(path, &t[i], err, sizeof err)) {
      fprintf(stderr, "%s\n", err);
      return 1;
    }
    tesseraTensorFree(&t[i]);
  }
  printf("ran %s with %d arguments\n", argv[2], n);
  mlirExecutionEngineDestroy(engine);
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}
