//===- AttentionSchedule.c - schedule builder: flash attention ------------===//
//
// The Schedule IR kernel of tgraph.attention: the FlashAttention forward
// algorithm (Dao et al., FlashAttention-2, Algorithm 1). One program per
// (batch x head, block of BM query rows): its Q tile stays in registers;
// the K and V tiles of BN keys stream through shared memory (async copies
// in a 2-stage ring) while an online softmax keeps, per query row, the
// running max m and sum l, and rescales the output accumulator by
// exp(m - m') whenever the max grows. The S x T score matrix never exists
// in memory: each BM x BN block of it lives in registers for one
// iteration. Scores, the softmax and the output accumulate in f32; the
// probabilities are rounded to V's type for the second matmul (as
// FlashAttention does). Every target compiles it op by op: tensor cores
// take both tile matmuls where the chip has them.
//
// Masks are built from the coordinates of the score tile (tsched.iota):
// keys past T (the tail of the last K tile, zero-filled by the copy) and,
// with `causal`, keys after the query (key j > query i, PyTorch's
// top-left alignment) score -inf. A causal program stops its key loop at
// the end of its own rows. An additive mask [S, T] is loaded as a tile and
// added to the scaled scores.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

#include <math.h>

// Query rows per program (bm) and keys per step (bn) are the pass options
// attn-block-m / attn-block-n. The GPU default 64 x 64 keeps the score
// block, the Q tile and the output accumulator of a head dim of 128 in
// registers on every chip with 4 warps (sm_80, gfx942) or one warpgroup
// (sm_90a); FlashAttention-2 uses the same for d = 128 on A100. The host
// pipeline takes 16 x 16: its op-by-op lowering unrolls a tile's vectors,
// and 64 x 64 tiles made functions LLVM took minutes to compile.
enum { ATTN_STAGES = 2 };

typedef struct AttnKernel {
  MlirValue Q, K, V, Mask, O; // [BH, S, D], [BHkv, T, D], [BHkv, T, Dv]
  MlirValue T;                // keys
  int64_t D, Dv;
  int64_t bm, bn; // query rows per program, keys per step
  double scale;
  bool causal;
  MlirType sT, statT, accT; // BM x BN, BM x 1, BM x Dv f32 tiles
} AttnKernel;

static MlirValue fromF32(const TsBuilder *b, MlirValue x, MlirType elem) {
  if (mlirTypeIsAF32(elem))
    return x;
  return tsConvert(b, "arith.truncf", x,
                   tsShapedLike(mlirValueGetType(x), elem));
}

static MlirValue matmulBT(const TsBuilder *b, MlirValue a, MlirValue bt,
                          MlirValue acc) {
  MlirValue r = tsTileMatmul(b, a, bt, acc);
  mlirOperationSetAttributeByName(mlirOpResultGetOwner(r),
                                  mlirStringRefCreateFromCString("transpose_b"),
                                  mlirBoolAttrGet(b->ctx, 1));
  return r;
}

// The scores' mask: keys < T, and with `causal` key <= query. Scores
// outside it become -inf, which exp turns into 0.
static MlirValue maskScores(const TsBuilder *b, const AttnKernel *k,
                            MlirValue s, MlirValue m, MlirValue n) {
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirType iT = tsShapedLike(k->sT, i32);
  MlirValue cols = tsIota(b, n, 1, iT);
  MlirValue t32 = tsConvert(b, "arith.index_cast", k->T, i32);
  MlirValue tT =
      tsResult(tsOp(b, "vector.broadcast", 1, &t32, 1, &iT, 0, NULL, 0), 0);
  MlirValue keep = tsCmpI(b, "slt", cols, tT);
  if (k->causal) {
    MlirValue rows = tsIota(b, m, 0, iT);
    keep = tsBinary(b, "arith.andi", keep, tsCmpI(b, "sle", cols, rows));
  }
  return tsSelect(b, keep, s, tsConstFloat(b, k->sT, -INFINITY));
}

