//===- Fusion.c - which ops each family claims for one kernel -------------===//
//
// A matmul / batch_matmul claims the chain of single-use elementwise ops
// after it (bias or residual adds, table activations): one kernel, its
// epilogue in registers. A softmax, a layer_norm and an rms_norm are each a
// kernel with the same kind of chain after them (applied to each tile
// they write); a reduce is a kernel of its own. Any other
// elementwise op (a table function, clamp, or a cast between float types)
// starts a kernel of its own with the chain of single-use elementwise ops
// after it whose other operands have its shape.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

static void claimChain(KernelGroup *g, bool rowBroadcasts);

// The table function a unary tgraph op computes: its name without the
// dialect prefix (tgraph.gelu with approximate = "tanh" is gelu_tanh), if
// it is a matmul epilogue activation. NULL otherwise.
static const TesseraElementwiseFn *epilogueFn(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  static const char kPrefix[] = "tgraph.";
  size_t p = sizeof kPrefix - 1;
  if (n.length <= p || memcmp(n.data, kPrefix, p) != 0 ||
      mlirOperationGetNumOperands(op) != 1)
    return NULL;
  MlirStringRef name = mlirStringRefCreate(n.data + p, n.length - p);
  MlirAttribute a = tvGetAttr(op, "approximate");
  if (tvStrEq(name, "gelu") && !mlirAttributeIsNull(a) &&
      tvStrEq(mlirStringAttrGetValue(a), "tanh"))
    name = mlirStringRefCreateFromCString("gelu_tanh");
  TesseraEpilogueKind kind;
  const TesseraElementwiseFn *fn;
  return tesseraEpilogueActivation(name.data, name.length, &kind, &fn) ? fn
                                                                       : NULL;
}

bool gtsRowBroadcast(MlirValue v, MlirValue *src) {
  if (!mlirValueIsAOpResult(v))
    return false;
  MlirOperation b = mlirOpResultGetOwner(v);
  if (!gtsNameIs(b, "tgraph.broadcast"))
    return false;
  MlirValue in = mlirOperationGetOperand(b, 0);
  MlirType it = mlirValueGetType(in), rt = mlirValueGetType(v);
  if (mlirShapedTypeGetRank(it) != 1)
    return false;
  MlirAttribute dims = tvGetAttr(b, "broadcast_dimensions");
  if (!mlirAttributeIsNull(dims) &&
      (mlirDenseArrayGetNumElements(dims) != 1 ||
       mlirDenseI64ArrayGetElement(dims, 0) != mlirShapedTypeGetRank(rt) - 1))
    return false;
  *src = in;
  return true;
}

// A bias: a row broadcast used once (by the add it is folded into).
static bool isBiasBroadcast(MlirValue v, MlirValue *bias) {
  return gtsUseCount(v) == 1 && gtsRowBroadcast(v, bias);
}

// The epilogue `u` would be for the matmul chain ending in `cur`, if any.
static bool asEpilogue(MlirOperation u, MlirValue cur, Epi *e) {
  *e = (Epi){.op = u, .fn = epilogueFn(u)};
  if (e->fn) {
    e->kind = EPI_ACTIVATION;
    return true;
  }
  if (!gtsNameIs(u, "tgraph.add"))
    return false;
  MlirValue lhs = mlirOperationGetOperand(u, 0),
            rhs = mlirOperationGetOperand(u, 1);
  MlirValue other = mlirValueEqual(lhs, cur) ? rhs : lhs;
  if (mlirValueEqual(other, cur))
    return false; // x + x: not an epilogue of this form
  if (isBiasBroadcast(other, &e->operand)) {
    e->kind = EPI_BIAS;
    return true;
  }
  if (!tvShapesCompatible(mlirValueGetType(other), mlirValueGetType(cur)))
    return false;
  e->kind = EPI_RESIDUAL;
  e->operand = other;
  return true;
}

bool gtsClaimMatmul(MlirOperation root, KernelGroup *g) {
  bool mm = gtsNameIs(root, "tgraph.matmul"),
       bmm = gtsNameIs(root, "tgraph.batch_matmul"),
       lin = gtsNameIs(root, "tgraph.linear");
  if (!mm && !bmm && !lin)
    return false;
  g->root = g->last = root;
  g->batched = bmm;
  g->linear = lin;
  MlirValue cur = mlirOperationGetResult(root, 0);
  for (MlirOperation u = gtsSingleUser(cur);
       !mlirOperationIsNull(u) &&
       mlirOperationGetBlock(u).ptr == mlirOperationGetBlock(root).ptr;
       u = gtsSingleUser(cur)) {
    Epi e;
    if (!asEpilogue(u, cur, &e))
      break;
    gtsGrow((void **)&g->epi, &g->capEpi, g->numEpi, sizeof *g->epi);
    g->epi[g->numEpi++] = e;
    g->last = u;
    cur = mlirOperationGetResult(u, 0);
  }
  return true;
}

// A kernel of one op named `a` or `b` (b may be NULL); a row kernel
// (`chain`: softmax, the norms) writes its row tile by tile and takes the
// elementwise chain after it there, before the store.
static bool claimOne(MlirOperation root, KernelGroup *g, const char *a,
                     const char *b, bool chain) {
  if (!gtsNameIs(root, a) && !(b && gtsNameIs(root, b)))
    return false;
  g->root = g->last = root;
  if (chain)
    claimChain(g, false);
  return true;
}

