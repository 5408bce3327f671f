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
#include "Dialect/VerifyUtils.h"

#include <stdio.h>

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static MlirType operandType(MlirOperation op, intptr_t i) {
  return mlirValueGetType(mlirOperationGetOperand(op, i));
}

static MlirType resultType(MlirOperation op) {
  return mlirValueGetType(mlirOperationGetResult(op, 0));
}

static MlirType elementType(MlirType t) {
  return mlirShapedTypeGetElementType(t);
}

static intptr_t rankOf(MlirType t) { return mlirShapedTypeGetRank(t); }

static int64_t dimOf(MlirType t, intptr_t i) {
  return mlirShapedTypeGetDimSize(t, i);
}

static const char *dimStr(int64_t d, char *buf, size_t cap) {
  if (mlirShapedTypeIsDynamicSize(d))
    snprintf(buf, cap, "?");
  else
    snprintf(buf, cap, "%ld", (long)d);
  return buf;
}

static MlirLogicalResult requireRank(MlirOperation op, MlirType t,
                                     const char *what, intptr_t rank) {
  if (rankOf(t) == rank)
    return tvSuccess();
  char buf[256];
  return tvEmitError(op, "%s must have rank %ld, got %s", what, (long)rank,
                     tvTypeStr(t, buf, sizeof buf));
}

static MlirLogicalResult sameRank(MlirOperation op, MlirType a,
                                  const char *aWhat, MlirType b,
                                  const char *bWhat) {
  if (rankOf(a) == rankOf(b))
    return tvSuccess();
  return tvEmitError(op, "rank mismatch: %s has rank %ld but %s has rank %ld",
                     aWhat, (long)rankOf(a), bWhat, (long)rankOf(b));
}

// `label` names the dimension's role ("shape", "inner dimension (K)").
static MlirLogicalResult dimsMatch(MlirOperation op, const char *label,
                                   MlirType a, const char *aWhat, intptr_t ad,
                                   MlirType b, const char *bWhat,
                                   intptr_t bd) {
  int64_t x = dimOf(a, ad), y = dimOf(b, bd);
  if (tvDimsCompatible(x, y))
    return tvSuccess();
  char xs[24], ys[24];
  return tvEmitError(op, "%s mismatch: %s dim %ld is %s but %s dim %ld is %s",
                     label, aWhat, (long)ad, dimStr(x, xs, sizeof xs), bWhat,
                     (long)bd, dimStr(y, ys, sizeof ys));
}

static MlirLogicalResult sameShape(MlirOperation op, MlirType a,
                                   const char *aWhat, MlirType b,
                                   const char *bWhat) {
  if (tvFailed(sameRank(op, a, aWhat, b, bWhat)))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < rankOf(a); ++i)
    if (tvFailed(dimsMatch(op, "shape", a, aWhat, i, b, bWhat, i)))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

static MlirLogicalResult sameElementType(MlirOperation op, MlirType a,
                                         const char *aWhat, MlirType b,
                                         const char *bWhat) {
  if (mlirTypeEqual(elementType(a), elementType(b)))
    return tvSuccess();
  char as[64], bs[64];
  return tvEmitError(op, "element type mismatch: %s has %s but %s has %s",
                     aWhat, tvTypeStr(elementType(a), as, sizeof as), bWhat,
                     tvTypeStr(elementType(b), bs, sizeof bs));
}

static MlirLogicalResult requireFloat(MlirOperation op, MlirType t,
                                      const char *what) {
  if (tvIsFloatType(elementType(t)))
    return tvSuccess();
  char buf[64];
  return tvEmitError(op,
                     "%s element type must be a float type (f64, f32, f16, "
                     "bf16, tf32, f8E4M3FN or f8E5M2), got %s",
                     what, tvTypeStr(elementType(t), buf, sizeof buf));
}

// Resolves a dim index that may count from the end (-1 = last).
static MlirLogicalResult resolveDim(MlirOperation op, const char *attr,
                                    int64_t value, intptr_t rank,
                                    int64_t *out) {
  if (value >= -(int64_t)rank && value < (int64_t)rank) {
    *out = value < 0 ? value + rank : value;
    return tvSuccess();
  }
  if (rank == 0)
    return tvEmitError(op,
                       "attribute '%s' value %ld is out of range: the input "
                       "has rank 0",
                       attr, (long)value);
  return tvEmitError(op,
                     "attribute '%s' value %ld is out of range for input "
                     "rank %ld; expected a value in [%ld, %ld]",
                     attr, (long)value, (long)rank, -(long)rank,
                     (long)rank - 1);
}

