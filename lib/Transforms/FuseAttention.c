//===- FuseAttention.c - tessera-fuse-attention: attention from its parts -===//
//
// Rewrites the textbook attention graph
//   o = P v,  P = softmax(S [+ mask], dim = last),
//   S = (q transpose(k)) * c   or   (q transpose(k)) / c   or   q transpose(k)
// (matmul for rank 2, batch_matmul for rank 3; c a splat tgraph.constant)
// into one tgraph.attention {scale}, which tessera-lower-graph compiles with
// the flash schedule: the S x T scores then never reach memory. The mask is
// the other operand of an add: [S, T] for rank 2, or a tgraph.broadcast of
// an [S, T] tensor along the last two dims for rank 3.
//
// The rewrite applies only where it cannot change what the program
// computes beyond rounding: every intermediate has this one use (nothing
// else reads S or P), the transpose swaps exactly the last two dims, the
// softmax runs over the last dim, q, k and v share an element type and the
// result is q's type or f32. Anything else is left as it is (the near-miss
// cases of test/Transforms/fuse-attention.mlir). The new op's location
// fuses those of the ops it replaces.
//
//===----------------------------------------------------------------------===//
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "IR/OpList.h"
#include "Pipeline/PassRegistry.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdbool.h>
#include <string.h>

enum { kMaxChain = 8 };

typedef struct Match {
  MlirValue q, k, v, mask;
  double scale;
  MlirOperation chain[kMaxChain]; // the ops replaced, outermost first
  int n;
  // The scale's broadcast and constant: erased too when nothing else
  // reads them.
  MlirOperation scaleOps[2];
} Match;

static bool isOp(MlirOperation op, const char *name) {
  return !mlirOperationIsNull(op) &&
         tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

// The op defining `v` if it is `name` and `v` has exactly one use.
static MlirOperation soleProducer(MlirValue v, const char *name) {
  if (!mlirValueIsAOpResult(v))
    return (MlirOperation){NULL};
  MlirOperation op = mlirOpResultGetOwner(v);
  MlirOpOperand use = mlirValueGetFirstUse(v);
  if (!isOp(op, name) || mlirOpOperandIsNull(use) ||
      !mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)))
    return (MlirOperation){NULL};
  return op;
}

static MlirValue operand(MlirOperation op, intptr_t i) {
  return mlirOperationGetOperand(op, i);
}

static intptr_t rankOf(MlirValue v) {
  return mlirShapedTypeGetRank(mlirValueGetType(v));
}

static MlirType elemOf(MlirValue v) {
  return mlirShapedTypeGetElementType(mlirValueGetType(v));
}

// The value of a splat float tgraph.constant, or of a tgraph.broadcast of
// one (how a scalar meets a tensor in Graph IR), if `v` is one.
static bool splatConstant(MlirValue v, double *out, MlirOperation *ops) {
  if (!mlirValueIsAOpResult(v))
    return false;
  MlirOperation op = mlirOpResultGetOwner(v);
  ops[0] = ops[1] = (MlirOperation){NULL};
  if (isOp(op, "tgraph.broadcast")) {
    ops[0] = op;
    v = operand(op, 0);
    if (!mlirValueIsAOpResult(v))
      return false;
    op = mlirOpResultGetOwner(v);
  }
  if (!isOp(op, "tgraph.constant"))
    return false;
  ops[1] = op;
  MlirAttribute a = tvGetAttr(op, "value");
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseFPElements(a) ||
      !mlirDenseElementsAttrIsSplat(a))
    return false;
  MlirAttribute splat = mlirDenseElementsAttrGetSplatValue(a);
  if (!mlirAttributeIsAFloat(splat))
    return false;
  *out = mlirFloatAttrGetValueDouble(splat);
  return true;
}

