//===- Entry.c - the destination-passing entry ----------------------------===//
//
// Each function with Graph IR becomes an entry on memrefs that allocates
// results and intermediates, calls the kernels and frees what it does not
// return. The code made for an op is located at that op (a kernel and its
// call at the ops it fuses); the rest at the function.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

static void checkPrecision(Lowering *l, MlirOperation op) {
  MlirAttribute prec = tvGetAttr(op, "precision");
  if (mlirAttributeIsNull(prec))
    return;
  MlirAttribute acc = mlirDictionaryAttrGetElementByName(
      prec, mlirStringRefCreateFromCString("accumulate"));
  if (!mlirAttributeIsNull(acc) && !mlirTypeIsAF32(mlirTypeAttrGetValue(acc))) {
    gtsOpError(op, "only f32 accumulation is supported by the lowering so far");
    l->failed = true;
  }
}

// The kernels claimed but not yet built (their last op is still ahead).
typedef struct Pending {
  KernelGroup *groups;
  int n, cap;
} Pending;

static int pendingGroupOf(const Pending *p, MlirOperation op) {
  for (int i = 0; i < p->n; ++i) {
    const KernelGroup *g = &p->groups[i];
    if (mlirOperationEqual(g->root, op))
      return i;
    for (int e = 0; e < g->numEpi; ++e)
      if (mlirOperationEqual(g->epi[e].op, op))
        return i;
  }
  return -1;
}

// Starts a kernel at `op` if a family claims it; -1 if none does.
static int claim(Pending *p, MlirOperation op) {
  for (const GtsFamily *f = gtsFamilies; f->name; ++f) {
    KernelGroup g = {.family = f};
    if (!f->claim(op, &g)) {
      free(g.epi);
      continue;
    }
    // An op that an earlier kernel already fuses stays there: this kernel
    // ends before it (two chains that meet, as sqrt(x) and rsqrt(x) in
    // min(sqrt(x), rsqrt(x)), would otherwise both wait for the op, and
    // the first one built would read the other's unmade result).
    for (int e = 0; e < g.numEpi; ++e)
      if (pendingGroupOf(p, g.epi[e].op) >= 0) {
        g.numEpi = e;
        g.last = e ? g.epi[e - 1].op : g.root;
        break;
      }
    gtsGrow((void **)&p->groups, &p->cap, p->n, sizeof *p->groups);
    p->groups[p->n] = g;
    return p->n++;
  }
  return -1;
}

static void buildGroup(Lowering *l, Pending *p, int i) {
  KernelGroup g = p->groups[i];
  p->groups[i] = p->groups[--p->n];
  checkPrecision(l, g.root);
  for (int e = 0; e < g.numEpi; ++e)
    checkPrecision(l, g.epi[e].op);
  if (!l->failed) {
    l->entry.loc = gtsGroupLoc(&g);
    g.family->build(l, &g);
  }
  free(g.epi);
}

static void lowerOp(Lowering *l, Pending *p, MlirOperation op) {
  int i = pendingGroupOf(p, op);
  if (i < 0)
    i = claim(p, op);
  if (i >= 0) {
    if (mlirOperationEqual(p->groups[i].last, op))
      buildGroup(l, p, i);
    return;
  }
  // A broadcast is folded into a fused bias add when used that way; any
  // other use is reported where it happens.
  if (gtsNameIs(op, "tgraph.broadcast"))
    return;
  char name[64], msg[200];
  snprintf(msg, sizeof msg,
           "'%s' is not supported by tessera-lower-graph yet%s",
           tvOpName(op, name, sizeof name),
           gtsElementwiseFn(op) ? " (a standalone elementwise op needs float "
                                  "operands of its result's shape or "
                                  "row broadcasts)"
                                : "");
  gtsOpError(op, msg);
  l->failed = true;
}

// Returns: copies of returned arguments, frees intermediates, the return;
// then the entry's type.
static void buildReturn(Lowering *l, MlirOperation ret) {
  l->entry.loc = mlirOperationGetLocation(ret);
  intptr_t n = mlirOperationGetNumOperands(ret);
  MlirValue *results = tsAlloc(n, sizeof *results);
  MlirType *types = tsAlloc(n, sizeof *types);
  for (intptr_t i = 0; i < n && !l->failed; ++i) {
    MlirValue v = mlirOperationGetOperand(ret, i);
    Value *x = gtsOperandValue(l, ret, v);
    if (!x)
      break;
    types[i] = mlirValueGetType(x->buf);
    results[i] = x->buf;
    if (x->isArg || x->returned) {
      // The caller owns results: return a copy, not its own input.
      results[i] = gtsAllocLike(l, x);
      tsMemCopy(&l->entry, x->buf, results[i]);
    }
    x->returned = true;
  }
  if (!l->failed) {
    for (int i = 0; i < l->numVals; ++i) {
      Value *x = l->vals[i];
      if (!mlirValueIsNull(x->buf) && !x->isArg && !x->returned)
        tsMemDealloc(&l->entry, x->buf);
    }
    tsReturn(&l->entry, n, results);
    MlirBlock block = l->entry.block;
    intptr_t nargs = mlirBlockGetNumArguments(block);
    MlirType *args = tsAlloc(nargs, sizeof *args);
    for (intptr_t i = 0; i < nargs; ++i)
      args[i] = mlirValueGetType(mlirBlockGetArgument(block, i));
    mlirOperationSetAttributeByName(
        l->entryFn, mlirStringRefCreateFromCString("function_type"),
        mlirTypeAttrGet(mlirFunctionTypeGet(l->ctx, nargs, args, n, types)));
    free(args);
  }
  free(results);
  free(types);
}

