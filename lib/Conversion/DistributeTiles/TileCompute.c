//===- TileCompute.c - Constants, elementwise, reductions, conversions ----===//
//
// Register-to-register ops. Elementwise functions come from the one table
// (lib/IR/ElementwiseFns.c), applied register by register; an operand of
// shape M x 1 (1 x N) is the slice of the result's layout along dim 1 (0)
// and is broadcast by register offset. A reduction combines a thread's
// registers of each row (column), then the lanes that hold the same row
// with xor shuffles. A layout conversion goes through shared memory.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"
#include "IR/ElementwiseFns.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

void dtLowerConstant(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirAttribute v = tvGetAttr(op, "value");
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType t = mlirValueGetType(res);
  TtLayout l;
  if (!mlirAttributeIsADenseElements(v) || !mlirDenseElementsAttrIsSplat(v) ||
      mlirShapedTypeGetRank(t) != 2) {
    dtError(d, op, "only splat 2-D tile constants are lowered op by op");
    return;
  }
  if (!dtResultLayout(d, op, 0, &l))
    return;
  MlirType elem = mlirShapedTypeGetElementType(t);
  MlirAttribute s = mlirDenseElementsAttrGetSplatValue(v);
  MlirNamedAttribute a = tsNamed(b, "value", s);
  MlirValue c = tsResult(tsOp(b, "arith.constant", 0, NULL, 1, &elem, 1, &a, 0), 0);
  DtTile *tile = dtNewTile(d, &l, t);
  for (int r = 0; r < tile->n; ++r)
    tile->regs[r] = c;
  dtMapTile(d, res, tile);
}

// Which register of `slice` (the result's layout sliced along `dim`) holds
// the row (dim 1) or column (dim 0) of register r of the result.
static int *sliceIndex(Dt *d, const DtTile *res, const DtTile *slice,
                       int dim) {
  int64_t *ro = dtAlloc(d, (size_t)res->n * sizeof *ro);
  int64_t *co = dtAlloc(d, (size_t)res->n * sizeof *co);
  dtLayoutRegs(&res->layout, res->rows, res->cols, ro, co);
  int64_t *so = dtAlloc(d, (size_t)slice->n * sizeof *so);
  dtLayoutRegs(&slice->layout, slice->rows, slice->cols, dim == 1 ? so : NULL,
               dim == 0 ? so : NULL);
  int *idx = dtAlloc(d, (size_t)res->n * sizeof *idx);
  for (int r = 0; r < res->n; ++r) {
    int64_t want = dim == 1 ? ro[r] : co[r];
    idx[r] = -1;
    for (int s = 0; s < slice->n && idx[r] < 0; ++s)
      if (so[s] == want)
        idx[r] = s;
  }
  return idx;
}

void dtLowerElementwise(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirAttribute fa = tvGetAttr(op, "fn");
  const TesseraElementwiseFn *fn =
      tesseraLookupElementwiseFn(mlirStringAttrGetValue(fa));
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  intptr_t nargs = mlirOperationGetNumOperands(op);
  TtLayout l;
  if (!fn || fn->arity != nargs) {
    dtError(d, op, "unknown elementwise function or wrong arity");
    return;
  }
  if (!mlirTypeIsAF32(mlirShapedTypeGetElementType(rt)) ||
      mlirShapedTypeGetRank(rt) != 2) {
    dtError(d, op, "elementwise tiles are 2-D f32 so far");
    return;
  }
  if (!dtResultLayout(d, op, 0, &l))
    return;
  DtTile *out = dtNewTile(d, &l, rt);
  const DtTile *in[2];
  int *bcast[2] = {NULL, NULL};
  for (intptr_t i = 0; i < nargs; ++i) {
    MlirValue v = mlirOperationGetOperand(op, i);
    in[i] = dtLookupTile(d, op, v);
    if (!in[i])
      return;
    TtLayout want = l;
    int dim = -1;
    if (in[i]->rows != out->rows || in[i]->cols != out->cols) {
      dim = in[i]->cols == 1 ? 1 : 0;
      want.sliceDim = dim;
    }
    if (!ttLayoutEqual(&want, &in[i]->layout)) {
      dtError(d, op, "operand %lld is in layout %s%s, the op needs %s%s (a "
              "ttarget.convert_layout is missing)", (long long)i,
              ttLayoutNames[in[i]->layout.kind],
              in[i]->layout.sliceDim >= 0 ? " (slice)" : "",
              ttLayoutNames[want.kind], dim >= 0 ? " (slice)" : "");
      return;
    }
    if (dim >= 0)
      bcast[i] = sliceIndex(d, out, in[i], dim);
  }
  for (int r = 0; r < out->n; ++r) {
    MlirValue args[2];
    for (intptr_t i = 0; i < nargs; ++i)
      args[i] = in[i]->regs[bcast[i] ? bcast[i][r] : r];
    out->regs[r] = fn->emit(b, args);
  }
  dtMapTile(d, res, out);
}

