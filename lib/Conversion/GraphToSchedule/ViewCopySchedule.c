//===- ViewCopySchedule.c - copy kernels through strided views ------------===//
//
// Ops that move data without computing -- tgraph.transpose and a
// tgraph.broadcast that is materialised -- are one kernel: a copy of a
// strided view of the input, which has the result's dims, tile by tile:
// one program per [rows-per-block x softmax-cols] tile of the last two
// dims, for each index of the dims before them (a 3-D grid: every tile is
// independent).
//
// tgraph.transpose ("permute" family): a permutation of any rank (result dim i = input dim perm[i]; numpy's
// transpose(axes), torch.permute) as a copy kernel ("permute" family).
//
// The entry first reduces the permutation to its essential form, as
// PyTorch's and numpy's copy kernels do: dims of static size 1 move no
// data and are dropped, and result dims that are consecutive input dims
// are merged. Both buffers are then passed as collapsed views of G dims
// (the merged groups, in input and in result order), so one kernel serves
// [B, S, H, D] -> [B, H, S, D] and every other permutation with the same
// essential form. The kernel reads the input through memref.transpose --
// a strided view with the result's dims. When the last dim stays last (moving heads
// or rows) the view's rows are contiguous and every load is a run of
// consecutive elements; when it moves, the tile's columns are read with a
// stride (correct on every target; staging through on-chip memory to make
// those reads contiguous is not done yet).
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

#include <math.h>

/// The essential form of a permutation: `n` groups of consecutive input
/// dims; `inEnds[g]` ends group g in input order, `outEnds[j]` ends the
/// j-th result group in result order (both reach the rank; a dropped unit
/// dim joins the group after it, or the last), `perm[j]` is the input
/// group of result group j.
typedef struct Essential {
  int n;
  int *inEnds, *outEnds, *perm;
} Essential;

static bool isUnit(const Value *x, int d) {
  return gtsDimIsConst(x->dims[d]) && x->dims[d].v == 1;
}

// The result dim of each input dim (the inverse permutation).
static int *inverse(const int64_t *perm, int rank) {
  int *inv = tsAlloc(rank + 1, sizeof *inv);
  for (int i = 0; i < rank; ++i)
    inv[perm[i]] = i;
  return inv;
}

static void essentialForm(const Value *x, const int64_t *perm, Essential *e) {
  int r = x->rank;
  int *inv = inverse(perm, r);
  // grp[d]: the group of kept input dim d (-1: unit). A kept input dim
  // starts a group unless the previous kept input dim is the previous kept
  // result dim.
  int *grp = tsAlloc(r + 1, sizeof *grp);
  int *start = tsAlloc(r + 1, sizeof *start); // result pos of group starts
  e->n = 0;
  e->inEnds = tsAlloc(r + 1, sizeof *e->inEnds);
  e->outEnds = tsAlloc(r + 1, sizeof *e->outEnds);
  e->perm = tsAlloc(r + 1, sizeof *e->perm);
  int prev = -1; // the previous kept input dim
  for (int d = 0; d < r; ++d) {
    grp[d] = -1;
    if (isUnit(x, d))
      continue;
    bool joins = false;
    if (prev >= 0) { // is prev the kept result dim just before d's?
      int k = inv[d] - 1;
      while (k >= 0 && isUnit(x, (int)perm[k]))
        --k;
      joins = k >= 0 && perm[k] == prev;
    }
    if (!joins)
      start[e->n++] = inv[d];
    grp[d] = e->n - 1;
    if (e->n > 0)
      e->inEnds[e->n - 1] = d + 1;
    prev = d;
  }
  if (e->n > 0)
    e->inEnds[e->n - 1] = r;
  // Result order: the groups sorted by the result position of their start.
  for (int j = 0; j < e->n; ++j)
    e->perm[j] = j;
  for (int j = 1; j < e->n; ++j)
    for (int k = j; k > 0 && start[e->perm[k]] < start[e->perm[k - 1]]; --k) {
      int t = e->perm[k];
      e->perm[k] = e->perm[k - 1];
      e->perm[k - 1] = t;
    }
  int j = 0;
  for (int i = 0; i < r; ++i) {
    int g = grp[perm[i]];
    if (g < 0)
      continue;
    // Result dim i is in group g = perm[j] (or a later one: move on).
    while (e->perm[j] != g)
      ++j;
    e->outEnds[j] = i + 1;
  }
  if (e->n > 0)
    e->outEnds[e->n - 1] = r;
  free(inv);
  free(grp);
  free(start);
}

static void freeEssential(Essential *e) {
  free(e->inEnds);
  free(e->outEnds);
  free(e->perm);
}