// Element type equal to the input's and a float, and shape compatible: the
// result contract of every op that maps an input elementwise.
static MlirLogicalResult sameAsInput(MlirOperation op, MlirType in,
                                     MlirType res) {
  if (tvFailed(sameElementType(op, in, "input", res, "result")) ||
      tvFailed(requireFloat(op, in, "input")))
    return mlirLogicalResultFailure();
  return sameShape(op, in, "input", res, "result");
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

// lhs [B]xMxK times rhs [B]xKxN gives [B]xMxN; `batch` is 0 or 1.
static MlirLogicalResult verifyContraction(MlirOperation op, intptr_t batch) {
  MlirType lhs = operandType(op, 0), rhs = operandType(op, 1),
           res = resultType(op);
  intptr_t rank = 2 + batch, m = batch, k = batch + 1;
  if (tvFailed(requireRank(op, lhs, "lhs", rank)) ||
      tvFailed(requireRank(op, rhs, "rhs", rank)) ||
      tvFailed(requireRank(op, res, "result", rank)) ||
      tvFailed(requireFloat(op, lhs, "lhs")) ||
      tvFailed(requireFloat(op, rhs, "rhs")) ||
      tvFailed(requireFloat(op, res, "result")) ||
      // The result may widen (f16 x f16 -> f32); the inputs share a type.
      tvFailed(sameElementType(op, lhs, "lhs", rhs, "rhs")))
    return mlirLogicalResultFailure();
  if (batch &&
      (tvFailed(dimsMatch(op, "batch dimension", lhs, "lhs", 0, rhs, "rhs",
                          0)) ||
       tvFailed(dimsMatch(op, "batch dimension", res, "result", 0, lhs,
                          "lhs", 0)) ||
       tvFailed(dimsMatch(op, "batch dimension", res, "result", 0, rhs,
                          "rhs", 0))))
    return mlirLogicalResultFailure();
  if (tvFailed(dimsMatch(op, "inner dimension (K)", lhs, "lhs", k, rhs,
                         "rhs", m)) ||
      tvFailed(dimsMatch(op, "row dimension (M)", res, "result", m, lhs,
                         "lhs", m)) ||
      tvFailed(dimsMatch(op, "column dimension (N)", res, "result", k, rhs,
                         "rhs", k)))
    return mlirLogicalResultFailure();
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
  MlirType lhs = operandType(op, 0), rhs = operandType(op, 1),
           res = resultType(op);
  if (tvFailed(sameElementType(op, lhs, "lhs", rhs, "rhs")) ||
      tvFailed(sameElementType(op, lhs, "lhs", res, "result")) ||
      tvFailed(requireFloat(op, lhs, "lhs")) ||
      // No implicit broadcasting: tgraph.broadcast says it explicitly.
      tvFailed(sameShape(op, lhs, "lhs", rhs, "rhs")) ||
      tvFailed(sameShape(op, lhs, "lhs", res, "result")) ||
      // lhs may be dynamic where rhs and result are static and differ.
      tvFailed(sameShape(op, rhs, "rhs", res, "result")))
    return mlirLogicalResultFailure();
  return tvSuccess();
}

MlirLogicalResult tgVerifyElementwiseUnary(MlirOperation op) {
  return sameAsInput(op, operandType(op, 0), resultType(op));
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
  MlirType in = operandType(op, 0);
  bool present;
  int64_t dim = -1, resolved;
  if (tvFailed(tvGetI64Attr(op, "dim", &present, &dim)) ||
      tvFailed(resolveDim(op, "dim", dim, rankOf(in), &resolved)))
    return mlirLogicalResultFailure();
  return sameAsInput(op, in, resultType(op));
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
    int64_t d = 0; // set by resolveDim on success (-O3 cannot tell)
    if (tvFailed(resolveDim(op, "dims", dims[i], rank, &d)))
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
  MlirType in = operandType(op, 0), res = resultType(op);
  intptr_t rank = rankOf(in), count = 0;
  bool present, keep = false, reduced[TG_MAX_RANK] = {false};
  if (tvFailed(readReducedDims(op, rank, reduced, &count)) ||
      tvFailed(tvGetBoolAttr(op, "keep_dims", &present, &keep)) ||
      tvFailed(sameElementType(op, in, "input", res, "result")) ||
      tvFailed(requireFloat(op, in, "input")))
    return mlirLogicalResultFailure();
  intptr_t expected = keep ? rank : rank - count;
  if (rankOf(res) != expected) {
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
      if (tvFailed(dimsMatch(op, "shape", res, "result", j++, in, "input", i)))
        return mlirLogicalResultFailure();
      continue;
    }
    if (!keep)
      continue;
    int64_t kept = dimOf(res, j);
    char buf[24];
    if (!tvDimsCompatible(kept, 1))
      return tvEmitError(op,
                         "result dim %ld must be 1 because input dim %ld is "
                         "reduced with keep_dims, got %s",
                         (long)j, (long)i, dimStr(kept, buf, sizeof buf));
    ++j;
  }
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Data movement and conversion
//===----------------------------------------------------------------------===//

MlirLogicalResult tgVerifyTranspose(MlirOperation op) {
  MlirType in = operandType(op, 0), res = resultType(op);
  intptr_t rank = rankOf(in), count = 0;
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
  if (tvFailed(sameElementType(op, in, "input", res, "result")) ||
      tvFailed(sameRank(op, res, "result", in, "input")))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < rank; ++i)
    if (tvFailed(dimsMatch(op, "shape", res, "result", i, in, "input",
                           perm[i])))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

// Product of the dims of a static shape; false if it does not fit in 63 bits.
static bool countElements(MlirType t, int64_t *count) {
  int64_t n = 1;
  for (intptr_t i = 0; i < rankOf(t); ++i)
    if (__builtin_mul_overflow(n, dimOf(t, i), &n))
      return false;
  *count = n;
  return true;
}

MlirLogicalResult tgVerifyReshape(MlirOperation op) {
  MlirType in = operandType(op, 0), res = resultType(op);
  if (tvFailed(sameElementType(op, in, "input", res, "result")))
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
  MlirType in = operandType(op, 0), res = resultType(op);
  intptr_t inRank = rankOf(in), outRank = rankOf(res);
  int64_t map[TG_MAX_RANK];
  if (inRank > outRank)
    return tvEmitError(op,
                       "input rank %ld exceeds result rank %ld; broadcast "
                       "cannot drop dimensions",
                       (long)inRank, (long)outRank);
  if (tvFailed(sameElementType(op, in, "input", res, "result")) ||
      tvFailed(readBroadcastMap(op, inRank, outRank, map)))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < inRank; ++i) {
    int64_t from = dimOf(in, i), to = dimOf(res, map[i]);
    if (from == 1 || tvDimsCompatible(from, to))
      continue;
    char fs[24], ts[24];
    return tvEmitError(op,
                       "input dim %ld (size %s) cannot be broadcast to result "
                       "dim %ld (size %s); it must be 1 or the same size",
                       (long)i, dimStr(from, fs, sizeof fs), (long)map[i],
                       dimStr(to, ts, sizeof ts));
  }
  return tvSuccess();
}

