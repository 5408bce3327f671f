//===- ElementwiseSchedule.c - schedule builder: elementwise chains -------===//
//
// The Schedule IR kernel of a standalone chain of elementwise ops
// (gtsClaimElementwise: a table function whose operands have its shape,
// and the single-use elementwise ops after it), and its call from the
// entry. Every operand and the result are seen as 2-D row views (leading
// dims collapsed); one program per rows-per-block rows walks the row in
// tiles of softmax-cols columns: it loads each input's tile, widens it to
// f32, applies the chain's functions in order as tsched.elementwise ops,
// and stores the result in its own type. Every target compiles it op by op
// (the host's vector form, the generic GPU form with a blocked layout).
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

// The inputs of the chain: the tensors it reads that it does not make, in
// order of first use, each once. `arg[k][i]`: which input operand i of op
// k (0: the root, then the epilogue) is, or -1 for the chain's value.
typedef struct Chain {
  MlirOperation *ops;
  int numOps;
  MlirValue *inputs;
  int numInputs;
  int (*arg)[2];
} Chain;

static int inputIndex(Chain *c, MlirValue v) {
  for (int i = 0; i < c->numInputs; ++i)
    if (mlirValueEqual(c->inputs[i], v))
      return i;
  c->inputs[c->numInputs] = v;
  return c->numInputs++;
}

// The chain of g: its root and epilogue ops (withRoot), or the epilogue
// alone, applied to the root's result (a row kernel's epilogue).
static void chainOf(const KernelGroup *g, Chain *c, bool withRoot) {
  c->numOps = (withRoot ? 1 : 0) + g->numEpi;
  c->ops = tsAlloc(c->numOps + 1, sizeof *c->ops);
  c->inputs = tsAlloc(2 * c->numOps + 1, sizeof *c->inputs);
  c->arg = tsAlloc(c->numOps + 1, sizeof *c->arg);
  c->numInputs = 0;
  int k = 0;
  if (withRoot)
    c->ops[k++] = g->root;
  for (int e = 0; e < g->numEpi; ++e)
    c->ops[k++] = g->epi[e].op;
  MlirValue cur =
      withRoot ? (MlirValue){NULL} : mlirOperationGetResult(g->root, 0);
  for (k = 0; k < c->numOps; ++k) {
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(c->ops[k]); ++i) {
      MlirValue v = mlirOperationGetOperand(c->ops[k], i);
      c->arg[k][i] = !mlirValueIsNull(cur) && mlirValueEqual(v, cur)
                         ? -1
                         : inputIndex(c, v);
    }
    cur = mlirOperationGetResult(c->ops[k], 0);
  }
}

static void freeChain(Chain *c) {
  free(c->ops);
  free(c->inputs);
  free(c->arg);
}

// x rounded to the 16-bit float type `et` and widened back (f32: x).
static MlirValue roundTo(const TsBuilder *b, MlirValue x, MlirType et,
                         MlirType tileT) {
  if (mlirTypeIsAF32(et))
    return x;
  int64_t shape[2] = {mlirShapedTypeGetDimSize(tileT, 0),
                      mlirShapedTypeGetDimSize(tileT, 1)};
  MlirValue r = tsConvert(b, "arith.truncf", x, tsVectorType(et, 2, shape));
  return tsConvert(b, "arith.extf", r, tileT);
}

// The chain computes in f32 and rounds to the result's type at the store;
// a cast is where the IR asks for a type, so it rounds there: its operand
// to the operand's type (when the operand is the chain's f32 value; the
// kernel's inputs are exact already), then to its own type (unless it is
// the last op: the store does that).
static MlirValue applyCast(const TsBuilder *b, MlirOperation op, MlirValue x,
                           MlirType tileT, bool fromChain, bool last) {
  MlirType it = mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetOperand(op, 0)));
  MlirType et = mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (fromChain)
    x = roundTo(b, x, it, tileT);
  return last ? x : roundTo(b, x, et, tileT);
}