bool gtsClaimSoftmax(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.softmax", "tgraph.log_softmax", true);
}

bool gtsClaimAttention(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.attention", NULL, false);
}

bool gtsClaimReshape(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.reshape", NULL, false);
}

bool gtsClaimPermute(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.transpose", NULL, false);
}

bool gtsClaimSlice(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.slice", NULL, false);
}

bool gtsClaimEmbedding(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.embedding", NULL, false);
}

bool gtsClaimIota(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.iota", NULL, false);
}

bool gtsClaimSplit(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.split", NULL, false);
}

bool gtsClaimPad(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.pad", NULL, false);
}

bool gtsClaimConcat(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.concat", NULL, false);
}

bool gtsClaimConstant(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.constant", NULL, false);
}

bool gtsClaimReduce(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.reduce", "tgraph.var", false);
}

bool gtsClaimNorm(MlirOperation root, KernelGroup *g) {
  return claimOne(root, g, "tgraph.layer_norm", "tgraph.rms_norm", true);
}

const TesseraElementwiseFn *gtsElementwiseFn(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  static const char kPrefix[] = "tgraph.";
  size_t p = sizeof kPrefix - 1;
  if (n.length <= p || memcmp(n.data, kPrefix, p) != 0 ||
      mlirOperationGetNumResults(op) != 1)
    return NULL;
  MlirStringRef name = mlirStringRefCreate(n.data + p, n.length - p);
  MlirAttribute a = tvGetAttr(op, "approximate");
  if (tvStrEq(name, "gelu") && !mlirAttributeIsNull(a) &&
      tvStrEq(mlirStringAttrGetValue(a), "tanh"))
    name = mlirStringRefCreateFromCString("gelu_tanh");
  const TesseraElementwiseFn *fn = tesseraLookupElementwiseFn(name);
  return fn && fn->arity == mlirOperationGetNumOperands(op) ? fn : NULL;
}

static bool isFloat(MlirType t) {
  MlirType e = mlirShapedTypeGetElementType(t);
  return mlirTypeIsAF32(e) || mlirTypeIsAF16(e) || mlirTypeIsABF16(e);
}

// A float tensor of rank >= 1 with the shape of `like`, read tile by tile.
// A row broadcast (rank 1 along the last dim) is read as one row instead
// (ElementwiseSchedule.c); any other broadcast is materialised where it is
// read (gtsMaterializeBroadcast).
static bool sameShapeFloat(MlirValue v, MlirType like) {
  MlirType t = mlirValueGetType(v);
  MlirValue src;
  if (gtsRowBroadcast(v, &src))
    return false;
  return mlirTypeIsARankedTensor(t) && mlirShapedTypeGetRank(t) >= 1 &&
         tvShapesCompatible(t, like) && isFloat(t);
}

static bool rowBroadcastFloat(MlirValue v, MlirType like) {
  MlirValue src;
  return gtsRowBroadcast(v, &src) && mlirShapedTypeGetRank(like) >= 1 &&
         tvShapesCompatible(mlirValueGetType(v), like) &&
         isFloat(mlirValueGetType(src));
}

// An elementwise op a chain can hold: its result and at least one operand
// of one shape, any other operand of that shape or a row broadcast.
static bool standaloneElementwise(MlirOperation op, bool rowBroadcasts) {
  if (!gtsElementwiseFn(op) && !gtsNameIs(op, "tgraph.clamp") &&
      !gtsNameIs(op, "tgraph.cast"))
    return false;
  MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
  bool full = false;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue v = mlirOperationGetOperand(op, i);
    bool same = sameShapeFloat(v, rt);
    if (!same && !(rowBroadcasts && rowBroadcastFloat(v, rt)))
      return false;
    full |= same;
  }
  return full && sameShapeFloat(mlirOperationGetResult(op, 0), rt);
}

// Appends to g the chain of single-use elementwise ops after g->last
// whose other operands have its shape (or, with rowBroadcasts, are row
// broadcasts: only the elementwise kernel reads those yet).
static void claimChain(KernelGroup *g, bool rowBroadcasts) {
  MlirValue cur = mlirOperationGetResult(g->last, 0);
  for (MlirOperation u = gtsSingleUser(cur);
       !mlirOperationIsNull(u) &&
       mlirOperationGetBlock(u).ptr == mlirOperationGetBlock(g->root).ptr &&
       standaloneElementwise(u, rowBroadcasts);
       u = gtsSingleUser(cur)) {
    gtsGrow((void **)&g->epi, &g->capEpi, g->numEpi, sizeof *g->epi);
    g->epi[g->numEpi++] =
        (Epi){.kind = EPI_ACTIVATION, .op = u, .fn = gtsElementwiseFn(u)};
    g->last = u;
    cur = mlirOperationGetResult(u, 0);
  }
}

bool gtsClaimElementwise(MlirOperation root, KernelGroup *g) {
  if (!standaloneElementwise(root, true))
    return false;
  g->root = g->last = root;
  claimChain(g, true);
  return true;
}
