//===- ScheduleVerify.c - Semantic verifier of tsched ops ----------------===//
//
// IRDL has checked operand and result kinds (memref / vector / index /
// !tsched.token) and counts; this file checks attributes, memory levels,
// shapes and element types. The discardable attributes tsched.kernel and
// tsched.tile_loop are checked in ScheduleAttrs.c. Semantics of every op:
// docs/dialects/schedule.md.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/Verify.h"
#include "IR/ElementwiseFns.h"
#include "IR/ReductionFns.h"

#include <stdio.h>
#include <string.h>

//===----------------------------------------------------------------------===//
// Memory ops
//===----------------------------------------------------------------------===//

static MlirLogicalResult verifyTileLoad(MlirOperation op) {
  static const char *const levels[] = {"shared", "registers", NULL};
  bool present;
  int level = 0;
  if (tvFailed(tvGetEnumAttr(op, "level", levels, &present, &level)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'level' (\"shared\" or "
                           "\"registers\")");
  int64_t tile[TS_MAX_RANK];
  intptr_t rank;
  return tsCheckTileFetch(op, level == 0 ? TS_LEVEL_SHARED
                                         : TS_LEVEL_REGISTERS,
                          tile, &rank);
}

static MlirLogicalResult verifyAsyncCopy(MlirOperation op) {
  int64_t tile[TS_MAX_RANK];
  intptr_t rank;
  return tsCheckTileFetch(op, TS_LEVEL_SHARED, tile, &rank);
}

static MlirLogicalResult verifyWait(MlirOperation op) {
  if (mlirOperationGetNumOperands(op) == 0)
    return tvEmitError(op, "expects at least one token");
  return tvSuccess();
}

static MlirLogicalResult verifyTileStore(MlirOperation op) {
  MlirType tile = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType dest = mlirValueGetType(mlirOperationGetOperand(op, 1));
  int64_t shape[TS_MAX_RANK];
  intptr_t rank;
  char a[256], b[64];
  if (tvFailed(tsCheckTileOperand(op, tile, "tile", shape, &rank)))
    return mlirLogicalResultFailure();
  if (tsTypeLevel(dest) != TS_LEVEL_GLOBAL)
    return tvEmitError(op,
                       "dest must be a global memref (no memory space or "
                       "#gpu.address_space<global>), got %s",
                       tvTypeStr(dest, a, sizeof a));
  intptr_t destRank = mlirShapedTypeGetRank(dest);
  intptr_t offsets = mlirOperationGetNumOperands(op) - 2;
  if (offsets != destRank)
    return tvEmitError(op,
                       "expects %ld offsets (one per dest dimension), got %ld",
                       (long)destRank, (long)offsets);
  if (rank > destRank)
    return tvEmitError(op, "tile has rank %ld but the dest only %ld",
                       (long)rank, (long)destRank);
  MlirType te = mlirShapedTypeGetElementType(tile);
  MlirType de = mlirShapedTypeGetElementType(dest);
  if (!mlirTypeEqual(te, de))
    return tvEmitError(op,
                       "tile element type %s differs from the dest element "
                       "type %s",
                       tvTypeStr(te, a, sizeof a), tvTypeStr(de, b, sizeof b));
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Compute ops
//===----------------------------------------------------------------------===//

static MlirLogicalResult verifyTileMatmul(MlirOperation op) {
  int64_t mnk[3];
  MlirType input;
  return tsCheckMatmul(op, mnk, &input);
}

// `fn` names an entry of the elementwise function table
// (lib/IR/ElementwiseFns.c), which also gives its arity.
static MlirLogicalResult getElementwiseFn(MlirOperation op, bool *present,
                                          const TesseraElementwiseFn **fn) {
  MlirStringRef s;
  if (tvFailed(tvGetStringAttr(op, "fn", present, &s)) || !*present)
    return *present ? mlirLogicalResultFailure() : tvSuccess();
  if ((*fn = tesseraLookupElementwiseFn(s)))
    return tvSuccess();
  char list[512] = "";
  size_t used = 0;
  for (const TesseraElementwiseFn *f = tesseraElementwiseFns; f->name; ++f)
    used += (size_t)snprintf(list + used,
                             used < sizeof list ? sizeof list - used : 0,
                             "%s\"%s\"", used ? ", " : "", f->name);
  return tvEmitError(op, "attribute 'fn' must be one of %s, got \"%.*s\"",
                     list, (int)s.length, s.data);
}

/// Numpy broadcasting: shapes align at the trailing dimension and each
/// operand dim is 1 or the result's; the result is the largest along each.
static MlirLogicalResult checkBroadcast(MlirOperation op, MlirType res) {
  int64_t rs[TS_MAX_RANK], want[TS_MAX_RANK];
  intptr_t rr, n = mlirOperationGetNumOperands(op);
  char a[128], b[128];
  if (tvFailed(tsGetShape(op, res, "result", rs, &rr)))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < rr; ++i)
    want[i] = 1;
  for (intptr_t o = 0; o < n; ++o) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, o));
    intptr_t r = mlirShapedTypeGetRank(t);
    bool ok = r <= rr;
    for (intptr_t i = 0; ok && i < r; ++i) {
      int64_t d = mlirShapedTypeGetDimSize(t, i);
      intptr_t ri = rr - r + i;
      ok = d == 1 || d == rs[ri];
      if (d > want[ri])
        want[ri] = d;
    }
    if (!ok)
      return tvEmitError(op,
                         "operand %ld (%s) does not broadcast to the result "
                         "shape %s",
                         (long)o, tvTypeStr(t, a, sizeof a),
                         tsShapeStr(rs, rr, b, sizeof b));
  }
  for (intptr_t i = 0; i < rr; ++i)
    if (want[i] != rs[i])
      return tvEmitError(op,
                         "result shape %s is not the broadcast of the operand "
                         "shapes (%s)",
                         tsShapeStr(rs, rr, a, sizeof a),
                         tsShapeStr(want, rr, b, sizeof b));
  return tvSuccess();
}

