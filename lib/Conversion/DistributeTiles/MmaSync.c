//===- MmaSync.c - ttarget.mma {family = "mma.sync"} ---------------------===//
//
// result = acc + a x b with one nvgpu.mma.sync per m16n8k8 (tf32: f32
// operands) or m16n8k16 (f16 / bf16) instruction tile of each warp's part,
// f32 accumulator. The
// accumulator is a tile in the mma_acc layout of the op's shape and warps;
// an operand is a register tile in the mma_a / mma_b layout, or a shared
// tile whose fragments each warp reads with ldmatrix (or, where ldmatrix
// cannot, each thread with ld.shared) in that layout, with transpose_a /
// transpose_b swapping the index order.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

// ldmatrix (PTX ISA 9.7.14.5.15, nvgpu.ldmatrix): lanes 8q .. 8q+7 give
// the addresses of the 8 rows (16 bytes each) of matrix q, and lane l
// receives from each matrix its 32 bits at row l / 4, bytes 4 (l % 4) --
// a pair of 16-bit elements, or one f32 -- of the matrix, or with .trans
// (16-bit only) of its transpose. Which rows each lane points at is chosen
// so that matrix q gives register group q of the fragment in Layout.c's
// order. In operand coordinates (R, C) = (m, k) for A and (k, n) for B,
// with s = 16 bytes of elements (8 16-bit, 4 f32 = half the mma's k),
// matrix q of the fragment at (R0, C0) starts at
//   A: (R0 + 8 (q & 1), C0 + s (q >> 1))   -- a0a1, a2a3, a4a5, a6a7
//                                            (tf32: a0, a1, a2, a3)
//   B: (R0 + s (q & 1), C0 + 8 (q >> 1))   -- b0b1, b2b3 of two n8 tiles
//                                            (an x2 for a last odd one)
// and lane l (q = l / 8, r = l % 8) points at its row r: memref[R + r][C],
// or memref[C + r][R] where the memref holds the operand transposed. A's
// groups run along C and B's along R, so .trans is needed where that is
// not the memref's row direction -- which 32-bit elements cannot do, so
// tf32 takes ldmatrix only for A as it is and B transposed.
// Rows must start on 16 bytes: a row-major buffer whose rows are a whole
// number of 16-byte chunks (copies are placed on 16 bytes, SharedPlan.c).
bool tesseraLdmatrixReads(MlirType t, bool a, bool transpose, int64_t k) {
  if (!mlirTypeIsAMemRef(t) || mlirShapedTypeGetRank(t) != 2 ||
      !mlirShapedTypeHasStaticShape(t) ||
      !mlirAttributeIsAAffineMap(mlirMemRefTypeGetLayout(t)))
    return false;
  MlirType e = mlirShapedTypeGetElementType(t);
  bool half = mlirTypeIsAF16(e) || mlirTypeIsABF16(e);
  bool needsTrans = a ? transpose : !transpose;
  if (!(half ? k == 16 : mlirTypeIsAF32(e) && k == 8 && !needsTrans))
    return false;
  return mlirShapedTypeGetDimSize(t, 1) * tsElemBytes(e) % 16 == 0;
}

static bool ldmatrixFits(MlirValue mem, const TtLayout *l, bool transpose) {
  return (l->kind == TT_LAYOUT_MMA_A || l->kind == TT_LAYOUT_MMA_B) &&
         tesseraLdmatrixReads(mlirValueGetType(mem),
                              l->kind == TT_LAYOUT_MMA_A, transpose,
                              l->shape[2]);
}