// transpose(k) swapping the last two dims only.
static bool swapsLastTwo(MlirOperation t, intptr_t rank) {
  MlirAttribute p = tvGetAttr(t, "permutation");
  if (mlirAttributeIsNull(p) || !mlirAttributeIsADenseI64Array(p) ||
      mlirDenseArrayGetNumElements(p) != rank)
    return false;
  for (intptr_t i = 0; i < rank; ++i) {
    int64_t want = i == rank - 1 ? rank - 2 : i == rank - 2 ? rank - 1 : i;
    if (mlirDenseI64ArrayGetElement(p, i) != want)
      return false;
  }
  return true;
}

static bool softmaxOverLast(MlirOperation sm, intptr_t rank) {
  MlirAttribute d = tvGetAttr(sm, "dim");
  if (mlirAttributeIsNull(d))
    return true;
  if (!mlirAttributeIsAInteger(d))
    return false;
  int64_t v = mlirIntegerAttrGetValueInt(d);
  return v == -1 || v == rank - 1;
}

static void push(Match *m, MlirOperation op) { m->chain[m->n++] = op; }

// The additive mask of `add` (whose other operand is returned in *scores):
// rank-2 [S, T] directly, or for rank 3 a broadcast of one along dims 1, 2.
static bool takeMask(Match *m, MlirOperation add, intptr_t rank,
                     MlirValue *scores) {
  for (int side = 0; side < 2; ++side) {
    MlirValue x = operand(add, side), other = operand(add, 1 - side);
    if (!mlirValueIsAOpResult(x) ||
        !(isOp(mlirOpResultGetOwner(x), "tgraph.matmul") ||
          isOp(mlirOpResultGetOwner(x), "tgraph.batch_matmul") ||
          isOp(mlirOpResultGetOwner(x), "tgraph.mul") ||
          isOp(mlirOpResultGetOwner(x), "tgraph.div")))
      continue;
    if (rank == 2 && rankOf(other) == 2) {
      m->mask = other;
    } else if (rank == 3) {
      MlirOperation b = soleProducer(other, "tgraph.broadcast");
      if (mlirOperationIsNull(b) || rankOf(operand(b, 0)) != 2)
        return false;
      MlirAttribute dims = tvGetAttr(b, "broadcast_dimensions");
      if (mlirAttributeIsNull(dims) || !mlirAttributeIsADenseI64Array(dims) ||
          mlirDenseArrayGetNumElements(dims) != 2 ||
          mlirDenseI64ArrayGetElement(dims, 0) != 1 ||
          mlirDenseI64ArrayGetElement(dims, 1) != 2)
        return false;
      m->mask = operand(b, 0);
      push(m, b);
    } else {
      return false;
    }
    *scores = x;
    return true;
  }
  return false;
}

// The scale: x * c, c * x or x / c with a positive finite splat constant;
// or no scaling (1).
static bool takeScale(Match *m, MlirValue *scores) {
  MlirOperation mul = soleProducer(*scores, "tgraph.mul");
  MlirOperation div = soleProducer(*scores, "tgraph.div");
  double c;
  m->scale = 1.0;
  if (!mlirOperationIsNull(mul)) {
    int side = splatConstant(operand(mul, 1), &c, m->scaleOps)   ? 0
               : splatConstant(operand(mul, 0), &c, m->scaleOps) ? 1
                                                                 : -1;
    if (side < 0)
      return false;
    m->scale = c;
    *scores = operand(mul, side);
    push(m, mul);
  } else if (!mlirOperationIsNull(div)) {
    if (!splatConstant(operand(div, 1), &c, m->scaleOps) || c == 0)
      return false;
    m->scale = 1.0 / c;
    *scores = operand(div, 0);
    push(m, div);
  }
  return m->scale > 0 && m->scale < 1e300;
}

