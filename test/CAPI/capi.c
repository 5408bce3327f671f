//===- capi.c - Tessera's public C API, used from plain C ----------------===//
//
// RUN: tessera-capi-test 2>&1 | FileCheck %s
//
//===----------------------------------------------------------------------===//
#include "tessera-c/Tessera.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void printToStdout(MlirStringRef s, void *ud) {
  (void)ud;
  fwrite(s.data, 1, s.length, stdout);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic d, void *ud) {
  int *count = ud;
  ++*count;
  printf("diagnostic: ");
  mlirDiagnosticPrint(d, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

static const char kValid[] =
    "func.func @mm(%a: tensor<?x64xf16>, %b: tensor<64x32xf16>) -> "
    "tensor<?x32xf32> {\n"
    "  %c = \"tgraph.matmul\"(%a, %b) : (tensor<?x64xf16>, tensor<64x32xf16>)"
    " -> tensor<?x32xf32>\n"
    "  %r = \"tgraph.relu\"(%c) : (tensor<?x32xf32>) -> tensor<?x32xf32>\n"
    "  return %r : tensor<?x32xf32>\n"
    "}\n";

static const char kInnerMismatch[] =
    "func.func @bad(%a: tensor<8x64xf32>, %b: tensor<63x32xf32>) -> "
    "tensor<8x32xf32> {\n"
    "  %c = \"tgraph.matmul\"(%a, %b) : (tensor<8x64xf32>, tensor<63x32xf32>)"
    " -> tensor<8x32xf32>\n"
    "  return %c : tensor<8x32xf32>\n"
    "}\n";

static void testDialectsAndVerify(MlirContext ctx) {
  // CHECK-LABEL: testDialectsAndVerify
  printf("testDialectsAndVerify\n");
  MlirModule m =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kValid));
  if (mlirModuleIsNull(m)) {
    printf("parse failed\n");
    exit(1);
  }
  // CHECK: valid: verified
  printf("valid: %s\n",
         mlirLogicalResultIsSuccess(
             tesseraVerify(mlirModuleGetOperation(m)))
             ? "verified"
             : "rejected");
  mlirModuleDestroy(m);

  int diags = 0;
  MlirDiagnosticHandlerID h =
      mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, &diags, NULL);
  m = mlirModuleCreateParse(ctx,
                            mlirStringRefCreateFromCString(kInnerMismatch));
  // CHECK: diagnostic: 'tgraph.matmul' op
  // CHECK: mismatch: rejected with 1 diagnostic(s)
  MlirLogicalResult r = tesseraVerify(mlirModuleGetOperation(m));
  printf("mismatch: %s with %d diagnostic(s)\n",
         mlirLogicalResultIsSuccess(r) ? "verified" : "rejected", diags);
  mlirModuleDestroy(m);
  mlirContextDetachDiagnosticHandler(ctx, h);
}

static void testPassTable(void) {
  // CHECK-LABEL: testPassTable
  printf("testPassTable\n");
  // CHECK: pass: tessera-verify
  for (intptr_t i = 0; i < tesseraGetNumPasses(); ++i)
    printf("pass: %s\n", tesseraGetPassInfo(i)->argument);
  // CHECK: lookup tessera-verify: found
  // CHECK: lookup canonicalize: absent
  printf("lookup tessera-verify: %s\n",
         tesseraLookupPass(mlirStringRefCreateFromCString("tessera-verify"))
             ? "found"
             : "absent");
  printf("lookup canonicalize: %s\n",
         tesseraLookupPass(mlirStringRefCreateFromCString("canonicalize"))
             ? "found"
             : "absent");
}

static void printError(MlirStringRef s, void *ud) {
  (void)ud;
  printf("pipeline error: %.*s\n", (int)s.length, s.data);
}

static void testPipeline(MlirContext ctx) {
  // CHECK-LABEL: testPipeline
  printf("testPipeline\n");
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult r = tesseraParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(
          "builtin.module(tessera-verify,canonicalize,"
          "func.func(cse,tessera-verify))"),
      printError, NULL);
  // CHECK: mixed pipeline parsed: yes
  printf("mixed pipeline parsed: %s\n",
         mlirLogicalResultIsSuccess(r) ? "yes" : "no");
  MlirModule m =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kValid));
  r = mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(m));
  // CHECK: run: success
  // CHECK: "tgraph.matmul"
  printf("run: %s\n", mlirLogicalResultIsSuccess(r) ? "success" : "failure");
  mlirOperationPrint(mlirModuleGetOperation(m), printToStdout, NULL);
  printf("\n");
  mlirModuleDestroy(m);
  mlirPassManagerDestroy(pm);

  // CHECK: pipeline error: pass 'tessera-verify' takes no options, got 'x'
  // CHECK: bad options parsed: no
  pm = mlirPassManagerCreate(ctx);
  r = tesseraParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString("tessera-verify{x=1}"), printError,
      NULL);
  printf("bad options parsed: %s\n",
         mlirLogicalResultIsSuccess(r) ? "yes" : "no");
  mlirPassManagerDestroy(pm);
}

int main(void) {
  MlirContext ctx = tesseraContextCreate();
  if (mlirContextIsNull(ctx)) {
    printf("context creation failed\n");
    return 1;
  }
  testDialectsAndVerify(ctx);
  testPassTable();
  testPipeline(ctx);
  mlirContextDestroy(ctx);
  // CHECK: done
  printf("done\n");
  return 0;
}
