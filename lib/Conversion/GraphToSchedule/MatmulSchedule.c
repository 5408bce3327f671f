//===- MatmulSchedule.c - schedule builder: matmul ------------------------===//
//
// The Schedule IR kernel of a matmul fusion group (docs/dialects/schedule.md
// section 6) and its call from the entry. tgraph.linear is the same kernel
// on 2-D views (the input's leading dims collapsed into rows) with B the
// weight [N, K]: its tiles are copied K-major ([block-n x block-k] at (n,
// k)) and multiplied with transpose_b, as the tensor-core lowerings read
// them -- or, with linear-transpose-weight (the host pipeline: its packed
// GEMM reads B as [K, N] and packs it anyway), the weight is first copied
// to [K, N] by the permute kernel and the plain kernel runs; its bias is
// the first epilogue add.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

typedef struct MatmulTiles {
  int64_t m, n, k, stages;
} MatmulTiles;

// block-k 0: k-bytes bytes of each row of A per K step (by default 64: 32
// elements of f16 or bf16, 16 of f32), so that a stage of tiles costs the
// same shared memory whatever the element type (2 stages of 128x128 f32
// tiles then fit 64 KiB of LDS).
static MatmulTiles tilesOf(const Params *p, MlirType aElem) {
  int64_t k = p->blockK ? p->blockK
                        : p->kBytes / (mlirTypeIsAF32(aElem) ? 4 : 2);
  return (MatmulTiles){p->blockM, p->blockN, k, p->stages};
}

// The [batch,] row, column offsets of a tile.
static intptr_t offsets(const KernelGroup *g, const MlirValue *ivs,
                        MlirValue row, MlirValue col, MlirValue *out) {
  intptr_t n = 0;
  if (g->batched)
    out[n++] = ivs[0];
  out[n++] = row;
  out[n++] = col;
  return n;
}

// The K loop: stage A and B tiles, wait, multiply-accumulate.
static MlirValue buildKLoop(const TsBuilder *b, const KernelGroup *g,
                            const MatmulTiles *t, const MlirValue *args,
                            const MlirValue *ivs, MlirValue m, MlirValue n,
                            MlirValue K) {
  MlirType f32 = tsF32Type(b);
  int64_t accShape[2] = {t->m, t->n};
  MlirType accT = tsVectorType(f32, 2, accShape);
  MlirValue zero = tsConstFloat(b, accT, 0.0);
  TsBuilder body;
  MlirValue k;
  MlirOperation loop = tsFor(b, tsConstIndex(b, 0), K, tsConstIndex(b, t->k),
                             1, &zero, &body, &k);
  MlirValue acc = mlirBlockGetArgument(body.block, 1);
  MlirType ae = mlirShapedTypeGetElementType(mlirValueGetType(args[0]));
  MlirType be = mlirShapedTypeGetElementType(mlirValueGetType(args[1]));
  MlirValue idx[3], tok[2];
  int64_t aTile[2] = {t->m, t->k}, bTile[2] = {t->k, t->n};
  intptr_t ni = offsets(g, ivs, m, k, idx);
  MlirValue a = tsAsyncCopy(&body, args[0], ni, idx, aTile,
                            tsWorkgroupTile(b, t->m, t->k, ae), &tok[0]);
  if (g->kMajorB) { // the weight's [n, k] tile
    bTile[0] = t->n;
    bTile[1] = t->k;
  }
  ni = g->kMajorB ? offsets(g, ivs, n, k, idx) : offsets(g, ivs, k, n, idx);
  MlirValue bb = tsAsyncCopy(&body, args[1], ni, idx, bTile,
                             tsWorkgroupTile(b, bTile[0], bTile[1], be),
                             &tok[1]);
  tsWait(&body, 2, tok);
  MlirValue next = tsTileMatmul(&body, a, bb, acc);
  if (g->kMajorB)
    mlirOperationSetAttributeByName(
        mlirOpResultGetOwner(next),
        mlirStringRefCreateFromCString("transpose_b"),
        mlirBoolAttrGet(b->ctx, 1));
  tsYield(&body, 1, &next);
  tsMarkTileLoop(loop, "reduction", t->stages);
  return tsResult(loop, 0);
}