// One op of the chain on f32 tiles: its table function; for clamp
// max(x, min) then min(., max) with the bounds as constant tiles (both
// propagate NaN, as torch.clamp does); a cast's rounding.
static MlirValue applyOp(const TsBuilder *b, MlirOperation op,
                         const MlirValue x[2], MlirType tileT, bool fromChain,
                         bool last) {
  const TesseraElementwiseFn *fn = gtsElementwiseFn(op);
  if (fn)
    return tsElementwise(b, fn->name, x[0], x[1], tileT);
  if (gtsNameIs(op, "tgraph.cast"))
    return applyCast(b, op, x[0], tileT, fromChain, last);
  if (gtsNameIs(op, "tgraph.reshape"))
    return x[0]; // a copy: the views make the new shape
  MlirValue cur = x[0];
  static const char *const kBound[2][2] = {{"min", "max"}, {"max", "min"}};
  for (int i = 0; i < 2; ++i) {
    MlirAttribute a = tvGetAttr(op, kBound[i][0]);
    if (!mlirAttributeIsNull(a))
      cur = tsElementwise(
          b, kBound[i][1], cur,
          tsConstFloat(b, tileT, mlirFloatAttrGetValueDouble(a)), tileT);
  }
  return cur;
}

// The chain's ops in order on `cur` (the value before its first op; null
// when the first op reads only inputs), `in` the inputs' f32 tiles, each
// op at its own location.
static MlirValue applyChain(const TsBuilder *at, const Chain *c, MlirValue cur,
                            const MlirValue *in, MlirType tileT) {
  TsBuilder b = *at;
  for (int k = 0; k < c->numOps; ++k) {
    MlirValue x[2] = {{NULL}, {NULL}};
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(c->ops[k]); ++i)
      x[i] = c->arg[k][i] < 0 ? cur : in[c->arg[k][i]];
    b.loc = mlirOperationGetLocation(c->ops[k]);
    cur = applyOp(&b, c->ops[k], x, tileT, c->arg[k][0] < 0,
                  k + 1 == c->numOps);
  }
  return cur;
}

MlirValue gtsChainInputView(Lowering *l, MlirOperation user, MlirValue v,
                            int split, DimRef last) {
  MlirValue src;
  if (gtsRowBroadcast(v, &src)) {
    Value *s = gtsOperandValue(l, user, src);
    if (!s)
      return (MlirValue){NULL};
    gtsRequireEqual(l, s->dims[0], last, "row broadcast length");
    return gtsSplitView(l, s, 0);
  }
  Value *x = gtsOperandValue(l, user, v);
  return x ? gtsSplitView(l, x, split) : (MlirValue){NULL};
}

MlirValue gtsToF32(const TsBuilder *b, MlirValue x) {
  MlirType t = mlirValueGetType(x);
  if (mlirTypeIsAF32(mlirShapedTypeGetElementType(t)))
    return x;
  return tsConvert(b, "arith.extf", x, tsShapedLike(t, tsF32Type(b)));
}

MlirValue gtsLoadChainInput(const TsBuilder *b, MlirValue arg, bool row,
                            MlirValue r, MlirValue j, const int64_t tile[2]) {
  int64_t t[2] = {row ? 1 : tile[0], tile[1]};
  MlirValue idx[2] = {row ? tsConstIndex(b, 0) : r, j};
  MlirType et = mlirShapedTypeGetElementType(mlirValueGetType(arg));
  return gtsToF32(b, tsTileLoad(b, arg, 2, idx, 2, t, (MlirAttribute){NULL},
                                tsVectorType(et, 2, t)));
}

void gtsStoreRowTile(const TsBuilder *b, const KernelGroup *g, MlirValue y,
                     const MlirValue *E, int numE, MlirValue Y, MlirValue r,
                     MlirValue j, const int64_t tile[2]) {
  MlirType tileT = mlirValueGetType(y);
  if (g->numEpi) {
    MlirValue *in = tsAlloc(numE + 1, sizeof *in);
    for (int i = 0; i < numE; ++i)
      in[i] = gtsLoadChainInput(b, E[i], false, r, j, tile);
    y = gtsApplyEpilogue(b, g, y, in, tileT);
    free(in);
  }
  MlirType ot = mlirShapedTypeGetElementType(mlirValueGetType(Y));
  if (!mlirTypeIsAF32(ot))
    y = tsConvert(b, "arith.truncf", y, tsVectorType(ot, 2, tile));
  MlirValue idx[2] = {r, j};
  tsTileStore(b, y, Y, 2, idx);
}

MlirValue *gtsEpilogueInputs(const KernelGroup *g, int *n) {
  Chain c;
  chainOf(g, &c, false);
  MlirValue *inputs = tsAlloc(c.numInputs + 1, sizeof *inputs);
  memcpy(inputs, c.inputs, (size_t)c.numInputs * sizeof *inputs);
  *n = c.numInputs;
  freeChain(&c);
  return inputs;
}

