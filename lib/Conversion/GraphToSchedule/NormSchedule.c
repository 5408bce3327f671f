//===- NormSchedule.c - schedule builder: layer_norm and rms_norm ---------===//
//
// The Schedule IR kernel of tgraph.layer_norm and tgraph.rms_norm, and its
// call from the entry. The input is seen as rows x normalised columns
// (dims [0, axis) collapse into the rows, [axis, rank) into the columns),
// weight and bias as one row of the columns. One program per rows-per-block
// rows walks each row in tiles of softmax-cols columns, in f32:
//   layer_norm: pass 1 sums x (the mean); pass 2 sums (x - mean)^2 (the
//     variance, two-pass so that a large mean does not cancel: E[x^2] -
//     E[x]^2 loses every digit when |mean| >> std); pass 3 writes
//     (x - mean) * rsqrt(var + eps) [* weight] [+ bias];
//   rms_norm: pass 1 sums x^2; pass 2 writes x * rsqrt(mean + eps)
//     [* weight].
// Sums are kept per column of the tile (no reduction waits on the previous
// tile) and reduced once after their loop. Every target compiles the
// kernel op by op.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

typedef struct NormKernel {
  MlirValue X, W, B, Y; // 2-D views; W, B null when absent
  MlirValue r, L;       // this program's first row; the row length
  MlirValue Lf;         // the row length as an f32 stat tile
  int64_t tile[2];      // rows per program x columns per tile
  MlirType tileT;       // vector<R x BN x f32>
  MlirType statT;       // vector<R x 1 x f32>
  double eps;
  bool layer; // layer_norm (else rms_norm)
  const KernelGroup *g; // its epilogue chain is applied before the store
  MlirValue *E;         // the chain's other inputs (2-D views like X)
  int numE;
} NormKernel;

static MlirValue ew(const TsBuilder *b, const char *fn, MlirValue x,
                    MlirValue y, MlirType t) {
  return tsElementwise(b, fn, x, y, t);
}

// The tile at column `j` of `src` (rows from `row`, `rows` of them),
// outside padded with `pad`, widened to f32.
static MlirValue loadF32(const TsBuilder *b, MlirValue src, MlirValue row,
                         MlirValue j, int64_t rows, int64_t cols, double pad) {
  MlirType it = mlirShapedTypeGetElementType(mlirValueGetType(src));
  int64_t tile[2] = {rows, cols};
  MlirValue idx[2] = {row, j};
  MlirValue x = tsTileLoad(b, src, 2, idx, 2, tile,
                           pad == 0.0 ? (MlirAttribute){NULL}
                                      : tsFloatAttr(it, pad),
                           tsVectorType(it, 2, tile));
  if (mlirTypeIsAF32(it))
    return x;
  return tsConvert(b, "arith.extf", x, tsVectorType(tsF32Type(b), 2, tile));
}

static MlirValue loadX(const TsBuilder *b, const NormKernel *k, MlirValue j,
                       double pad) {
  return loadF32(b, k->X, k->r, j, k->tile[0], k->tile[1], pad);
}

// The row of a parameter (weight or bias) at column `j`: a 1 x BN tile
// that broadcasts over the rows.
static MlirValue loadParam(const TsBuilder *b, const NormKernel *k,
                           MlirValue P, MlirValue j) {
  return loadF32(b, P, tsConstIndex(b, 0), j, 1, k->tile[1], 0.0);
}

// What one column tile adds to a pass's per-column sum.
typedef MlirValue (*TermFn)(const TsBuilder *b, const NormKernel *k,
                            MlirValue j, MlirValue mean);

// Sum over the row of term(j) / L, per row: a stat tile.
static MlirValue rowMean(const TsBuilder *b, const NormKernel *k, TermFn term,
                         MlirValue mean) {
  MlirValue init = tsConstFloat(b, k->tileT, 0.0);
  TsBuilder body;
  MlirValue j;
  MlirOperation loop = tsFor(b, tsConstIndex(b, 0), k->L,
                             tsConstIndex(b, k->tile[1]), 1, &init, &body, &j);
  tsMarkTileLoop(loop, "reduction", 0);
  MlirValue s = mlirBlockGetArgument(body.block, 1);
  MlirValue next = ew(&body, "add", s, term(&body, k, j, mean), k->tileT);
  tsYield(&body, 1, &next);
  MlirValue sum = tsReduce(b, "sum", tsResult(loop, 0), k->statT);
  return ew(b, "div", sum, k->Lf, k->statT);
}