static bool match(MlirOperation pv, Match *m) {
  const char *mm = isOp(pv, "tgraph.matmul")         ? "tgraph.matmul"
                   : isOp(pv, "tgraph.batch_matmul") ? "tgraph.batch_matmul"
                                                     : NULL;
  if (!mm)
    return false;
  memset(m, 0, sizeof *m);
  m->v = operand(pv, 1);
  intptr_t rank = rankOf(m->v);
  push(m, pv);
  MlirOperation sm = soleProducer(operand(pv, 0), "tgraph.softmax");
  if (mlirOperationIsNull(sm) || !softmaxOverLast(sm, rank))
    return false;
  push(m, sm);
  MlirValue scores = operand(sm, 0);
  MlirOperation add = soleProducer(scores, "tgraph.add");
  // Each op goes on the chain before its producers: the chain is erased
  // in order, users first.
  if (!mlirOperationIsNull(add)) {
    push(m, add);
    if (!takeMask(m, add, rank, &scores))
      return false;
  }
  if (!takeScale(m, &scores))
    return false;
  MlirOperation qk = soleProducer(scores, mm);
  if (mlirOperationIsNull(qk))
    return false;
  push(m, qk);
  MlirOperation t = soleProducer(operand(qk, 1), "tgraph.transpose");
  if (mlirOperationIsNull(t) || !swapsLastTwo(t, rank))
    return false;
  push(m, t);
  m->q = operand(qk, 0);
  m->k = operand(t, 0);
  MlirType qe = elemOf(m->q), re = elemOf(mlirOperationGetResult(pv, 0));
  return mlirTypeEqual(qe, elemOf(m->k)) && mlirTypeEqual(qe, elemOf(m->v)) &&
         (mlirTypeEqual(re, qe) || mlirTypeIsAF32(re));
}

static void rewrite(MlirOperation pv, const Match *m) {
  MlirContext ctx = mlirOperationGetContext(pv);
  MlirLocation locs[kMaxChain];
  for (int i = 0; i < m->n; ++i)
    locs[i] = mlirOperationGetLocation(m->chain[i]);
  TsBuilder b = tsBuilderBefore(pv);
  b.loc = mlirLocationFusedGet(ctx, m->n, locs, (MlirAttribute){NULL});
  MlirValue ops[4] = {m->q, m->k, m->v, m->mask};
  int n = mlirValueIsNull(m->mask) ? 3 : 4;
  MlirType res = mlirValueGetType(mlirOperationGetResult(pv, 0));
  MlirNamedAttribute scale = tsNamed(
      &b, "scale", mlirFloatAttrDoubleGet(ctx, mlirF64TypeGet(ctx), m->scale));
  MlirOperation attn =
      tsOp(&b, "tgraph.attention", n, ops, 1, &res, 1, &scale, 0);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(pv, 0),
                                tsResult(attn, 0));
  // Outermost first: each op's only user is erased before it.
  for (int i = 0; i < m->n; ++i)
    mlirOperationDestroy(m->chain[i]);
  for (int i = 0; i < 2; ++i) {
    MlirOperation op = m->scaleOps[i];
    if (!mlirOperationIsNull(op) &&
        mlirOpOperandIsNull(
            mlirValueGetFirstUse(mlirOperationGetResult(op, 0))))
      mlirOperationDestroy(op);
  }
}

static MlirWalkResult collect(MlirOperation op, void *ud) {
  TsOpList *list = ud;
  if (isOp(op, "tgraph.matmul") || isOp(op, "tgraph.batch_matmul"))
    tsOpListPush(list, op);
  return MlirWalkResultAdvance;
}

static void runFuseAttention(MlirOperation root, MlirExternalPass pass,
                             const TesseraPassOptions *options) {
  (void)pass;
  (void)options;
  TsOpList list = {0};
  mlirOperationWalk(root, collect, &list, MlirWalkPreOrder);
  // In program order: a rewrite erases the P v matmul it starts from and
  // the q k^T matmul before it, both already visited; never a later one.
  for (int i = 0; i < list.n; ++i) {
    Match m;
    if (match(list.ops[i], &m))
      rewrite(list.ops[i], &m);
  }
  tsOpListFree(&list);
}

const TesseraPassDef tesseraFuseAttentionPassDef = {
    .info = {.argument = "tessera-fuse-attention",
             .summary = "Rewrite softmax(q k^T * scale [+ mask]) v into "
                        "tgraph.attention",
             .options = NULL,
             .numOptions = 0},
    .opName = "",
    .run = runFuseAttention,
};