// One nvgpu.ldmatrix of `tiles` matrices at (row, col) of `mem` for this
// lane; matrix q's `per` elements are stored as regs[per q ..].
static void ldmatrix(TsBuilder *b, MlirValue mem, MlirValue row,
                     MlirValue col, int tiles, int per, bool trans,
                     MlirValue *regs) {
  MlirType elem = mlirShapedTypeGetElementType(mlirValueGetType(mem));
  MlirType vt = mlirVectorTypeGet(2, (int64_t[]){tiles, per}, elem);
  MlirValue ops[3] = {mem, row, col};
  MlirNamedAttribute attrs[2] = {
      tsNamed(b, "numTiles",
              mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 32), tiles)),
      tsNamed(b, "transpose", mlirBoolAttrGet(b->ctx, trans))};
  MlirValue v = tsResult(
      tsOp(b, "nvgpu.ldmatrix", 3, ops, 1, &vt, 2, attrs, 0), 0);
  for (int q = 0; q < tiles; ++q)
    for (int j = 0; j < per; ++j) {
      MlirNamedAttribute a = tsNamed(
          b, "static_position",
          mlirDenseI64ArrayGet(b->ctx, 2, (int64_t[]){q, j}));
      regs[per * q + j] =
          tsResult(tsOp(b, "vector.extract", 1, &v, 1, &elem, 1, &a, 0), 0);
    }
}

// A `rows x cols` tile in layout `l` whose registers are still to be set.
static DtTile *emptyTile(Dt *d, const TtLayout *l, int64_t rows,
                         int64_t cols) {
  DtTile *t = dtAlloc(d, sizeof *t);
  t->layout = *l;
  t->rows = rows;
  t->cols = cols;
  t->n = dtLayoutRegs(l, rows, cols, NULL, NULL);
  t->regs = dtAlloc(d, (size_t)t->n * sizeof *t->regs);
  return t;
}

// The fragments of a shared operand by ldmatrix (see above).
static DtTile *loadSharedLdmatrix(Dt *d, TsBuilder *b, MlirValue mem,
                                  const TtLayout *l, int64_t rows,
                                  int64_t cols, bool transpose,
                                  int64_t swizzle) {
  DtTile *t = emptyTile(d, l, rows, cols);
  bool a = l->kind == TT_LAYOUT_MMA_A;
  int64_t k = l->shape[2], s = k / 2; // s: 16 bytes of elements
  int per = k == 16 ? 2 : 1;          // elements per lane per matrix
  MlirValue wn = dtIdx(b, l->warps[1]);
  MlirValue q = tsBinary(b, "arith.divui", d->lane, dtIdx(b, 8));
  MlirValue r = tsBinary(b, "arith.remui", d->lane, dtIdx(b, 8));
  MlirValue qlo = tsBinary(b, "arith.andi", q, dtIdx(b, 1));
  MlirValue qhi = tsBinary(b, "arith.shrui", q, dtIdx(b, 1));
  MlirValue R = dtMul(b, qlo, a ? 8 : s), C = dtMul(b, qhi, a ? s : 8);
  if (a)
    R = dtAdd(b, R, dtMul(b, tsBinary(b, "arith.divui", d->warp, wn),
                          rows / l->warps[0]));
  else
    C = dtAdd(b, C, dtMul(b, tsBinary(b, "arith.remui", d->warp, wn),
                          cols / l->warps[1]));
  bool trans = a ? transpose : !transpose;
  // Fragments down (R) and across (C), in Layout.c's order; a B x4 reads
  // two fragments across.
  int64_t fr = a ? rows / l->warps[0] / 16 : rows / k;
  int64_t fc = a ? cols / k : cols / l->warps[1] / 8;
  MlirValue group[8];
  int n = 0;
  for (int64_t i = 0; i < fr; ++i)
    for (int64_t j = 0; j < fc; j += a ? 1 : 2) {
      MlirValue Rf = dtAdd(b, R, dtIdx(b, a ? i * 16 : i * k));
      MlirValue Cf = dtAdd(b, C, dtIdx(b, a ? j * k : j * 8));
      MlirValue row = dtAdd(b, transpose ? Cf : Rf, r);
      MlirValue col = dtSwizzleCol(b, row, transpose ? Rf : Cf, swizzle,
                                   16 / s);
      int tiles = a || j + 1 < fc ? 4 : 2;
      ldmatrix(b, mem, row, col, tiles, per, trans, group);
      memcpy(&t->regs[n], group, (size_t)(per * tiles) * sizeof *group);
      n += per * tiles;
    }
  return t;
}