static MlirLogicalResult verifyElementwise(MlirOperation op) {
  bool present;
  const TesseraElementwiseFn *fn = NULL;
  char a[64], b[64];
  if (tvFailed(getElementwiseFn(op, &present, &fn)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'fn' (e.g. \"gelu\")");
  intptr_t n = mlirOperationGetNumOperands(op);
  intptr_t arity = fn->arity;
  if (n != arity)
    return tvEmitError(op, "fn \"%s\" takes %ld operand%s, got %ld",
                       fn->name, (long)arity, arity == 1 ? "" : "s",
                       (long)n);
  MlirType res = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (tvFailed(tsCheckRegisterTile(op, res, "result")))
    return mlirLogicalResultFailure();
  MlirType re = mlirShapedTypeGetElementType(res);
  if (!tvIsFloatType(re))
    return tvEmitError(op, "fn \"%s\" needs float tiles, got %s",
                       fn->name, tvTypeStr(re, a, sizeof a));
  for (intptr_t o = 0; o < n; ++o) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, o));
    if (tvFailed(tsCheckRegisterTile(op, t, "operand")))
      return mlirLogicalResultFailure();
    MlirType e = mlirShapedTypeGetElementType(t);
    if (!mlirTypeEqual(e, re))
      return tvEmitError(op,
                         "operand %ld element type %s differs from the result "
                         "element type %s (convert with arith.extf/truncf)",
                         (long)o, tvTypeStr(e, a, sizeof a),
                         tvTypeStr(re, b, sizeof b));
  }
  return checkBroadcast(op, res);
}

static MlirLogicalResult checkReduceShape(MlirOperation op, MlirType in,
                                          MlirType res, int64_t dim) {
  int64_t is[TS_MAX_RANK], rs[TS_MAX_RANK];
  intptr_t ir, rr;
  char a[128], b[128];
  if (tvFailed(tsGetShape(op, in, "input", is, &ir)) ||
      tvFailed(tsGetShape(op, res, "result", rs, &rr)))
    return mlirLogicalResultFailure();
  is[dim] = 1;
  bool same = ir == rr;
  for (intptr_t i = 0; same && i < ir; ++i)
    same = is[i] == rs[i];
  if (!same)
    return tvEmitError(op,
                       "result shape %s must be %s (the input shape with dim "
                       "%lld reduced to 1)",
                       tsShapeStr(rs, rr, a, sizeof a),
                       tsShapeStr(is, ir, b, sizeof b), (long long)dim);
  return tvSuccess();
}

/// Sums of 16-bit floats may accumulate in f32.
static MlirLogicalResult checkReduceElement(MlirOperation op, MlirType in,
                                            MlirType res) {
  MlirType ie = mlirShapedTypeGetElementType(in);
  MlirType re = mlirShapedTypeGetElementType(res);
  bool narrow = mlirTypeIsAF16(ie) || mlirTypeIsABF16(ie);
  if (mlirTypeEqual(ie, re) || (narrow && mlirTypeIsAF32(re)))
    return tvSuccess();
  char a[64], b[64];
  return tvEmitError(op, "result element type %s must be %s%s",
                     tvTypeStr(re, a, sizeof a), tvTypeStr(ie, b, sizeof b),
                     narrow ? " or f32" : "");
}