// memref.transpose of `x` (memref<?x...x?xE>, `n` dims) by `perm`: the
// strided view whose dim i is x's dim perm[i] (unit stride where perm[i]
// is x's last dim).
static MlirValue transposedView(const TsBuilder *b, MlirValue x, int n,
                                const int *perm) {
  MlirAffineExpr *exprs = tsAlloc(n, sizeof *exprs);
  int64_t *strides = tsAlloc(n, sizeof *strides);
  int64_t *shape = tsAlloc(n, sizeof *shape);
  for (int i = 0; i < n; ++i) {
    exprs[i] = mlirAffineDimExprGet(b->ctx, perm[i]);
    strides[i] =
        perm[i] == n - 1 ? 1 : mlirShapedTypeGetDynamicStrideOrOffset();
    shape[i] = mlirShapedTypeGetDynamicSize();
  }
  MlirNamedAttribute attr = tsNamed(
      b, "permutation",
      mlirAffineMapAttrGet(mlirAffineMapGet(b->ctx, n, 0, n, exprs)));
  MlirType elem = mlirShapedTypeGetElementType(mlirValueGetType(x));
  MlirType vt =
      mlirMemRefTypeGet(elem, n, shape,
                        mlirStridedLayoutAttrGet(b->ctx, 0, n, strides),
                        mlirAttributeGetNull());
  free(exprs);
  free(strides);
  free(shape);
  return tsResult(tsOp(b, "memref.transpose", 1, &x, 1, &vt, 1, &attr, 0), 0);
}

static MlirValue permutedView(const TsBuilder *b, MlirValue X, MlirValue Y,
                              const MlirValue *dims, int n, const void *ctx) {
  (void)Y;
  (void)dims;
  return ctx ? transposedView(b, X, n, ctx) : X;
}

MlirValue gtsStridedView(const TsBuilder *b, MlirValue m, int n,
                         const MlirValue *sizes, const int *from,
                         const int64_t *step, const MlirValue *off) {
  MlirType mt = mlirValueGetType(m);
  int k = (int)mlirShapedTypeGetRank(mt);
  // Row-major strides of m.
  MlirValue *st = tsAlloc(k + 1, sizeof *st);
  for (int i = k - 1; i >= 0; --i)
    st[i] = i == k - 1 ? tsConstIndex(b, 1)
                       : tsBinary(b, "arith.muli", st[i + 1], tsDim(b, m, i + 1));
  MlirValue offset = {NULL};
  for (int i = 0; off && i < k; ++i)
    if (!mlirValueIsNull(off[i])) {
      MlirValue t = tsBinary(b, "arith.muli", off[i], st[i]);
      offset = mlirValueIsNull(offset) ? t : tsBinary(b, "arith.addi", offset, t);
    }
  MlirValue *ops = tsAlloc(2 + 2 * n, sizeof *ops);
  int64_t *dyn = tsAlloc(n, sizeof *dyn);
  int nops = 0;
  ops[nops++] = m;
  if (!mlirValueIsNull(offset))
    ops[nops++] = offset;
  for (int j = 0; j < n; ++j) {
    ops[nops++] = sizes[j];
    dyn[j] = mlirShapedTypeGetDynamicSize();
  }
  MlirValue zero = tsConstIndex(b, 0);
  for (int j = 0; j < n; ++j) {
    int fj = from ? from[j] : j;
    MlirValue sj = fj < 0 ? zero : st[fj];
    if (fj >= 0 && step && step[j] != 1)
      sj = tsBinary(b, "arith.muli", sj, tsConstIndex(b, step[j]));
    ops[nops++] = sj;
  }
  int64_t off0 = mlirValueIsNull(offset) ? 0
                                         : mlirShapedTypeGetDynamicStrideOrOffset();
  int32_t seg[4] = {1, mlirValueIsNull(offset) ? 0 : 1, n, n};
  int64_t *strides = tsAlloc(n, sizeof *strides);
  for (int j = 0; j < n; ++j)
    strides[j] = mlirShapedTypeGetDynamicStrideOrOffset();
  MlirNamedAttribute attrs[4] = {
      tsNamed(b, "static_offsets", mlirDenseI64ArrayGet(b->ctx, 1, &off0)),
      tsNamed(b, "static_sizes", mlirDenseI64ArrayGet(b->ctx, n, dyn)),
      tsNamed(b, "static_strides", mlirDenseI64ArrayGet(b->ctx, n, strides)),
      tsNamed(b, "operandSegmentSizes", mlirDenseI32ArrayGet(b->ctx, 4, seg))};
  MlirType vt = mlirMemRefTypeGet(
      mlirShapedTypeGetElementType(mt), n, dyn,
      mlirStridedLayoutAttrGet(b->ctx, off0, n, strides),
      mlirAttributeGetNull());
  MlirValue v = tsResult(
      tsOp(b, "memref.reinterpret_cast", nops, ops, 1, &vt, 4, attrs, 0), 0);
  free(st);
  free(ops);
  free(dyn);
  free(strides);
  return v;
}