// The fragments of a shared `rows x cols` operand in layout `l`, read by
// this thread; `transpose`: the memref holds the operand transposed.
// How many registers from `r` one vector load of shared memory reads: a
// power of two n of at most 16 bytes whose registers are consecutive
// along a memory row (`along`, same `across`), starting at a multiple of n
// from a base that is one (`align`), in rows of a whole number of them, so
// that the access is n-element aligned (shared buffers are 16-byte
// aligned, SharedPlan.c).
static int64_t sharedRun(const int64_t *along, const int64_t *across, int nr,
                         int r, int64_t align, int64_t rowLen,
                         int64_t elemBytes) {
  int64_t best = 1;
  for (int64_t n = 2; n * elemBytes <= 16 && r + n <= nr; n *= 2) {
    bool ok = along[r] % n == 0 && align % n == 0 && rowLen % n == 0;
    for (int64_t j = 1; ok && j < n; ++j)
      ok = along[r + j] == along[r] + j && across[r + j] == across[r];
    if (!ok)
      break;
    best = n;
  }
  return best;
}

static DtTile *loadShared(Dt *d, TsBuilder *b, MlirValue mem,
                          const TtLayout *l, int64_t rows, int64_t cols,
                          bool transpose, int64_t swizzle) {
  DtTile *t = emptyTile(d, l, rows, cols);
  int64_t *ro = dtAlloc(d, (size_t)t->n * sizeof *ro);
  int64_t *co = dtAlloc(d, (size_t)t->n * sizeof *co);
  dtLayoutRegs(l, rows, cols, ro, co);
  MlirValue rb, cb;
  dtLayoutBase(d, b, l, rows, cols, &rb, &cb);
  MlirType mt = mlirValueGetType(mem);
  int64_t elemBytes = tsElemBytes(mlirShapedTypeGetElementType(mt));
  // Along memory's rows: the tile's columns, or its rows when transposed.
  const int64_t *along = transpose ? ro : co, *across = transpose ? co : ro;
  int64_t align = dtLayoutBaseAlign(l, transpose ? 0 : 1);
  for (int r = 0; r < t->n;) {
    int64_t n = sharedRun(along, across, t->n, r, align,
                          mlirShapedTypeGetDimSize(mt, 1), elemBytes);
    MlirValue row = dtAdd(b, rb, dtIdx(b, ro[r]));
    MlirValue col = dtAdd(b, cb, dtIdx(b, co[r]));
    MlirValue idx[2] = {transpose ? col : row, transpose ? row : col};
    idx[1] = dtSwizzleCol(b, idx[0], idx[1], swizzle, elemBytes);
    if (n == 1) {
      t->regs[r++] = tsLoad(b, mem, 2, idx);
      continue;
    }
    MlirType vt = mlirVectorTypeGet(1, &n, mlirShapedTypeGetElementType(mt));
    MlirValue ops[3] = {mem, idx[0], idx[1]};
    MlirNamedAttribute a =
        tsNamed(b, "alignment", tsI64Attr(b, n * elemBytes));
    MlirValue v =
        tsResult(tsOp(b, "vector.load", 3, ops, 1, &vt, 1, &a, 0), 0);
    for (int64_t j = 0; j < n; ++j)
      t->regs[r++] = dtExtract1(b, v, j);
  }
  return t;
}

