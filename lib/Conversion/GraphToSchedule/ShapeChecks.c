//===- ShapeChecks.c - run-time checks of dynamic dims --------------------===//
//
// Relations between dynamic dims that the verifier cannot decide (matmul
// inner dims, bias length, residual shape), and the range of ids that are
// inputs, become the <entry>_check_shapes function the runtimes call on
// the host before running.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

// "input 0 dim 1", "128" or "(input 0 dim 1 + input 1 dim 1)", for a
// message.
static void describeDim(const Lowering *l, DimRef d, char *buf, size_t cap) {
  if (d.arg >= 0) {
    snprintf(buf, cap, "input %d dim %lld", d.arg, (long long)d.v);
  } else if (d.arg == GTS_DIM_DERIVED) {
    const DerivedDim *e = &l->derived[d.v];
    char a[96], b[96];
    describeDim(l, e->a, a, sizeof a);
    describeDim(l, e->b, b, sizeof b);
    snprintf(buf, cap, "(%s %c %s)", a, e->op, b);
  } else {
    snprintf(buf, cap, "%lld", (long long)d.v);
  }
}

static const char *const kRelation[] = {"equal", "be at least",
                                        "be a multiple of", "lie below"};

static void addCheck(Lowering *l, DimRef a, DimRef b, GtsRelation rel,
                     const char *what) {
  for (int i = 0; i < l->numChecks; ++i) // once is enough
    if (gtsDimEq(l->checks[i].a, a) && gtsDimEq(l->checks[i].b, b) &&
        l->checks[i].rel == rel)
      return;
  char da[200], db[200];
  describeDim(l, a, da, sizeof da);
  describeDim(l, b, db, sizeof db);
  size_t cap = strlen(what) + sizeof da + sizeof db + 48;
  char *msg = tsAlloc((intptr_t)cap, 1);
  if (rel == GTS_IDS_BELOW)
    snprintf(msg, cap, "%s: every id of input %d must lie in [0, %s)", what,
             a.arg, db);
  else
    snprintf(msg, cap, "%s: %s must %s %s", what, da, kRelation[rel], db);
  gtsGrow((void **)&l->checks, &l->capChecks, l->numChecks,
          sizeof *l->checks);
  l->checks[l->numChecks++] = (Check){a, b, rel, msg};
}

void gtsRequireEqual(Lowering *l, DimRef a, DimRef b, const char *what) {
  if (gtsDimEq(a, b) || (gtsDimIsConst(a) && gtsDimIsConst(b)))
    return;
  addCheck(l, a, b, GTS_EQUAL, what);
}

void gtsRequireAtLeast(Lowering *l, DimRef a, DimRef b, const char *what) {
  if (gtsDimEq(a, b) || (gtsDimIsConst(a) && gtsDimIsConst(b)))
    return;
  addCheck(l, a, b, GTS_AT_LEAST, what);
}

void gtsRequireMultiple(Lowering *l, DimRef a, int64_t n, const char *what) {
  if (n == 1 || gtsDimIsConst(a))
    return;
  addCheck(l, a, gtsConstDim(n), GTS_MULTIPLE_OF, what);
}

void gtsRequireIdsBelow(Lowering *l, const Value *ids, DimRef bound,
                        const char *what) {
  if (!ids->isArg)
    return;
  MlirBlock block =
      mlirRegionGetFirstBlock(mlirOperationGetRegion(l->func, 0));
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(block); ++i)
    if (mlirValueEqual(mlirBlockGetArgument(block, i), ids->v))
      addCheck(l, (DimRef){(int)i, 0}, bound, GTS_IDS_BELOW, what);
}