static MlirValue termX(const TsBuilder *b, const NormKernel *k, MlirValue j,
                       MlirValue mean) {
  (void)mean;
  return loadX(b, k, j, 0.0);
}

static MlirValue termSquare(const TsBuilder *b, const NormKernel *k,
                            MlirValue j, MlirValue mean) {
  (void)mean;
  MlirValue x = loadX(b, k, j, 0.0);
  return ew(b, "mul", x, x, k->tileT);
}

MlirValue gtsCentredSquare(const TsBuilder *b, MlirValue x0, MlirValue x1,
                           MlirValue mean, MlirType tileT) {
  MlirValue p = ew(b, "sub", x1, x0, tileT);
  MlirValue d = ew(b, "add", ew(b, "sub", x0, mean, tileT),
                   ew(b, "mul", p, mean, tileT), tileT);
  return ew(b, "mul", d, d, tileT);
}

MlirValue gtsCountTile(const TsBuilder *b, MlirValue n, MlirType t) {
  MlirValue c = tsConvert(b, "arith.index_cast", n, tsType(b, "i64"));
  MlirValue f = tsConvert(b, "arith.uitofp", c, tsF32Type(b));
  return tsConvert(b, "vector.broadcast", f, t);
}

static MlirValue termCentredSquare(const TsBuilder *b, const NormKernel *k,
                                   MlirValue j, MlirValue mean) {
  // Two statements: the loads are built in this order (argument order is
  // unspecified in C).
  MlirValue x0 = loadX(b, k, j, 0.0);
  MlirValue x1 = loadX(b, k, j, 1.0);
  return gtsCentredSquare(b, x0, x1, mean, k->tileT);
}

// rsqrt(m + eps), per row.
static MlirValue invStd(const TsBuilder *b, const NormKernel *k, MlirValue m) {
  MlirValue eps = tsConstFloat(b, k->statT, k->eps);
  return ew(b, "rsqrt", ew(b, "add", m, eps, k->statT), (MlirValue){NULL},
            k->statT);
}

// The last pass: (x [- mean]) * rstd [* weight] [+ bias], stored in the
// output's type.
static void writeRows(const TsBuilder *b, const NormKernel *k, MlirValue mean,
                      MlirValue rstd) {
  TsBuilder body;
  MlirValue j;
  MlirOperation loop = tsFor(b, tsConstIndex(b, 0), k->L,
                             tsConstIndex(b, k->tile[1]), 0, NULL, &body, &j);
  tsMarkTileLoop(loop, "sequential", 0);
  MlirValue y = loadX(&body, k, j, 0.0);
  if (k->layer)
    y = ew(&body, "sub", y, mean, k->tileT);
  y = ew(&body, "mul", y, rstd, k->tileT);
  if (!mlirValueIsNull(k->W))
    y = ew(&body, "mul", y, loadParam(&body, k, k->W, j), k->tileT);
  if (!mlirValueIsNull(k->B))
    y = ew(&body, "add", y, loadParam(&body, k, k->B, j), k->tileT);
  gtsStoreRowTile(&body, k->g, y, k->E, k->numE, k->Y, k->r, j, k->tile);
  tsYield(&body, 0, NULL);
}

