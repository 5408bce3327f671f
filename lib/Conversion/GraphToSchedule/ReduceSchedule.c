//===- ReduceSchedule.c - schedule builder: tgraph.reduce -----------------===//
//
// The Schedule IR kernel of tgraph.reduce (sum, max, mean) and tgraph.var,
// and its call
// from the entry. The reduced dims must be one run of adjacent dims
// [s, e); the input is then seen as 2-D in one of two ways:
//   - trailing run (e == rank): rows x reduced columns (split at s), the
//     result one column [rows x 1]. One program per rows-per-block rows
//     walks the row in softmax-cols tiles, accumulating per column of the
//     tile, then reduces the tile's columns (a row reduction);
//   - leading run (s == 0): reduced rows x kept columns (split at e), the
//     result one row [1 x cols]. One program per softmax-cols columns walks
//     the rows in rows-per-block tiles, then reduces the tile's rows (a
//     column reduction).
// Both accumulate in f32 and store in the result's type; mean divides by
// the reduced count. tgraph.var is the same kernel with two loops: the
// mean, then the centred sum of squares (two-pass: a large mean does not
// cancel the spread), divided by count - correction. A run in the middle, or reduced dims that are not
// adjacent, are refused with a located error (they need a transposed or
// 3-D view: not lowered yet).
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

#include "Dialect/Graph/GraphOps.h"
#include "IR/ReductionFns.h"

#include <math.h>

typedef struct ReduceKernel {
  MlirValue X, Y;       // the 2-D views
  bool columns;         // reduce over dim 0 of the view (else dim 1)
  const char *kind;     // "sum" or "max" (mean and var: sums, then divide)
  bool mean, var;
  int64_t correction;   // var: divide by count - correction
  int64_t tile[2];      // rows x columns of a tile
  MlirType tileT, outT; // f32 tile; f32 result tile (R x 1 or 1 x BN)
} ReduceKernel;

// The f32 tile at the program's place `p` and step `q` of the reduced dim,
// what lies outside the view reading as `pad`.
static MlirValue loadTile(const TsBuilder *b, const ReduceKernel *k,
                          MlirValue p, MlirValue q, double pad) {
  MlirType it = mlirShapedTypeGetElementType(mlirValueGetType(k->X));
  MlirValue idx[2] = {k->columns ? q : p, k->columns ? p : q};
  MlirValue x = tsTileLoad(b, k->X, 2, idx, 2, k->tile,
                           pad == 0.0 ? (MlirAttribute){NULL}
                                      : tsFloatAttr(it, pad),
                           tsVectorType(it, 2, k->tile));
  return mlirTypeIsAF32(it) ? x : tsConvert(b, "arith.extf", x, k->tileT);
}

// What one tile adds to the accumulator: the tile itself (padded with the
// reduction's identity), or for var its squares about `mean`, 0 past the
// end (gtsCentredSquare).
static MlirValue term(const TsBuilder *b, const ReduceKernel *k, MlirValue p,
                      MlirValue q, MlirValue mean, double identity) {
  if (mlirValueIsNull(mean))
    return loadTile(b, k, p, q, identity);
  MlirValue x0 = loadTile(b, k, p, q, 0.0); // built in this order
  MlirValue x1 = loadTile(b, k, p, q, 1.0);
  return gtsCentredSquare(b, x0, x1, mean, k->tileT);
}

// One loop over the reduced dim combining terms, then the tile's
// reduction: an f32 result tile.
static MlirValue reduceLoop(const TsBuilder *b, const ReduceKernel *k,
                            const TesseraReductionFn *fn, MlirValue p,
                            MlirValue n, MlirValue mean) {
  MlirValue init = tsConstFloat(b, k->tileT, fn->identity);
  TsBuilder body;
  MlirValue q;
  MlirOperation loop = tsFor(b, tsConstIndex(b, 0), n,
                             tsConstIndex(b, k->tile[k->columns ? 0 : 1]), 1,
                             &init, &body, &q);
  tsMarkTileLoop(loop, "reduction", 0);
  MlirValue acc = mlirBlockGetArgument(body.block, 1);
  MlirValue next = tsElementwise(&body, fn->combine, acc,
                                 term(&body, k, p, q, mean, fn->identity),
                                 k->tileT);
  tsYield(&body, 1, &next);
  return (k->columns ? tsReduceColumns : tsReduce)(b, k->kind,
                                                   tsResult(loop, 0), k->outT);
}

// `x` / (n - sub) as an f32 result tile (n an index).
static MlirValue divideByCount(const TsBuilder *b, const ReduceKernel *k,
                               MlirValue x, MlirValue n, int64_t sub) {
  MlirValue t = gtsCountTile(b, n, k->outT);
  if (sub)
    t = tsElementwise(b, "sub", t, tsConstFloat(b, k->outT, (double)sub),
                      k->outT);
  return tsElementwise(b, "div", x, t, k->outT);
}