static MlirValue combine(TsBuilder *b, int kind, MlirValue x, MlirValue y) {
  static const char *const ops[3] = {"arith.addf", "arith.maximumf",
                                     "arith.minimumf"};
  return tsBinary(b, ops[kind], x, y);
}

static MlirValue shuffleXor(TsBuilder *b, MlirValue v, int mask) {
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirValue ops[3] = {v, tsConstInt(b, i32, mask), tsConstInt(b, i32, 32)};
  MlirType res[2] = {mlirValueGetType(v), mlirIntegerTypeGet(b->ctx, 1)};
  MlirNamedAttribute a = tsNamed(b, "mode", tsAttr(b, "#gpu<shuffle_mode xor>"));
  return tsResult(tsOp(b, "gpu.shuffle", 3, ops, 2, res, 1, &a, 0), 0);
}

void dtLowerReduce(Dt *d, TsBuilder *b, MlirOperation op) {
  static const char *const kinds[] = {"sum", "max", "min", NULL};
  int kind;
  bool present;
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  if (tvFailed(tvGetEnumAttr(op, "kind", kinds, &present, &kind)) || !present) {
    d->failed = true;
    return;
  }
  DtTile *in = dtLookupTile(d, op, mlirOperationGetOperand(op, 0));
  TtLayout l;
  if (!in || !dtResultLayout(d, op, 0, &l))
    return;
  int dim = mlirShapedTypeGetDimSize(rt, 1) == 1 && in->cols != 1 ? 1 : 0;
  TtLayout want = in->layout;
  want.sliceDim = dim;
  if (in->layout.sliceDim >= 0 || !ttLayoutEqual(&want, &l)) {
    dtError(d, op, "the result's layout must be the operand's sliced along "
            "dim %d", dim);
    return;
  }
  int masks[6];
  int64_t warps;
  int nm = dtLayoutLaneMasks(&in->layout, dim, masks, &warps);
  if (warps > 1) {
    dtError(d, op, "reducing across %lld warps (the layout splits dim %d "
            "over warps) is not lowered yet", (long long)warps, dim);
    return;
  }
  DtTile *out = dtNewTile(d, &l, rt);
  int *idx = sliceIndex(d, in, out, dim);
  bool *seen = dtAlloc(d, (size_t)out->n * sizeof *seen);
  for (int r = 0; r < in->n; ++r) {
    int s = idx[r];
    out->regs[s] = seen[s] ? combine(b, kind, out->regs[s], in->regs[r])
                           : in->regs[r];
    seen[s] = true;
  }
  for (int s = 0; s < out->n; ++s)
    for (int m = 0; m < nm; ++m)
      out->regs[s] = combine(b, kind, out->regs[s],
                             shuffleXor(b, out->regs[s], masks[m]));
  dtMapTile(d, res, out);
}

DtTile *dtConvert(Dt *d, TsBuilder *b, MlirOperation at, const DtTile *src,
                  const TtLayout *to, MlirType type) {
  if (src->layout.sliceDim >= 0 || to->sliceDim >= 0) {
    dtError(d, at, "converting a sliced layout is not lowered yet");
    return NULL;
  }
  if (d->shared.scratchBytes < src->rows * src->cols * 4) {
    dtError(d, at, "internal error: no conversion scratch");
    return NULL;
  }
  MlirValue ops[2] = {d->smem, dtIdx(b, 0)};
  char ts[96];
  snprintf(ts, sizeof ts, "memref<%lldx%lldxf32, #gpu.address_space<workgroup>>",
           (long long)src->rows, (long long)src->cols);
  MlirType mt = tsType(b, ts);
  MlirValue buf = tsResult(tsOp(b, "memref.view", 2, ops, 1, &mt, 0, NULL, 0), 0);
  DtTile *out = dtNewTile(d, to, type);
  const DtTile *side[2] = {src, out};
  // Write every register where it belongs, then read the new layout's; the
  // first barrier keeps an earlier conversion's reads from being
  // overwritten.
  dtBarrier(b);
  for (int k = 0; k < 2; ++k) {
    const DtTile *t = side[k];
    int64_t *ro = dtAlloc(d, (size_t)t->n * sizeof *ro);
    int64_t *co = dtAlloc(d, (size_t)t->n * sizeof *co);
    dtLayoutRegs(&t->layout, t->rows, t->cols, ro, co);
    MlirValue rb, cb;
    dtLayoutBase(d, b, &t->layout, t->rows, t->cols, &rb, &cb);
    for (int r = 0; r < t->n; ++r) {
      MlirValue idx[2] = {dtAdd(b, rb, dtIdx(b, ro[r])),
                          dtAdd(b, cb, dtIdx(b, co[r]))};
      if (k == 0)
        tsStore(b, t->regs[r], buf, 2, idx);
      else
        out->regs[r] = tsLoad(b, buf, 2, idx);
    }
    if (k == 0)
      dtBarrier(b);
  }
  return out;
}

