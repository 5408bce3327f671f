//===- SoftmaxSchedule.c - schedule builder: softmax ----------------------===//
//
// The Schedule IR kernel of a row softmax or log_softmax over the last dim
// (the online softmax: one pass for the max and the sum, one to write), and
// its call on a 2-D view from the entry. Every target compiles it op by op.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

#include <math.h>

typedef struct SoftmaxKernel {
  MlirValue X, Y;     // the 2-D views
  MlirValue r, L;     // this program's first row; the row length
  int64_t tile[2];    // rows per program x columns per tile
  MlirType tileT;     // vector<R x BN x f32>
  MlirType statT;     // vector<R x 1 x f32>
  bool log;             // log_softmax: x - max - log(sum)
  const KernelGroup *g; // its epilogue chain is applied before the store
  MlirValue *E;         // the chain's other inputs (2-D views like X)
  int numE;
} SoftmaxKernel;

// One pass's column tile at `j`, out-of-range columns reading -inf (in the
// input's own type), widened to f32.
static MlirValue loadTile(const TsBuilder *b, const SoftmaxKernel *k,
                          MlirValue j) {
  MlirType it = mlirShapedTypeGetElementType(mlirValueGetType(k->X));
  MlirValue idx[2] = {k->r, j};
  MlirValue x = tsTileLoad(b, k->X, 2, idx, 2, k->tile,
                           tsFloatAttr(it, -INFINITY),
                           tsVectorType(it, 2, k->tile));
  if (mlirTypeIsAF32(it))
    return x;
  return tsConvert(b, "arith.extf", x, k->tileT);
}

// Pass 1, online (one read of the row): per column tile, the new running
// max m' = max(m, max(x)) (one per row) rescales the running sums, kept per
// column of the tile so that no reduction waits on the previous tile:
// s' = s * exp(m - m') + exp(x - m'); the row sum is the sum of s after
// the loop. The max starts at the lowest finite f32, not -inf, so that
// m - m' is never -inf - -inf (NaN) while a row has seen only padding or
// -inf; a row of nothing but -inf still ends with s = 0 and gives NaN, as
// numpy and PyTorch do.
static void rowMaxSum(const TsBuilder *b, const SoftmaxKernel *k,
                      MlirValue *max, MlirValue *sum) {
  MlirValue init[2] = {tsConstFloat(b, k->statT, -3.4028234663852886e38),
                       tsConstFloat(b, k->tileT, 0.0)};
  TsBuilder body;
  MlirValue j;
  MlirOperation loop =
      tsFor(b, tsConstIndex(b, 0), k->L, tsConstIndex(b, k->tile[1]), 2, init,
            &body, &j);
  tsMarkTileLoop(loop, "reduction", 0);
  MlirValue m = mlirBlockGetArgument(body.block, 1);
  MlirValue s = mlirBlockGetArgument(body.block, 2);
  MlirValue x = loadTile(&body, k, j);
  MlirValue mt = tsReduce(&body, "max", x, k->statT);
  MlirValue mn = tsElementwise(&body, "max", m, mt, k->statT);
  MlirValue corr = tsElementwise(
      &body, "exp", tsElementwise(&body, "sub", m, mn, k->statT),
      (MlirValue){NULL}, k->statT);
  MlirValue e = tsElementwise(
      &body, "exp", tsElementwise(&body, "sub", x, mn, k->tileT),
      (MlirValue){NULL}, k->tileT);
  MlirValue sn = tsElementwise(
      &body, "add", tsElementwise(&body, "mul", s, corr, k->tileT), e,
      k->tileT);
  MlirValue next[2] = {mn, sn};
  tsYield(&body, 2, next);
  *max = tsResult(loop, 0);
  *sum = tsReduce(b, "sum", tsResult(loop, 1), k->statT);
}

// Pass 2: exp(x - max) / sum (log_softmax: x - max - log(sum), `sum`
// already its log), stored in the output's type.
static void writeRows(const TsBuilder *b, const SoftmaxKernel *k,
                      MlirValue max, MlirValue sum) {
  TsBuilder body;
  MlirValue j;
  MlirOperation loop = tsFor(b, tsConstIndex(b, 0), k->L,
                             tsConstIndex(b, k->tile[1]), 0, NULL, &body, &j);
  tsMarkTileLoop(loop, "sequential", 0);
  MlirValue d = tsElementwise(&body, "sub", loadTile(&body, k, j), max,
                              k->tileT);
  MlirValue y =
      k->log
          ? tsElementwise(&body, "sub", d, sum, k->tileT)
          : tsElementwise(&body, "div",
                          tsElementwise(&body, "exp", d, (MlirValue){NULL},
                                        k->tileT),
                          sum, k->tileT);
  gtsStoreRowTile(&body, k->g, y, k->E, k->numE, k->Y, k->r, j, k->tile);
  tsYield(&body, 0, NULL);
}

