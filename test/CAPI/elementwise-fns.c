//===- elementwise-fns.c - Every function of the table, built and run -----===//
//
// RUN: tessera-elementwise-fns-test 2>&1 | FileCheck %s
// RUN: tessera-elementwise-fns-test --json | FileCheck %s --check-prefix=JSON
// JSON: {"name": "gelu_tanh", "arity": 1, "formula": "0.5 * x * (1 + tanh(0.7978845608028654 * (x + 0.044715 * x**3)))", "roundings": 9, "domain": [-10, 10], "samples": [
//
// Each entry of lib/IR/ElementwiseFns.c is emitted through the IR builder
// (lib/IR/Builder.c) into a scalar loop and into a vector<8xf32> loop, lowered
// as the host pipeline lowers math (tessera-approximate-math's polynomials,
// then upstream passes to LLVM), run by the JIT on 4096 f32 inputs spread over
// its domain, and compared with its float64 reference. The bound follows
// from f32: |got - ref| <= roundings * 2^-24 * (|ref| + |x| + |y|) (the
// terms' magnitude bounds what cancellation can cost), plus the smallest
// normal f32 for results near zero. Functions with no rounding (max, min,
// relu, neg, abs) must be exact.
//
// CHECK-NOT: FAIL
// CHECK: add: scalar ok, vector ok
// CHECK: swiglu: scalar ok, vector ok
// CHECK: gelu_tanh: scalar ok, vector ok
// CHECK: elementwise functions: 21 of 21 within their bounds
//
//===----------------------------------------------------------------------===//
#include "IR/Builder.h"
#include "IR/ElementwiseFns.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/ExecutionEngine.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kN = 4096, kW = 8 };

typedef struct Desc1D {
  float *allocated, *aligned;
  int64_t offset, size, stride;
} Desc1D;

// func.func @<name>_<form>(%x, %y, %out: memref<?xf32>): out[i] = fn(x[i],
// y[i]) over vector<8xf32> slices or scalars.
static void buildKernel(MlirModule module, const TesseraElementwiseFn *fn,
                        bool vector) {
  MlirContext ctx = mlirModuleGetContext(module);
  TsBuilder b = tsBuilderAtEnd(mlirModuleGetBody(module),
                               mlirLocationUnknownGet(ctx));
  MlirType mem = tsType(&b, "memref<?xf32>");
  MlirType args[3] = {mem, mem, mem};
  MlirType fty = mlirFunctionTypeGet(ctx, 3, args, 0, NULL);
  char name[64];
  snprintf(name, sizeof name, "%s_%s", fn->name, vector ? "v" : "s");
  TsBuilder body;
  MlirOperation f = tsFunc(&b, name, fty, &body);
  mlirOperationSetAttributeByName(f,
                                  mlirStringRefCreateFromCString(
                                      "llvm.emit_c_interface"),
                                  mlirUnitAttrGet(ctx));
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
  MlirValue x = mlirBlockGetArgument(entry, 0),
            y = mlirBlockGetArgument(entry, 1),
            out = mlirBlockGetArgument(entry, 2);
  MlirValue lb = tsConstIndex(&body, 0), ub = tsDim(&body, out, 0),
            step = tsConstIndex(&body, vector ? kW : 1);
  TsBuilder loop;
  MlirValue i;
  tsFor(&body, lb, ub, step, 0, NULL, &loop, &i);
  MlirValue in[2];
  MlirType vt = tsType(&b, "vector<8xf32>");
  for (int a = 0; a < 2; ++a) {
    MlirValue src = a ? y : x;
    if (vector) {
      MlirValue ops[2] = {src, i};
      in[a] = tsResult(tsOp(&loop, "vector.load", 2, ops, 1, &vt, 0, NULL, 0),
                       0);
    } else {
      in[a] = tsLoad(&loop, src, 1, &i);
    }
  }
  MlirValue r = fn->emit(&loop, in);
  if (vector) {
    MlirValue ops[3] = {r, out, i};
    tsOp(&loop, "vector.store", 3, ops, 0, NULL, 0, NULL, 0);
  } else {
    tsStore(&loop, r, out, 1, &i);
  }
  tsYield(&loop, 0, NULL);
  tsReturn(&body, 0, NULL);
}

static void printErr(MlirStringRef s, void *ud) {
  (void)ud;
  fprintf(stderr, "%.*s", (int)s.length, s.data);
}

// The inputs of argument `a`: its domain, evenly, in a different order for
// the second argument, with 0 and 1 where the domain has them.
static void fillInputs(const TesseraElementwiseFn *fn, float *x, float *y) {
  for (int i = 0; i < kN; ++i) {
    double t = (double)i / (kN - 1);
    double s = (double)((i * 1237) % kN) / (kN - 1);
    x[i] = (float)(fn->lo + t * (fn->hi - fn->lo));
    y[i] = (float)(fn->lo + s * (fn->hi - fn->lo));
  }
  if (fn->lo <= 0 && fn->hi >= 0)
    x[1] = 0.0f, y[2] = 0.0f;
  if (fn->lo <= 1 && fn->hi >= 1)
    x[3] = 1.0f, y[4] = 1.0f;
}

