//===- TileCompute.c - Constants, elementwise, reductions, conversions ----===//
//
// Register-to-register ops. Constants and broadcast scalars fill every
// register of their layout. Elementwise functions come from the one table
// (lib/IR/ElementwiseFns.c), applied register by register; an operand of
// shape M x 1 (1 x N) is the slice of the result's layout along dim 1 (0)
// and is broadcast by register offset. A reduction combines a thread's
// registers of each row (column), then the lanes that hold the same row
// with xor shuffles. A layout conversion goes through shared memory.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"
#include "IR/ElementwiseFns.h"
#include "IR/ReductionFns.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

// Maps tile `res` (in layout `l`) to registers that all hold `v`.
static void fillTile(Dt *d, MlirValue res, const TtLayout *l, MlirValue v) {
  DtTile *tile = dtNewTile(d, l, mlirValueGetType(res));
  for (int r = 0; r < tile->n; ++r)
    tile->regs[r] = v;
  dtMapTile(d, res, tile);
}

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
  fillTile(d, res, &l, c);
}

// vector.broadcast of a scalar (uniform across the block: it is cloned
// scalar code) to a tile: every register holds it.
void dtLowerSplat(Dt *d, TsBuilder *b, MlirOperation op) {
  (void)b;
  MlirValue src = mlirOperationGetOperand(op, 0);
  MlirValue res = mlirOperationGetResult(op, 0);
  TtLayout l;
  if (mlirTypeIsAVector(mlirValueGetType(src)) ||
      mlirShapedTypeGetRank(mlirValueGetType(res)) != 2) {
    dtError(d, op, "only broadcasts of a scalar to a 2-D tile are lowered op "
            "by op (broadcast tiles with tsched.elementwise)");
    return;
  }
  MlirValue s = dtLookup(d, op, src);
  if (mlirValueIsNull(s) || !dtResultLayout(d, op, 0, &l))
    return;
  fillTile(d, res, &l, s);
}

// tsched.iota: register r holds offset + its coordinate along `dim` (the
// layout's per-thread base plus the register's offset), as i32.
typedef struct IotaCtx {
  MlirValue base;
  int64_t *off;
  MlirType i32;
} IotaCtx;

static MlirValue iotaReg(Dt *d, TsBuilder *b, const DtTile *t, int r) {
  (void)d;
  const IotaCtx *x = t->ctx;
  return tsConvert(b, "arith.index_cast", dtAdd(b, x->base, dtIdx(b, x->off[r])),
                   x->i32);
}

void dtLowerIota(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirValue off = dtLookup(d, op, mlirOperationGetOperand(op, 0));
  TtLayout l;
  if (mlirValueIsNull(off) || !dtResultLayout(d, op, 0, &l))
    return;
  // A 1-D row's coordinates are its columns.
  bool rows = mlirShapedTypeGetRank(rt) == 2 &&
              mlirIntegerAttrGetValueInt(tvGetAttr(op, "dim")) == 0;
  IotaCtx *x = dtAlloc(d, sizeof *x);
  x->i32 = mlirShapedTypeGetElementType(rt);
  DtTile *t = dtMadeTile(d, op, &l, rt, iotaReg, x);
  int64_t *ro = dtAlloc(d, (size_t)t->n * sizeof *ro);
  int64_t *co = dtAlloc(d, (size_t)t->n * sizeof *co);
  dtLayoutRegs(&l, t->rows, t->cols, ro, co);
  MlirValue rb, cb;
  dtLayoutBase(d, b, &l, t->rows, t->cols, &rb, &cb);
  x->base = dtAdd(b, off, rows ? rb : cb);
  x->off = rows ? ro : co;
  dtMakeRegs(d, b, t);
  dtMapTile(d, res, t);
}

// An arith op on tiles, made register by register: the same op on
// scalars (its name and attributes, element types).
typedef struct ArithCtx {
  char name[64];
  MlirType et;
  MlirNamedAttribute attrs[8];
  intptr_t nattrs, n;
  const DtTile *in[4];
} ArithCtx;

static MlirValue arithReg(Dt *d, TsBuilder *b, const DtTile *t, int r) {
  const ArithCtx *x = t->ctx;
  MlirValue ops[4];
  for (intptr_t i = 0; i < x->n; ++i)
    ops[i] = dtReg(d, b, x->in[i], r);
  return tsResult(tsOp(b, x->name, x->n, ops, 1, &x->et, x->nattrs, x->attrs, 0),
                  0);
}

