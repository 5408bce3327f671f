//===- Fusion.c - fusion groups -------------------------------------------===//
//
// Which Graph IR ops form one kernel: a matmul / batch_matmul with the chain
// of single-use elementwise ops after it (bias or residual adds, table
// activations), planned over a function's ops.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

// The table function a unary tgraph op computes: its name without the
// dialect prefix (tgraph.gelu with approximate = "tanh" is gelu_tanh), if
// the kernel generators can fuse it as an epilogue. NULL otherwise.
static const TesseraElementwiseFn *epilogueFn(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  static const char kPrefix[] = "tgraph.";
  size_t p = sizeof kPrefix - 1;
  if (n.length <= p || memcmp(n.data, kPrefix, p) != 0 ||
      mlirOperationGetNumOperands(op) != 1)
    return NULL;
  char name[64];
  snprintf(name, sizeof name, "%.*s", (int)(n.length - p), n.data + p);
  MlirAttribute a = tvGetAttr(op, "approximate");
  if (!strcmp(name, "gelu") && !mlirAttributeIsNull(a) &&
      tvStrEq(mlirStringAttrGetValue(a), "tanh"))
    snprintf(name, sizeof name, "gelu_tanh");
  TesseraEpilogueKind kind;
  if (!tesseraEpilogueActivation(name, strlen(name), &kind))
    return NULL;
  return tesseraLookupElementwiseFn(mlirStringRefCreateFromCString(name));
}

// Is `v` a rank-1 tensor broadcast along the last dim of `like`'s shape?
static bool isBiasBroadcast(MlirValue v, MlirValue *bias) {
  if (!mlirValueIsAOpResult(v))
    return false;
  MlirOperation b = mlirOpResultGetOwner(v);
  if (!gtsNameIs(b, "tgraph.broadcast") || gtsUseCount(v) != 1)
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
  *bias = in;
  return true;
}

// Extends a matmul group with the single-use elementwise chain after it.
static void growGroup(MatmulGroup *g) {
  MlirValue cur = mlirOperationGetResult(g->matmul, 0);
  g->last = g->matmul;
  while (g->numEpi < kMaxGroup && gtsUseCount(cur) == 1) {
    MlirOperation u = gtsSingleUser(cur);
    if (mlirOperationGetBlock(u).ptr != mlirOperationGetBlock(g->matmul).ptr)
      break;
    Epi e = {.op = u, .fn = epilogueFn(u)};
    if (e.fn) {
      e.kind = EPI_ACTIVATION;
    } else if (gtsNameIs(u, "tgraph.add")) {
      MlirValue lhs = mlirOperationGetOperand(u, 0),
                rhs = mlirOperationGetOperand(u, 1);
      MlirValue other = mlirValueEqual(lhs, cur) ? rhs : lhs;
      if (mlirValueEqual(other, cur))
        break; // x + x: not an epilogue of this form
      MlirValue bias;
      if (isBiasBroadcast(other, &bias)) {
        e.kind = EPI_BIAS;
        e.operand = bias;
      } else if (tvShapesCompatible(mlirValueGetType(other),
                                    mlirValueGetType(cur))) {
        e.kind = EPI_RESIDUAL;
        e.operand = other;
      } else {
        break;
      }
    } else {
      break;
    }
    g->epi[g->numEpi++] = e;
    g->last = u;
    cur = mlirOperationGetResult(u, 0);
  }
}

static int findOp(const Plan *p, MlirOperation op) {
  for (int i = 0; i < p->numOps; ++i)
    if (mlirOperationEqual(p->ops[i].op, op))
      return i;
  return -1;
}

// Plans fusion groups over the block's ops.
bool gtsPlan(Lowering *l, MlirBlock block, Plan *p) {
  (void)l;
  p->numOps = p->numGroups = 0;
  int n = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    ++n;
  p->ops = calloc((size_t)n + 1, sizeof *p->ops);
  p->groups = calloc((size_t)n + 1, sizeof *p->groups);
  if (!p->ops || !p->groups)
    abort();
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    p->ops[p->numOps++] = (OpInfo){op, -1};
  for (int i = 0; i < p->numOps; ++i) {
    MlirOperation op = p->ops[i].op;
    bool mm = gtsNameIs(op, "tgraph.matmul"),
         bmm = gtsNameIs(op, "tgraph.batch_matmul");
    if ((!mm && !bmm) || p->ops[i].group >= 0)
      continue;
    MatmulGroup *g = &p->groups[p->numGroups];
    memset(g, 0, sizeof *g);
    g->matmul = op;
    g->batched = bmm;
    growGroup(g);
    p->ops[i].group = p->numGroups;
    for (int e = 0; e < g->numEpi; ++e) {
      int k = findOp(p, g->epi[e].op);
      if (k >= 0)
        p->ops[k].group = p->numGroups;
    }
    ++p->numGroups;
  }
  (void)l;
  return true;
}
