//===- GraphVerifyAttention.c - Semantic checks of tgraph.attention -------===//
//
// softmax(scale * q k^T [+ mask], causal) v over the last two dims:
//   q [..., S, D], k [..., T, D], v [..., T, Dv] -> result [..., S, Dv],
// with an optional additive mask [S, T]. Leading dims are batch dims and
// agree, except the heads dim (r - 3, when the rank is at least 3): q may
// have a multiple of k's heads (grouped-query and multi-query attention:
// query head h reads key/value head h / (Hq / Hkv), as PyTorch's
// enable_gqa). Dims compare with tvDimsCompatible, like every tgraph check.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Graph/GraphOps.h"
#include "Dialect/Graph/GraphVerifyUtil.h"
#include "Dialect/VerifyUtils.h"

#include <math.h>
#include <stdio.h>

static MlirLogicalResult checkTypes(MlirOperation op, MlirType q, MlirType k,
                                    MlirType v, MlirType res) {
  if (tvFailed(tgRequireFloat(op, q, "q")) ||
      tvFailed(tgSameElementType(op, q, "q", k, "k")) ||
      tvFailed(tgSameElementType(op, q, "q", v, "v")) ||
      tvFailed(tgRequireFloat(op, res, "result")))
    return mlirLogicalResultFailure();
  // The result is q's type, or f32 (the accumulator's, unrounded).
  MlirType re = tgElementType(res);
  if (mlirTypeEqual(re, tgElementType(q)) || mlirTypeIsAF32(re))
    return tvSuccess();
  char rs[64], qs[64];
  return tvEmitError(op,
                     "result element type must be q's (%s) or f32, got %s",
                     tvTypeStr(tgElementType(q), qs, sizeof qs),
                     tvTypeStr(re, rs, sizeof rs));
}

// The heads dim: equal, or q's a multiple of k's when both are static.
static MlirLogicalResult checkHeads(MlirOperation op, MlirType q, MlirType k,
                                    intptr_t d) {
  int64_t hq = tgDimOf(q, d), hk = tgDimOf(k, d);
  if (mlirShapedTypeIsDynamicSize(hq) || mlirShapedTypeIsDynamicSize(hk))
    return tvSuccess();
  if (hk > 0 && hq % hk == 0)
    return tvSuccess();
  return tvEmitError(op,
                     "q has %ld heads (dim %ld) and k has %ld; q's head count "
                     "must be a multiple of k's (grouped-query attention)",
                     (long)hq, (long)d, (long)hk);
}

static MlirLogicalResult checkShapes(MlirOperation op, MlirType q, MlirType k,
                                     MlirType v, MlirType res) {
  intptr_t r = tgRankOf(q);
  if (r < 2)
    return tvEmitError(op, "q must have rank 2 or more ([..., S, D]), got "
                           "rank %ld",
                       (long)r);
  if (tvFailed(tgSameRank(op, q, "q", k, "k")) ||
      tvFailed(tgSameRank(op, q, "q", v, "v")) ||
      tvFailed(tgSameRank(op, q, "q", res, "result")))
    return mlirLogicalResultFailure();
  for (intptr_t d = 0; d + 2 < r; ++d) {
    bool heads = d == r - 3;
    const char *label = heads ? "heads dimension" : "batch dimension";
    if (tvFailed(tgDimsMatch(op, label, v, "v", d, k, "k", d)) ||
        tvFailed(tgDimsMatch(op, label, res, "result", d, q, "q", d)) ||
        tvFailed(heads ? checkHeads(op, q, k, d)
                       : tgDimsMatch(op, label, k, "k", d, q, "q", d)))
      return mlirLogicalResultFailure();
  }
  if (tvFailed(tgDimsMatch(op, "head dimension (D)", k, "k", r - 1, q, "q",
                           r - 1)) ||
      tvFailed(tgDimsMatch(op, "key dimension (T)", v, "v", r - 2, k, "k",
                           r - 2)) ||
      tvFailed(tgDimsMatch(op, "query dimension (S)", res, "result", r - 2, q,
                           "q", r - 2)) ||
      tvFailed(tgDimsMatch(op, "value dimension (Dv)", res, "result", r - 1,
                           v, "v", r - 1)))
    return mlirLogicalResultFailure();
  return tvSuccess();
}

// The additive mask: [S, T], a float type of its own.
static MlirLogicalResult checkMask(MlirOperation op, MlirType q, MlirType k) {
  MlirType m = tgOperandType(op, 3);
  intptr_t r = tgRankOf(q);
  if (tvFailed(tgRequireRank(op, m, "mask", 2)) ||
      tvFailed(tgRequireFloat(op, m, "mask")) ||
      tvFailed(tgDimsMatch(op, "mask rows (S)", m, "mask", 0, q, "q",
                           r - 2)) ||
      tvFailed(tgDimsMatch(op, "mask columns (T)", m, "mask", 1, k, "k",
                           r - 2)))
    return mlirLogicalResultFailure();
  return tvSuccess();
}

static MlirLogicalResult checkAttrs(MlirOperation op) {
  bool hasScale, hasCausal, causal;
  double scale = 0;
  if (tvFailed(tvGetF64Attr(op, "scale", &hasScale, &scale)) ||
      tvFailed(tvGetBoolAttr(op, "causal", &hasCausal, &causal)))
    return mlirLogicalResultFailure();
  if (hasScale && !(isfinite(scale) && scale > 0))
    return tvEmitError(op,
                       "attribute 'scale' must be finite and positive, got %g",
                       scale);
  return tvSuccess();
}

MlirLogicalResult tgVerifyAttention(MlirOperation op) {
  MlirType q = tgOperandType(op, 0), k = tgOperandType(op, 1),
           v = tgOperandType(op, 2), res = tgResultType(op);
  if (tvFailed(checkAttrs(op)) || tvFailed(checkTypes(op, q, k, v, res)) ||
      tvFailed(checkShapes(op, q, k, v, res)))
    return mlirLogicalResultFailure();
  if (mlirOperationGetNumOperands(op) == 4)
    return checkMask(op, q, k);
  return tvSuccess();
}