DtTile *dtMmaOperand(Dt *d, TsBuilder *b, MlirOperation op, int i,
                     const TtLayout *l, int64_t rows, int64_t cols) {
  MlirValue v = mlirOperationGetOperand(op, i);
  bool transpose = dtBoolAttr(op, i == 0 ? "transpose_a" : "transpose_b");
  if (mlirTypeIsAMemRef(mlirValueGetType(v))) {
    MlirValue mem = dtLookup(d, op, v);
    // A copy's buffer may be stored swizzled (for wgmma) or transposed
    // (column-major, for MFMA's k-major fragments); read it so.
    MlirOperation copy = dtCopyOf(v);
    int64_t swizzle = mlirOperationIsNull(copy) ? 0 : dtCopySwizzle(copy);
    if (mlirValueIsNull(mem))
      return NULL;
    if (!mlirOperationIsNull(copy) && dtCopyTransposed(copy)) {
      mem = dtTransposedView(d, b, op, mem);
      transpose = !transpose;
      if (mlirValueIsNull(mem))
        return NULL;
    }
    return ldmatrixFits(mem, l, transpose)
               ? loadSharedLdmatrix(d, b, mem, l, rows, cols, transpose,
                                    swizzle)
               : loadShared(d, b, mem, l, rows, cols, transpose, swizzle);
  }
  DtTile *t = dtLookupTile(d, op, v);
  if (!t)
    return NULL;
  if (transpose) {
    dtError(d, op, "a transposed register operand is not lowered yet "
            "(stage it in shared memory)");
    return NULL;
  }
  if (!ttLayoutEqual(&t->layout, l)) {
    dtError(d, op, "operand %c is in layout %s, the instruction needs %s (a "
            "ttarget.convert_layout is missing)", i == 0 ? 'a' : 'b',
            ttLayoutNames[t->layout.kind], ttLayoutNames[l->kind]);
    return NULL;
  }
  return t;
}

static MlirValue pack(TsBuilder *b, const MlirValue *regs, int n,
                      const char *type) {
  MlirType t = tsType(b, type);
  return tsResult(tsOp(b, "vector.from_elements", n, regs, 1, &t, 0, NULL, 0),
                  0);
}

static MlirValue extract(TsBuilder *b, MlirValue v, int64_t i, int64_t j) {
  int64_t pos[2] = {i, j};
  MlirType f32 = tsF32Type(b);
  MlirNamedAttribute a =
      tsNamed(b, "static_position", mlirDenseI64ArrayGet(b->ctx, 2, pos));
  return tsResult(tsOp(b, "vector.extract", 1, &v, 1, &f32, 1, &a, 0), 0);
}

// bf16 m16n8k16 as nvvm.mma.sync (nvgpu.mma.sync deduces no PTX type for
// bf16): A as 4 and B as 2 32-bit registers of bf16 pairs (in the order
// of Layout.c's pairs), C and the result 4 f32 (c0..c3).
static MlirValue pairI32(TsBuilder *b, const MlirValue *two) {
  MlirType v2 = tsType(b, "vector<2xbf16>"), v1 = tsType(b, "vector<1xi32>");
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirValue v = tsResult(
      tsOp(b, "vector.from_elements", 2, two, 1, &v2, 0, NULL, 0), 0);
  v = tsResult(tsOp(b, "vector.bitcast", 1, &v, 1, &v1, 0, NULL, 0), 0);
  MlirNamedAttribute a = tsNamed(b, "static_position",
                                 mlirDenseI64ArrayGet(b->ctx, 1, (int64_t[]){0}));
  return tsResult(tsOp(b, "vector.extract", 1, &v, 1, &i32, 1, &a, 0), 0);
}

