//===- BuilderVector.c - Builder helpers for scf, vector and memref views -===//
//
// The part of lib/IR/Builder.h that the vector code generators need
// (structured ifs and parallel loops, vector memory ops, subviews), kept
// apart from the core so that each file stays small.
//
//===----------------------------------------------------------------------===//
#include "IR/Builder.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdlib.h>
#include <string.h>

MlirOperation tsIf(const TsBuilder *b, MlirValue cond, intptr_t nResults,
                   const MlirType *types, TsBuilder *then, TsBuilder *els) {
  MlirOperation op = tsOp(b, "scf.if", 1, &cond, nResults, types, 0, NULL, 2);
  MlirBlock t = tsAddBlock(mlirOperationGetRegion(op, 0), 0, NULL, b->loc);
  *then = tsBuilderAtEnd(t, b->loc);
  if (els) {
    MlirBlock e = tsAddBlock(mlirOperationGetRegion(op, 1), 0, NULL, b->loc);
    *els = tsBuilderAtEnd(e, b->loc);
  }
  return op;
}

MlirOperation tsParallel(const TsBuilder *b, intptr_t n, const MlirValue *lbs,
                         const MlirValue *ubs, const MlirValue *steps,
                         TsBuilder *body, MlirValue *ivs) {
  MlirValue *ops = tsAlloc(3 * n, sizeof *ops);
  MlirType *index = tsAlloc(n, sizeof *index);
  for (intptr_t i = 0; i < n; ++i) {
    ops[i] = lbs[i];
    ops[n + i] = ubs[i];
    ops[2 * n + i] = steps[i];
    index[i] = tsIndexType(b);
  }
  int32_t seg[4] = {(int32_t)n, (int32_t)n, (int32_t)n, 0};
  MlirNamedAttribute attr = tsNamed(b, "operandSegmentSizes",
                                    mlirDenseI32ArrayGet(b->ctx, 4, seg));
  MlirOperation loop = tsOp(b, "scf.parallel", 3 * n, ops, 0, NULL, 1, &attr, 1);
  MlirBlock block =
      tsAddBlock(mlirOperationGetRegion(loop, 0), n, index, b->loc);
  for (intptr_t i = 0; i < n; ++i)
    ivs[i] = mlirBlockGetArgument(block, i);
  TsBuilder end = tsBuilderAtEnd(block, b->loc);
  MlirOperation term = tsOp(&end, "scf.reduce", 0, NULL, 0, NULL, 0, NULL, 0);
  *body = end;
  body->before = term;
  free(ops);
  free(index);
  return loop;
}

// `first` followed by the n values of `rest` (and `last`, if not null),
// with room for one more operand after them; `*count` is how many are set.
static MlirValue *operandList(MlirValue first, intptr_t n,
                              const MlirValue *rest, MlirValue last,
                              intptr_t *count) {
  MlirValue *ops = tsAlloc(n + 3, sizeof *ops);
  ops[0] = first;
  memcpy(ops + 1, rest, (size_t)n * sizeof *rest);
  *count = 1 + n;
  if (!mlirValueIsNull(last))
    ops[(*count)++] = last;
  return ops;
}

MlirValue tsVecLoad(const TsBuilder *b, MlirType type, MlirValue memref,
                    intptr_t nIdx, const MlirValue *idx) {
  intptr_t n;
  MlirValue *ops = operandList(memref, nIdx, idx, (MlirValue){NULL}, &n);
  MlirValue v =
      tsResult(tsOp(b, "vector.load", n, ops, 1, &type, 0, NULL, 0), 0);
  free(ops);
  return v;
}

void tsVecStore(const TsBuilder *b, MlirValue value, MlirValue memref,
                intptr_t nIdx, const MlirValue *idx) {
  MlirValue *ops = tsAlloc(nIdx + 2, sizeof *ops);
  ops[0] = value;
  ops[1] = memref;
  memcpy(ops + 2, idx, (size_t)nIdx * sizeof *idx);
  tsOp(b, "vector.store", nIdx + 2, ops, 0, NULL, 0, NULL, 0);
  free(ops);
}

MlirValue tsMaskedLoad(const TsBuilder *b, MlirValue memref, intptr_t nIdx,
                       const MlirValue *idx, MlirValue mask,
                       MlirValue passThru) {
  intptr_t n;
  MlirValue *ops = operandList(memref, nIdx, idx, mask, &n);
  ops[n++] = passThru;
  MlirType t = mlirValueGetType(passThru);
  MlirValue v =
      tsResult(tsOp(b, "vector.maskedload", n, ops, 1, &t, 0, NULL, 0), 0);
  free(ops);
  return v;
}

