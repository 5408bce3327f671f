//===- Verify.h - Semantic verification entry points per dialect ---------===//
//
// IRDL checks structure (operand/result counts and kinds). Everything else --
// shapes, element types, attribute names and values, region terminators -- is
// checked by these C verifiers, which `tessera-verify` (lib/Transforms/
// VerifyPass.c) calls for every operation of the matching dialect.
//
// Each verifier emits located diagnostics with mlirEmitError (through
// tvEmitError in VerifyUtils.h) and returns failure if anything is wrong.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_DIALECT_VERIFY_H
#define TESSERA_DIALECT_VERIFY_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Called for every operation named "tgraph.*".
MlirLogicalResult tesseraVerifyGraphOp(MlirOperation op);
/// Called for every operation named "tsched.*".
MlirLogicalResult tesseraVerifyScheduleOp(MlirOperation op);
/// Called for every operation named "ttarget.*".
MlirLogicalResult tesseraVerifyTargetOp(MlirOperation op);

/// Called for every attribute named "<dialect>.<name>" attached to an
/// operation of another dialect (for example `tsched.kernel` on a func.func,
/// or `tgraph.dims` on a function argument dictionary). `name` is the full
/// attribute name.
MlirLogicalResult tesseraVerifyGraphDiscardableAttr(MlirOperation op,
                                                    MlirStringRef name,
                                                    MlirAttribute attr);
MlirLogicalResult tesseraVerifyScheduleDiscardableAttr(MlirOperation op,
                                                       MlirStringRef name,
                                                       MlirAttribute attr);
MlirLogicalResult tesseraVerifyTargetDiscardableAttr(MlirOperation op,
                                                     MlirStringRef name,
                                                     MlirAttribute attr);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_DIALECT_VERIFY_H
