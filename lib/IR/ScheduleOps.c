//===- ScheduleOps.c - Building Schedule IR ops ---------------------------===//
#include "IR/ScheduleOps.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdlib.h>
#include <string.h>

MlirType tsVectorType(MlirType elem, intptr_t rank, const int64_t *shape) {
  return mlirVectorTypeGet(rank, shape, elem);
}

MlirType tsWorkgroupTile(const TsBuilder *b, int64_t rows, int64_t cols,
                         MlirType elem) {
  int64_t shape[2] = {rows, cols};
  return tsMemRefType(elem, 2, shape,
                      tsAttr(b, "#gpu.address_space<workgroup>"));
}

MlirType tsDynamicMemRef(MlirType elem, intptr_t rank) {
  int64_t *shape = tsAlloc(rank, sizeof *shape);
  for (intptr_t i = 0; i < rank; ++i)
    shape[i] = mlirShapedTypeGetDynamicSize();
  MlirType t = tsMemRefType(elem, rank, shape, (MlirAttribute){NULL});
  free(shape);
  return t;
}

// `first` followed by the n indices.
static MlirValue *withIndices(intptr_t nFirst, const MlirValue *first,
                              intptr_t n, const MlirValue *idx) {
  MlirValue *ops = tsAlloc(nFirst + n, sizeof *ops);
  memcpy(ops, first, (size_t)nFirst * sizeof *ops);
  memcpy(ops + nFirst, idx, (size_t)n * sizeof *ops);
  return ops;
}

MlirValue tsTileLoad(const TsBuilder *b, MlirValue src, intptr_t nIdx,
                     const MlirValue *idx, intptr_t rank, const int64_t *tile,
                     MlirAttribute pad, MlirType result) {
  MlirValue *ops = withIndices(1, &src, nIdx, idx);
  MlirNamedAttribute attrs[3] = {
      tsNamed(b, "tile", mlirDenseI64ArrayGet(b->ctx, rank, tile)),
      tsNamed(b, "level", tsStrAttr(b, "registers")), tsNamed(b, "pad", pad)};
  MlirOperation op = tsOp(b, "tsched.tile_load", 1 + nIdx, ops, 1, &result,
                          mlirAttributeIsNull(pad) ? 2 : 3, attrs, 0);
  free(ops);
  return tsResult(op, 0);
}

void tsTileStore(const TsBuilder *b, MlirValue tile, MlirValue dst,
                 intptr_t nIdx, const MlirValue *idx) {
  MlirValue first[2] = {tile, dst};
  MlirValue *ops = withIndices(2, first, nIdx, idx);
  tsOp(b, "tsched.tile_store", 2 + nIdx, ops, 0, NULL, 0, NULL, 0);
  free(ops);
}

MlirValue tsAsyncCopy(const TsBuilder *b, MlirValue src, intptr_t nIdx,
                      const MlirValue *idx, const int64_t tile[2],
                      MlirType result, MlirValue *token) {
  MlirValue *ops = withIndices(1, &src, nIdx, idx);
  MlirType types[2] = {result, tsType(b, "!tsched.token")};
  MlirNamedAttribute attr =
      tsNamed(b, "tile", mlirDenseI64ArrayGet(b->ctx, 2, tile));
  MlirOperation op =
      tsOp(b, "tsched.async_copy", 1 + nIdx, ops, 2, types, 1, &attr, 0);
  free(ops);
  *token = tsResult(op, 1);
  return tsResult(op, 0);
}

void tsWait(const TsBuilder *b, intptr_t n, const MlirValue *tokens) {
  tsOp(b, "tsched.wait", n, tokens, 0, NULL, 0, NULL, 0);
}

MlirValue tsTileMatmul(const TsBuilder *b, MlirValue a, MlirValue bb,
                       MlirValue acc) {
  MlirValue ops[3] = {a, bb, acc};
  MlirType t = mlirValueGetType(acc);
  return tsResult(tsOp(b, "tsched.tile_matmul", 3, ops, 1, &t, 0, NULL, 0),
                  0);
}

MlirValue tsElementwise(const TsBuilder *b, const char *fn, MlirValue lhs,
                        MlirValue rhs, MlirType result) {
  MlirValue ops[2] = {lhs, rhs};
  MlirNamedAttribute attr = tsNamed(b, "fn", tsStrAttr(b, fn));
  return tsResult(tsOp(b, "tsched.elementwise", mlirValueIsNull(rhs) ? 1 : 2,
                       ops, 1, &result, 1, &attr, 0),
                  0);
}

MlirValue tsReduce(const TsBuilder *b, const char *kind, MlirValue x,
                   MlirType result) {
  MlirNamedAttribute attr = tsNamed(b, "kind", tsStrAttr(b, kind));
  return tsResult(
      tsOp(b, "tsched.reduce", 1, &x, 1, &result, 1, &attr, 0), 0);
}

MlirValue tsReduceColumns(const TsBuilder *b, const char *kind, MlirValue x,
                          MlirType result) {
  MlirNamedAttribute attrs[2] = {tsNamed(b, "kind", tsStrAttr(b, kind)),
                                 tsNamed(b, "dim", tsI64Attr(b, 0))};
  return tsResult(
      tsOp(b, "tsched.reduce", 1, &x, 1, &result, 2, attrs, 0), 0);
}

MlirValue tsIota(const TsBuilder *b, MlirValue offset, int64_t dim,
                 MlirType result) {
  MlirNamedAttribute attr = tsNamed(b, "dim", tsI64Attr(b, dim));
  return tsResult(
      tsOp(b, "tsched.iota", 1, &offset, 1, &result, 1, &attr, 0), 0);
}

static MlirNamedAttribute named(MlirContext ctx, const char *name,
                                MlirAttribute a) {
  return mlirNamedAttributeGet(
      mlirIdentifierGet(ctx, mlirStringRefCreateFromCString(name)), a);
}

void tsMarkTileLoop(MlirOperation loop, const char *kind, int64_t stages) {
  MlirContext ctx = mlirOperationGetContext(loop);
  MlirNamedAttribute items[2] = {
      named(ctx, "kind",
            mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(kind))),
      named(ctx, "stages",
            mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), stages))};
  mlirOperationSetAttributeByName(
      loop, mlirStringRefCreateFromCString("tsched.tile_loop"),
      mlirDictionaryAttrGet(ctx, stages ? 2 : 1, items));
}

void tsMarkKernel(MlirOperation func, intptr_t n, const char *const *fused) {
  MlirContext ctx = mlirOperationGetContext(func);
  MlirAttribute *names = tsAlloc(n, sizeof *names);
  for (intptr_t i = 0; i < n; ++i)
    names[i] = mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(fused[i]));
  MlirNamedAttribute item =
      named(ctx, "fused", mlirArrayAttrGet(ctx, n, names));
  mlirOperationSetAttributeByName(
      func, mlirStringRefCreateFromCString("tsched.kernel"),
      mlirDictionaryAttrGet(ctx, 1, &item));
  free(names);
}