// One key step at `n`: S = scale * Q K^T [+ mask], masked; the online
// softmax update of (m, l, acc).
static void keyStep(const TsBuilder *b, const AttnKernel *k, MlirValue q,
                    MlirValue kv, MlirValue m, MlirValue n,
                    const MlirValue *carried, MlirValue *next) {
  MlirValue mi = carried[0], li = carried[1], acc = carried[2];
  MlirType ke = mlirShapedTypeGetElementType(mlirValueGetType(k->K));
  MlirType ve = mlirShapedTypeGetElementType(mlirValueGetType(k->V));
  MlirValue zero = tsConstIndex(b, 0), idx[3] = {kv, n, zero}, tok[2];
  int64_t kTile[2] = {k->bn, k->D}, vTile[2] = {k->bn, k->Dv};
  MlirValue kt = tsAsyncCopy(b, k->K, 3, idx, kTile,
                             tsWorkgroupTile(b, k->bn, k->D, ke), &tok[0]);
  MlirValue vt = tsAsyncCopy(b, k->V, 3, idx, vTile,
                             tsWorkgroupTile(b, k->bn, k->Dv, ve), &tok[1]);
  tsWait(b, 2, tok);
  MlirValue s = matmulBT(b, q, kt, tsConstFloat(b, k->sT, 0.0));
  s = tsElementwise(b, "mul", s, tsConstFloat(b, k->sT, k->scale), k->sT);
  if (!mlirValueIsNull(k->Mask)) {
    MlirType me = mlirShapedTypeGetElementType(mlirValueGetType(k->Mask));
    MlirValue mIdx[2] = {m, n};
    int64_t tile[2] = {k->bm, k->bn};
    MlirValue mt = tsTileLoad(b, k->Mask, 2, mIdx, 2, tile,
                              (MlirAttribute){NULL}, tsShapedLike(k->sT, me));
    s = tsElementwise(b, "add", s, gtsToF32(b, mt), k->sT);
  }
  s = maskScores(b, k, s, m, n);
  MlirValue smax = tsReduce(b, "max", s, k->statT);
  MlirValue mn = tsElementwise(b, "max", mi, smax, k->statT);
  MlirValue p = tsElementwise(b, "exp", tsElementwise(b, "sub", s, mn, k->sT),
                              (MlirValue){NULL}, k->sT);
  MlirValue alpha =
      tsElementwise(b, "exp", tsElementwise(b, "sub", mi, mn, k->statT),
                    (MlirValue){NULL}, k->statT);
  MlirValue psum = tsReduce(b, "sum", p, k->statT);
  next[0] = mn;
  next[1] = tsElementwise(
      b, "add", tsElementwise(b, "mul", li, alpha, k->statT), psum, k->statT);
  MlirValue scaled = tsElementwise(b, "mul", acc, alpha, k->accT);
  next[2] = tsTileMatmul(b, fromF32(b, p, ve), vt, scaled);
}

// The key loop of the program at (bh, m): to T, or with `causal` to the
// end of its rows (min(T, m + BM)). The running max starts at the lowest
// finite f32, not -inf, so that exp(m - m') is never exp(-inf + inf) for
// a row that has seen only masked keys.
static void keyLoop(const TsBuilder *b, const AttnKernel *k, MlirValue q,
                    MlirValue kv, MlirValue m, MlirValue *l, MlirValue *acc) {
  MlirValue ub = k->T;
  if (k->causal)
    ub = tsBinary(b, "arith.minui", ub,
                  tsBinary(b, "arith.addi", m, tsConstIndex(b, k->bm)));
  MlirValue init[3] = {tsConstFloat(b, k->statT, -3.4028234663852886e38),
                       tsConstFloat(b, k->statT, 0.0),
                       tsConstFloat(b, k->accT, 0.0)};
  TsBuilder body;
  MlirValue n;
  MlirOperation loop = tsFor(b, tsConstIndex(b, 0), ub, tsConstIndex(b, k->bn),
                             3, init, &body, &n);
  MlirValue carried[3], next[3];
  for (int i = 0; i < 3; ++i)
    carried[i] = mlirBlockGetArgument(body.block, 1 + i);
  keyStep(&body, k, q, kv, m, n, carried, next);
  tsYield(&body, 3, next);
  tsMarkTileLoop(loop, "reduction", ATTN_STAGES);
  *l = tsResult(loop, 1);
  *acc = tsResult(loop, 2);
}

