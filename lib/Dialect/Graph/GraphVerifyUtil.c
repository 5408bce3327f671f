//===- GraphVerifyUtil.c - Shape and type checks the tgraph verifiers share =//
//
// Each helper reports its first error on `op` (through tvEmitError) and
// returns failure; messages name operands as the docs do ("lhs", "result").
//
//===----------------------------------------------------------------------===//
#include "Dialect/Graph/GraphVerifyUtil.h"
#include "Dialect/VerifyUtils.h"

#include <stdio.h>


MlirType tgOperandType(MlirOperation op, intptr_t i) {
  return mlirValueGetType(mlirOperationGetOperand(op, i));
}

MlirType tgResultType(MlirOperation op) {
  return mlirValueGetType(mlirOperationGetResult(op, 0));
}

MlirType tgElementType(MlirType t) {
  return mlirShapedTypeGetElementType(t);
}

intptr_t tgRankOf(MlirType t) { return mlirShapedTypeGetRank(t); }

int64_t tgDimOf(MlirType t, intptr_t i) {
  return mlirShapedTypeGetDimSize(t, i);
}

const char *tgDimStr(int64_t d, char *buf, size_t cap) {
  if (mlirShapedTypeIsDynamicSize(d))
    snprintf(buf, cap, "?");
  else
    snprintf(buf, cap, "%ld", (long)d);
  return buf;
}

MlirLogicalResult tgRequireRank(MlirOperation op, MlirType t,
                                     const char *what, intptr_t rank) {
  if (tgRankOf(t) == rank)
    return tvSuccess();
  char buf[256];
  return tvEmitError(op, "%s must have rank %ld, got %s", what, (long)rank,
                     tvTypeStr(t, buf, sizeof buf));
}

MlirLogicalResult tgSameRank(MlirOperation op, MlirType a,
                                  const char *aWhat, MlirType b,
                                  const char *bWhat) {
  if (tgRankOf(a) == tgRankOf(b))
    return tvSuccess();
  return tvEmitError(op, "rank mismatch: %s has rank %ld but %s has rank %ld",
                     aWhat, (long)tgRankOf(a), bWhat, (long)tgRankOf(b));
}

// `label` names the dimension's role ("shape", "inner dimension (K)").
MlirLogicalResult tgDimsMatch(MlirOperation op, const char *label,
                                   MlirType a, const char *aWhat, intptr_t ad,
                                   MlirType b, const char *bWhat,
                                   intptr_t bd) {
  int64_t x = tgDimOf(a, ad), y = tgDimOf(b, bd);
  if (tvDimsCompatible(x, y))
    return tvSuccess();
  char xs[24], ys[24];
  return tvEmitError(op, "%s mismatch: %s dim %ld is %s but %s dim %ld is %s",
                     label, aWhat, (long)ad, tgDimStr(x, xs, sizeof xs), bWhat,
                     (long)bd, tgDimStr(y, ys, sizeof ys));
}

MlirLogicalResult tgSameShape(MlirOperation op, MlirType a,
                                   const char *aWhat, MlirType b,
                                   const char *bWhat) {
  if (tvFailed(tgSameRank(op, a, aWhat, b, bWhat)))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < tgRankOf(a); ++i)
    if (tvFailed(tgDimsMatch(op, "shape", a, aWhat, i, b, bWhat, i)))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

MlirLogicalResult tgSameElementType(MlirOperation op, MlirType a,
                                         const char *aWhat, MlirType b,
                                         const char *bWhat) {
  if (mlirTypeEqual(tgElementType(a), tgElementType(b)))
    return tvSuccess();
  char as[64], bs[64];
  return tvEmitError(op, "element type mismatch: %s has %s but %s has %s",
                     aWhat, tvTypeStr(tgElementType(a), as, sizeof as), bWhat,
                     tvTypeStr(tgElementType(b), bs, sizeof bs));
}

MlirLogicalResult tgRequireFloat(MlirOperation op, MlirType t,
                                      const char *what) {
  if (tvIsFloatType(tgElementType(t)))
    return tvSuccess();
  char buf[64];
  return tvEmitError(op,
                     "%s element type must be a float type (f64, f32, f16, "
                     "bf16, tf32, f8E4M3FN or f8E5M2), got %s",
                     what, tvTypeStr(tgElementType(t), buf, sizeof buf));
}

// Resolves a dim index that may count from the end (-1 = last).
MlirLogicalResult tgResolveDimOf(MlirOperation op, const char *attr,
                                 int64_t value, intptr_t rank,
                                 const char *what, int64_t *out) {
  if (value >= -(int64_t)rank && value < (int64_t)rank) {
    *out = value < 0 ? value + rank : value;
    return tvSuccess();
  }
  if (rank == 0)
    return tvEmitError(op,
                       "attribute '%s' value %ld is out of range: the %s "
                       "has rank 0",
                       attr, (long)value, what);
  return tvEmitError(op,
                     "attribute '%s' value %ld is out of range for %s "
                     "rank %ld; expected a value in [%ld, %ld]",
                     attr, (long)value, what, (long)rank, -(long)rank,
                     (long)rank - 1);
}

MlirLogicalResult tgResolveDim(MlirOperation op, const char *attr,
                               int64_t value, intptr_t rank, int64_t *out) {
  return tgResolveDimOf(op, attr, value, rank, "input", out);
}

// Element type equal to the input's and a float, and shape compatible: the
// result contract of every op that maps an input elementwise.
MlirLogicalResult tgSameAsInput(MlirOperation op, MlirType in,
                                     MlirType res) {
  if (tvFailed(tgSameElementType(op, in, "input", res, "result")) ||
      tvFailed(tgRequireFloat(op, in, "input")))
    return mlirLogicalResultFailure();
  return tgSameShape(op, in, "input", res, "result");
}


MlirLogicalResult tgRequiredDim(MlirOperation op, intptr_t rank,
                                const char *what, const char *hint,
                                int64_t *out) {
  bool present;
  int64_t dim = 0;
  if (tvFailed(tvGetI64Attr(op, "dim", &present, &dim)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'dim' (%s)", hint);
  return tgResolveDimOf(op, "dim", dim, rank, what, out);
}