static void mmaBf16(TsBuilder *b, const MlirValue *a, const MlirValue *bb,
                    MlirValue c[4]) {
  MlirValue ops[10];
  for (int i = 0; i < 4; ++i)
    ops[i] = pairI32(b, &a[2 * i]);
  for (int i = 0; i < 2; ++i)
    ops[4 + i] = pairI32(b, &bb[2 * i]);
  for (int i = 0; i < 4; ++i)
    ops[6 + i] = c[i];
  MlirType st = tsType(b, "!llvm.struct<(f32, f32, f32, f32)>");
  MlirNamedAttribute attrs[6] = {
      tsNamed(b, "layoutA", tsAttr(b, "#nvvm.mma_layout<row>")),
      tsNamed(b, "layoutB", tsAttr(b, "#nvvm.mma_layout<col>")),
      tsNamed(b, "multiplicandAPtxType", tsAttr(b, "#nvvm.mma_type<bf16>")),
      tsNamed(b, "multiplicandBPtxType", tsAttr(b, "#nvvm.mma_type<bf16>")),
      tsNamed(b, "shape", tsAttr(b, "#nvvm.shape<m = 16, n = 8, k = 16>")),
      tsNamed(b, "operandSegmentSizes",
              mlirDenseI32ArrayGet(b->ctx, 3, (int32_t[]){4, 2, 4}))};
  MlirValue r = tsResult(tsOp(b, "nvvm.mma.sync", 10, ops, 1, &st, 6, attrs, 0), 0);
  MlirType f32 = tsF32Type(b);
  for (int i = 0; i < 4; ++i) {
    MlirNamedAttribute p = tsNamed(b, "position",
                                   mlirDenseI64ArrayGet(b->ctx, 1, (int64_t[]){i}));
    c[i] = tsResult(tsOp(b, "llvm.extractvalue", 1, &r, 1, &f32, 1, &p, 0), 0);
  }
}

TtLayout dtMmaAccLayout(MlirOperation op, int kind) {
  MlirAttribute sh = tvGetAttr(op, "shape"), wa = tvGetAttr(op, "warps");
  TtLayout acc = {.kind = kind, .sliceDim = -1};
  for (int i = 0; i < 3; ++i)
    acc.shape[i] = mlirDenseI64ArrayGetElement(sh, i);
  for (int i = 0; i < 2; ++i)
    acc.warps[i] = mlirAttributeIsNull(wa) ? 1 : mlirDenseI64ArrayGetElement(wa, i);
  return acc;
}

DtTile *dtMmaAccumulator(Dt *d, MlirOperation op, const TtLayout *acc,
                         int64_t unitThreads, const char *unit) {
  int64_t need = acc->warps[0] * acc->warps[1] * unitThreads;
  if (need > d->threads) {
    dtError(d, op, "%s %lldx%lld need %lld threads; the block has %lld", unit,
            (long long)acc->warps[0], (long long)acc->warps[1],
            (long long)need, (long long)d->threads);
    return NULL;
  }
  DtTile *c = dtLookupTile(d, op, mlirOperationGetOperand(op, 2));
  if (c && !ttLayoutEqual(&c->layout, acc)) {
    dtError(d, op, "the accumulator is in layout %s, not this op's %s (a "
            "ttarget.convert_layout is missing)", ttLayoutNames[c->layout.kind],
            ttLayoutNames[acc->kind]);
    return NULL;
  }
  return c;
}

bool dtMmaFragments(Dt *d, TsBuilder *b, MlirOperation op, const TtLayout *acc,
                    int aKind, int bKind, int64_t unitThreads,
                    const char *unit, DtMmaTiles *t) {
  MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType at = mlirValueGetType(mlirOperationGetOperand(op, 0));
  t->M = mlirShapedTypeGetDimSize(rt, 0);
  t->N = mlirShapedTypeGetDimSize(rt, 1);
  t->K = mlirShapedTypeGetDimSize(at, dtBoolAttr(op, "transpose_a") ? 0 : 1);
  TtLayout la = *acc, lb = *acc;
  la.kind = aKind;
  lb.kind = bKind;
  t->c = dtMmaAccumulator(d, op, acc, unitThreads, unit);
  t->a = t->c ? dtMmaOperand(d, b, op, 0, &la, t->M, t->K) : NULL;
  t->b = t->a ? dtMmaOperand(d, b, op, 1, &lb, t->K, t->N) : NULL;
  return t->b != NULL;
}