// The epilogue in registers: bias and residual adds (their tiles loaded
// from args[3...]), activations.
static MlirValue buildEpilogue(const TsBuilder *b, const KernelGroup *g,
                               const MatmulTiles *t, const MlirValue *args,
                               const MlirValue *ivs, MlirValue m, MlirValue n,
                               MlirValue acc) {
  MlirType accT = mlirValueGetType(acc);
  int extra = 3;
  bool ownBias = g->linear && mlirOperationGetNumOperands(g->root) == 3;
  for (int i = ownBias ? -1 : 0; i < g->numEpi; ++i) {
    const Epi *e = i < 0 ? NULL : &g->epi[i];
    if (e && e->kind == EPI_ACTIVATION) {
      acc = tsElementwise(b, e->fn->name, acc, (MlirValue){NULL}, accT);
      continue;
    }
    MlirValue src = args[extra++];
    MlirType ee = mlirShapedTypeGetElementType(mlirValueGetType(src));
    MlirValue x;
    if (!e || e->kind == EPI_BIAS) {
      x = tsTileLoad(b, src, 1, &n, 1, &t->n, (MlirAttribute){NULL},
                     tsVectorType(ee, 1, &t->n));
    } else {
      MlirValue idx[3];
      int64_t tile[2] = {t->m, t->n};
      x = tsTileLoad(b, src, offsets(g, ivs, m, n, idx), idx, 2, tile,
                     (MlirAttribute){NULL}, tsVectorType(ee, 2, tile));
    }
    acc = tsElementwise(b, "add", acc, gtsToF32(b, x), accT);
  }
  return acc;
}

// Whether argument i (of type t) of a linear's kernel is a 2-D rows view:
// the input, the result and residuals (everything but the weight and the
// rank-1 biases).
static bool linearRows(const KernelGroup *g, int i, MlirType t) {
  return g->linear && i != 1 && (i < 3 || mlirShapedTypeGetRank(t) != 1);
}

static void buildKernel(Lowering *l, const KernelGroup *g,
                        const MlirValue *graphArgs, int nargs,
                        char **kname) {
  MlirType *types = tsAlloc(nargs, sizeof *types);
  for (int i = 0; i < nargs; ++i) {
    MlirType t = mlirValueGetType(graphArgs[i]);
    types[i] = linearRows(g, i, t)
                   ? tsDynamicMemRef(mlirShapedTypeGetElementType(t), 2)
                   : gtsDynMemrefType(t);
  }
  TsBuilder b;
  gtsStartKernel(l, g, mlirFunctionTypeGet(l->ctx, nargs, types, 0, NULL),
                 kname, &b);
  free(types);
  MlirValue *args = tsAlloc(nargs, sizeof *args);
  for (int i = 0; i < nargs; ++i)
    args[i] = mlirBlockGetArgument(b.block, i);
  int r = g->batched ? 3 : 2;
  MatmulTiles t =
      tilesOf(&l->params, mlirShapedTypeGetElementType(
                              mlirValueGetType(args[0])));
  MlirValue M = tsDim(&b, args[0], r - 2), K = tsDim(&b, args[0], r - 1),
            N = tsDim(&b, args[1], g->kMajorB ? 0 : r - 1);
  MlirValue ubs[3], ivs[3];
  int64_t steps[3];
  int nl = 0;
  if (g->batched) {
    ubs[nl] = tsDim(&b, args[0], 0);
    steps[nl++] = 1;
  }
  ubs[nl] = M;
  steps[nl++] = t.m;
  ubs[nl] = N;
  steps[nl++] = t.n;
  TsBuilder body;
  MlirOperation grid = tsForall(&b, nl, ubs, steps, &body, ivs);
  tsMarkTileLoop(grid, "grid", 0);
  MlirValue m = ivs[nl - 2], n = ivs[nl - 1];
  MlirValue acc = buildKLoop(&body, g, &t, args, ivs, m, n, K);
  acc = buildEpilogue(&body, g, &t, args, ivs, m, n, acc);
  MlirType ce = mlirShapedTypeGetElementType(mlirValueGetType(args[2]));
  if (!mlirTypeIsAF32(ce))
    acc = tsConvert(&body, "arith.truncf", acc,
                    tsShapedLike(mlirValueGetType(acc), ce));
  MlirValue idx[3];
  tsTileStore(&body, acc, args[2], offsets(g, ivs, m, n, idx), idx);
  tsReturn(&b, 0, NULL);
  free(args);
}

