//===- GenericMma.c - ttarget.mma {family = "generic"} on GPUs ------------===//
//
// The generic GPU lowering of a tile matmul, for work with no tensor-core
// form (element types or shapes the instruction tables lack, or chips
// without them): each thread computes the accumulator elements its layout
// gives it, acc[i][j] += sum_k a[i][k] * b[k][j] with math.fma, reading a
// and b from shared memory -- a copy's buffer (transposes and swizzle
// honoured), or a register tile staged there first (any layout). Only gpu,
// memref, arith and math ops: the base of targets without matrix units.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

enum { kMaxFmas = 1 << 14 };

typedef struct Operand {
  MlirValue mem;
  bool transpose;
  int64_t swizzle, elemBytes;
} Operand;

static bool operand(Dt *d, TsBuilder *b, MlirOperation op, int i,
                    Operand *o) {
  MlirValue v = mlirOperationGetOperand(op, i);
  MlirType t = mlirValueGetType(v);
  MlirType elem = mlirShapedTypeGetElementType(t);
  o->transpose = dtBoolAttr(op, i == 0 ? "transpose_a" : "transpose_b");
  o->elemBytes = dtTileBytes(t) / (mlirShapedTypeGetDimSize(t, 0) *
                                   mlirShapedTypeGetDimSize(t, 1));
  o->swizzle = 0;
  if (mlirTypeIsAVector(t)) {
    DtTile *tile = dtLookupTile(d, op, v);
    const DtBuffer *buf = tile ? dtOperandBuffer(d, op, i) : NULL;
    if (!buf)
      return false;
    TsBuilder at = dtStagingPoint(b, op, v, tile);
    o->mem = dtStageTile(d, &at, tile, buf, elem, false);
    return true;
  }
  MlirOperation copy = dtCopyOf(v);
  if (!mlirOperationIsNull(copy))
    o->swizzle = dtCopySwizzle(copy);
  o->mem = dtLookup(d, op, v);
  if (mlirValueIsNull(o->mem))
    return false;
  // A transposed copy's buffer holds the operand column-major.
  if (!mlirOperationIsNull(copy) && dtCopyTransposed(copy)) {
    o->mem = dtTransposedView(d, b, op, o->mem);
    o->transpose = !o->transpose;
    if (mlirValueIsNull(o->mem))
      return false;
  }
  return true;
}

// Element (r, c) of the operand as the matmul sees it, in f32.
static MlirValue element(TsBuilder *b, const Operand *o, MlirValue r,
                         MlirValue c) {
  MlirValue idx[2] = {o->transpose ? c : r, o->transpose ? r : c};
  idx[1] = dtSwizzleCol(b, idx[0], idx[1], o->swizzle, o->elemBytes);
  MlirValue v = tsLoad(b, o->mem, 2, idx);
  MlirType f32 = tsF32Type(b);
  if (mlirTypeEqual(mlirValueGetType(v), f32))
    return v;
  return tsResult(tsOp(b, "arith.extf", 1, &v, 1, &f32, 0, NULL, 0), 0);
}

void dtLowerGenericMma(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType at = mlirValueGetType(mlirOperationGetOperand(op, 0));
  if (!mlirTypeIsAF32(mlirShapedTypeGetElementType(rt))) {
    dtError(d, op, "generic tile matmuls accumulate in f32 so far");
    return;
  }
  int64_t K = mlirShapedTypeGetDimSize(at, dtBoolAttr(op, "transpose_a") ? 0 : 1);
  DtTile *c = dtLookupTile(d, op, mlirOperationGetOperand(op, 2));
  MlirAttribute la = tvGetAttr(op, "layout");
  TtLayout l;
  if (!c)
    return;
  if (mlirAttributeIsNull(la)) {
    dtError(d, op, "a generic tile matmul needs its accumulator's 'layout' "
            "(run tessera-lower-schedule)");
    return;
  }
  if (tvFailed(ttParseLayout(op, "layout", la, &l))) {
    d->failed = true;
    return;
  }
  if (!ttLayoutEqual(&c->layout, &l)) {
    dtError(d, op, "the accumulator is in layout %s, the result in %s (a "
            "ttarget.convert_layout is missing)", ttLayoutNames[c->layout.kind],
            ttLayoutNames[l.kind]);
    return;
  }
  if ((int64_t)c->n * K > kMaxFmas) {
    dtError(d, op, "%d accumulator registers x K = %lld are more than %d "
            "unrolled FMAs per thread; use smaller tiles", c->n, (long long)K,
            kMaxFmas);
    return;
  }
  Operand a, bo;
  if (!operand(d, b, op, 0, &a) || !operand(d, b, op, 1, &bo))
    return;
  DtTile *out = dtNewTile(d, &l, rt);
  int64_t *ro = dtAlloc(d, (size_t)c->n * sizeof *ro);
  int64_t *co = dtAlloc(d, (size_t)c->n * sizeof *co);
  dtLayoutRegs(&l, c->rows, c->cols, ro, co);
  MlirValue rb, cb;
  dtLayoutBase(d, b, &l, c->rows, c->cols, &rb, &cb);
  for (int r = 0; r < c->n; ++r) {
    MlirValue row = dtAdd(b, rb, dtIdx(b, ro[r]));
    MlirValue col = dtAdd(b, cb, dtIdx(b, co[r]));
    MlirValue acc = c->regs[r];
    for (int64_t k = 0; k < K; ++k) {
      MlirValue kk = dtIdx(b, k);
      MlirValue ops[3] = {element(b, &a, row, kk), element(b, &bo, kk, col), acc};
      MlirType f32 = tsF32Type(b);
      acc = tsResult(tsOp(b, "math.fma", 3, ops, 1, &f32, 0, NULL, 0), 0);
    }
    out->regs[r] = acc;
  }
  dtMapTile(d, res, out);
}