MlirValue gtsCopyView(Lowering *l, const Value *x) {
  return x->rank >= 2 ? gtsDynamicBuffer(l, x) : gtsSplitView(l, x, 0);
}

int gtsCopyRank(int rank) { return rank >= 2 ? rank : 2; }

void gtsBuildCopyKernel(Lowering *l, const KernelGroup *g, MlirType elem,
                        int inRank, int outRank, const GtsCopyViews *v,
                        char **kname) {
  bool hasX = !v->make; // made tiles read no input
  MlirType args[2] = {tsDynamicMemRef(elem, inRank),
                      tsDynamicMemRef(elem, outRank)};
  TsBuilder b;
  gtsStartKernel(l, g,
                 mlirFunctionTypeGet(l->ctx, hasX ? 2 : 1, args + !hasX, 0,
                                     NULL),
                 kname, &b);
  MlirValue X = hasX ? mlirBlockGetArgument(b.block, 0) : (MlirValue){NULL};
  MlirValue Y = mlirBlockGetArgument(b.block, hasX ? 1 : 0);
  int n = v->overSource ? inRank : outRank;
  MlirValue *dims = tsAlloc(n, sizeof *dims);
  for (int i = 0; i < n; ++i)
    dims[i] = tsDim(&b, v->overSource ? X : Y, i);
  if (v->walk)
    v->walk(&b, dims, n, v->ctx);
  MlirValue src = v->src ? v->src(&b, X, Y, dims, n, v->ctx) : X;
  MlirValue dst = v->dst ? v->dst(&b, X, Y, dims, n, v->ctx) : Y;
  MlirValue P = n > 2 ? dims[0] : tsConstIndex(&b, 1);
  for (int i = 1; i + 2 < n; ++i)
    P = tsBinary(&b, "arith.muli", P, dims[i]);
  int64_t tile[2] = {l->params.rowsPerBlock, l->params.softmaxCols};
  MlirValue ubs[3] = {P, dims[n - 2], dims[n - 1]}, ivs[3];
  int64_t steps[3] = {1, tile[0], tile[1]};
  TsBuilder body;
  MlirOperation grid = tsForall(&b, 3, ubs, steps, &body, ivs);
  tsMarkTileLoop(grid, "grid", 0);
  // The leading indices of program p, innermost first.
  MlirValue *idx = tsAlloc(n, sizeof *idx);
  MlirValue rest = ivs[0];
  for (int i = n - 3; i >= 0; --i) {
    idx[i] = i ? tsBinary(&body, "arith.remui", rest, dims[i]) : rest;
    if (i)
      rest = tsBinary(&body, "arith.divui", rest, dims[i]);
  }
  idx[n - 2] = ivs[1];
  idx[n - 1] = ivs[2];
  MlirType tileT = tsVectorType(elem, 2, tile);
  MlirAttribute pad = v->pad == 0.0 && !signbit(v->pad)
                          ? (MlirAttribute){NULL}
                          : tsFloatAttr(elem, v->pad);
  MlirValue t = v->make ? v->make(&body, idx, n, tileT, v->ctx)
                        : tsTileLoad(&body, src, n, idx, 2, tile, pad, tileT);
  tsTileStore(&body, t, dst, n, idx);
  free(idx);
  free(dims);
  tsReturn(&b, 0, NULL);
}

void gtsCallCopyKernel(Lowering *l, const KernelGroup *g, MlirType elem,
                       int inRank, int outRank, const GtsCopyViews *v,
                       MlirValue X, MlirValue Y) {
  char *kname;
  gtsBuildCopyKernel(l, g, elem, inRank, outRank, v, &kname);
  MlirValue ops[2] = {X, Y};
  if (v->make) // made tiles: Y alone
    tsCall(&l->entry, kname, 1, ops + 1, 0, NULL);
  else
    tsCall(&l->entry, kname, 2, ops, 0, NULL);
  free(kname);
}

void gtsBuildTransposeKernel(Lowering *l, const KernelGroup *g,
                             MlirType elem, char **kname) {
  static const int kSwap[2] = {1, 0};
  GtsCopyViews views = {.src = permutedView, .ctx = kSwap};
  gtsBuildCopyKernel(l, g, elem, 2, 2, &views, kname);
}