// Result dims: [batch,] rows of A, columns of B; the relations the kernel
// relies on are checked at run time where they are dynamic.
static void resultDims(Lowering *l, const KernelGroup *g, const Value *a,
                       const Value *b, Value *c, const MlirValue *args,
                       int n) {
  int r = c->rank;
  if (g->linear) {
    for (int d = 0; d + 1 < r; ++d)
      c->dims[d] = a->dims[d];
    c->dims[r - 1] = b->dims[0];
    gtsRequireEqual(l, a->dims[r - 1], b->dims[1], "linear inner dimensions");
  } else {
    if (g->batched)
      c->dims[0] = a->dims[0];
    c->dims[r - 2] = a->dims[r - 2];
    c->dims[r - 1] = b->dims[r - 1];
    gtsRequireEqual(l, a->dims[r - 1], b->dims[r - 2],
                    "matmul inner dimensions");
  }
  if (g->batched)
    gtsRequireEqual(l, a->dims[0], b->dims[0], "batch_matmul batch sizes");
  for (int i = 3; i < n; ++i) {
    const Value *e = gtsLookup(l, args[i]);
    if (e->rank == 1)
      gtsRequireEqual(l, e->dims[0], c->dims[r - 1], "bias length");
    else
      for (int d = 0; d < r; ++d)
        gtsRequireEqual(l, e->dims[d], c->dims[d], "residual shape");
  }
}

// W [N, K] copied to a new [K, N] buffer by the permute kernel
// (ViewCopySchedule.c), in the entry; the caller frees it.
static MlirValue transposedWeight(Lowering *l, const KernelGroup *g,
                                  const Value *w) {
  MlirType wt = mlirValueGetType(w->buf);
  MlirType elem = mlirShapedTypeGetElementType(wt);
  MlirValue dims[2] = {gtsDimValue(&l->entryDims, &l->entry, w->dims[1]),
                       gtsDimValue(&l->entryDims, &l->entry, w->dims[0])};
  MlirType dyn = tsDynamicMemRef(elem, 2);
  MlirValue buf = tsMemAlloc(&l->entry, dyn, 2, dims, 64);
  char *kname;
  gtsBuildTransposeKernel(l, g, elem, &kname);
  MlirValue ops[2] = {gtsDynamicBuffer(l, w), buf};
  tsCall(&l->entry, kname, 2, ops, 0, NULL);
  free(kname);
  return buf;
}

void gtsBuildMatmul(Lowering *l, const KernelGroup *g0) {
  KernelGroup gk = *g0, *g = &gk;
  g->kMajorB = g->linear && !l->params.linearTransposeWeight;
  // Arguments: A, B, C, then a linear's own bias, then the bias / residual
  // of each add, in order.
  MlirValue *args = tsAlloc(4 + g->numEpi, sizeof *args);
  int n = 0;
  args[n++] = mlirOperationGetOperand(g->root, 0);
  args[n++] = mlirOperationGetOperand(g->root, 1);
  args[n++] = mlirOperationGetResult(g->last, 0);
  if (g->linear && mlirOperationGetNumOperands(g->root) == 3)
    args[n++] = mlirOperationGetOperand(g->root, 2);
  for (int i = 0; i < g->numEpi; ++i)
    if (g->epi[i].kind != EPI_ACTIVATION)
      args[n++] = g->epi[i].operand;
  Value *a = gtsOperandValue(l, g->root, args[0]);
  Value *b = a ? gtsOperandValue(l, g->root, args[1]) : NULL;
  bool ok = b != NULL;
  for (int i = 3; i < n && ok; ++i)
    ok = gtsOperandValue(l, g->last, args[i]) != NULL;
  if (!ok) {
    free(args);
    return;
  }
  Value *c = gtsAddValue(l, args[2]);
  resultDims(l, g, a, b, c, args, n);
  gtsAllocate(l, c);
  MlirValue wt = {NULL};
  if (g->linear && !g->kMajorB)
    wt = transposedWeight(l, g, b);
  char *kname;
  buildKernel(l, g, args, n, &kname);
  MlirValue *bufs = tsAlloc(n, sizeof *bufs);
  for (int i = 0; i < n; ++i) {
    Value *x = gtsLookup(l, args[i]);
    bufs[i] = linearRows(g, i, mlirValueGetType(args[i])) ? gtsRowsView(l, x)
                                                          : gtsDynamicBuffer(l, x);
  }
  if (!mlirValueIsNull(wt))
    bufs[1] = wt;
  tsCall(&l->entry, kname, n, bufs, 0, NULL);
  if (!mlirValueIsNull(wt))
    tsMemDealloc(&l->entry, wt);
  free(bufs);
  free(kname);
  free(args);
}
