//===- Entry.c - the destination-passing entry ----------------------------===//
//
// Each function with Graph IR becomes an entry on memrefs that allocates
// results and intermediates, calls the kernels and frees what it does not
// return; the generated ops are located at their source ops.
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

static void emitOp(Lowering *l, Plan *p, int i) {
  MlirOperation op = p->ops[i].op;
  if (p->ops[i].group >= 0) {
    checkPrecision(l, op);
    const MatmulGroup *g = &p->groups[p->ops[i].group];
    if (mlirOperationEqual(g->last, op))
      gtsEmitMatmulCall(l, g);
    return;
  }
  if (gtsNameIs(op, "tgraph.softmax")) {
    gtsEmitSoftmax(l, op);
    return;
  }
  if (gtsNameIs(op, "tgraph.broadcast")) {
    // Folded into a fused bias add when used that way (isBiasBroadcast);
    // any other use is reported where it happens.
    return;
  }
  if (gtsNameIs(op, "func.return"))
    return;
  char name[64];
  char msg[160];
  snprintf(msg, sizeof msg,
           "'%s' is not supported by tessera-lower-graph "
           "yet (outside a fused matmul epilogue)",
           tvOpName(op, name, sizeof name));
  gtsOpError(op, msg);
  l->failed = true;
}

// ": T0, T1" (the memref types of a func.return's operands).
static void printResultTypes(TesseraStrBuf *out, MlirOperation ret) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(ret); ++i) {
    char mt[256];
    gtsMemrefType(mlirValueGetType(mlirOperationGetOperand(ret, i)), mt,
                  sizeof mt);
    P("%s%s", i ? ", " : "", mt);
  }
}

// Returns: copies of returned arguments, frees intermediates, the return.
static void emitReturn(Lowering *l, MlirOperation ret) {
  TesseraStrBuf *out = &l->entry;
  intptr_t n = mlirOperationGetNumOperands(ret);
  char names[TESSERA_MAX_PASS_OPTIONS * 8][32];
  if (n > (intptr_t)(sizeof names / sizeof names[0])) {
    gtsOpError(ret, "too many results");
    l->failed = true;
    return;
  }
  for (intptr_t i = 0; i < n; ++i) {
    MlirValue v = mlirOperationGetOperand(ret, i);
    Value *x = gtsOperandValue(l, ret, v);
    if (!x)
      return;
    if (x->isArg || x->returned) {
      // The caller owns results: return a copy, not its own input.
      char mt[256];
      gtsMemrefType(mlirValueGetType(v), mt, sizeof mt);
      snprintf(names[i], sizeof names[i], "%%ret%ld", (long)i);
      gtsEmitAlloc(out, names[i], x);
      P("  memref.copy %s, %s : %s to %s\n", x->name, names[i], mt, mt);
    } else {
      snprintf(names[i], sizeof names[i], "%s", x->name);
      x->returned = true;
    }
  }
  for (int i = 0; i < l->numVals; ++i) {
    Value *x = l->vals[i];
    if (x->materialised && !x->isArg && !x->returned) {
      char mt[256];
      gtsMemrefType(mlirValueGetType(x->v), mt, sizeof mt);
      P("  memref.dealloc %s : %s\n", x->name, mt);
    }
  }
  P("  return");
  for (intptr_t i = 0; i < n; ++i)
    P("%s%s", i ? ", " : " ", names[i]);
  if (n) {
    P(" : ");
    printResultTypes(out, ret);
  }
  P("\n");
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
      return true; // unranked ones are reported by gtsLowerFunc
  return false;
}