// Kernel arguments: Q, K, V, [Mask,] O.
static void buildKernel(Lowering *l, const KernelGroup *g, AttnKernel *k,
                        const MlirType *types, int n, char **kname) {
  TsBuilder b;
  gtsStartKernel(l, g, mlirFunctionTypeGet(l->ctx, n, types, 0, NULL), kname,
                 &b);
  k->Q = mlirBlockGetArgument(b.block, 0);
  k->K = mlirBlockGetArgument(b.block, 1);
  k->V = mlirBlockGetArgument(b.block, 2);
  k->Mask = n == 5 ? mlirBlockGetArgument(b.block, 3) : (MlirValue){NULL};
  k->O = mlirBlockGetArgument(b.block, n - 1);
  MlirType f32 = tsF32Type(&b);
  int64_t sShape[2] = {k->bm, k->bn}, stat[2] = {k->bm, 1},
          accShape[2] = {k->bm, k->Dv}, qTile[2] = {k->bm, k->D};
  k->sT = tsVectorType(f32, 2, sShape);
  k->statT = tsVectorType(f32, 2, stat);
  k->accT = tsVectorType(f32, 2, accShape);
  MlirValue ubs[2] = {tsDim(&b, k->Q, 0), tsDim(&b, k->Q, 1)};
  k->T = tsDim(&b, k->K, 1);
  // Query head h of a batch reads kv head h / (Hq / Hkv): with batch and
  // heads folded, row bh of Q reads row bh / (BHq / BHkv) of K and V.
  MlirValue group = tsBinary(&b, "arith.divui", ubs[0], tsDim(&b, k->K, 0));
  int64_t steps[2] = {1, k->bm};
  TsBuilder body;
  MlirValue ivs[2];
  MlirOperation grid = tsForall(&b, 2, ubs, steps, &body, ivs);
  tsMarkTileLoop(grid, "grid", 0);
  MlirValue bh = ivs[0], m = ivs[1];
  MlirValue kv = tsBinary(&body, "arith.divui", bh, group);
  MlirType qe = mlirShapedTypeGetElementType(mlirValueGetType(k->Q));
  MlirValue zero = tsConstIndex(&body, 0), qIdx[3] = {bh, m, zero};
  MlirValue q = tsTileLoad(&body, k->Q, 3, qIdx, 2, qTile,
                           (MlirAttribute){NULL}, tsVectorType(qe, 2, qTile));
  MlirValue sum, acc;
  keyLoop(&body, k, q, kv, m, &sum, &acc);
  MlirValue o = tsElementwise(&body, "div", acc, sum, k->accT);
  MlirType oe = mlirShapedTypeGetElementType(mlirValueGetType(k->O));
  tsTileStore(&body, fromF32(&body, o, oe), k->O, 3, qIdx);
  tsReturn(&b, 0, NULL);
}

// The head dim of `x` (its last dim), which must be static: it is a tile
// dim of the kernel.
static bool headDim(Lowering *l, MlirOperation op, MlirValue x,
                    const char *what, int64_t *d) {
  MlirType t = mlirValueGetType(x);
  *d = mlirShapedTypeGetDimSize(t, mlirShapedTypeGetRank(t) - 1);
  if (!mlirShapedTypeIsDynamicSize(*d))
    return true;
  char msg[160];
  snprintf(msg, sizeof msg,
           "attention needs a static head dim (the last dim of %s): it is a "
           "tile dim of the kernel",
           what);
  gtsOpError(op, msg);
  l->failed = true;
  return false;
}