void dtLowerArith(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  TtLayout l;
  int64_t shape[2];
  if (mlirOperationGetNumResults(op) != 1 || !ttTileShape(rt, shape)) {
    dtError(d, op, "arith ops on tiles are lowered when they make one 2-D "
            "tile or 1-D row");
    return;
  }
  if (!dtResultLayout(d, op, 0, &l))
    return;
  ArithCtx *x = dtAlloc(d, sizeof *x);
  x->n = mlirOperationGetNumOperands(op);
  if (x->n > 4) {
    dtError(d, op, "arith ops of more than 4 operands are not lowered");
    return;
  }
  for (intptr_t i = 0; i < x->n; ++i) {
    MlirValue v = mlirOperationGetOperand(op, i);
    MlirType vt = mlirValueGetType(v);
    int64_t vs[2];
    if (!mlirTypeIsAVector(vt) || !ttTileShape(vt, vs) ||
        mlirShapedTypeGetRank(vt) != mlirShapedTypeGetRank(rt) ||
        vs[0] != shape[0] || vs[1] != shape[1]) {
      dtError(d, op, "an arith op on tiles takes tiles of its result's shape "
              "(broadcast with tsched.elementwise)");
      return;
    }
    x->in[i] = dtLookupTile(d, op, v);
    if (!x->in[i])
      return;
    if (!ttLayoutEqual(&x->in[i]->layout, &l)) {
      dtError(d, op, "operand %lld is in layout %s, the result in %s (a "
              "ttarget.convert_layout is missing)", (long long)i,
              ttLayoutNames[x->in[i]->layout.kind], ttLayoutNames[l.kind]);
      return;
    }
  }
  x->et = mlirShapedTypeGetElementType(rt);
  intptr_t na = mlirOperationGetNumAttributes(op);
  for (intptr_t i = 0; i < na && x->nattrs < 8; ++i) {
    MlirNamedAttribute a = mlirOperationGetAttribute(op, i);
    MlirStringRef an = mlirIdentifierStr(a.name);
    if (!memchr(an.data, '.', an.length)) // not ttarget.layouts
      x->attrs[x->nattrs++] = a;
  }
  MlirStringRef on = mlirIdentifierStr(mlirOperationGetName(op));
  snprintf(x->name, sizeof x->name, "%.*s", (int)on.length, on.data);
  DtTile *out = dtMadeTile(d, op, &l, rt, arithReg, x);
  dtMakeRegs(d, b, out);
  dtMapTile(d, res, out);
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

// An elementwise function, made register by register from the table's
// `emit`; a sliced operand's register by `bcast`.
typedef struct ElemCtx {
  const TesseraElementwiseFn *fn;
  intptr_t nargs;
  const DtTile *in[2];
  int *bcast[2];
} ElemCtx;

static MlirValue elementwiseReg(Dt *d, TsBuilder *b, const DtTile *t, int r) {
  const ElemCtx *x = t->ctx;
  MlirValue args[2];
  for (intptr_t i = 0; i < x->nargs; ++i)
    args[i] = dtReg(d, b, x->in[i], x->bcast[i] ? x->bcast[i][r] : r);
  return x->fn->emit(b, args);
}

void dtLowerElementwise(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirAttribute fa = tvGetAttr(op, "fn");
  ElemCtx *x = dtAlloc(d, sizeof *x);
  x->fn = tesseraLookupElementwiseFn(mlirStringAttrGetValue(fa));
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  x->nargs = mlirOperationGetNumOperands(op);
  TtLayout l;
  if (!x->fn || x->fn->arity != x->nargs) {
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
  DtTile *out = dtMadeTile(d, op, &l, rt, elementwiseReg, x);
  for (intptr_t i = 0; i < x->nargs; ++i) {
    MlirValue v = mlirOperationGetOperand(op, i);
    const DtTile *in = x->in[i] = dtLookupTile(d, op, v);
    if (!in)
      return;
    TtLayout want = l;
    int dim = -1;
    if (in->rows != out->rows || in->cols != out->cols) {
      dim = in->cols == 1 ? 1 : 0;
      want.sliceDim = dim;
    }
    if (!ttLayoutEqual(&want, &in->layout)) {
      dtError(d, op, "operand %lld is in layout %s%s, the op needs %s%s (a "
              "ttarget.convert_layout is missing)", (long long)i,
              ttLayoutNames[in->layout.kind],
              in->layout.sliceDim >= 0 ? " (slice)" : "",
              ttLayoutNames[want.kind], dim >= 0 ? " (slice)" : "");
      return;
    }
    if (dim >= 0)
      x->bcast[i] = sliceIndex(d, out, in, dim);
  }
  dtMakeRegs(d, b, out);
  dtMapTile(d, res, out);
}

static MlirValue combine(TsBuilder *b, int kind, MlirValue x, MlirValue y) {
  return tesseraEmitReductionCombine(b, &tesseraReductionFns[kind], x, y);
}

static MlirValue shuffleXor(TsBuilder *b, MlirValue v, int mask) {
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirValue ops[3] = {v, tsConstInt(b, i32, mask), tsConstInt(b, i32, 32)};
  MlirType res[2] = {mlirValueGetType(v), mlirIntegerTypeGet(b->ctx, 1)};
  MlirNamedAttribute a = tsNamed(b, "mode", tsAttr(b, "#gpu<shuffle_mode xor>"));
  return tsResult(tsOp(b, "gpu.shuffle", 3, ops, 2, res, 1, &a, 0), 0);
}

int dtReduceDim(MlirOperation reduce) {
  MlirType rt = mlirValueGetType(mlirOperationGetResult(reduce, 0));
  MlirType xt = mlirValueGetType(mlirOperationGetOperand(reduce, 0));
  return mlirShapedTypeGetDimSize(rt, 1) == 1 &&
                 mlirShapedTypeGetDimSize(xt, 1) != 1
             ? 1
             : 0;
}

int64_t dtReduceScratchBytes(const TtLayout *in, MlirType result, int dim) {
  int64_t warps = in->warps[dim];
  if (warps <= 1)
    return 0;
  MlirType e = mlirShapedTypeGetElementType(result);
  int64_t kept = mlirShapedTypeGetDimSize(result, 1 - dim);
  return kept * warps * tsElemBytes(e);
}

// The conversion scratch (the kernel's shared memory from byte 0) seen as
// a rows x cols buffer of `elem`.
static MlirValue scratchView(Dt *d, TsBuilder *b, MlirType elem, int64_t rows,
                             int64_t cols) {
  int64_t dims[2] = {rows, cols};
  MlirType mt = mlirMemRefTypeGet(elem, 2, dims, mlirAttributeGetNull(),
                                  tsAttr(b, "#gpu.address_space<workgroup>"));
  MlirValue ops[2] = {d->smem, dtIdx(b, 0)};
  return tsResult(tsOp(b, "memref.view", 2, ops, 1, &mt, 0, NULL, 0), 0);
}

// After the shuffles each warp holds its partial for every kept index
// (row, for a row reduction); where the layout splits the reduced dim over
// `warps` warps, they meet in the conversion scratch: each writes its
// partials at [kept][its warp index along dim] (every lane of the warp
// writes the same value), and after a barrier every thread combines the
// `warps` partials of its kept indices in warp order -- the same order in
// every thread, so all hold the same result, as the slice layout says.
// The first barrier keeps an earlier user's reads of the scratch (a
// conversion, another reduction) from being overwritten.
static void acrossWarps(Dt *d, TsBuilder *b, int kind, const DtTile *in,
                        DtTile *out, int dim, int64_t warps) {
  MlirType elem = mlirValueGetType(out->regs[0]);
  int64_t kept = dim == 1 ? in->rows : in->cols;
  MlirValue buf = scratchView(d, b, elem, kept, warps);
  // Warps are numbered row-major over warps[0] x warps[1] (Layout.c).
  MlirValue wn = dtIdx(b, in->layout.warps[1]);
  MlirValue w = tsBinary(b, dim == 1 ? "arith.remui" : "arith.divui",
                         d->warp, wn);
  int64_t *ro = dtAlloc(d, (size_t)out->n * sizeof *ro);
  int64_t *co = dtAlloc(d, (size_t)out->n * sizeof *co);
  dtLayoutRegs(&out->layout, out->rows, out->cols, ro, co);
  MlirValue rb, cb;
  dtLayoutBase(d, b, &out->layout, out->rows, out->cols, &rb, &cb);
  MlirValue *at = dtAlloc(d, (size_t)out->n * sizeof *at);
  for (int s = 0; s < out->n; ++s)
    at[s] = dim == 1 ? dtAdd(b, rb, dtIdx(b, ro[s]))
                     : dtAdd(b, cb, dtIdx(b, co[s]));
  dtBarrier(b);
  for (int s = 0; s < out->n; ++s)
    tsStore(b, out->regs[s], buf, 2, (MlirValue[]){at[s], w});
  dtBarrier(b);
  for (int s = 0; s < out->n; ++s) {
    MlirValue acc = tsLoad(b, buf, 2, (MlirValue[]){at[s], dtIdx(b, 0)});
    for (int64_t k = 1; k < warps; ++k)
      acc = combine(b, kind, acc,
                    tsLoad(b, buf, 2, (MlirValue[]){at[s], dtIdx(b, k)}));
    out->regs[s] = acc;
  }
}

void dtLowerReduce(Dt *d, TsBuilder *b, MlirOperation op) {
  const char *const *kinds = tesseraReductionNames;
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
  int dim = dtReduceDim(op);
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
  if (warps > 1 && d->shared.scratchBytes < dtReduceScratchBytes(&in->layout,
                                                                 rt, dim)) {
    dtError(d, op, "internal error: no scratch for the cross-warp reduction");
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
  if (warps > 1)
    acrossWarps(d, b, kind, in, out, dim, warps);
  dtMapTile(d, res, out);
}

// Two layouts whose thread bases are the same index expressions hold the
// same elements in each thread when every register of one has a register
// of the other at the same offsets: the conversion is a renaming, no data
// moves. This is the mma.sync m16n8k16 accumulator (16-bit once truncated)
// becoming the next matmul's A operand, FlashAttention's trick: the pairs
// (g, 2t..2t+1) of two n8 accumulator tiles are one k16 A fragment's.
bool dtConvertIsRenaming(const TtLayout *a, const TtLayout *b) {
  bool accToA = a->kind == TT_LAYOUT_MMA_ACC && b->kind == TT_LAYOUT_MMA_A &&
                b->shape[2] == 16;
  return accToA && a->warps[1] == 1 && b->warps[1] == 1 &&
         a->warps[0] == b->warps[0];
}

static DtTile *renamed(Dt *d, const DtTile *src, const TtLayout *to,
                       MlirType type) {
  if (!dtConvertIsRenaming(&src->layout, to))
    return NULL;
  DtTile *out = dtNewTile(d, to, type);
  if (out->n != src->n)
    return NULL;
  int64_t *sr = dtAlloc(d, (size_t)src->n * sizeof *sr);
  int64_t *sc = dtAlloc(d, (size_t)src->n * sizeof *sc);
  int64_t *dr = dtAlloc(d, (size_t)out->n * sizeof *dr);
  int64_t *dc = dtAlloc(d, (size_t)out->n * sizeof *dc);
  dtLayoutRegs(&src->layout, src->rows, src->cols, sr, sc);
  dtLayoutRegs(to, out->rows, out->cols, dr, dc);
  for (int r = 0; r < out->n; ++r) {
    int s = -1;
    for (int q = 0; q < src->n && s < 0; ++q)
      if (sr[q] == dr[r] && sc[q] == dc[r])
        s = q;
    if (s < 0)
      return NULL;
    out->regs[r] = src->regs[s];
  }
  return out;
}

DtTile *dtConvert(Dt *d, TsBuilder *b, MlirOperation at, const DtTile *src,
                  const TtLayout *to, MlirType type) {
  if (src->layout.sliceDim >= 0 || to->sliceDim >= 0) {
    dtError(d, at, "converting a sliced layout is not lowered yet");
    return NULL;
  }
  DtTile *same = renamed(d, src, to, type);
  if (same)
    return same;
  if (d->shared.scratchBytes < dtTileBytes(type)) {
    dtError(d, at, "internal error: no conversion scratch");
    return NULL;
  }
  MlirValue buf = scratchView(d, b, mlirShapedTypeGetElementType(type),
                              src->rows, src->cols);
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