void gtsBuildPermute(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  Value *x = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0));
  if (!x)
    return;
  MlirAttribute pa = tvGetAttr(op, "permutation");
  int r = x->rank;
  int64_t *perm = tsAlloc(r + 1, sizeof *perm);
  for (int i = 0; i < r; ++i)
    perm[i] = mlirDenseI64ArrayGetElement(pa, i);
  Value *y = gtsAddValue(l, mlirOperationGetResult(op, 0));
  for (int i = 0; i < r; ++i)
    y->dims[i] = x->dims[perm[i]];
  gtsAllocate(l, y);
  Essential e;
  essentialForm(x, perm, &e);
  MlirType elem = mlirShapedTypeGetElementType(mlirValueGetType(x->v));
  MlirValue ops[2];
  if (e.n < 2) { // a copy in memory order: both as one row
    ops[0] = gtsSplitView(l, x, 0);
    ops[1] = gtsSplitView(l, y, 0);
  } else {
    ops[0] = gtsCollapseView(l, x, e.n, e.inEnds);
    ops[1] = gtsCollapseView(l, y, e.n, e.outEnds);
  }
  int n = e.n < 2 ? 2 : e.n;
  GtsCopyViews views = {.src = permutedView, .ctx = e.n < 2 ? NULL : e.perm};
  gtsCallCopyKernel(l, g, elem, n, n, &views, ops[0], ops[1]);
  freeEssential(&e);
  free(perm);
}

//===----------------------------------------------------------------------===//
// tgraph.broadcast, materialised
//===----------------------------------------------------------------------===//

// A broadcast that a kernel folds (a bias or row broadcast) is never
// materialised; any other read of it is (gtsOperandValue), as a copy of the
// input seen with stride 0 along the dims it broadcasts: a
// memref.reinterpret_cast of the input's buffer with the result's sizes.

// For each result dim of the kernel's view (after the leading unit dims
// its 2-D view adds), the input dim it reads, or -1 (stride 0).
static MlirValue spreadView(const TsBuilder *b, MlirValue X, MlirValue Y,
                            const MlirValue *dims, int n, const void *ctx) {
  (void)Y;
  return gtsStridedView(b, X, n, dims, ctx, NULL, NULL);
}

Value *gtsMaterializeBroadcast(Lowering *l, MlirOperation op,
                               const DimRef *like) {
  Value *x = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0));
  if (!x)
    return NULL;
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  int n = (int)mlirShapedTypeGetRank(rt), k = x->rank;
  MlirAttribute bd = tvGetAttr(op, "broadcast_dimensions");
  int lead = n < 2 ? 2 - n : 0; // unit dims the kernel's view adds
  int *from = tsAlloc(n + lead + 1, sizeof *from);
  for (int j = 0; j < n + lead; ++j)
    from[j] = -1;
  Value *y = gtsAddValue(l, res);
  for (int j = 0; j < n; ++j)
    y->dims[j] = gtsConstDim(mlirShapedTypeGetDimSize(rt, j));
  bool ok = true;
  for (int i = 0; i < k; ++i) {
    int j = mlirAttributeIsNull(bd)
                ? i + n - k
                : (int)mlirDenseI64ArrayGetElement(bd, i);
    if (isUnit(x, i))
      continue; // stride 0
    from[lead + j] = i;
    if (mlirShapedTypeIsDynamicSize(mlirShapedTypeGetDimSize(rt, j)))
      y->dims[j] = x->dims[i];
    else // a dynamic input dim must be the result's (1 is not broadcast)
      gtsRequireEqual(l, x->dims[i], y->dims[j], "broadcast input dim");
  }
  // A dynamic dim no input dim gives takes the reader's (`like`).
  for (int j = 0; j < n; ++j)
    if (from[lead + j] < 0 &&
        mlirShapedTypeIsDynamicSize(mlirShapedTypeGetDimSize(rt, j))) {
      if (like)
        y->dims[j] = like[j];
      else
        ok = false;
    }
  if (!ok) {
    gtsOpError(op, "a tgraph.broadcast to a dynamic dim that no input dim "
                   "gives is lowered only where a kernel folds it (a bias "
                   "add, a row broadcast); its size is not known here");
    l->failed = true;
    free(from);
    return NULL;
  }
  gtsAllocate(l, y);
  KernelGroup g = {.root = op, .last = op};
  MlirLocation saved = l->entry.loc;
  l->entry.loc = mlirOperationGetLocation(op);
  MlirValue ops[2] = {gtsDynamicBuffer(l, x),
                      n < 2 ? gtsSplitView(l, y, 0) : gtsDynamicBuffer(l, y)};
  GtsCopyViews views = {.src = spreadView, .ctx = from};
  gtsCallCopyKernel(l, &g, mlirShapedTypeGetElementType(rt), k, n + lead,
                    &views, ops[0], ops[1]);
  l->entry.loc = saved;
  free(from);
  return y;
}
