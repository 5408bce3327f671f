//===- GraphVerifyOps.c - Per-op semantic checks of the tgraph dialect ----===//
//
// Each check runs after GraphVerify.c's generic ones: counts are right and
// every operand and result is a ranked tensor of rank <= TG_MAX_RANK, so
// operand indices and per-dim buffers below are in bounds. Dims compare with
// tvDimsCompatible: a dynamic dim matches anything, two static dims must be
// equal. Each check reports its first error and returns.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Graph/GraphOps.h"
#include "Dialect/Graph/GraphVerifyUtil.h"
#include "Dialect/VerifyUtils.h"

#include <stdio.h>

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

// lhs [B]xMxK times rhs [B]xKxN gives [B]xMxN; `batch` is 0 or 1.
static MlirLogicalResult verifyContraction(MlirOperation op, intptr_t batch) {
  MlirType lhs = tgOperandType(op, 0), rhs = tgOperandType(op, 1),
           res = tgResultType(op);
  intptr_t rank = 2 + batch, m = batch, k = batch + 1;
  if (tvFailed(tgRequireRank(op, lhs, "lhs", rank)) ||
      tvFailed(tgRequireRank(op, rhs, "rhs", rank)) ||
      tvFailed(tgRequireRank(op, res, "result", rank)) ||
      tvFailed(tgRequireFloat(op, lhs, "lhs")) ||
      tvFailed(tgRequireFloat(op, rhs, "rhs")) ||
      tvFailed(tgRequireFloat(op, res, "result")) ||
      // The result may widen (f16 x f16 -> f32); the inputs share a type.
      tvFailed(tgSameElementType(op, lhs, "lhs", rhs, "rhs")))
    return mlirLogicalResultFailure();
  if (batch &&
      (tvFailed(tgDimsMatch(op, "batch dimension", lhs, "lhs", 0, rhs, "rhs",
                          0)) ||
       tvFailed(tgDimsMatch(op, "batch dimension", res, "result", 0, lhs,
                          "lhs", 0)) ||
       tvFailed(tgDimsMatch(op, "batch dimension", res, "result", 0, rhs,
                          "rhs", 0))))
    return mlirLogicalResultFailure();
  if (tvFailed(tgDimsMatch(op, "inner dimension (K)", lhs, "lhs", k, rhs,
                         "rhs", m)) ||
      tvFailed(tgDimsMatch(op, "row dimension (M)", res, "result", m, lhs,
                         "lhs", m)) ||
      tvFailed(tgDimsMatch(op, "column dimension (N)", res, "result", k, rhs,
                         "rhs", k)))
    return mlirLogicalResultFailure();
  return tvSuccess();
}

// input [..., K] times weight [N, K] transposed, plus bias [N]: [..., N].
MlirLogicalResult tgVerifyLinear(MlirOperation op) {
  MlirType x = tgOperandType(op, 0), w = tgOperandType(op, 1),
           res = tgResultType(op);
  intptr_t r = tgRankOf(x);
  if (r < 1)
    return tvEmitError(op, "input has rank 0; linear maps its last dim");
  if (tvFailed(tgRequireRank(op, w, "weight", 2)) ||
      tvFailed(tgRequireRank(op, res, "result", r)) ||
      tvFailed(tgRequireFloat(op, x, "input")) ||
      tvFailed(tgRequireFloat(op, w, "weight")) ||
      tvFailed(tgRequireFloat(op, res, "result")) ||
      // The result may widen (f16 x f16 -> f32); the inputs share a type.
      tvFailed(tgSameElementType(op, x, "input", w, "weight")) ||
      tvFailed(tgDimsMatch(op, "inner dimension (K)", x, "input", r - 1, w,
                           "weight", 1)) ||
      tvFailed(tgDimsMatch(op, "output features (N)", res, "result", r - 1,
                           w, "weight", 0)))
    return mlirLogicalResultFailure();
  for (intptr_t d = 0; d + 1 < r; ++d)
    if (tvFailed(tgDimsMatch(op, "shape", res, "result", d, x, "input", d)))
      return mlirLogicalResultFailure();
  if (mlirOperationGetNumOperands(op) == 3) {
    MlirType b = tgOperandType(op, 2);
    if (tvFailed(tgRequireRank(op, b, "bias", 1)) ||
        tvFailed(tgRequireFloat(op, b, "bias")) ||
        tvFailed(tgDimsMatch(op, "output features (N)", b, "bias", 0, w,
                             "weight", 0)))
      return mlirLogicalResultFailure();
  }
  return tvSuccess();
}