// Lowers one func.func; returns the new text or NULL (nothing to do or an
// error: l->failed says which).
char *gtsLowerFunc(Lowering *l) {
  MlirRegion body = mlirOperationGetRegion(l->func, 0);
  MlirBlock block = mlirRegionGetFirstBlock(body);
  if (mlirBlockIsNull(block) || !(hasGraphOps(block) || hasTensorArgs(block)))
    return NULL;
  if (!mlirBlockIsNull(mlirBlockGetNextInRegion(block))) {
    gtsOpError(l->func, "tessera-lower-graph expects functions of one block");
    l->failed = true;
    return NULL;
  }
  intptr_t nargs = mlirBlockGetNumArguments(block);
  for (intptr_t i = 0; i < nargs; ++i) {
    MlirValue a = mlirBlockGetArgument(block, i);
    if (!mlirTypeIsARankedTensor(mlirValueGetType(a))) {
      gtsOpError(l->func,
                 "tessera-lower-graph expects ranked tensor arguments");
      l->failed = true;
      return NULL;
    }
    Value *x = gtsAddValue(l, a, "arg");
    x->isArg = x->materialised = true;
    gtsDimsFromBuffer(l, x);
  }
  Plan p = {0};
  MlirOperation ret = {NULL};
  if (!gtsPlan(l, block, &p))
    l->failed = true;
  for (int i = 0; i < p.numOps && !l->failed; ++i) {
    emitOp(l, &p, i);
    if (gtsNameIs(p.ops[i].op, "func.return"))
      ret = p.ops[i].op;
  }
  free(p.ops);
  free(p.groups);
  if (l->failed)
    return NULL;
  if (mlirOperationIsNull(ret)) {
    gtsOpError(l->func, "function has no func.return");
    l->failed = true;
    return NULL;
  }
  emitReturn(l, ret);
  if (l->failed)
    return NULL;
  TesseraStrBuf text = {0};
  TesseraStrBuf *out = &text;
  P("func.func @%s(", l->funcName);
  for (intptr_t i = 0; i < nargs; ++i) {
    char mt[256];
    gtsMemrefType(mlirValueGetType(l->vals[i]->v), mt, sizeof mt);
    P("%s%s: %s", i ? ", " : "", l->vals[i]->name, mt);
  }
  P(")");
  intptr_t nres = mlirOperationGetNumOperands(ret);
  if (nres) {
    P(" -> (");
    printResultTypes(out, ret);
    P(")");
  }
  P(" attributes {llvm.emit_c_interface");
  if (l->numChecks)
    P(", tessera.shape_checks = [%s]", tesseraStrBufStr(&l->messages));
  P("} {\n%s%s}\n%s", tesseraStrBufStr(&l->constants),
    tesseraStrBufStr(&l->entry), tesseraStrBufStr(&l->kernels));
  gtsEmitShapeChecker(l, out, nargs);
  return text.data;
}

// The generated text's ops are located at the user's source: a kernel, and
// the call of it in the entry, where its fused Graph IR ops are; the rest of
// the entry and the shape checker where the original function is.
static MlirWalkResult locateCall(MlirOperation op, void *ud) {
  const Lowering *l = ud;
  MlirAttribute callee = tvGetAttr(op, "callee");
  if (!gtsNameIs(op, "func.call") || mlirAttributeIsNull(callee))
    return MlirWalkResultAdvance;
  MlirStringRef c = mlirSymbolRefAttrGetRootReference(callee);
  for (int i = 0; i < l->numKernels; ++i) {
    char kname[160];
    snprintf(kname, sizeof kname, "%s_k%d", l->funcName, i);
    if (tvStrEq(c, kname))
      mlirOperationSetLocation(op, l->kernelLocs[i]);
  }
  return MlirWalkResultAdvance;
}

void gtsLocateGenerated(const Lowering *l, MlirModule m,
                        MlirOperation original) {
  MlirOperation f = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
  for (; !mlirOperationIsNull(f); f = mlirOperationGetNextInBlock(f)) {
    MlirAttribute sym = tvGetAttr(f, "sym_name");
    MlirLocation loc = mlirOperationGetLocation(original);
    for (int i = 0; i < l->numKernels && !mlirAttributeIsNull(sym); ++i) {
      char kname[160];
      snprintf(kname, sizeof kname, "%s_k%d", l->funcName, i);
      if (tvStrEq(mlirStringAttrGetValue(sym), kname))
        loc = l->kernelLocs[i];
    }
    tsSetLocations(f, loc);
  }
  mlirOperationWalk(mlirModuleGetOperation(m), locateCall, (void *)l,
                    MlirWalkPreOrder);
}