void dtLowerMmaSync(Dt *d, TsBuilder *b, MlirOperation op) {
  TtLayout acc = dtMmaAccLayout(op, TT_LAYOUT_MMA_ACC);
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType in = mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetOperand(op, 0)));
  // m16n8k8 with f32 operands (tf32), or m16n8k16 with f16 / bf16.
  bool tf32 = acc.shape[2] == 8 && mlirTypeIsAF32(in);
  bool half = acc.shape[2] == 16 && (mlirTypeIsAF16(in) || mlirTypeIsABF16(in));
  if (acc.shape[0] != 16 || acc.shape[1] != 8 || !(tf32 || half) ||
      !mlirTypeIsAF32(mlirShapedTypeGetElementType(rt))) {
    char it[32], at[32];
    dtError(d, op, "mma shape %lldx%lldx%lld with %s inputs and %s "
            "accumulators: mma.sync is lowered for m16n8k8 tf32 and m16n8k16 "
            "f16 / bf16, with f32 accumulators", (long long)acc.shape[0],
            (long long)acc.shape[1], (long long)acc.shape[2],
            tvTypeStr(in, it, sizeof it),
            tvTypeStr(mlirShapedTypeGetElementType(rt), at, sizeof at));
    return;
  }
  DtMmaTiles t;
  if (!dtMmaFragments(d, b, op, &acc, TT_LAYOUT_MMA_A, TT_LAYOUT_MMA_B, 32,
                      "warps", &t))
    return;
  int64_t k = acc.shape[2];
  int64_t rm = t.M / acc.warps[0] / 16, rn = t.N / acc.warps[1] / 8,
          rk = t.K / k;
  // Registers per fragment, and nvgpu's fragment types: A holds 4 32-bit
  // registers (one tf32, or two 16-bit values), B 2.
  int na = tf32 ? 4 : 8, nb = tf32 ? 2 : 4;
  const char *e = tf32 ? "f32" : mlirTypeIsAF16(in) ? "f16" : "bf16";
  char aT[32], bT[32];
  snprintf(aT, sizeof aT, "vector<4x%dx%s>", tf32 ? 1 : 2, e);
  snprintf(bT, sizeof bT, "vector<2x%dx%s>", tf32 ? 1 : 2, e);
  DtTile *out = dtNewTile(d, &acc, rt);
  MlirType ct = tsType(b, "vector<2x2xf32>");
  MlirNamedAttribute attrs[2] = {
      tsNamed(b, "mmaShape", tsAttr(b, tf32 ? "[16, 8, 8]" : "[16, 8, 16]")),
      tsNamed(b, "tf32Enabled", mlirUnitAttrGet(d->ctx))};
  bool bf16 = mlirTypeIsABF16(in);
  for (int64_t im = 0; im < rm; ++im)
    for (int64_t jn = 0; jn < rn; ++jn) {
      const MlirValue *cr = &t.c->regs[(im * rn + jn) * 4];
      MlirValue *o = &out->regs[(im * rn + jn) * 4];
      if (bf16) {
        memcpy(o, cr, 4 * sizeof *o);
        for (int64_t ik = 0; ik < rk; ++ik)
          mmaBf16(b, &t.a->regs[(im * rk + ik) * na],
                  &t.b->regs[(ik * rn + jn) * nb], o);
        continue;
      }
      MlirValue frag = pack(b, cr, 4, "vector<2x2xf32>");
      for (int64_t ik = 0; ik < rk; ++ik) {
        MlirValue ops[3] = {
            pack(b, &t.a->regs[(im * rk + ik) * na], na, aT),
            pack(b, &t.b->regs[(ik * rn + jn) * nb], nb, bT), frag};
        frag = tsResult(tsOp(b, "nvgpu.mma.sync", 3, ops, 1, &ct, tf32 ? 2 : 1,
                             attrs, 0),
                        0);
      }
      for (int r = 0; r < 4; ++r)
        o[r] = extract(b, frag, r >> 1, r & 1);
    }
  dtMapTile(d, res, out);
}