// The kernel body at this program's first row or column `p`: the loop
// (two for var) over the reduced dim, the mean or variance, the store.
static void reduceAt(const TsBuilder *b, const ReduceKernel *k, MlirValue p,
                     MlirValue n) {
  const TesseraReductionFn *fn =
      tesseraLookupReductionFn(mlirStringRefCreateFromCString(k->kind));
  MlirValue r = reduceLoop(b, k, fn, p, n, (MlirValue){NULL});
  if (k->mean || k->var)
    r = divideByCount(b, k, r, n, 0);
  if (k->var)
    r = divideByCount(b, k, reduceLoop(b, k, fn, p, n, r), n, k->correction);
  MlirType ot = mlirShapedTypeGetElementType(mlirValueGetType(k->Y));
  if (!mlirTypeIsAF32(ot)) {
    int64_t s[2] = {mlirShapedTypeGetDimSize(k->outT, 0),
                    mlirShapedTypeGetDimSize(k->outT, 1)};
    r = tsConvert(b, "arith.truncf", r, tsVectorType(ot, 2, s));
  }
  MlirValue zero = tsConstIndex(b, 0);
  MlirValue idx[2] = {k->columns ? zero : p, k->columns ? p : zero};
  tsTileStore(b, r, k->Y, 2, idx);
}

static void buildKernel(Lowering *l, const KernelGroup *g, ReduceKernel *k,
                        MlirType xt, MlirType yt, char **kname) {
  MlirType args[2] = {xt, yt};
  TsBuilder b;
  gtsStartKernel(l, g, mlirFunctionTypeGet(l->ctx, 2, args, 0, NULL), kname,
                 &b);
  k->X = mlirBlockGetArgument(b.block, 0);
  k->Y = mlirBlockGetArgument(b.block, 1);
  k->tile[0] = l->params.rowsPerBlock;
  k->tile[1] = l->params.softmaxCols;
  MlirType f32 = tsF32Type(&b);
  int64_t out[2] = {k->columns ? 1 : k->tile[0], k->columns ? k->tile[1] : 1};
  k->tileT = tsVectorType(f32, 2, k->tile);
  k->outT = tsVectorType(f32, 2, out);
  // The grid runs over the kept dim of the view; the loop over the other.
  int kept = k->columns ? 1 : 0;
  MlirValue G = tsDim(&b, k->X, kept), N = tsDim(&b, k->X, 1 - kept);
  TsBuilder body;
  MlirValue p;
  MlirOperation grid = tsForall(&b, 1, &G, &k->tile[kept], &body, &p);
  tsMarkTileLoop(grid, "grid", 0);
  reduceAt(&body, k, p, N);
  tsReturn(&b, 0, NULL);
}

// The run [s, e) of reduced dims; false (with the error) if they are not
// adjacent or the run is in the middle.
static bool reducedRun(MlirOperation op, int rank, int *s, int *e) {
  bool red[TG_MAX_RANK] = {false};
  MlirAttribute dims = tvGetAttr(op, "dims");
  for (intptr_t i = 0; i < mlirDenseArrayGetNumElements(dims); ++i) {
    int64_t d = mlirDenseI64ArrayGetElement(dims, i);
    red[d < 0 ? d + rank : d] = true;
  }
  *s = 0;
  while (*s < rank && !red[*s])
    ++*s;
  *e = *s;
  while (*e < rank && red[*e])
    ++*e;
  for (int d = *e; d < rank; ++d)
    if (red[d]) {
      gtsOpError(op, "reduce over dims that are not adjacent is not "
                     "supported by tessera-lower-graph yet");
      return false;
    }
  if (*s > 0 && *e < rank) {
    gtsOpError(op, "reduce over a run of dims with kept dims on both sides "
                   "is not supported by tessera-lower-graph yet (reduce the "
                   "leading or the trailing dims)");
    return false;
  }
  return true;
}

void gtsBuildReduce(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  MlirValue in = mlirOperationGetOperand(op, 0);
  MlirValue res = mlirOperationGetResult(op, 0);
  int rank = (int)mlirShapedTypeGetRank(mlirValueGetType(in));
  int s, e;
  if (!reducedRun(op, rank, &s, &e)) {
    l->failed = true;
    return;
  }
  Value *x = gtsOperandValue(l, op, in);
  if (!x)
    return;
  MlirAttribute kd = tvGetAttr(op, "keep_dims");
  bool keep = !mlirAttributeIsNull(kd) && mlirBoolAttrGetValue(kd);
  Value *y = gtsAddValue(l, res);
  for (int d = 0, o = 0; d < rank; ++d) {
    bool reduced = d >= s && d < e;
    if (keep)
      y->dims[d] = reduced ? gtsConstDim(1) : x->dims[d];
    else if (!reduced)
      y->dims[o++] = x->dims[d];
  }
  gtsAllocate(l, y);
  bool var = gtsNameIs(op, "tgraph.var");
  MlirAttribute ka = tvGetAttr(op, "kind"), ca = tvGetAttr(op, "correction");
  MlirStringRef kind = var ? mlirStringRefCreateFromCString("sum")
                           : mlirStringAttrGetValue(ka);
  ReduceKernel k = {.columns = e < rank,
                    .mean = tvStrEq(kind, "mean"),
                    .var = var,
                    .correction = mlirAttributeIsNull(ca)
                                      ? 1
                                      : mlirIntegerAttrGetValueSInt(ca),
                    .kind = tvStrEq(kind, "max") ? "max" : "sum"};
  // Trailing run: rows [0, s) x reduced [s, rank), the result one column;
  // leading run: reduced [0, e) x kept [e, rank), the result one row.
  MlirValue xv = gtsSplitView(l, x, k.columns ? e : s);
  MlirValue yv = gtsSplitView(l, y, k.columns ? 0 : y->rank);
  char *kname;
  buildKernel(l, g, &k, mlirValueGetType(xv), mlirValueGetType(yv), &kname);
  MlirValue ops[2] = {xv, yv};
  tsCall(&l->entry, kname, 2, ops, 0, NULL);
  free(kname);
}
