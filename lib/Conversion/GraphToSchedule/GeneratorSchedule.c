//===- GeneratorSchedule.c - schedule builder: tgraph.iota ----------------===//
//
// tgraph.iota ("iota" family): the copy kernel of ViewCopySchedule.c with
// no input, its tiles made instead of loaded. A tile of the last two dims
// holds tsched.iota along its own dim (plus the tile's offset); along a
// leading dim every element of the tile holds the grid's index there. The
// i32 coordinates become the result's type in the tile: sitofp (through
// f32, then rounded to a 16-bit float), or kept / sign-extended for ids.
// Every target compiles it op by op.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

typedef struct IotaCtx {
  int dim; // of the kernel's view
} IotaCtx;

// i32 coordinates `v` as a tile of type tileT.
static MlirValue toElement(const TsBuilder *b, MlirValue v, MlirType tileT) {
  MlirType et = mlirShapedTypeGetElementType(tileT);
  if (mlirTypeIsAInteger(et))
    return mlirIntegerTypeGetWidth(et) == 32
               ? v
               : tsConvert(b, "arith.extsi", v, tileT);
  MlirType f32T = tsShapedLike(tileT, mlirF32TypeGet(b->ctx));
  MlirValue f = tsConvert(b, "arith.sitofp", v, f32T);
  return mlirTypeIsAF32(et) ? f : tsConvert(b, "arith.truncf", f, tileT);
}

static MlirValue iotaTile(const TsBuilder *b, const MlirValue *idx, int n,
                          MlirType tileT, const void *ctx) {
  const IotaCtx *c = ctx;
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirType iT = tsShapedLike(tileT, i32);
  MlirValue v;
  if (c->dim >= n - 2) {
    v = tsIota(b, idx[c->dim], c->dim - (n - 2), iT);
  } else {
    MlirValue s = tsConvert(b, "arith.index_cast", idx[c->dim], i32);
    v = tsResult(tsOp(b, "vector.broadcast", 1, &s, 1, &iT, 0, NULL, 0), 0);
  }
  return toElement(b, v, tileT);
}

void gtsBuildIota(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  MlirValue res = mlirOperationGetResult(op, 0);
  if (gtsUseCount(res) == 0)
    return; // nothing reads it
  MlirType rt = mlirValueGetType(res);
  int r = (int)mlirShapedTypeGetRank(rt), n = gtsCopyRank(r);
  const Value *like = NULL;
  if (mlirOperationGetNumOperands(op) == 1 &&
      !(like = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0))))
    return;
  Value *y = gtsAddValue(l, res);
  for (int d = 0; d < r; ++d) {
    int64_t size = mlirShapedTypeGetDimSize(rt, d);
    y->dims[d] =
        mlirShapedTypeIsDynamicSize(size) ? like->dims[d] : gtsConstDim(size);
    if (like)
      gtsRequireEqual(l, like->dims[d], y->dims[d], "iota shape");
  }
  gtsAllocate(l, y);
  int64_t dim = mlirIntegerAttrGetValueInt(tvGetAttr(op, "dim"));
  IotaCtx c = {(int)(dim < 0 ? dim + r : dim) + n - r};
  GtsCopyViews views = {.ctx = &c, .make = iotaTile};
  gtsCallCopyKernel(l, g, mlirShapedTypeGetElementType(rt), n, n, &views,
                    (MlirValue){NULL}, gtsCopyView(l, y));
}