void tsMaskedStore(const TsBuilder *b, MlirValue value, MlirValue memref,
                   intptr_t nIdx, const MlirValue *idx, MlirValue mask) {
  intptr_t n;
  MlirValue *ops = operandList(memref, nIdx, idx, mask, &n);
  ops[n++] = value;
  tsOp(b, "vector.maskedstore", n, ops, 0, NULL, 0, NULL, 0);
  free(ops);
}

MlirValue tsCreateMask(const TsBuilder *b, MlirType type, intptr_t n,
                       const MlirValue *sizes) {
  return tsResult(
      tsOp(b, "vector.create_mask", n, sizes, 1, &type, 0, NULL, 0), 0);
}

MlirValue tsBroadcast(const TsBuilder *b, MlirValue x, MlirType type) {
  return tsConvert(b, "vector.broadcast", x, type);
}

MlirValue tsFma(const TsBuilder *b, MlirValue x, MlirValue y, MlirValue z) {
  MlirValue ops[3] = {x, y, z};
  MlirType t = mlirValueGetType(x);
  return tsResult(tsOp(b, "vector.fma", 3, ops, 1, &t, 0, NULL, 0), 0);
}

MlirValue tsVecInsert(const TsBuilder *b, MlirValue value, MlirValue dest,
                      intptr_t n, const int64_t *pos) {
  MlirValue ops[2] = {value, dest};
  MlirType t = mlirValueGetType(dest);
  MlirNamedAttribute attr = tsNamed(b, "static_position",
                                    mlirDenseI64ArrayGet(b->ctx, n, pos));
  return tsResult(tsOp(b, "vector.insert", 2, ops, 1, &t, 1, &attr, 0), 0);
}

MlirValue tsTranspose(const TsBuilder *b, MlirValue x, intptr_t n,
                      const int64_t *perm) {
  MlirType in = mlirValueGetType(x);
  int64_t *shape = tsAlloc(n, sizeof *shape);
  for (intptr_t i = 0; i < n; ++i)
    shape[i] = mlirShapedTypeGetDimSize(in, perm[i]);
  MlirType t = mlirVectorTypeGet(n, shape, mlirShapedTypeGetElementType(in));
  free(shape);
  MlirNamedAttribute attr =
      tsNamed(b, "permutation", mlirDenseI64ArrayGet(b->ctx, n, perm));
  return tsResult(tsOp(b, "vector.transpose", 1, &x, 1, &t, 1, &attr, 0), 0);
}

MlirValue tsSubview(const TsBuilder *b, MlirValue src, MlirType type,
                    intptr_t rank, const int64_t *offsets,
                    const int64_t *sizes, const int64_t *strides,
                    intptr_t nDyn, const MlirValue *dyn) {
  // Dynamic entries consume `dyn` in order: offsets, then sizes, then
  // strides, as the op's operand segments do.
  int64_t d = mlirShapedTypeGetDynamicSize();
  int32_t seg[4] = {1, 0, 0, 0};
  const int64_t *lists[3] = {offsets, sizes, strides};
  for (int l = 0; l < 3; ++l)
    for (intptr_t i = 0; i < rank; ++i)
      seg[1 + l] += lists[l][i] == d;
  intptr_t n;
  MlirValue *ops = operandList(src, nDyn, dyn, (MlirValue){NULL}, &n);
  MlirNamedAttribute attrs[4] = {
      tsNamed(b, "operandSegmentSizes", mlirDenseI32ArrayGet(b->ctx, 4, seg)),
      tsNamed(b, "static_offsets", mlirDenseI64ArrayGet(b->ctx, rank, offsets)),
      tsNamed(b, "static_sizes", mlirDenseI64ArrayGet(b->ctx, rank, sizes)),
      tsNamed(b, "static_strides",
              mlirDenseI64ArrayGet(b->ctx, rank, strides))};
  MlirValue v =
      tsResult(tsOp(b, "memref.subview", n, ops, 1, &type, 4, attrs, 0), 0);
  free(ops);
  return v;
}

void tsPrefetchRead(const TsBuilder *b, MlirValue memref, intptr_t nIdx,
                    const MlirValue *idx, int locality) {
  intptr_t n;
  MlirValue *ops = operandList(memref, nIdx, idx, (MlirValue){NULL}, &n);
  MlirNamedAttribute attrs[3] = {
      tsNamed(b, "isWrite", mlirBoolAttrGet(b->ctx, 0)),
      tsNamed(b, "localityHint",
              mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 32), locality)),
      tsNamed(b, "isDataCache", mlirBoolAttrGet(b->ctx, 1))};
  tsOp(b, "memref.prefetch", n, ops, 0, NULL, 3, attrs, 0);
  free(ops);
}
