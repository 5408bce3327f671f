//===- VerifyPass.c - tessera-verify: semantic checks IRDL cannot make ---===//
//
// Walks every operation and hands Tessera ops (and Tessera-prefixed
// attributes on other ops) to their dialect's verifier. Every failure has
// already been reported as a located diagnostic; the walk continues so that a
// file with several mistakes reports all of them in one run, as mlir-opt's
// --verify-diagnostics tests expect.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Verify.h"
#include "Dialect/VerifyUtils.h"
#include "Pipeline/PassRegistry.h"
#include "tessera-c/Tessera.h"

#include <string.h>

struct Dispatch {
  const char *prefix; // "tgraph."
  MlirLogicalResult (*verifyOp)(MlirOperation);
  MlirLogicalResult (*verifyAttr)(MlirOperation, MlirStringRef, MlirAttribute);
};

static const struct Dispatch kDialects[] = {
    {"tgraph.", tesseraVerifyGraphOp, tesseraVerifyGraphDiscardableAttr},
    {"tsched.", tesseraVerifyScheduleOp, tesseraVerifyScheduleDiscardableAttr},
    {"ttarget.", tesseraVerifyTargetOp, tesseraVerifyTargetDiscardableAttr},
};
enum { kNumDialects = sizeof kDialects / sizeof kDialects[0] };

static bool hasPrefix(MlirStringRef s, const char *p) {
  size_t n = strlen(p);
  return s.length >= n && memcmp(s.data, p, n) == 0;
}

static MlirWalkResult verifyOne(MlirOperation op, void *ud) {
  bool *failed = ud;
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  for (int d = 0; d < kNumDialects; ++d) {
    if (hasPrefix(name, kDialects[d].prefix) &&
        tvFailed(kDialects[d].verifyOp(op)))
      *failed = true;
  }
  intptr_t n = mlirOperationGetNumAttributes(op);
  for (intptr_t i = 0; i < n; ++i) {
    MlirNamedAttribute a = mlirOperationGetAttribute(op, i);
    MlirStringRef an = mlirIdentifierStr(a.name);
    for (int d = 0; d < kNumDialects; ++d)
      if (hasPrefix(an, kDialects[d].prefix) &&
          !hasPrefix(name, kDialects[d].prefix) &&
          tvFailed(kDialects[d].verifyAttr(op, an, a.attribute)))
        *failed = true;
  }
  return MlirWalkResultAdvance;
}

MlirLogicalResult tesseraVerify(MlirOperation op) {
  bool failed = false;
  mlirOperationWalk(op, verifyOne, &failed, MlirWalkPreOrder);
  return failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}

static void runVerifyPass(MlirOperation op, MlirExternalPass pass,
                          const TesseraPassOptions *options) {
  (void)options;
  if (mlirLogicalResultIsFailure(tesseraVerify(op)))
    mlirExternalPassSignalFailure(pass);
}

const TesseraPassDef tesseraVerifyPassDef = {
    .info = {.argument = "tessera-verify",
             .summary = "Check what IRDL cannot: shapes, element types, "
                        "attribute names and values, terminators"},
    .opName = "",
    .run = runVerifyPass,
};