static MlirLogicalResult verifyReduce(MlirOperation op) {
  const char *const *kinds = tesseraReductionNames;
  static const char *const orders[] = {"tree", "sequential", NULL};
  bool present, hasDim;
  int kind = 0, order = 0;
  int64_t dim = 0;
  if (tvFailed(tvGetEnumAttr(op, "kind", kinds, &present, &kind)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'kind' (\"sum\", \"max\" or "
                           "\"min\")");
  if (tvFailed(tvGetEnumAttr(op, "order", orders, &present, &order)) ||
      tvFailed(tvGetI64Attr(op, "dim", &hasDim, &dim)))
    return mlirLogicalResultFailure();
  MlirType in = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType res = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (tvFailed(tsCheckRegisterTile(op, in, "input")) ||
      tvFailed(tsCheckRegisterTile(op, res, "result")))
    return mlirLogicalResultFailure();
  intptr_t rank = mlirShapedTypeGetRank(in);
  if (!hasDim)
    dim = rank - 1; // rows: the innermost dimension
  if (dim < 0 || dim >= rank)
    return tvEmitError(op, "dim %lld is out of range for a rank-%ld input",
                       (long long)dim, (long)rank);
  if (tvFailed(checkReduceShape(op, in, res, dim)))
    return mlirLogicalResultFailure();
  return checkReduceElement(op, in, res);
}

// A 2-D tile (dim 0 or 1) or a 1-D row (dim 0) of i32 coordinates.
static MlirLogicalResult verifyIota(MlirOperation op) {
  bool present;
  int64_t dim = 0;
  char a[64];
  if (tvFailed(tvGetI64Attr(op, "dim", &present, &dim)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'dim' (0: row coordinates, "
                           "1: column coordinates)");
  MlirType res = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (tvFailed(tsCheckRegisterTile(op, res, "result")))
    return mlirLogicalResultFailure();
  intptr_t rank = mlirShapedTypeGetRank(res);
  if (rank > 2)
    return tvEmitError(op, "result must be a 2-D tile or a 1-D row, got "
                           "rank %ld", (long)rank);
  if (dim < 0 || dim >= rank)
    return tvEmitError(op, "dim %lld is out of range for a rank-%ld result",
                       (long long)dim, (long)rank);
  MlirType e = mlirShapedTypeGetElementType(res);
  if (!mlirTypeIsAInteger(e) || mlirIntegerTypeGetWidth(e) != 32)
    return tvEmitError(op, "result element type must be i32, got %s",
                       tvTypeStr(e, a, sizeof a));
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

typedef struct OpDef {
  const char *name;
  const char *const *attrs; // inherent attributes, NULL-terminated
  MlirLogicalResult (*verify)(MlirOperation);
} OpDef;

static const char *const kNoAttrs[] = {NULL};
static const char *const kFetchAttrs[] = {"tile", "pad", NULL};
static const char *const kLoadAttrs[] = {"tile", "level", "pad", NULL};
static const char *const kMatmulAttrs[] = {"transpose_a", "transpose_b",
                                           "compute", NULL};
static const char *const kElementwiseAttrs[] = {"fn", NULL};
static const char *const kReduceAttrs[] = {"kind", "dim", "order", NULL};
static const char *const kIotaAttrs[] = {"dim", NULL};

static const OpDef kOps[] = {
    {"tsched.tile_load", kLoadAttrs, verifyTileLoad},
    {"tsched.async_copy", kFetchAttrs, verifyAsyncCopy},
    {"tsched.wait", kNoAttrs, verifyWait},
    {"tsched.tile_store", kNoAttrs, verifyTileStore},
    {"tsched.tile_matmul", kMatmulAttrs, verifyTileMatmul},
    {"tsched.elementwise", kElementwiseAttrs, verifyElementwise},
    {"tsched.reduce", kReduceAttrs, verifyReduce},
    {"tsched.iota", kIotaAttrs, verifyIota},
};

MlirLogicalResult tesseraVerifyScheduleOp(MlirOperation op) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  for (size_t i = 0; i < sizeof kOps / sizeof kOps[0]; ++i) {
    if (!tvStrEq(name, kOps[i].name))
      continue;
    MlirOperation func;
    if (tvFailed(tvCheckAttrNames(op, kOps[i].attrs)) ||
        // tsched.kernel / tsched.tile_loop on a tsched op would be ignored
        // by every pass.
        tvFailed(tvCheckNoOwnDialectAttrs(
            op, "tsched.", "tsched",
            "tsched.kernel goes on a function, tsched.tile_loop on a loop")) ||
        tvFailed(tsCheckInKernel(op, "tsched.kernel", &func)))
      return mlirLogicalResultFailure();
    return kOps[i].verify(op);
  }
  // Only reachable if Schedule.irdl.mlir gains an op this table lacks.
  return tvEmitError(op, "has no semantic verifier; add it to "
                         "ScheduleVerify.c");
}

MlirLogicalResult tesseraVerifyScheduleDiscardableAttr(MlirOperation op,
                                                       MlirStringRef name,
                                                       MlirAttribute attr) {
  if (tvStrEq(name, "tsched.kernel"))
    return tsVerifyKernelAttr(op, attr);
  if (tvStrEq(name, "tsched.tile_loop"))
    return tsVerifyTileLoopAttr(op, attr);
  return tvEmitError(op,
                     "unknown attribute '%.*s'; tsched attributes are "
                     "tsched.kernel and tsched.tile_loop",
                     (int)name.length, name.data);
}
