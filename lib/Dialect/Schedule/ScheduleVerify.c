//===- ScheduleVerify.c - semantic verifier (placeholder until filled) -------===//
#include "Dialect/Verify.h"
#include "Dialect/VerifyUtils.h"

MlirLogicalResult tesseraVerifyScheduleOp(MlirOperation op) {
  (void)op;
  return tvSuccess();
}

MlirLogicalResult tesseraVerifyScheduleDiscardableAttr(MlirOperation op,
                                                  MlirStringRef name,
                                                  MlirAttribute attr) {
  (void)name;
  (void)attr;
  return tvEmitError(op, "unknown discardable attribute");
}
