//===- GraphVerifyIndexing.c - Verifiers of tgraph.iota and embedding ----===//
//
// The ops that make or use indices: iota writes each element's index, an
// embedding gathers the rows its ids name. docs/dialects/graph.md.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Graph/GraphOps.h"
#include "Dialect/Graph/GraphVerifyUtil.h"
#include "Dialect/VerifyUtils.h"

static bool isIdType(MlirType t) {
  return mlirTypeIsAInteger(t) && !mlirIntegerTypeIsUnsigned(t) &&
         (mlirIntegerTypeGetWidth(t) == 32 || mlirIntegerTypeGetWidth(t) == 64);
}

// Element types an index can be written in: the float types (rounded:
// bf16 holds every index up to 256, f16 up to 2048, f32 up to 2^24) and
// the integer types of ids.
static bool isIotaElement(MlirType t) {
  return mlirTypeIsAF32(t) || mlirTypeIsAF16(t) || mlirTypeIsABF16(t) ||
         isIdType(t);
}

MlirLogicalResult tgVerifyIota(MlirOperation op) {
  MlirType res = tgResultType(op);
  intptr_t rank = tgRankOf(res);
  char ts[64];
  MlirType et = mlirShapedTypeGetElementType(res);
  if (!isIotaElement(et))
    return tvEmitError(op, "result element type must be f32, f16, bf16, i32 "
                           "or i64, got %s",
                       tvTypeStr(et, ts, sizeof ts));
  if (rank == 0)
    return tvEmitError(op, "result has rank 0; iota counts along a dim");
  int64_t d;
  if (tvFailed(tgRequiredDim(op, rank, "result",
                             "the dim whose index each element holds, e.g. "
                             "dim = 0 : i64",
                             &d)))
    return mlirLogicalResultFailure();
  if (mlirOperationGetNumOperands(op) == 1) {
    MlirType like = tgOperandType(op, 0);
    if (tvFailed(tgSameRank(op, res, "result", like, "like")))
      return mlirLogicalResultFailure();
    for (intptr_t i = 0; i < rank; ++i)
      if (tvFailed(tgDimsMatch(op, "shape", res, "result", i, like, "like",
                               i)))
        return mlirLogicalResultFailure();
    return tvSuccess();
  }
  for (intptr_t i = 0; i < rank; ++i)
    if (mlirShapedTypeIsDynamicSize(tgDimOf(res, i)))
      return tvEmitError(op, "result dim %ld is dynamic but there is no "
                             "'like' operand to give its size",
                         (long)i);
  return tvSuccess();
}

// ids [...] (i32 / i64) and table [V, D] -> [..., D] in the table's type.
MlirLogicalResult tgVerifyEmbedding(MlirOperation op) {
  MlirType ids = tgOperandType(op, 0), table = tgOperandType(op, 1),
           res = tgResultType(op);
  intptr_t r = tgRankOf(ids);
  char ts[64];
  MlirType it = mlirShapedTypeGetElementType(ids);
  if (!isIdType(it))
    return tvEmitError(op, "ids element type must be i32 or i64, got %s",
                       tvTypeStr(it, ts, sizeof ts));
  if (tvFailed(tgRequireRank(op, table, "table", 2)) ||
      tvFailed(tgRequireFloat(op, table, "table")) ||
      tvFailed(tgRequireRank(op, res, "result", r + 1)) ||
      tvFailed(tgSameElementType(op, table, "table", res, "result")))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < r; ++i)
    if (tvFailed(tgDimsMatch(op, "shape", res, "result", i, ids, "ids", i)))
      return mlirLogicalResultFailure();
  if (tvFailed(tgDimsMatch(op, "embedding dim", res, "result", r, table,
                           "table", 1)))
    return mlirLogicalResultFailure();
  if (tgDimOf(table, 0) == 0)
    return tvEmitError(op, "table has 0 rows; no id can name one");
  return tvSuccess();
}