MlirValue gtsApplyEpilogue(const TsBuilder *b, const KernelGroup *g,
                           MlirValue cur, const MlirValue *in,
                           MlirType tileT) {
  Chain c;
  chainOf(g, &c, false);
  MlirValue r = applyChain(b, &c, cur, in, tileT);
  freeChain(&c);
  return r;
}

// The kernel: arguments the inputs' row views, then the output's.
static void buildKernel(Lowering *l, const KernelGroup *g, const Chain *c,
                        char **kname) {
  int n = c->numInputs;
  MlirType *args = tsAlloc(n + 1, sizeof *args);
  for (int i = 0; i <= n; ++i) {
    MlirValue v = i < n ? c->inputs[i] : mlirOperationGetResult(g->last, 0);
    MlirValue src;
    if (i < n && gtsRowBroadcast(v, &src))
      v = src;
    args[i] = tsDynamicMemRef(
        mlirShapedTypeGetElementType(mlirValueGetType(v)), 2);
  }
  TsBuilder b;
  gtsStartKernel(l, g, mlirFunctionTypeGet(l->ctx, n + 1, args, 0, NULL),
                 kname, &b);
  free(args);
  int64_t tile[2] = {l->params.rowsPerBlock, l->params.softmaxCols};
  MlirType f32 = tsF32Type(&b), tileT = tsVectorType(f32, 2, tile);
  MlirValue Y = mlirBlockGetArgument(b.block, n);
  MlirValue R = tsDim(&b, Y, 0), L = tsDim(&b, Y, 1);
  TsBuilder grid, body;
  MlirValue r, j;
  MlirOperation forall = tsForall(&b, 1, &R, tile, &grid, &r);
  tsMarkTileLoop(forall, "grid", 0);
  MlirOperation loop = tsFor(&grid, tsConstIndex(&grid, 0), L,
                             tsConstIndex(&grid, tile[1]), 0, NULL, &body, &j);
  tsMarkTileLoop(loop, "sequential", 0);
  MlirValue idx[2] = {r, j};
  MlirValue *in = tsAlloc(n, sizeof *in);
  MlirValue src;
  for (int i = 0; i < n; ++i)
    in[i] = gtsLoadChainInput(&body, mlirBlockGetArgument(b.block, i),
                              gtsRowBroadcast(c->inputs[i], &src), r, j, tile);
  MlirValue cur = applyChain(&body, c, (MlirValue){NULL}, in, tileT);
  free(in);
  MlirType ot = mlirShapedTypeGetElementType(mlirValueGetType(Y));
  if (!mlirTypeIsAF32(ot))
    cur = tsConvert(&body, "arith.truncf", cur, tsVectorType(ot, 2, tile));
  tsTileStore(&body, cur, Y, 2, idx);
  tsYield(&body, 0, NULL);
  tsReturn(&b, 0, NULL);
}

static bool isBroadcast(MlirValue v) {
  return mlirValueIsAOpResult(v) &&
         gtsNameIs(mlirOpResultGetOwner(v), "tgraph.broadcast");
}

void gtsBuildElementwise(Lowering *l, const KernelGroup *g) {
  Chain c;
  chainOf(g, &c, true);
  MlirValue res = mlirOperationGetResult(g->last, 0);
  int rank = (int)mlirShapedTypeGetRank(mlirValueGetType(res));
  // The first input of the result's shape gives the dims (the root has one:
  // Fusion.c), preferably one that is not a broadcast, whose dynamic dims
  // a materialised broadcast takes where no input dim of its gives them;
  // every other such input must match it, at run time where a dim is
  // dynamic, in the user's terms.
  Value *ref = NULL;
  MlirValue src;
  for (int i = 0; i < c.numInputs && !ref && !l->failed; ++i)
    if (!gtsRowBroadcast(c.inputs[i], &src) && !isBroadcast(c.inputs[i]))
      ref = gtsOperandValue(l, g->root, c.inputs[i]);
  for (int i = 0; i < c.numInputs && !l->failed; ++i) {
    if (gtsRowBroadcast(c.inputs[i], &src))
      continue;
    Value *x = gtsLookup(l, c.inputs[i]);
    if (!x && isBroadcast(c.inputs[i]))
      x = gtsMaterializeBroadcast(l, mlirOpResultGetOwner(c.inputs[i]),
                                  ref ? ref->dims : NULL);
    else
      x = gtsOperandValue(l, g->root, c.inputs[i]);
    if (x && ref)
      for (int d = 0; d < rank; ++d)
        gtsRequireEqual(l, x->dims[d], ref->dims[d],
                        "elementwise operand shapes");
    if (!ref)
      ref = x;
  }
  if (!l->failed && ref) {
    Value *y = gtsAddValue(l, res);
    memcpy(y->dims, ref->dims, (size_t)rank * sizeof *y->dims);
    gtsAllocate(l, y);
    MlirValue *ops = tsAlloc(c.numInputs + 1, sizeof *ops);
    for (int i = 0; i < c.numInputs && !l->failed; ++i)
      ops[i] = gtsChainInputView(l, g->root, c.inputs[i], rank - 1,
                                 ref->dims[rank - 1]);
    ops[c.numInputs] = gtsRowsView(l, y);
    if (!l->failed) {
      char *kname;
      buildKernel(l, g, &c, &kname);
      tsCall(&l->entry, kname, c.numInputs + 1, ops, 0, NULL);
      free(kname);
    }
    free(ops);
  }
  freeChain(&c);
}

