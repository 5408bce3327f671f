//===- GraphVerifySlices.c - Verifiers of tgraph.slice, concat and pad ----===//
//
// The ops that cut a tensor into pieces, join pieces and pad one: their
// attributes and the sizes each implies, static where the types say so (dynamic ones
// are checked at run time by the lowering). docs/dialects/graph.md.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Graph/GraphOps.h"
#include "Dialect/Graph/GraphVerifyUtil.h"
#include "Dialect/VerifyUtils.h"

#include <stdio.h>

// Reads i64 array `name` (one entry per dim of `rank`) into `v`; absent:
// `dflt` everywhere, or an error if `required`.
static MlirLogicalResult readPerDim(MlirOperation op, const char *name,
                                    intptr_t rank, bool required,
                                    int64_t dflt, int64_t *v) {
  bool present;
  intptr_t count = 0;
  if (tvFailed(tvGetI64ArrayAttr(op, name, &present, v, TG_MAX_RANK, &count)))
    return mlirLogicalResultFailure();
  if (!present) {
    if (required)
      return tvEmitError(op, "requires attribute '%s' (array<i64: ...>, one "
                             "entry per input dim)", name);
    for (intptr_t i = 0; i < rank; ++i)
      v[i] = dflt;
    return tvSuccess();
  }
  if (count != rank)
    return tvEmitError(op,
                       "attribute '%s' has %ld entr%s but the input has rank "
                       "%ld",
                       name, (long)count, count == 1 ? "y" : "ies", (long)rank);
  return tvSuccess();
}

// Dim d of a slice: offsets[d] + (size - 1) * strides[d] must lie inside a
// static input dim; a dynamic result dim keeps the whole input dim.
static MlirLogicalResult checkSliceDim(MlirOperation op, intptr_t d,
                                       int64_t in, int64_t out, int64_t off,
                                       int64_t st) {
  if (off < 0)
    return tvEmitError(op, "attribute 'offsets' entry %ld is %ld; offsets "
                           "are >= 0", (long)d, (long)off);
  if (st < 1)
    return tvEmitError(op, "attribute 'strides' entry %ld is %ld; strides "
                           "are >= 1", (long)d, (long)st);
  if (mlirShapedTypeIsDynamicSize(out)) {
    if (off != 0 || st != 1)
      return tvEmitError(op,
                         "result dim %ld is dynamic, so it keeps the whole "
                         "input dim: its offset must be 0 and its stride 1 "
                         "(got %ld and %ld)",
                         (long)d, (long)off, (long)st);
    if (!mlirShapedTypeIsDynamicSize(in))
      return tvEmitError(op, "result dim %ld is dynamic but input dim %ld is "
                             "%ld; make it static", (long)d, (long)d, (long)in);
    return tvSuccess();
  }
  if (mlirShapedTypeIsDynamicSize(in))
    return tvSuccess(); // checked at run time
  // The last element read, offset + (out - 1) * stride, or the offset of
  // an empty slice, must be inside the dim (an empty slice may start at
  // its end).
  int64_t last = off, step;
  bool past = out > 0 && (__builtin_mul_overflow(out - 1, st, &step) ||
                          __builtin_add_overflow(off, step, &last));
  if (past || (out ? last >= in : last > in))
    return tvEmitError(op,
                       "dim %ld: %ld element%s from offset %ld with stride "
                       "%ld reach past the input's %ld",
                       (long)d, (long)out, out == 1 ? "" : "s", (long)off,
                       (long)st, (long)in);
  return tvSuccess();
}

MlirLogicalResult tgVerifySlice(MlirOperation op) {
  MlirType in = tgOperandType(op, 0), res = tgResultType(op);
  intptr_t rank = tgRankOf(in);
  if (tvFailed(tgSameElementType(op, in, "input", res, "result")) ||
      tvFailed(tgSameRank(op, res, "result", in, "input")))
    return mlirLogicalResultFailure();
  int64_t off[TG_MAX_RANK], st[TG_MAX_RANK];
  if (tvFailed(readPerDim(op, "offsets", rank, true, 0, off)) ||
      tvFailed(readPerDim(op, "strides", rank, false, 1, st)))
    return mlirLogicalResultFailure();
  for (intptr_t d = 0; d < rank; ++d)
    if (tvFailed(checkSliceDim(op, d, tgDimOf(in, d), tgDimOf(res, d), off[d],
                               st[d])))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

MlirLogicalResult tgVerifyConcat(MlirOperation op) {
  MlirType a = tgOperandType(op, 0), b = tgOperandType(op, 1),
           res = tgResultType(op);
  intptr_t rank = tgRankOf(a);
  if (tvFailed(tgSameElementType(op, a, "lhs", res, "result")) ||
      tvFailed(tgSameElementType(op, b, "rhs", res, "result")) ||
      tvFailed(tgSameRank(op, b, "rhs", a, "lhs")) ||
      tvFailed(tgSameRank(op, res, "result", a, "lhs")))
    return mlirLogicalResultFailure();
  if (rank == 0)
    return tvEmitError(op, "operands have rank 0; concat joins them along a "
                           "dim");
  int64_t d;
  if (tvFailed(tgRequiredDim(op, rank, "input",
                             "the dim to join along, e.g. dim = -1 : i64", &d)))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < rank; ++i) {
    if (i == d)
      continue;
    if (tvFailed(tgDimsMatch(op, "shape", a, "lhs", i, b, "rhs", i)) ||
        tvFailed(tgDimsMatch(op, "shape", res, "result", i, a, "lhs", i)))
      return mlirLogicalResultFailure();
  }
  int64_t x = tgDimOf(a, d), y = tgDimOf(b, d), r = tgDimOf(res, d);
  if (!mlirShapedTypeIsDynamicSize(x) && !mlirShapedTypeIsDynamicSize(y) &&
      !mlirShapedTypeIsDynamicSize(r) && x + y != r)
    return tvEmitError(op,
                       "result dim %ld is %ld but lhs and rhs give %ld + %ld "
                       "= %ld",
                       (long)d, (long)r, (long)x, (long)y, (long)(x + y));
  return tvSuccess();
}