static MlirLogicalResult requireNumeric(MlirOperation op, MlirType t,
                                        const char *what) {
  MlirType e = elementType(t);
  if (tvIsFloatType(e) || mlirTypeIsAInteger(e))
    return tvSuccess();
  char buf[64];
  return tvEmitError(op, "%s element type must be an integer or float type, "
                         "got %s",
                     what, tvTypeStr(e, buf, sizeof buf));
}

MlirLogicalResult tgVerifyCast(MlirOperation op) {
  MlirType in = operandType(op, 0), res = resultType(op);
  if (tvFailed(requireNumeric(op, in, "input")) ||
      tvFailed(requireNumeric(op, res, "result")))
    return mlirLogicalResultFailure();
  return sameShape(op, in, "input", res, "result");
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
  MlirType vt = mlirAttributeGetType(value), rt = resultType(op);
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
  return resolveDim(op, "axis", value, rank, axis);
}

// weight and bias cover exactly the normalised dims.
static MlirLogicalResult checkNormParam(MlirOperation op, MlirType in,
                                        int64_t axis, MlirType p,
                                        const char *what) {
  intptr_t rank = rankOf(in), want = rank - (intptr_t)axis;
  if (tvFailed(requireFloat(op, p, what)))
    return mlirLogicalResultFailure();
  if (rankOf(p) != want) {
    char buf[256];
    return tvEmitError(op,
                       "%s must have rank %ld, one dim per normalised input "
                       "dim (%ld..%ld), got %s",
                       what, (long)want, (long)axis, (long)rank - 1,
                       tvTypeStr(p, buf, sizeof buf));
  }
  for (intptr_t j = 0; j < want; ++j)
    if (tvFailed(dimsMatch(op, "shape", p, what, j, in, "input", axis + j)))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

MlirLogicalResult tgVerifyNorm(MlirOperation op) {
  static const char *const kParams[] = {"input", "weight", "bias"};
  MlirType in = operandType(op, 0);
  int64_t axis = 0;
  if (tvFailed(readNormAttrs(op, rankOf(in), &axis)) ||
      tvFailed(sameAsInput(op, in, resultType(op))))
    return mlirLogicalResultFailure();
  intptr_t n = mlirOperationGetNumOperands(op);
  for (intptr_t i = 1; i < n && i < 3; ++i)
    if (tvFailed(checkNormParam(op, in, axis, operandType(op, i), kParams[i])))
      return mlirLogicalResultFailure();
  return tvSuccess();
}