// Worst |got - ref| / bound over the points (> 1: out of bound).
static double worstRatio(const TesseraElementwiseFn *fn, const float *x,
                         const float *y, const float *got) {
  double worst = 0;
  for (int i = 0; i < kN; ++i) {
    double a[2] = {x[i], y[i]};
    double ref = fn->reference(a);
    double mag = fabs(ref) + fabs(a[0]) + (fn->arity == 2 ? fabs(a[1]) : 0);
    double bound = fn->roundings * ldexp(1.0, -24) * mag + FLT_MIN;
    double err = fabs((double)got[i] - ref);
    if (isnan(ref) || isnan(got[i]))
      err = isnan(ref) && isnan(got[i]) ? 0 : INFINITY;
    if (err / bound > worst)
      worst = err / bound;
  }
  return worst;
}

// --json: the table as the Python tests read it (python/tests/conftest.py):
// one object per function with its numpy formula, its f32 roundings and
// domain (what the numerics tests derive bounds and inputs from) and, at
// five points of its domain, the float64 reference, so the tests can check
// that the formula they evaluate is the one the C reference computes.
static int printJson(void) {
  printf("[");
  for (const TesseraElementwiseFn *fn = tesseraElementwiseFns; fn->name;
       ++fn) {
    printf("%s\n {\"name\": \"%s\", \"arity\": %d, \"formula\": \"%s\", "
           "\"roundings\": %d, \"domain\": [%.17g, %.17g], \"samples\": [",
           fn == tesseraElementwiseFns ? "" : ",", fn->name, fn->arity,
           fn->formula, fn->roundings, fn->lo, fn->hi);
    for (int i = 0; i < 5; ++i) {
      double args[2] = {fn->lo + (fn->hi - fn->lo) * (0.1 + 0.2 * i),
                        fn->lo + (fn->hi - fn->lo) * (0.9 - 0.15 * i)};
      printf("%s[%.17g, %.17g, %.17g]", i ? ", " : "", args[0], args[1],
             fn->reference(args));
    }
    printf("]}");
  }
  printf("\n]\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "--json"))
    return printJson();
  MlirContext ctx = tesseraContextCreate();
  MlirModule module = mlirModuleCreateEmpty(mlirLocationUnknownGet(ctx));
  int count = 0;
  for (const TesseraElementwiseFn *fn = tesseraElementwiseFns; fn->name;
       ++fn, ++count) {
    buildKernel(module, fn, false);
    buildKernel(module, fn, true);
  }
  MlirOperation op = mlirModuleGetOperation(module);
  if (!mlirOperationVerify(op)) {
    printf("FAIL: the built module does not verify\n");
    return 1;
  }
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  // The math of the host pipeline: the polynomial approximations of
  // tessera-approximate-math first, then LLVM intrinsics and libm.
  const char *pipeline =
      "builtin.module(tessera-approximate-math,convert-math-to-llvm,"
      "convert-math-to-libm,"
      "convert-vector-to-scf,"
      "convert-scf-to-cf,convert-vector-to-llvm,convert-to-llvm,"
      "reconcile-unrealized-casts)";
  if (mlirLogicalResultIsFailure(tesseraParsePassPipeline(
          mlirPassManagerGetAsOpPassManager(pm),
          mlirStringRefCreateFromCString(pipeline), printErr, NULL)) ||
      mlirLogicalResultIsFailure(mlirPassManagerRunOnOp(pm, op))) {
    printf("FAIL: lowering to LLVM\n");
    return 1;
  }
  mlirPassManagerDestroy(pm);
  MlirExecutionEngine engine = mlirExecutionEngineCreate(module, 2, 0, NULL,
                                                         false, false);
  if (mlirExecutionEngineIsNull(engine)) {
    printf("FAIL: JIT\n");
    return 1;
  }
  static float x[kN], y[kN], got[kN];
  int good = 0;
  for (const TesseraElementwiseFn *fn = tesseraElementwiseFns; fn->name;
       ++fn) {
    fillInputs(fn, x, y);
    bool ok = true;
    printf("%s:", fn->name);
    for (int form = 0; form < 2; ++form) {
      char sym[80];
      snprintf(sym, sizeof sym, "_mlir_ciface_%s_%s", fn->name,
               form ? "v" : "s");
      void (*kernel)(Desc1D *, Desc1D *, Desc1D *) =
          (void (*)(Desc1D *, Desc1D *, Desc1D *))(uintptr_t)
              mlirExecutionEngineLookup(engine,
                                        mlirStringRefCreateFromCString(sym));
      if (!kernel) {
        printf(" FAIL: no %s", sym);
        ok = false;
        continue;
      }
      memset(got, 0, sizeof got);
      Desc1D dx = {x, x, 0, kN, 1}, dy = {y, y, 0, kN, 1},
             dout = {got, got, 0, kN, 1};
      kernel(&dx, &dy, &dout);
      double r = worstRatio(fn, x, y, got);
      bool within = r <= 1.0;
      ok &= within;
      printf("%s %s %s", form ? "," : "", form ? "vector" : "scalar",
             within ? "ok" : "FAIL");
      if (!within)
        printf(" (worst error %.3g times the bound)", r);
    }
    printf("\n");
    good += ok;
  }
  printf("elementwise functions: %d of %d within their bounds\n", good,
         count);
  mlirExecutionEngineDestroy(engine);
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return good == count ? 0 : 1;
}