// Whether every id of `m` (a memref of any rank, row-major) lies in
// [0, bound): one scan over its elements, seen as one row.
static MlirValue idsInRange(const TsBuilder *b, MlirValue m, MlirValue bound) {
  int k = (int)mlirShapedTypeGetRank(mlirValueGetType(m));
  MlirValue one = tsConstIndex(b, 1), zero = tsConstIndex(b, 0);
  MlirValue total = one;
  for (int d = 0; d < k; ++d)
    total = tsBinary(b, "arith.muli", total, tsDim(b, m, d));
  int from = k - 1; // the last dim's stride (1); rank 0: stride 0
  MlirValue flat = gtsStridedView(b, m, 1, &total, &from, NULL, NULL);
  MlirValue ok = tsConstInt(b, mlirIntegerTypeGet(b->ctx, 1), 1), iv;
  TsBuilder body;
  MlirOperation loop = tsFor(b, zero, total, one, 1, &ok, &body, &iv);
  MlirValue id = tsConvert(&body, "arith.index_cast", tsLoad(&body, flat, 1, &iv),
                           tsIndexType(&body));
  MlirValue in = tsBinary(&body, "arith.andi", tsCmpI(&body, "sge", id, zero),
                          tsCmpI(&body, "slt", id, bound));
  MlirValue acc = tsBinary(
      &body, "arith.andi",
      mlirBlockGetArgument(mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0)), 1),
      in);
  tsYield(&body, 1, &acc);
  return mlirOperationGetResult(loop, 0);
}

// The check's condition in the checker function.
static MlirValue holds(const TsBuilder *b, const Check *c, MlirValue a,
                       MlirValue v) {
  if (c->rel == GTS_MULTIPLE_OF)
    return tsCmpI(b, "eq", tsBinary(b, "arith.remui", a, v),
                  tsConstIndex(b, 0));
  return tsCmpI(b, c->rel == GTS_AT_LEAST ? "uge" : "eq", a, v);
}

// The entry's tessera.shape_checks: the messages, by check index.
static void attachMessages(Lowering *l) {
  MlirAttribute *items = tsAlloc(l->numChecks, sizeof *items);
  for (int i = 0; i < l->numChecks; ++i)
    items[i] = tsStrAttr(&l->entry, l->checks[i].message);
  mlirOperationSetAttributeByName(
      l->entryFn, mlirStringRefCreateFromCString("tessera.shape_checks"),
      mlirArrayAttrGet(l->ctx, l->numChecks, items));
  free(items);
}

void gtsBuildShapeChecker(Lowering *l) {
  if (!l->numChecks)
    return;
  attachMessages(l);
  MlirBlock entryBlock =
      mlirRegionGetFirstBlock(mlirOperationGetRegion(l->entryFn, 0));
  intptr_t nargs = mlirBlockGetNumArguments(entryBlock);
  MlirType *args = tsAlloc(nargs, sizeof *args);
  for (intptr_t i = 0; i < nargs; ++i)
    args[i] = mlirValueGetType(mlirBlockGetArgument(entryBlock, i));
  MlirType i64 = mlirIntegerTypeGet(l->ctx, 64);
  MlirType type = mlirFunctionTypeGet(l->ctx, nargs, args, 1, &i64);
  free(args);
  size_t cap = strlen(l->funcName) + 16;
  char *name = tsAlloc((intptr_t)cap, 1);
  snprintf(name, cap, "%s_check_shapes", l->funcName);
  TsBuilder at = l->top, b;
  at.loc = mlirOperationGetLocation(l->func);
  MlirOperation f = tsFunc(&at, name, type, &b);
  free(name);
  tsSetUnitAttr(f, "llvm.emit_c_interface");
  // Host code on the inputs' host memory (GPU targets leave it so).
  tsSetUnitAttr(f, "tessera.host_checker");
  gtsGrow((void **)&l->made, &l->capMade, l->numMade, sizeof *l->made);
  l->made[l->numMade++] = f;
  DimCache dims = {.owner = l, .block = b.block};
  MlirValue *ok = tsAlloc(l->numChecks, sizeof *ok);
  for (int i = 0; i < l->numChecks; ++i)
    ok[i] = l->checks[i].rel == GTS_IDS_BELOW
                ? idsInRange(&b, mlirBlockGetArgument(b.block, l->checks[i].a.arg),
                             gtsDimValue(&dims, &b, l->checks[i].b))
                : holds(&b, &l->checks[i],
                        gtsDimValue(&dims, &b, l->checks[i].a),
                        gtsDimValue(&dims, &b, l->checks[i].b));
  // The first failing check wins: select from the last one back.
  MlirValue r = tsConstInt(&b, i64, 0);
  for (int i = l->numChecks - 1; i >= 0; --i)
    r = tsSelect(&b, ok[i], r, tsConstInt(&b, i64, i + 1));
  tsReturn(&b, 1, &r);
  free(ok);
  free(dims.items);
}