// Schedule IR of a row softmax over a 2-D view: two passes over column
// tiles (online max and sum; write), rows-per-block rows of softmax-cols
// columns per tile, one program per row block.
// Kernel arguments: X, the epilogue's inputs, Y.
static void buildKernel(Lowering *l, const KernelGroup *g, const MlirType *args,
                        int n, char **kname) {
  TsBuilder b;
  gtsStartKernel(l, g, mlirFunctionTypeGet(l->ctx, n, args, 0, NULL), kname,
                 &b);
  SoftmaxKernel k = {.X = mlirBlockGetArgument(b.block, 0),
                     .Y = mlirBlockGetArgument(b.block, n - 1),
                     .tile = {l->params.rowsPerBlock, l->params.softmaxCols},
                     .log = gtsNameIs(g->root, "tgraph.log_softmax"),
                     .g = g,
                     .numE = n - 2};
  k.E = tsAlloc(k.numE + 1, sizeof *k.E);
  for (int i = 0; i < k.numE; ++i)
    k.E[i] = mlirBlockGetArgument(b.block, 1 + i);
  MlirType f32 = tsF32Type(&b);
  int64_t stat[2] = {k.tile[0], 1};
  k.tileT = tsVectorType(f32, 2, k.tile);
  k.statT = tsVectorType(f32, 2, stat);
  MlirValue R = tsDim(&b, k.X, 0);
  k.L = tsDim(&b, k.X, 1);
  TsBuilder body;
  MlirOperation grid = tsForall(&b, 1, &R, k.tile, &body, &k.r);
  tsMarkTileLoop(grid, "grid", 0);
  MlirValue max, sum;
  rowMaxSum(&body, &k, &max, &sum);
  // log_softmax writes x - max - log(sum): the log once per row.
  if (k.log)
    sum = tsElementwise(&body, "log", sum, (MlirValue){NULL}, k.statT);
  writeRows(&body, &k, max, sum);
  tsReturn(&b, 0, NULL);
  free(k.E);
}

void gtsBuildSoftmax(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  MlirValue in = mlirOperationGetOperand(op, 0);
  int rank = (int)mlirShapedTypeGetRank(mlirValueGetType(in));
  MlirAttribute d = tvGetAttr(op, "dim");
  int64_t dim = mlirAttributeIsNull(d) ? -1 : mlirIntegerAttrGetValueSInt(d);
  if (dim != -1 && dim != rank - 1) {
    gtsOpError(op, "softmax over a dim other than the last is not supported by "
                   "tessera-lower-graph yet");
    l->failed = true;
    return;
  }
  int numE;
  MlirValue *epiIn = gtsEpilogueInputs(g, &numE);
  Value **v = tsAlloc(numE + 1, sizeof *v);
  for (int i = 0; i <= numE && !l->failed; ++i)
    v[i] = gtsOperandValue(l, op, i ? epiIn[i - 1] : in);
  free(epiIn);
  if (l->failed) {
    free(v);
    return;
  }
  for (int i = 1; i <= numE; ++i)
    for (int d = 0; d < rank; ++d)
      gtsRequireEqual(l, v[i]->dims[d], v[0]->dims[d],
                      "softmax epilogue operand shape");
  Value *y = gtsAddValue(l, mlirOperationGetResult(g->last, 0));
  memcpy(y->dims, v[0]->dims, (size_t)rank * sizeof *y->dims);
  gtsAllocate(l, y);
  MlirValue *ops = tsAlloc(numE + 2, sizeof *ops);
  MlirType *types = tsAlloc(numE + 2, sizeof *types);
  for (int i = 0; i <= numE; ++i)
    ops[i] = gtsRowsView(l, v[i]);
  ops[numE + 1] = gtsRowsView(l, y);
  for (int i = 0; i < numE + 2; ++i)
    types[i] = mlirValueGetType(ops[i]);
  char *kname;
  buildKernel(l, g, types, numE + 2, &kname);
  tsCall(&l->entry, kname, numE + 2, ops, 0, NULL);
  free(kname);
  free(ops);
  free(types);
  free(v);
}