void dtLowerConvertLayout(Dt *d, TsBuilder *b, MlirOperation op) {
  DtTile *src = dtLookupTile(d, op, mlirOperationGetOperand(op, 0));
  TtLayout to;
  if (!src || tvFailed(ttParseLayout(op, "layout", tvGetAttr(op, "layout"), &to))) {
    d->failed = true;
    return;
  }
  MlirValue res = mlirOperationGetResult(op, 0);
  if (ttLayoutEqual(&src->layout, &to)) {
    dtMapTile(d, res, src);
    return;
  }
  if (!mlirTypeIsAF32(mlirShapedTypeGetElementType(mlirValueGetType(res)))) {
    dtError(d, op, "layout conversions of f32 tiles only so far");
    return;
  }
  DtTile *out = dtConvert(d, b, op, src, &to, mlirValueGetType(res));
  if (out)
    dtMapTile(d, res, out);
}

MlirValue dtStageTile(Dt *d, TsBuilder *b, const DtTile *t,
                      const DtBuffer *buf, MlirType elem, bool asyncProxy) {
  MlirValue ops[2] = {d->smem, dtIdx(b, buf->offset)};
  int64_t dims[2] = {t->rows, t->cols};
  MlirType mt = mlirMemRefTypeGet(elem, 2, dims, mlirAttributeGetNull(),
                                  tsAttr(b, "#gpu.address_space<workgroup>"));
  MlirValue view = tsResult(tsOp(b, "memref.view", 2, ops, 1, &mt, 0, NULL, 0), 0);
  int64_t *ro = dtAlloc(d, (size_t)t->n * sizeof *ro);
  int64_t *co = dtAlloc(d, (size_t)t->n * sizeof *co);
  dtLayoutRegs(&t->layout, t->rows, t->cols, ro, co);
  MlirValue rb, cb;
  dtLayoutBase(d, b, &t->layout, t->rows, t->cols, &rb, &cb);
  // Every earlier reader of the buffer is done once the block meets (a
  // wgmma waited for its group before its thread went on).
  dtBarrier(b);
  int64_t eb = dtTileBytes(mt) / (t->rows * t->cols);
  for (int r = 0; r < t->n; ++r) {
    MlirValue row = dtAdd(b, rb, dtIdx(b, ro[r]));
    MlirValue col = dtAdd(b, cb, dtIdx(b, co[r]));
    MlirValue idx[2] = {row, dtSwizzleCol(b, row, col, buf->swizzle, eb)};
    tsStore(b, t->regs[r], view, 2, idx);
  }
  if (asyncProxy)
    dtFenceAsyncProxy(b);
  dtBarrier(b);
  return view;
}

// True if `anc` is `op` or one of its ancestors.
static bool within(MlirOperation op, MlirOperation anc) {
  for (; !mlirOperationIsNull(op); op = mlirOperationGetParentOperation(op))
    if (mlirOperationEqual(op, anc))
      return true;
  return false;
}

TsBuilder dtStagingPoint(TsBuilder *b, MlirOperation user, MlirValue v,
                         const DtTile *t) {
  MlirOperation loop = mlirOperationGetParentOperation(user);
  while (!mlirOperationIsNull(loop) && !tsOpIs(loop, "scf.for") &&
         !tsOpIs(loop, "scf.forall"))
    loop = mlirOperationGetParentOperation(loop);
  bool invariant =
      !mlirOperationIsNull(loop) && tsOpIs(loop, "scf.for") &&
      mlirValueIsAOpResult(v) && !within(mlirOpResultGetOwner(v), loop);
  MlirValue last = t->regs[t->n - 1];
  if (!invariant || !mlirValueIsAOpResult(last))
    return *b;
  MlirOperation def = mlirOpResultGetOwner(last);
  MlirOperation next = mlirOperationGetNextInBlock(def);
  TsBuilder at = *b;
  at.block = mlirOperationGetBlock(def);
  at.before = next;
  return at;
}
