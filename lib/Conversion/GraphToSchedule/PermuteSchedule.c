//===- PermuteSchedule.c - schedule builder: tgraph.transpose -------------===//
//
// A permutation of any rank (result dim i = input dim perm[i]; numpy's
// transpose(axes), torch.permute) as a copy kernel ("permute" family).
//
// The entry first reduces the permutation to its essential form, as
// PyTorch's and numpy's copy kernels do: dims of static size 1 move no
// data and are dropped, and result dims that are consecutive input dims
// are merged. Both buffers are then passed as collapsed views of G dims
// (the merged groups, in input and in result order), so one kernel serves
// [B, S, H, D] -> [B, H, S, D] and every other permutation with the same
// essential form. The kernel reads the input through memref.transpose --
// a strided view with the result's dims -- and copies it tile by tile:
// one program per [rows-per-block x softmax-cols] tile of the result's
// last two groups, for each index of the groups before them (a 3-D grid:
// every tile is independent). When the last dim stays last (moving heads
// or rows) the view's rows are contiguous and every load is a run of
// consecutive elements; when it moves, the tile's columns are read with a
// stride (correct on every target; staging through on-chip memory to make
// those reads contiguous is not done yet).
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

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
  return x->dims[d].arg < 0 && x->dims[d].v == 1;
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

// The kernel: (input view, result view), both of `n` >= 2 dims; `perm`
// (null: the identity) maps result dims to input dims. A 3-D grid: the
// index of the dims before the last two (flattened), then tiles of the
// last two.
static void buildKernel(Lowering *l, const KernelGroup *g, MlirType elem,
                        int n, const int *perm, char **kname) {
  MlirType dyn = tsDynamicMemRef(elem, n), args[2] = {dyn, dyn};
  TsBuilder b;
  gtsStartKernel(l, g, mlirFunctionTypeGet(l->ctx, 2, args, 0, NULL), kname,
                 &b);
  MlirValue X = mlirBlockGetArgument(b.block, 0);
  MlirValue Y = mlirBlockGetArgument(b.block, 1);
  MlirValue src = perm ? transposedView(&b, X, n, perm) : X;
  MlirValue *dims = tsAlloc(n, sizeof *dims);
  for (int i = 0; i < n; ++i)
    dims[i] = tsDim(&b, Y, i);
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
  MlirValue t = tsTileLoad(&body, src, n, idx, 2, tile, (MlirAttribute){NULL},
                           tsVectorType(elem, 2, tile));
  tsTileStore(&body, t, Y, n, idx);
  free(idx);
  free(dims);
  tsReturn(&b, 0, NULL);
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
  char *kname;
  buildKernel(l, g, elem, e.n < 2 ? 2 : e.n, e.n < 2 ? NULL : e.perm, &kname);
  tsCall(&l->entry, kname, 2, ops, 0, NULL);
  free(kname);
  freeEssential(&e);
  free(perm);
}
