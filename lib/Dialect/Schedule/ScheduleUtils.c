//===- ScheduleUtils.c - Tile types shared by tsched and ttarget ---------===//
#include "Dialect/Schedule/ScheduleUtils.h"

#include <stdio.h>
#include <string.h>

bool tsOpIs(MlirOperation op, const char *name) {
  return tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

bool tsOpIsArith(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length > 6 && !memcmp(n.data, "arith.", 6);
}

TsLevel tsTypeLevel(MlirType t) {
  if (mlirTypeIsAVector(t))
    return TS_LEVEL_REGISTERS;
  if (!mlirTypeIsAMemRef(t))
    return TS_LEVEL_INVALID;
  MlirAttribute space = mlirMemRefTypeGetMemorySpace(t);
  if (mlirAttributeIsNull(space))
    return TS_LEVEL_GLOBAL;
  // The C API has no accessor for GPU address spaces; their printed form is
  // stable and checking it does not need the gpu dialect loaded.
  char buf[64];
  tvAttrStr(space, buf, sizeof buf);
  if (!strcmp(buf, "#gpu.address_space<global>"))
    return TS_LEVEL_GLOBAL;
  if (!strcmp(buf, "#gpu.address_space<workgroup>"))
    return TS_LEVEL_SHARED;
  return TS_LEVEL_INVALID;
}

int64_t tsElemBytes(MlirType t) {
  if (mlirTypeIsATF32(t))
    return 4; // tf32 is stored as f32
  if (mlirTypeIsAFloat(t))
    return (int64_t)(mlirFloatTypeGetWidth(t) + 7) / 8;
  if (mlirTypeIsAInteger(t))
    return (int64_t)(mlirIntegerTypeGetWidth(t) + 7) / 8;
  if (mlirTypeIsAIndex(t))
    return 8;
  return 0;
}

const char *tsShapeStr(const int64_t *shape, intptr_t rank, char *buf,
                       size_t cap) {
  size_t used = 0;
  buf[0] = 0;
  for (intptr_t i = 0; i < rank && used < cap; ++i) {
    const char *sep = i ? "x" : "";
    int n = mlirShapedTypeIsDynamicSize(shape[i])
                ? snprintf(buf + used, cap - used, "%s?", sep)
                : snprintf(buf + used, cap - used, "%s%lld", sep,
                           (long long)shape[i]);
    if (n < 0)
      break;
    used += (size_t)n;
  }
  return buf;
}

MlirLogicalResult tsGetShape(MlirOperation op, MlirType t, const char *what,
                             int64_t *shape, intptr_t *rank) {
  *rank = mlirShapedTypeGetRank(t);
  if (*rank > TS_MAX_RANK)
    return tvEmitError(op, "%s has rank %ld; at most %d is supported", what,
                       (long)*rank, (int)TS_MAX_RANK);
  for (intptr_t i = 0; i < *rank; ++i)
    shape[i] = mlirShapedTypeGetDimSize(t, i);
  return tvSuccess();
}

MlirLogicalResult tsCheckRegisterTile(MlirOperation op, MlirType t,
                                      const char *what) {
  char buf[256];
  if (!mlirTypeIsAVector(t))
    return tvEmitError(op, "%s must be a vector (a register tile), got %s",
                       what, tvTypeStr(t, buf, sizeof buf));
  if (mlirVectorTypeIsScalable(t))
    return tvEmitError(op, "%s must have a fixed size, got %s", what,
                       tvTypeStr(t, buf, sizeof buf));
  if (mlirShapedTypeGetRank(t) < 1)
    return tvEmitError(op, "%s must have rank >= 1, got %s", what,
                       tvTypeStr(t, buf, sizeof buf));
  return tvSuccess();
}

MlirOperation tsEnclosingFunction(MlirOperation op) {
  for (MlirOperation p = mlirOperationGetParentOperation(op);
       !mlirOperationIsNull(p); p = mlirOperationGetParentOperation(p))
    if (tsOpIs(p, "func.func") || tsOpIs(p, "gpu.func"))
      return p;
  return (MlirOperation){NULL};
}

MlirLogicalResult tsCheckInKernel(MlirOperation op, const char *kernelAttr,
                                  MlirOperation *func) {
  *func = tsEnclosingFunction(op);
  if (mlirOperationIsNull(*func) ||
      mlirAttributeIsNull(tvGetAttr(*func, kernelAttr)))
    return tvEmitError(op, "must be inside a function carrying '%s'",
                       kernelAttr);
  return tvSuccess();
}

MlirLogicalResult tsCheckTileOperand(MlirOperation op, MlirType t,
                                     const char *what, int64_t *shape,
                                     intptr_t *rank) {
  char buf[256];
  TsLevel l = tsTypeLevel(t);
  if (l != TS_LEVEL_REGISTERS && l != TS_LEVEL_SHARED)
    return tvEmitError(op,
                       "%s must be a register tile (vector) or a shared tile "
                       "(memref in #gpu.address_space<workgroup>), got %s",
                       what, tvTypeStr(t, buf, sizeof buf));
  if (l == TS_LEVEL_REGISTERS &&
      tvFailed(tsCheckRegisterTile(op, t, what)))
    return mlirLogicalResultFailure();
  if (l == TS_LEVEL_SHARED && !mlirShapedTypeHasStaticShape(t))
    return tvEmitError(op, "%s must have a static shape, got %s", what,
                       tvTypeStr(t, buf, sizeof buf));
  return tsGetShape(op, t, what, shape, rank);
}

//===----------------------------------------------------------------------===//
// Tile fetch
//===----------------------------------------------------------------------===//

static MlirLogicalResult checkFetchSource(MlirOperation op, TsLevel level,
                                          MlirType src) {
  char buf[256];
  TsLevel l = tsTypeLevel(src);
  if (l == TS_LEVEL_GLOBAL || (l == TS_LEVEL_SHARED &&
                               level == TS_LEVEL_REGISTERS))
    return tvSuccess();
  if (level == TS_LEVEL_SHARED)
    return tvEmitError(op,
                       "source must be a global memref (no memory space or "
                       "#gpu.address_space<global>), got %s",
                       tvTypeStr(src, buf, sizeof buf));
  return tvEmitError(op, "source must be a global or shared memref, got %s",
                     tvTypeStr(src, buf, sizeof buf));
}

static MlirLogicalResult readTileAttr(MlirOperation op, intptr_t srcRank,
                                      int64_t *tile, intptr_t *rank) {
  bool present;
  char buf[128];
  if (tvFailed(tvGetI64ArrayAttr(op, "tile", &present, tile, TS_MAX_RANK,
                                 rank)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'tile' (e.g. "
                           "array<i64: 128, 64>)");
  if (*rank == 0)
    return tvEmitError(op, "attribute 'tile' must not be empty");
  if (*rank > srcRank)
    return tvEmitError(op, "tile has rank %ld but the source only %ld",
                       (long)*rank, (long)srcRank);
  for (intptr_t i = 0; i < *rank; ++i)
    if (tile[i] <= 0)
      return tvEmitError(op, "tile sizes must be positive, got %s",
                         tsShapeStr(tile, *rank, buf, sizeof buf));
  return tvSuccess();
}

static MlirLogicalResult checkFetchResult(MlirOperation op, TsLevel level,
                                          MlirType res, const int64_t *tile,
                                          intptr_t tileRank) {
  char buf[256], want[128];
  if (level == TS_LEVEL_SHARED && tsTypeLevel(res) != TS_LEVEL_SHARED)
    return tvEmitError(op,
                       "result must be a memref in "
                       "#gpu.address_space<workgroup> (a shared tile), got %s",
                       tvTypeStr(res, buf, sizeof buf));
  if (level == TS_LEVEL_REGISTERS &&
      tvFailed(tsCheckRegisterTile(op, res, "result")))
    return mlirLogicalResultFailure();
  int64_t shape[TS_MAX_RANK];
  intptr_t rank;
  if (tvFailed(tsGetShape(op, res, "result", shape, &rank)))
    return mlirLogicalResultFailure();
  bool same = rank == tileRank;
  for (intptr_t i = 0; same && i < rank; ++i)
    same = shape[i] == tile[i];
  if (!same)
    return tvEmitError(op, "result shape %s does not match tile %s",
                       tsShapeStr(shape, rank, buf, sizeof buf),
                       tsShapeStr(tile, tileRank, want, sizeof want));
  return tvSuccess();
}

static MlirLogicalResult checkPad(MlirOperation op, MlirType elt) {
  MlirAttribute pad = tvGetAttr(op, "pad");
  if (mlirAttributeIsNull(pad))
    return tvSuccess();
  if ((mlirAttributeIsAFloat(pad) || mlirAttributeIsAInteger(pad)) &&
      mlirTypeEqual(mlirAttributeGetType(pad), elt))
    return tvSuccess();
  char t[64], a[128];
  return tvEmitError(op,
                     "attribute 'pad' (the value of out-of-bounds elements) "
                     "must be a %s constant, got %s",
                     tvTypeStr(elt, t, sizeof t),
                     tvAttrStr(pad, a, sizeof a));
}

bool tsPadIsZero(MlirOperation op) {
  MlirAttribute pad = tvGetAttr(op, "pad");
  if (mlirAttributeIsNull(pad))
    return true;
  if (mlirAttributeIsAFloat(pad))
    return mlirFloatAttrGetValueDouble(pad) == 0.0;
  return mlirAttributeIsAInteger(pad) && mlirIntegerAttrGetValueInt(pad) == 0;
}

MlirLogicalResult tsCheckTileFetch(MlirOperation op, TsLevel level,
                                   int64_t *tile, intptr_t *tileRank) {
  MlirType src = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType res = mlirValueGetType(mlirOperationGetResult(op, 0));
  int64_t srcShape[TS_MAX_RANK];
  intptr_t srcRank;
  if (tvFailed(checkFetchSource(op, level, src)) ||
      tvFailed(tsGetShape(op, src, "source", srcShape, &srcRank)))
    return mlirLogicalResultFailure();
  intptr_t offsets = mlirOperationGetNumOperands(op) - 1;
  if (offsets != srcRank)
    return tvEmitError(op,
                       "expects %ld offsets (one per source dimension), got "
                       "%ld", (long)srcRank, (long)offsets);
  if (tvFailed(readTileAttr(op, srcRank, tile, tileRank)) ||
      tvFailed(checkFetchResult(op, level, res, tile, *tileRank)))
    return mlirLogicalResultFailure();
  MlirType se = mlirShapedTypeGetElementType(src);
  MlirType re = mlirShapedTypeGetElementType(res);
  char a[64], b[64];
  if (!mlirTypeEqual(se, re))
    return tvEmitError(op,
                       "result element type %s differs from the source "
                       "element type %s",
                       tvTypeStr(re, a, sizeof a), tvTypeStr(se, b, sizeof b));
  return checkPad(op, se);
}

int64_t tsProduct(const int64_t *v, intptr_t n) {
  int64_t p = 1;
  for (intptr_t i = 0; i < n; ++i) {
    if (v[i] <= 0)
      return 0;
    if (p > INT64_MAX / v[i])
      return INT64_MAX;
    p *= v[i];
  }
  return p;
}
