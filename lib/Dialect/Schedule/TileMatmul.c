//===- TileMatmul.c - Type rules of a tile matmul ------------------------===//
//
// Shared by tsched.tile_matmul and ttarget.mma: the latter only narrows which
// shapes and element types one instruction family accepts.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Schedule/ScheduleUtils.h"

#include <stdio.h>
#include <string.h>

/// Accumulator element types a product of `in` elements may be summed in.
/// Returns false for inputs no target multiplies.
static bool accumulatorsFor(MlirType in, MlirType acc, const char **expect) {
  if (mlirTypeIsAF16(in)) {
    *expect = "f16 or f32";
    return mlirTypeIsAF16(acc) || mlirTypeIsAF32(acc);
  }
  if (mlirTypeIsABF16(in) || mlirTypeIsATF32(in) || mlirTypeIsAF32(in)) {
    *expect = "f32";
    return mlirTypeIsAF32(acc);
  }
  if (mlirTypeIsAFloat8E4M3FN(in) || mlirTypeIsAFloat8E5M2(in)) {
    *expect = "f16 or f32";
    return mlirTypeIsAF16(acc) || mlirTypeIsAF32(acc);
  }
  if (mlirTypeIsAF64(in)) {
    *expect = "f64";
    return mlirTypeIsAF64(acc);
  }
  if (mlirTypeIsAInteger(in) && mlirIntegerTypeGetWidth(in) == 8) {
    *expect = "i32";
    return mlirTypeIsAInteger(acc) && mlirIntegerTypeGetWidth(acc) == 32;
  }
  *expect = NULL;
  return false;
}

static MlirLogicalResult checkAccumulator(MlirOperation op, MlirType in,
                                          MlirType acc) {
  const char *expect;
  char a[64], b[64];
  if (accumulatorsFor(in, acc, &expect))
    return tvSuccess();
  if (!expect)
    return tvEmitError(op,
                       "no tile matmul multiplies %s; supported inputs are "
                       "f64, f32, tf32, f16, bf16, f8E4M3FN, f8E5M2 and i8",
                       tvTypeStr(in, a, sizeof a));
  return tvEmitError(op,
                     "accumulator element type %s is not allowed for %s "
                     "inputs; expected %s",
                     tvTypeStr(acc, a, sizeof a), tvTypeStr(in, b, sizeof b),
                     expect);
}

/// The optional `compute` type: the operands' own type, or tf32 for f32
/// operands (tensor cores multiply f32 as tf32).
static MlirLogicalResult readCompute(MlirOperation op, MlirType operand,
                                     MlirType *input) {
  char a[128], b[64];
  MlirAttribute c = tvGetAttr(op, "compute");
  *input = operand;
  if (mlirAttributeIsNull(c))
    return tvSuccess();
  if (!mlirAttributeIsAType(c))
    return tvEmitError(op, "attribute 'compute' must be a type (e.g. tf32), "
                           "got %s", tvAttrStr(c, a, sizeof a));
  MlirType t = mlirTypeAttrGetValue(c);
  if (!mlirTypeEqual(t, operand) &&
      !(mlirTypeIsATF32(t) && mlirTypeIsAF32(operand)))
    return tvEmitError(op,
                       "compute type %s is not allowed for %s operands; "
                       "expected the operands' type%s",
                       tvTypeStr(t, a, sizeof a),
                       tvTypeStr(operand, b, sizeof b),
                       mlirTypeIsAF32(operand) ? " or tf32" : "");
  *input = t;
  return tvSuccess();
}

static MlirLogicalResult readOperands(MlirOperation op, int64_t a[2],
                                      int64_t b[2], int64_t c[2]) {
  static const char *const names[] = {"operand 'a'", "operand 'b'",
                                      "accumulator"};
  int64_t *shapes[] = {a, b, c};
  char buf[256];
  for (int i = 0; i < 3; ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    int64_t s[TS_MAX_RANK];
    intptr_t rank;
    if (i == 2 ? tvFailed(tsCheckRegisterTile(op, t, names[i]))
               : tvFailed(tsCheckTileOperand(op, t, names[i], s, &rank)))
      return mlirLogicalResultFailure();
    rank = mlirShapedTypeGetRank(t);
    if (rank != 2)
      return tvEmitError(op, "%s must be a 2-D tile, got %s", names[i],
                         tvTypeStr(t, buf, sizeof buf));
    shapes[i][0] = mlirShapedTypeGetDimSize(t, 0);
    shapes[i][1] = mlirShapedTypeGetDimSize(t, 1);
  }
  return tvSuccess();
}

static MlirLogicalResult checkShapes(MlirOperation op, const int64_t a[2],
                                     const int64_t b[2], const int64_t c[2],
                                     int64_t mnk[3]) {
  bool present, ta = false, tb = false;
  if (tvFailed(tvGetBoolAttr(op, "transpose_a", &present, &ta)) ||
      tvFailed(tvGetBoolAttr(op, "transpose_b", &present, &tb)))
    return mlirLogicalResultFailure();
  int64_t m = a[ta], ka = a[!ta], kb = b[tb], n = b[!tb];
  if (ka != kb)
    return tvEmitError(op,
                       "contraction sizes differ: 'a' has K = %lld, 'b' has "
                       "K = %lld", (long long)ka, (long long)kb);
  if (c[0] != m)
    return tvEmitError(op, "accumulator has M = %lld but 'a' has M = %lld",
                       (long long)c[0], (long long)m);
  if (c[1] != n)
    return tvEmitError(op, "accumulator has N = %lld but 'b' has N = %lld",
                       (long long)c[1], (long long)n);
  mnk[0] = m;
  mnk[1] = n;
  mnk[2] = ka;
  return tvSuccess();
}

MlirLogicalResult tsCheckMatmul(MlirOperation op, int64_t mnk[3],
                                MlirType *input) {
  int64_t a[2], b[2], c[2];
  char x[256], y[256];
  if (tvFailed(readOperands(op, a, b, c)))
    return mlirLogicalResultFailure();
  MlirType accT = mlirValueGetType(mlirOperationGetOperand(op, 2));
  MlirType resT = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (!mlirTypeEqual(accT, resT))
    return tvEmitError(op, "result type %s must equal the accumulator type %s",
                       tvTypeStr(resT, x, sizeof x),
                       tvTypeStr(accT, y, sizeof y));
  if (tvFailed(checkShapes(op, a, b, c, mnk)))
    return mlirLogicalResultFailure();
  MlirType ea = mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetOperand(op, 0)));
  MlirType eb = mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetOperand(op, 1)));
  if (!mlirTypeEqual(ea, eb))
    return tvEmitError(op,
                       "operands 'a' and 'b' have different element types "
                       "(%s, %s)", tvTypeStr(ea, x, sizeof x),
                       tvTypeStr(eb, y, sizeof y));
  if (tvFailed(readCompute(op, ea, input)))
    return mlirLogicalResultFailure();
  return checkAccumulator(op, *input, mlirShapedTypeGetElementType(accT));
}
