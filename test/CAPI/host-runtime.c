//===- host-runtime.c - Compile and run Graph IR from plain C ------------===//
//
// The public C API end to end, with no Python and no tool: parse Graph IR,
// lower it with the tessera-lower-to-host pipeline, JIT it, run it on
// tensors and check the result against a double-precision loop.
//
// RUN: tessera-host-runtime-test 2>&1 | FileCheck %s
//
//===----------------------------------------------------------------------===//
#include "tessera-c/Runtime.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char kProgram[] =
    "func.func @mlp(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %b: "
    "tensor<?xf32>) -> tensor<?x?xf32> {\n"
    "  %y = \"tgraph.matmul\"(%x, %w) : (tensor<?x?xf32>, tensor<?x?xf32>) "
    "-> tensor<?x?xf32>\n"
    "  %bb = \"tgraph.broadcast\"(%b) : (tensor<?xf32>) -> tensor<?x?xf32>\n"
    "  %z = \"tgraph.add\"(%y, %bb) : (tensor<?x?xf32>, tensor<?x?xf32>) -> "
    "tensor<?x?xf32>\n"
    "  %r = \"tgraph.relu\"(%z) : (tensor<?x?xf32>) -> tensor<?x?xf32>\n"
    "  return %r : tensor<?x?xf32>\n"
    "}\n";

static void printError(MlirStringRef s, void *ud) {
  (void)ud;
  printf("error: %.*s\n", (int)s.length, s.data);
}

static float value(int64_t i, int64_t j, int salt) {
  return (float)((i * 7 + j * 13 + salt) % 17) / 8.0f - 1.0f;
}

int main(void) {
  enum { M = 37, K = 29, N = 41 };
  MlirContext ctx = tesseraContextCreate();
  MlirModule m =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kProgram));
  TesseraSignature sig;
  char err[512];
  MlirOperation func = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
  if (!tesseraSignatureFromFunc(func, &sig, err, sizeof err)) {
    printf("signature: %s\n", err);
    return 1;
  }
  // CHECK: signature: 3 inputs, 1 result, result rank 2
  printf("signature: %d inputs, %d result, result rank %d\n", sig.numInputs,
         sig.numResults, sig.results[0].rank);

  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult r = tesseraParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString("tessera-lower-to-host"), printError,
      NULL);
  if (mlirLogicalResultIsSuccess(r))
    r = mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(m));
  mlirPassManagerDestroy(pm);
  // CHECK: lowered: yes
  printf("lowered: %s\n", mlirLogicalResultIsSuccess(r) ? "yes" : "no");

  TesseraHostModule *host = tesseraHostModuleCreate(m, 3, err, sizeof err);
  // CHECK: jit: yes
  printf("jit: %s\n", host ? "yes" : err);
  if (!host)
    return 1;

  TesseraTensor in[3], out[1];
  int64_t xs[2] = {M, K}, ws[2] = {K, N}, bs[1] = {N};
  tesseraTensorAlloc(&in[0], TesseraF32, 2, xs, err, sizeof err);
  tesseraTensorAlloc(&in[1], TesseraF32, 2, ws, err, sizeof err);
  tesseraTensorAlloc(&in[2], TesseraF32, 1, bs, err, sizeof err);
  float *x = in[0].data, *w = in[1].data, *b = in[2].data;
  for (int i = 0; i < M; ++i)
    for (int k = 0; k < K; ++k)
      x[i * K + k] = value(i, k, 1);
  for (int k = 0; k < K; ++k)
    for (int j = 0; j < N; ++j)
      w[k * N + j] = value(k, j, 2);
  for (int j = 0; j < N; ++j)
    b[j] = value(j, 0, 3);
  bool ok = tesseraHostInvoke(host, "mlp", &sig, in, out, err, sizeof err);
  // CHECK: invoke: yes, result 37 x 41
  printf("invoke: %s, result %lld x %lld\n", ok ? "yes" : err,
         (long long)out[0].shape[0], (long long)out[0].shape[1]);
  double worst = 0;
  const float *y = out[0].data;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double ref = b[j];
      for (int k = 0; k < K; ++k)
        ref += (double)x[i * K + k] * w[k * N + j];
      ref = ref > 0 ? ref : 0;
      double e = fabs(ref - y[i * N + j]);
      worst = e > worst ? e : worst;
    }
  // Inputs are multiples of 1/8 in [-1, 1]: every product and partial sum
  // is exact in f32, so the result must be exact.
  // CHECK: max error: 0
  printf("max error: %g\n", worst);

  // Wrong input shapes are refused with a message, not run.
  int64_t bad[2] = {M, K + 1};
  TesseraTensor wrong;
  tesseraTensorAlloc(&wrong, TesseraF32, 2, bad, err, sizeof err);
  TesseraTensor args[3] = {in[0], wrong, in[2]};
  TesseraTensor out2[1];
  ok = tesseraHostInvoke(host, "mlp", &sig, args, out2, err, sizeof err);
  // CHECK: mismatch refused: inputs of 'mlp' are invalid: matmul inner dimensions: input 0 dim 1 must equal input 1 dim 0
  printf("mismatch refused: %s\n", ok ? "no" : err);
  tesseraTensorFree(&wrong);

  for (int i = 0; i < 3; ++i)
    tesseraTensorFree(&in[i]);
  tesseraTensorFree(&out[0]);
  tesseraHostModuleDestroy(host);
  mlirModuleDestroy(m);
  mlirContextDestroy(ctx);
  // CHECK: done
  printf("done\n");
  return 0;
}