//===----------------------------------------------------------------------===//
// tgraph.reshape: a copy between two views of one 2-D shape
//===----------------------------------------------------------------------===//

// Is dim `d` of the result (of static size `s`, or dynamic) dim `in` of
// the input? A dynamic result dim takes the input's; a static one must
// equal a static input dim.
static bool sameDim(int64_t s, DimRef in) {
  return mlirShapedTypeIsDynamicSize(s) || (gtsDimIsConst(in) && in.v == s);
}

// The product of the static dims [from, to) of `dims`; -1 if one is
// dynamic.
static int64_t staticCount(const DimRef *dims, int from, int to) {
  int64_t p = 1;
  for (int d = from; d < to; ++d)
    if (!gtsDimIsConst(dims[d]) || __builtin_mul_overflow(p, dims[d].v, &p))
      return -1;
  return p;
}

// Row-major reshape: the result's dims are the input's common leading
// dims, its common trailing dims, and static dims in between whose count
// equals the input's (static) middle. Both are then seen as the same 2-D
// shape -- split after the common leading dims, or before the common
// trailing ones, or as one row -- and copied tile by tile (no aliasing:
// the entry frees every buffer it allocates).
void gtsBuildReshape(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  Value *x = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0));
  if (!x)
    return;
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  int rx = x->rank, ry = (int)mlirShapedTypeGetRank(rt);
  int p = 0, s = 0;
  while (p < rx && p < ry && sameDim(mlirShapedTypeGetDimSize(rt, p), x->dims[p]))
    ++p;
  while (s < rx - p && s < ry - p &&
         sameDim(mlirShapedTypeGetDimSize(rt, ry - 1 - s), x->dims[rx - 1 - s]))
    ++s;
  Value *y = gtsAddValue(l, res);
  bool ok = true;
  for (int d = 0; d < ry; ++d) {
    int64_t sz = mlirShapedTypeGetDimSize(rt, d);
    if (d < p)
      y->dims[d] = x->dims[d];
    else if (d >= ry - s)
      y->dims[d] = x->dims[rx - ry + d];
    else if (mlirShapedTypeIsDynamicSize(sz))
      ok = false;
    else
      y->dims[d] = gtsConstDim(sz);
  }
  int64_t inMid = staticCount(x->dims, p, rx - s);
  if (ok) {
    int64_t outMid = staticCount(y->dims, p, ry - s);
    ok = inMid >= 0 && inMid == outMid;
  }
  if (!ok) {
    gtsOpError(op, "reshape whose changed dims are not all static (with the "
                   "same element count) is not supported by "
                   "tessera-lower-graph yet; dynamic dims must be kept as "
                   "leading or trailing dims");
    l->failed = true;
    return;
  }
  gtsAllocate(l, y);
  Chain c;
  chainOf(g, &c, true);
  MlirValue ops[2] = {
      gtsSplitView(l, x, p > 0 ? p : s > 0 ? rx - s : 0),
      gtsSplitView(l, y, p > 0 ? p : s > 0 ? ry - s : 0)};
  char *kname;
  buildKernel(l, g, &c, &kname);
  tsCall(&l->entry, kname, 2, ops, 0, NULL);
  free(kname);
  freeChain(&c);
}
