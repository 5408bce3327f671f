//===- GraphVerifyUtil.h - Shape and type checks the tgraph verifiers share =//
//
// Small accessors and checks used by every tgraph verifier file. Each check
// reports its first error on the op and returns failure.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_DIALECT_GRAPH_GRAPHVERIFYUTIL_H
#define TESSERA_DIALECT_GRAPH_GRAPHVERIFYUTIL_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stddef.h>
#include <stdint.h>

MlirType tgOperandType(MlirOperation op, intptr_t i);
MlirType tgResultType(MlirOperation op);
MlirType tgElementType(MlirType t);
intptr_t tgRankOf(MlirType t);
int64_t tgDimOf(MlirType t, intptr_t i);
const char *tgDimStr(int64_t d, char *buf, size_t cap);
MlirLogicalResult tgRequireRank(MlirOperation op, MlirType t, const char *what,
                                intptr_t rank);
MlirLogicalResult tgSameRank(MlirOperation op, MlirType a, const char *aWhat,
                             MlirType b, const char *bWhat);
MlirLogicalResult tgDimsMatch(MlirOperation op, const char *label, MlirType a,
                              const char *aWhat, intptr_t ad, MlirType b,
                              const char *bWhat, intptr_t bd);
MlirLogicalResult tgSameShape(MlirOperation op, MlirType a, const char *aWhat,
                              MlirType b, const char *bWhat);
MlirLogicalResult tgSameElementType(MlirOperation op, MlirType a,
                                    const char *aWhat, MlirType b,
                                    const char *bWhat);
MlirLogicalResult tgRequireFloat(MlirOperation op, MlirType t,
                                 const char *what);
MlirLogicalResult tgResolveDim(MlirOperation op, const char *attr,
                               int64_t value, intptr_t rank, int64_t *out);
/// tgResolveDim of a dim of `what` (its messages name it).
MlirLogicalResult tgResolveDimOf(MlirOperation op, const char *attr,
                                 int64_t value, intptr_t rank,
                                 const char *what, int64_t *out);
/// Reads the required i64 attribute 'dim' (missing: "requires attribute
/// 'dim' (<hint>)") and resolves it against a `rank` of `what`.
MlirLogicalResult tgRequiredDim(MlirOperation op, intptr_t rank,
                                const char *what, const char *hint,
                                int64_t *out);
MlirLogicalResult tgSameAsInput(MlirOperation op, MlirType in, MlirType res);

#endif // TESSERA_DIALECT_GRAPH_GRAPHVERIFYUTIL_H