MlirLogicalResult tgVerifyMatmul(MlirOperation op) {
  return verifyContraction(op, 0);
}

MlirLogicalResult tgVerifyBatchMatmul(MlirOperation op) {
  return verifyContraction(op, 1);
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

MlirLogicalResult tgVerifyElementwiseBinary(MlirOperation op) {
  MlirType lhs = tgOperandType(op, 0), rhs = tgOperandType(op, 1),
           res = tgResultType(op);
  if (tvFailed(tgSameElementType(op, lhs, "lhs", rhs, "rhs")) ||
      tvFailed(tgSameElementType(op, lhs, "lhs", res, "result")) ||
      tvFailed(tgRequireFloat(op, lhs, "lhs")) ||
      // No implicit broadcasting: tgraph.broadcast says it explicitly.
      tvFailed(tgSameShape(op, lhs, "lhs", rhs, "rhs")) ||
      tvFailed(tgSameShape(op, lhs, "lhs", res, "result")) ||
      // lhs may be dynamic where rhs and result are static and differ.
      tvFailed(tgSameShape(op, rhs, "rhs", res, "result")))
    return mlirLogicalResultFailure();
  return tvSuccess();
}

MlirLogicalResult tgVerifyElementwiseUnary(MlirOperation op) {
  return tgSameAsInput(op, tgOperandType(op, 0), tgResultType(op));
}

MlirLogicalResult tgVerifyGelu(MlirOperation op) {
  static const char *const kApprox[] = {"none", "tanh", NULL};
  bool present;
  int which;
  if (tvFailed(tvGetEnumAttr(op, "approximate", kApprox, &present, &which)))
    return mlirLogicalResultFailure();
  return tgVerifyElementwiseUnary(op);
}

// clamp: min(max(x, min), max), as torch.clamp; at least one bound, and
// min <= max when both are given (NaN bounds rejected).
MlirLogicalResult tgVerifyClamp(MlirOperation op) {
  bool hasLo, hasHi;
  double lo = 0, hi = 0;
  if (tvFailed(tvGetF64Attr(op, "min", &hasLo, &lo)) ||
      tvFailed(tvGetF64Attr(op, "max", &hasHi, &hi)))
    return mlirLogicalResultFailure();
  if (!hasLo && !hasHi)
    return tvEmitError(op, "needs attribute 'min', 'max' or both");
  if ((hasLo && lo != lo) || (hasHi && hi != hi))
    return tvEmitError(op, "bounds must not be NaN");
  if (hasLo && hasHi && lo > hi)
    return tvEmitError(op, "attribute 'min' (%g) is greater than 'max' (%g)",
                       lo, hi);
  return tgVerifyElementwiseUnary(op);
}

MlirLogicalResult tgVerifySoftmax(MlirOperation op) {
  MlirType in = tgOperandType(op, 0);
  bool present;
  int64_t dim = -1, resolved;
  if (tvFailed(tvGetI64Attr(op, "dim", &present, &dim)) ||
      tvFailed(tgResolveDim(op, "dim", dim, tgRankOf(in), &resolved)))
    return mlirLogicalResultFailure();
  return tgSameAsInput(op, in, tgResultType(op));
}

//===----------------------------------------------------------------------===//
// Reduction
//===----------------------------------------------------------------------===//

// Reads `dims` into a per-dim mask; negative entries count from the end, the
// order is free, a dim may appear once.
static MlirLogicalResult readReducedDims(MlirOperation op, intptr_t rank,
                                         bool reduced[TG_MAX_RANK],
                                         intptr_t *count) {
  int64_t dims[TG_MAX_RANK];
  bool present;
  if (tvFailed(tvGetI64ArrayAttr(op, "dims", &present, dims, TG_MAX_RANK,
                                 count)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'dims', the dimensions to "
                           "reduce (e.g. dims = array<i64: 1>)");
  if (*count == 0)
    return tvEmitError(op, "attribute 'dims' must name at least one "
                           "dimension");
  for (intptr_t i = 0; i < *count; ++i) {
    int64_t d = 0; // set by tgResolveDim on success (-O3 cannot tell)
    if (tvFailed(tgResolveDim(op, "dims", dims[i], rank, &d)))
      return mlirLogicalResultFailure();
    if (reduced[d])
      return tvEmitError(op, "attribute 'dims' names dimension %ld twice",
                         (long)d);
    reduced[d] = true;
  }
  return tvSuccess();
}

static MlirLogicalResult reducedShape(MlirOperation op);

MlirLogicalResult tgVerifyReduce(MlirOperation op) {
  static const char *const kKinds[] = {"sum", "max", "mean", NULL};
  bool present;
  int kind;
  if (tvFailed(tvGetEnumAttr(op, "kind", kKinds, &present, &kind)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'kind' (\"sum\", \"max\" or "
                           "\"mean\")");
  return reducedShape(op);
}

// var: a reduction like reduce's, dividing the centred sum of squares by
// count - correction (Bessel's 1 by default, as torch.var).
MlirLogicalResult tgVerifyVar(MlirOperation op) {
  bool present;
  int64_t correction = 1;
  if (tvFailed(tvGetI64Attr(op, "correction", &present, &correction)))
    return mlirLogicalResultFailure();
  if (correction < 0)
    return tvEmitError(op, "attribute 'correction' must be >= 0, got %lld",
                       (long long)correction);
  return reducedShape(op);
}

// What reduce and var share: `dims`, `keep_dims`, the types, the result's
// rank and kept dims.
static MlirLogicalResult reducedShape(MlirOperation op) {
  MlirType in = tgOperandType(op, 0), res = tgResultType(op);
  intptr_t rank = tgRankOf(in), count = 0;
  bool present, keep = false, reduced[TG_MAX_RANK] = {false};
  if (tvFailed(readReducedDims(op, rank, reduced, &count)) ||
      tvFailed(tvGetBoolAttr(op, "keep_dims", &present, &keep)) ||
      tvFailed(tgSameElementType(op, in, "input", res, "result")) ||
      tvFailed(tgRequireFloat(op, in, "input")))
    return mlirLogicalResultFailure();
  intptr_t expected = keep ? rank : rank - count;
  if (tgRankOf(res) != expected) {
    char buf[256];
    return tvEmitError(op,
                       "result must have rank %ld (input rank %ld, %ld "
                       "dimension%s reduced, keep_dims = %s), got %s",
                       (long)expected, (long)rank, (long)count,
                       count == 1 ? "" : "s", keep ? "true" : "false",
                       tvTypeStr(res, buf, sizeof buf));
  }
  intptr_t j = 0;
  for (intptr_t i = 0; i < rank; ++i) {
    if (!reduced[i]) {
      if (tvFailed(tgDimsMatch(op, "shape", res, "result", j++, in, "input", i)))
        return mlirLogicalResultFailure();
      continue;
    }
    if (!keep)
      continue;
    int64_t kept = tgDimOf(res, j);
    char buf[24];
    if (!tvDimsCompatible(kept, 1))
      return tvEmitError(op,
                         "result dim %ld must be 1 because input dim %ld is "
                         "reduced with keep_dims, got %s",
                         (long)j, (long)i, tgDimStr(kept, buf, sizeof buf));
    ++j;
  }
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Data movement and conversion
//===----------------------------------------------------------------------===//

MlirLogicalResult tgVerifyTranspose(MlirOperation op) {
  MlirType in = tgOperandType(op, 0), res = tgResultType(op);
  intptr_t rank = tgRankOf(in), count = 0;
  int64_t perm[TG_MAX_RANK];
  bool present, seen[TG_MAX_RANK] = {false};
  if (tvFailed(tvGetI64ArrayAttr(op, "permutation", &present, perm,
                                 TG_MAX_RANK, &count)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'permutation' (e.g. "
                           "permutation = array<i64: 1, 0>)");
  if (count != rank)
    return tvEmitError(op,
                       "attribute 'permutation' has %ld entr%s but the input "
                       "has rank %ld",
                       (long)count, count == 1 ? "y" : "ies", (long)rank);
  for (intptr_t i = 0; i < count; ++i) {
    if (perm[i] < 0 || perm[i] >= rank || seen[perm[i]]) {
      char buf[256];
      return tvEmitError(op,
                         "attribute 'permutation' must be a permutation of "
                         "0..%ld, got %s",
                         (long)rank - 1,
                         tvAttrStr(tvGetAttr(op, "permutation"), buf,
                                   sizeof buf));
    }
    seen[perm[i]] = true;
  }
  if (tvFailed(tgSameElementType(op, in, "input", res, "result")) ||
      tvFailed(tgSameRank(op, res, "result", in, "input")))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < rank; ++i)
    if (tvFailed(tgDimsMatch(op, "shape", res, "result", i, in, "input",
                           perm[i])))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

// Product of the dims of a static shape; false if it does not fit in 63 bits.
static bool countElements(MlirType t, int64_t *count) {
  int64_t n = 1;
  for (intptr_t i = 0; i < tgRankOf(t); ++i)
    if (__builtin_mul_overflow(n, tgDimOf(t, i), &n))
      return false;
  *count = n;
  return true;
}

MlirLogicalResult tgVerifyReshape(MlirOperation op) {
  MlirType in = tgOperandType(op, 0), res = tgResultType(op);
  if (tvFailed(tgSameElementType(op, in, "input", res, "result")))
    return mlirLogicalResultFailure();
  // With a dynamic dim on either side the count is known only at run time.
  if (!mlirShapedTypeHasStaticShape(in) || !mlirShapedTypeHasStaticShape(res))
    return tvSuccess();
  int64_t a, b;
  if (!countElements(in, &a) || !countElements(res, &b))
    return tvEmitError(op, "element count of input or result does not fit "
                           "in 64 bits");
  if (a != b)
    return tvEmitError(op,
                       "element count mismatch: input has %ld elements but "
                       "result has %ld",
                       (long)a, (long)b);
  return tvSuccess();
}

// Fills `map` (operand dim -> result dim) from broadcast_dimensions, or with
// numpy's trailing alignment when the attribute is absent.
static MlirLogicalResult readBroadcastMap(MlirOperation op, intptr_t inRank,
                                          intptr_t outRank,
                                          int64_t map[TG_MAX_RANK]) {
  intptr_t count = 0;
  bool present;
  if (tvFailed(tvGetI64ArrayAttr(op, "broadcast_dimensions", &present, map,
                                 TG_MAX_RANK, &count)))
    return mlirLogicalResultFailure();
  if (!present) {
    for (intptr_t i = 0; i < inRank; ++i)
      map[i] = i + (outRank - inRank);
    return tvSuccess();
  }
  if (count != inRank)
    return tvEmitError(op,
                       "attribute 'broadcast_dimensions' has %ld entr%s but "
                       "the input has rank %ld",
                       (long)count, count == 1 ? "y" : "ies", (long)inRank);
  for (intptr_t i = 0; i < count; ++i) {
    if (map[i] < 0 || map[i] >= outRank)
      return tvEmitError(op,
                         "attribute 'broadcast_dimensions' value %ld is out "
                         "of range for result rank %ld",
                         (long)map[i], (long)outRank);
    if (i > 0 && map[i] <= map[i - 1]) {
      char buf[256];
      return tvEmitError(
          op, "attribute 'broadcast_dimensions' must be strictly increasing, "
              "got %s",
          tvAttrStr(tvGetAttr(op, "broadcast_dimensions"), buf, sizeof buf));
    }
  }
  return tvSuccess();
}

MlirLogicalResult tgVerifyBroadcast(MlirOperation op) {
  MlirType in = tgOperandType(op, 0), res = tgResultType(op);
  intptr_t inRank = tgRankOf(in), outRank = tgRankOf(res);
  int64_t map[TG_MAX_RANK];
  if (inRank > outRank)
    return tvEmitError(op,
                       "input rank %ld exceeds result rank %ld; broadcast "
                       "cannot drop dimensions",
                       (long)inRank, (long)outRank);
  if (tvFailed(tgSameElementType(op, in, "input", res, "result")) ||
      tvFailed(readBroadcastMap(op, inRank, outRank, map)))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < inRank; ++i) {
    int64_t from = tgDimOf(in, i), to = tgDimOf(res, map[i]);
    if (from == 1 || tvDimsCompatible(from, to))
      continue;
    char fs[24], ts[24];
    return tvEmitError(op,
                       "input dim %ld (size %s) cannot be broadcast to result "
                       "dim %ld (size %s); it must be 1 or the same size",
                       (long)i, tgDimStr(from, fs, sizeof fs), (long)map[i],
                       tgDimStr(to, ts, sizeof ts));
  }
  return tvSuccess();
}

static MlirLogicalResult requireNumeric(MlirOperation op, MlirType t,
                                        const char *what) {
  MlirType e = tgElementType(t);
  if (tvIsFloatType(e) || mlirTypeIsAInteger(e))
    return tvSuccess();
  char buf[64];
  return tvEmitError(op, "%s element type must be an integer or float type, "
                         "got %s",
                     what, tvTypeStr(e, buf, sizeof buf));
}

MlirLogicalResult tgVerifyCast(MlirOperation op) {
  MlirType in = tgOperandType(op, 0), res = tgResultType(op);
  if (tvFailed(requireNumeric(op, in, "input")) ||
      tvFailed(requireNumeric(op, res, "result")))
    return mlirLogicalResultFailure();
  return tgSameShape(op, in, "input", res, "result");
}

MlirLogicalResult tgVerifyConstant(MlirOperation op) {
  MlirAttribute value = tvGetAttr(op, "value");
  char as[256], ts[256];
  if (mlirAttributeIsNull(value))
    return tvEmitError(op, "requires attribute 'value' (e.g. value = "
                           "dense<0.0> : tensor<4xf32>)");
  if (!mlirAttributeIsAElements(value))
    return tvEmitError(op,
                       "attribute 'value' must be an elements attribute like "
                       "dense<...> : tensor<...>, got %s",
                       tvAttrStr(value, as, sizeof as));
  MlirType vt = mlirAttributeGetType(value), rt = tgResultType(op);
  if (!mlirTypeEqual(vt, rt))
    return tvEmitError(op,
                       "attribute 'value' has type %s but the result type is "
                       "%s",
                       tvTypeStr(vt, as, sizeof as),
                       tvTypeStr(rt, ts, sizeof ts));
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

// Reads epsilon and axis; `*axis` is resolved (0..rank-1). The norm runs over
// input dims axis..rank-1.
static MlirLogicalResult readNormAttrs(MlirOperation op, intptr_t rank,
                                       int64_t *axis) {
  bool present;
  double eps = 1e-5;
  if (tvFailed(tvGetF64Attr(op, "epsilon", &present, &eps)))
    return mlirLogicalResultFailure();
  // Written so that NaN fails too.
  if (!(eps > 0.0))
    return tvEmitError(op, "attribute 'epsilon' must be positive, got %g",
                       eps);
  int64_t value = -1;
  if (tvFailed(tvGetI64Attr(op, "axis", &present, &value)))
    return mlirLogicalResultFailure();
  return tgResolveDim(op, "axis", value, rank, axis);
}

// weight and bias cover exactly the normalised dims.
static MlirLogicalResult checkNormParam(MlirOperation op, MlirType in,
                                        int64_t axis, MlirType p,
                                        const char *what) {
  intptr_t rank = tgRankOf(in), want = rank - (intptr_t)axis;
  if (tvFailed(tgRequireFloat(op, p, what)))
    return mlirLogicalResultFailure();
  if (tgRankOf(p) != want) {
    char buf[256];
    return tvEmitError(op,
                       "%s must have rank %ld, one dim per normalised input "
                       "dim (%ld..%ld), got %s",
                       what, (long)want, (long)axis, (long)rank - 1,
                       tvTypeStr(p, buf, sizeof buf));
  }
  for (intptr_t j = 0; j < want; ++j)
    if (tvFailed(tgDimsMatch(op, "shape", p, what, j, in, "input", axis + j)))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

MlirLogicalResult tgVerifyNorm(MlirOperation op) {
  static const char *const kParams[] = {"input", "weight", "bias"};
  MlirType in = tgOperandType(op, 0);
  int64_t axis = 0;
  if (tvFailed(readNormAttrs(op, tgRankOf(in), &axis)) ||
      tvFailed(tgSameAsInput(op, in, tgResultType(op))))
    return mlirLogicalResultFailure();
  intptr_t n = mlirOperationGetNumOperands(op);
  for (intptr_t i = 1; i < n && i < 3; ++i)
    if (tvFailed(checkNormParam(op, in, axis, tgOperandType(op, i), kParams[i])))
      return mlirLogicalResultFailure();
  return tvSuccess();
}