// The kernel loads and stores f32, f16 and bf16 tiles (the verifier also
// allows f64 and the 8-bit floats, which no lowering takes yet).
static bool tileElementType(Lowering *l, MlirOperation op, MlirValue x,
                            const char *what) {
  MlirType e = mlirShapedTypeGetElementType(mlirValueGetType(x));
  if (mlirTypeIsAF32(e) || mlirTypeIsAF16(e) || mlirTypeIsABF16(e))
    return true;
  char msg[160];
  snprintf(msg, sizeof msg,
           "attention %s must be f32, f16 or bf16 for the flash kernel", what);
  gtsOpError(op, msg);
  l->failed = true;
  return false;
}

// The relations the kernel relies on, checked at run time where dynamic:
// k and v agree; q's batch dims are k's; q's heads (dim r-3) are k's, or a
// static multiple of them (grouped queries; the verifier checked that).
static void checkDims(Lowering *l, const Value *q, const Value *kk,
                      const Value *v, const Value *mask) {
  int r = q->rank;
  gtsRequireEqual(l, kk->dims[r - 1], q->dims[r - 1], "attention head dim D");
  gtsRequireEqual(l, v->dims[r - 2], kk->dims[r - 2],
                  "attention key count T of k and v");
  for (int d = 0; d + 2 < r; ++d) {
    gtsRequireEqual(l, v->dims[d], kk->dims[d],
                    "attention batch dims of k and v");
    bool staticHeads = d == r - 3 && gtsDimIsConst(q->dims[d]) && gtsDimIsConst(kk->dims[d]);
    if (!staticHeads)
      gtsRequireEqual(l, q->dims[d], kk->dims[d],
                      d == r - 3 ? "attention heads of q and k (grouped "
                                   "queries need static head counts)"
                                 : "attention batch dims of q and k");
  }
  if (mask) {
    gtsRequireEqual(l, mask->dims[0], q->dims[r - 2],
                    "attention mask rows (S)");
    gtsRequireEqual(l, mask->dims[1], kk->dims[r - 2],
                    "attention mask columns (T)");
  }
}

void gtsBuildAttention(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  int nIn = (int)mlirOperationGetNumOperands(op);
  Value *in[4] = {NULL};
  for (int i = 0; i < nIn; ++i)
    if (!(in[i] = gtsOperandValue(l, op, mlirOperationGetOperand(op, i))))
      return;
  if (!tileElementType(l, op, mlirOperationGetOperand(op, 0), "q") ||
      (nIn == 4 &&
       !tileElementType(l, op, mlirOperationGetOperand(op, 3), "mask")))
    return;
  AttnKernel k = {.bm = l->params.attnBlockM, .bn = l->params.attnBlockN};
  if (!headDim(l, op, mlirOperationGetOperand(op, 0), "q", &k.D) ||
      !headDim(l, op, mlirOperationGetOperand(op, 2), "v", &k.Dv))
    return;
  MlirAttribute sc = tvGetAttr(op, "scale");
  k.scale = mlirAttributeIsNull(sc) ? 1.0 / sqrt((double)k.D)
                                    : mlirFloatAttrGetValueDouble(sc);
  MlirAttribute ca = tvGetAttr(op, "causal");
  k.causal = !mlirAttributeIsNull(ca) && mlirBoolAttrGetValue(ca);
  checkDims(l, in[0], in[1], in[2], nIn == 4 ? in[3] : NULL);
  int r = in[0]->rank;
  Value *o = gtsAddValue(l, mlirOperationGetResult(op, 0));
  memcpy(o->dims, in[0]->dims, (size_t)(r - 1) * sizeof *o->dims);
  o->dims[r - 1] = in[2]->dims[r - 1];
  gtsAllocate(l, o);
  MlirValue ops[5];
  int n = 0;
  for (int i = 0; i < 3; ++i)
    ops[n++] = gtsBatchView(l, in[i]);
  if (nIn == 4)
    ops[n++] = gtsSplitView(l, in[3], 1);
  ops[n++] = gtsBatchView(l, o);
  MlirType types[5];
  for (int i = 0; i < n; ++i)
    types[i] = mlirValueGetType(ops[i]);
  char *kname;
  buildKernel(l, g, &k, types, n, &kname);
  tsCall(&l->entry, kname, n, ops, 0, NULL);
  free(kname);
}