// Kernel arguments: X, [W, [B]], the epilogue's inputs, Y, each
// memref<?x?xE>.
static void buildKernel(Lowering *l, const KernelGroup *g, NormKernel *k,
                        MlirType *types, int n, int numParams, char **kname) {
  TsBuilder b;
  gtsStartKernel(l, g, mlirFunctionTypeGet(l->ctx, n, types, 0, NULL), kname,
                 &b);
  k->X = mlirBlockGetArgument(b.block, 0);
  k->W = numParams > 0 ? mlirBlockGetArgument(b.block, 1) : (MlirValue){NULL};
  k->B = numParams > 1 ? mlirBlockGetArgument(b.block, 2) : (MlirValue){NULL};
  k->E = tsAlloc(k->numE + 1, sizeof *k->E);
  for (int i = 0; i < k->numE; ++i)
    k->E[i] = mlirBlockGetArgument(b.block, 1 + numParams + i);
  k->Y = mlirBlockGetArgument(b.block, n - 1);
  k->tile[0] = l->params.rowsPerBlock;
  k->tile[1] = l->params.softmaxCols;
  MlirType f32 = tsF32Type(&b);
  int64_t stat[2] = {k->tile[0], 1};
  k->tileT = tsVectorType(f32, 2, k->tile);
  k->statT = tsVectorType(f32, 2, stat);
  MlirValue R = tsDim(&b, k->X, 0);
  k->L = tsDim(&b, k->X, 1);
  TsBuilder body;
  MlirOperation grid = tsForall(&b, 1, &R, k->tile, &body, &k->r);
  tsMarkTileLoop(grid, "grid", 0);
  k->Lf = gtsCountTile(&body, k->L, k->statT);
  MlirValue mean = {NULL}, rstd;
  if (k->layer) {
    mean = rowMean(&body, k, termX, (MlirValue){NULL});
    rstd = invStd(&body, k, rowMean(&body, k, termCentredSquare, mean));
  } else {
    rstd = invStd(&body, k, rowMean(&body, k, termSquare, (MlirValue){NULL}));
  }
  writeRows(&body, k, mean, rstd);
  tsReturn(&b, 0, NULL);
  free(k->E);
}

static int64_t normAxis(MlirOperation op, int rank) {
  MlirAttribute a = tvGetAttr(op, "axis");
  int64_t axis = mlirAttributeIsNull(a) ? -1 : mlirIntegerAttrGetValueSInt(a);
  return axis < 0 ? axis + rank : axis;
}

void gtsBuildNorm(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  intptr_t n = mlirOperationGetNumOperands(op);
  MlirValue in = mlirOperationGetOperand(op, 0);
  MlirValue res = mlirOperationGetResult(g->last, 0);
  int rank = (int)mlirShapedTypeGetRank(mlirValueGetType(in));
  int axis = (int)normAxis(op, rank);
  int numE;
  MlirValue *epiIn = gtsEpilogueInputs(g, &numE);
  Value **v = tsAlloc(n + numE, sizeof *v);
  for (intptr_t i = 0; i < n + numE && !l->failed; ++i)
    v[i] = gtsOperandValue(l, op,
                           i < n ? mlirOperationGetOperand(op, i)
                                 : epiIn[i - n]);
  free(epiIn);
  if (l->failed) {
    free(v);
    return;
  }
  // Weight and bias have the normalised dims, the epilogue's inputs the
  // input's: checked at run time where a dim is dynamic.
  for (intptr_t i = 1; i < n; ++i)
    for (int d = axis; d < rank; ++d)
      gtsRequireEqual(l, v[i]->dims[d - axis], v[0]->dims[d],
                      i == 1 ? "norm weight shape" : "norm bias shape");
  for (int i = 0; i < numE; ++i)
    for (int d = 0; d < rank; ++d)
      gtsRequireEqual(l, v[n + i]->dims[d], v[0]->dims[d],
                      "norm epilogue operand shape");
  Value *y = gtsAddValue(l, res);
  memcpy(y->dims, v[0]->dims, (size_t)rank * sizeof *y->dims);
  gtsAllocate(l, y);
  MlirAttribute e = tvGetAttr(op, "epsilon");
  NormKernel k = {.eps = mlirAttributeIsNull(e) ? 1e-5
                                                 : mlirFloatAttrGetValueDouble(e),
                  .layer = gtsNameIs(op, "tgraph.layer_norm"),
                  .g = g,
                  .numE = numE};
  int total = (int)n + numE + 1, m = 0;
  MlirValue *ops = tsAlloc(total, sizeof *ops);
  MlirType *types = tsAlloc(total, sizeof *types);
  for (intptr_t i = 0; i < n + numE; ++i)
    ops[m++] = gtsSplitView(l, v[i], i > 0 && i < n ? 0 : axis);
  ops[m++] = gtsSplitView(l, y, axis);
  for (int i = 0; i < m; ++i)
    types[i] = mlirValueGetType(ops[i]);
  char *kname;
  buildKernel(l, g, &k, types, m, (int)n - 1, &kname);
  tsCall(&l->entry, kname, m, ops, 0, NULL);
  free(kname);
  free(ops);
  free(types);
  free(v);
}
