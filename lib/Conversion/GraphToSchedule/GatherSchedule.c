//===- GatherSchedule.c - schedule builder: tgraph.embedding --------------===//
//
// tgraph.embedding ("embedding" family): the ids seen as one column [N, 1]
// (all their dims flattened), the result as [N, D]. One program per (id,
// softmax-cols columns): it loads its id (a scalar), clamps it into
// [0, V - 1] -- so no id reads outside the table, as XLA's gather clamps --
// and copies that row's tile of the table into its row of the result.
// Ids that are entry arguments are also checked on the host before any
// kernel runs (the shape checker: "every id of input 0 must lie in
// [0, V)"), so an out-of-range input is reported, not clamped; ids made
// inside the graph are only clamped. Every target compiles it op by op.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

// Kernel (Ids [N, 1], W [V, D], Y [N, D]).
static void buildKernel(Lowering *l, const KernelGroup *g, MlirType idT,
                        MlirType elem, char **kname) {
  MlirType args[3] = {tsDynamicMemRef(idT, 2), tsDynamicMemRef(elem, 2),
                      tsDynamicMemRef(elem, 2)};
  TsBuilder b;
  gtsStartKernel(l, g, mlirFunctionTypeGet(l->ctx, 3, args, 0, NULL), kname,
                 &b);
  MlirValue Ids = mlirBlockGetArgument(b.block, 0);
  MlirValue W = mlirBlockGetArgument(b.block, 1);
  MlirValue Y = mlirBlockGetArgument(b.block, 2);
  MlirValue zero = tsConstIndex(&b, 0);
  MlirValue last = tsBinary(&b, "arith.subi", tsDim(&b, W, 0),
                            tsConstIndex(&b, 1));
  int64_t tile[2] = {1, l->params.softmaxCols};
  MlirValue ubs[2] = {tsDim(&b, Y, 0), tsDim(&b, Y, 1)}, ivs[2];
  int64_t steps[2] = {1, tile[1]};
  TsBuilder body;
  MlirOperation grid = tsForall(&b, 2, ubs, steps, &body, ivs);
  tsMarkTileLoop(grid, "grid", 0);
  MlirValue at[2] = {ivs[0], zero};
  MlirValue id = tsConvert(&body, "arith.index_cast", tsLoad(&body, Ids, 2, at),
                           tsIndexType(&body));
  id = tsBinary(&body, "arith.minsi", tsBinary(&body, "arith.maxsi", id, zero),
                last);
  MlirValue from[2] = {id, ivs[1]};
  MlirValue t = tsTileLoad(&body, W, 2, from, 2, tile, (MlirAttribute){NULL},
                           tsVectorType(elem, 2, tile));
  tsTileStore(&body, t, Y, 2, ivs);
  tsReturn(&b, 0, NULL);
}

void gtsBuildEmbedding(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  Value *ids = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0));
  Value *w = ids ? gtsOperandValue(l, op, mlirOperationGetOperand(op, 1))
                 : NULL;
  if (!w)
    return;
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  Value *y = gtsAddValue(l, res);
  for (int d = 0; d < ids->rank; ++d)
    y->dims[d] = ids->dims[d];
  int64_t dsz = mlirShapedTypeGetDimSize(rt, ids->rank);
  y->dims[ids->rank] =
      mlirShapedTypeIsDynamicSize(dsz) ? w->dims[1] : gtsConstDim(dsz);
  gtsRequireEqual(l, w->dims[1], y->dims[ids->rank], "embedding dim");
  gtsRequireAtLeast(l, w->dims[0], gtsConstDim(1), "embedding table rows");
  gtsRequireIdsBelow(l, ids, w->dims[0], "embedding ids");
  gtsAllocate(l, y);
  MlirType idT = mlirShapedTypeGetElementType(mlirValueGetType(ids->v));
  MlirValue ops[3] = {gtsSplitView(l, ids, ids->rank), gtsDynamicBuffer(l, w),
                      gtsSplitView(l, y, ids->rank)};
  char *kname;
  buildKernel(l, g, idT, mlirShapedTypeGetElementType(rt), &kname);
  tsCall(&l->entry, kname, 3, ops, 0, NULL);
  free(kname);
}