static bool hasGraphOps(MlirBlock block) {
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
    if (n.length > 7 && memcmp(n.data, "tgraph.", 7) == 0)
      return true;
  }
  return false;
}

// Graph functions are the ones with tgraph ops or tensor arguments (a
// function that only returns its input is still a Graph IR function).
static bool hasTensorArgs(MlirBlock block) {
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(block); ++i)
    if (mlirTypeIsATensor(mlirValueGetType(mlirBlockGetArgument(block, i))))
      return true; // unranked ones are reported by checkSignature
  return false;
}

static bool checkSignature(Lowering *l, MlirBlock block) {
  if (!mlirBlockIsNull(mlirBlockGetNextInRegion(block))) {
    gtsOpError(l->func, "tessera-lower-graph expects functions of one block");
    return false;
  }
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(block); ++i)
    if (!mlirTypeIsARankedTensor(
            mlirValueGetType(mlirBlockGetArgument(block, i)))) {
      gtsOpError(l->func,
                 "tessera-lower-graph expects ranked tensor arguments");
      return false;
    }
  return true;
}

// The new entry, of the arguments' memref types (its results are set by
// buildReturn), with one Value per argument.
static void startEntry(Lowering *l, MlirBlock block) {
  intptr_t nargs = mlirBlockGetNumArguments(block);
  MlirType *args = tsAlloc(nargs, sizeof *args);
  for (intptr_t i = 0; i < nargs; ++i)
    args[i] = gtsMemrefType(mlirValueGetType(mlirBlockGetArgument(block, i)));
  l->top.loc = mlirOperationGetLocation(l->func);
  l->entryFn = tsFunc(&l->top, l->funcName,
                      mlirFunctionTypeGet(l->ctx, nargs, args, 0, NULL),
                      &l->entry);
  free(args);
  tsSetUnitAttr(l->entryFn, "llvm.emit_c_interface");
  gtsGrow((void **)&l->made, &l->capMade, l->numMade, sizeof *l->made);
  l->made[l->numMade++] = l->entryFn;
  l->entryDims.block = l->entry.block;
  l->entryDims.owner = l;
  for (intptr_t i = 0; i < nargs; ++i) {
    Value *x = gtsAddValue(l, mlirBlockGetArgument(block, i));
    x->isArg = true;
    x->buf = mlirBlockGetArgument(l->entry.block, i);
    MlirType t = mlirValueGetType(x->v);
    for (int d = 0; d < x->rank; ++d) {
      int64_t s = mlirShapedTypeGetDimSize(t, d);
      x->dims[d] = mlirShapedTypeIsDynamicSize(s) ? (DimRef){(int)i, d}
                                                  : gtsConstDim(s);
    }
  }
}

bool gtsLowerFunc(Lowering *l) {
  MlirBlock block =
      mlirRegionGetFirstBlock(mlirOperationGetRegion(l->func, 0));
  if (mlirBlockIsNull(block) || !(hasGraphOps(block) || hasTensorArgs(block)))
    return false;
  if (!checkSignature(l, block)) {
    l->failed = true;
    return false;
  }
  startEntry(l, block);
  Pending pending = {0};
  MlirOperation ret = {NULL};
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op) && !l->failed;
       op = mlirOperationGetNextInBlock(op)) {
    l->entry.loc = mlirOperationGetLocation(op);
    if (gtsNameIs(op, "func.return"))
      ret = op;
    else
      lowerOp(l, &pending, op);
  }
  for (int i = 0; i < pending.n; ++i)
    free(pending.groups[i].epi);
  free(pending.groups);
  if (!l->failed && mlirOperationIsNull(ret)) {
    gtsOpError(l->func, "function has no func.return");
    l->failed = true;
  }
  if (!l->failed)
    buildReturn(l, ret);
  if (!l->failed)
    gtsBuildShapeChecker(l);
  return !l->failed;
}