// Dim d of a pad: low + input + high is the result, where both are static;
// a static result of a dynamic input dim is checked at run time.
static MlirLogicalResult checkPadDim(MlirOperation op, intptr_t d, int64_t in,
                                     int64_t out, int64_t lo, int64_t hi) {
  static const char *const kSide[2] = {"low", "high"};
  int64_t side[2] = {lo, hi};
  for (int s = 0; s < 2; ++s)
    if (side[s] < 0)
      return tvEmitError(op, "attribute '%s' entry %ld is %ld; pads are >= 0 "
                             "(a negative pad is a tgraph.slice)",
                         kSide[s], (long)d, (long)side[s]);
  int64_t want;
  if (mlirShapedTypeIsDynamicSize(in) || mlirShapedTypeIsDynamicSize(out))
    return tvSuccess();
  if (__builtin_add_overflow(in, lo, &want) ||
      __builtin_add_overflow(want, hi, &want) || want != out)
    return tvEmitError(op,
                       "result dim %ld is %ld but low + input + high is %ld + "
                       "%ld + %ld",
                       (long)d, (long)out, (long)lo, (long)in, (long)hi);
  return tvSuccess();
}

MlirLogicalResult tgVerifyPad(MlirOperation op) {
  MlirType in = tgOperandType(op, 0), res = tgResultType(op);
  intptr_t rank = tgRankOf(in);
  if (tvFailed(tgSameElementType(op, in, "input", res, "result")) ||
      tvFailed(tgSameRank(op, res, "result", in, "input")))
    return mlirLogicalResultFailure();
  int64_t lo[TG_MAX_RANK], hi[TG_MAX_RANK];
  if (tvFailed(readPerDim(op, "low", rank, true, 0, lo)) ||
      tvFailed(readPerDim(op, "high", rank, true, 0, hi)))
    return mlirLogicalResultFailure();
  bool present;
  double value;
  if (tvFailed(tvGetF64Attr(op, "value", &present, &value)))
    return mlirLogicalResultFailure();
  for (intptr_t d = 0; d < rank; ++d)
    if (tvFailed(checkPadDim(op, d, tgDimOf(in, d), tgDimOf(res, d), lo[d],
                             hi[d])))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

// Along `dim` the input is n equal parts: n * part, where both are static
// (a static input dim with a dynamic part must divide by n).
static MlirLogicalResult checkSplitDim(MlirOperation op, intptr_t d,
                                       int64_t in, int64_t part, intptr_t n) {
  if (mlirShapedTypeIsDynamicSize(in))
    return tvSuccess(); // checked at run time
  if (mlirShapedTypeIsDynamicSize(part)) {
    if (in % n)
      return tvEmitError(op, "input dim %ld is %ld, which %ld equal parts do "
                             "not divide",
                         (long)d, (long)in, (long)n);
    return tvSuccess();
  }
  int64_t whole;
  if (__builtin_mul_overflow(part, (int64_t)n, &whole) || whole != in)
    return tvEmitError(op,
                       "input dim %ld is %ld but %ld results of %ld make %ld",
                       (long)d, (long)in, (long)n, (long)part,
                       (long)(part * (int64_t)n));
  return tvSuccess();
}

MlirLogicalResult tgVerifySplit(MlirOperation op) {
  MlirType in = tgOperandType(op, 0), res = tgResultType(op);
  intptr_t rank = tgRankOf(in), n = mlirOperationGetNumResults(op);
  if (tvFailed(tgSameElementType(op, in, "input", res, "result")) ||
      tvFailed(tgSameRank(op, res, "result", in, "input")))
    return mlirLogicalResultFailure();
  for (intptr_t i = 1; i < n; ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, i));
    if (!mlirTypeEqual(t, res))
      return tvEmitError(op, "result %ld has another type than result 0; the "
                             "parts of a split are equal (unequal parts are "
                             "tgraph.slice ops)",
                         (long)i);
  }
  if (rank == 0)
    return tvEmitError(op, "input has rank 0; split cuts it along a dim");
  int64_t d;
  if (tvFailed(tgRequiredDim(op, rank, "input",
                             "the dim to cut, e.g. dim = -1 : i64", &d)))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < rank; ++i)
    if (i != d && tvFailed(tgDimsMatch(op, "shape", res, "result", i, in,
                                       "input", i)))
      return mlirLogicalResultFailure();
  return checkSplitDim(op, d, tgDimOf(in, d), tgDimOf(res, d), n);
}
