//===- MatmulSchedule.c - schedule builder: matmul ------------------------===//
//
// The Schedule IR kernel of a matmul fusion group (docs/dialects/schedule.md
// section 6) and its call from the entry.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

// Schedule IR of a matmul group, as in docs/dialects/schedule.md §6.
static void emitMatmulKernel(Lowering *l, const MatmulGroup *g,
                             const char *kname, MlirValue *args, int nargs) {
  TesseraStrBuf *out = &l->kernels;
  const Params *p = &l->params;
  MlirValue a = mlirOperationGetOperand(g->matmul, 0);
  MlirValue b = mlirOperationGetOperand(g->matmul, 1);
  MlirValue c = mlirOperationGetResult(g->last, 0);
  char at[256], bt[256], ct[256], ae[16], be[16], ce[16];
  gtsDynMemrefType(mlirValueGetType(a), at, sizeof at);
  gtsDynMemrefType(mlirValueGetType(b), bt, sizeof bt);
  gtsDynMemrefType(mlirValueGetType(c), ct, sizeof ct);
  gtsElemName(mlirValueGetType(a), ae, sizeof ae);
  gtsElemName(mlirValueGetType(b), be, sizeof be);
  gtsElemName(mlirValueGetType(c), ce, sizeof ce);
  int r = g->batched ? 3 : 2;
  // block-k 0: k-bytes bytes of each row of A per K step (by default 64:
  // 32 elements of f16 or bf16, 16 of f32), so that a stage of tiles costs
  // the same shared memory whatever the element type (2 stages of 128x128
  // f32 tiles then fit 64 KiB of LDS).
  MlirType aElem = mlirShapedTypeGetElementType(mlirValueGetType(a));
  long long blockK =
      p->blockK ? p->blockK : p->kBytes / (mlirTypeIsAF32(aElem) ? 4 : 2);
  P("func.func @%s(%%A: %s, %%B: %s, %%C: %s", kname, at, bt, ct);
  for (int i = 3; i < nargs; ++i) {
    char t[256];
    gtsDynMemrefType(mlirValueGetType(args[i]), t, sizeof t);
    P(", %%E%d: %s", i - 3, t);
  }
  P(") attributes {tsched.kernel = {fused = [\"%s\"",
    g->batched ? "tgraph.batch_matmul" : "tgraph.matmul");
  for (int i = 0; i < g->numEpi; ++i) {
    char n[64];
    tvOpName(g->epi[i].op, n, sizeof n);
    P(", \"%s\"", n);
  }
  // Tiles and stages are in the body (tile types, loop steps and
  // tsched.tile_loop), which is what every lowering reads.
  P("]}} {\n");
  P("  %%c0 = arith.constant 0 : index\n"
    "  %%c1 = arith.constant 1 : index\n"
    "  %%c2 = arith.constant 2 : index\n"
    "  %%cK = arith.constant %lld : index\n",
    blockK);
  P("  %%M = memref.dim %%A, %%c%d : %s\n", r - 2, at);
  P("  %%K = memref.dim %%A, %%c%d : %s\n", r - 1, at);
  P("  %%N = memref.dim %%B, %%c%d : %s\n", r - 1, bt);
  const char *bi = g->batched ? "%b, " : "";
  if (g->batched)
    P("  %%NB = memref.dim %%A, %%c0 : %s\n"
      "  scf.forall (%%b, %%m, %%n) = (0, 0, 0) to (%%NB, %%M, %%N) step (1, "
      "%lld, %lld) {\n",
      at, (long long)p->blockM, (long long)p->blockN);
  else
    P("  scf.forall (%%m, %%n) = (0, 0) to (%%M, %%N) step (%lld, %lld) {\n",
      (long long)p->blockM, (long long)p->blockN);
  long long BM = p->blockM, BN = p->blockN, BK = blockK;
  P("    %%zero = arith.constant dense<0.0> : vector<%lldx%lldxf32>\n"
    "    %%acc = scf.for %%k = %%c0 to %%K step %%cK iter_args(%%acc_it = "
    "%%zero) -> (vector<%lldx%lldxf32>) {\n",
    BM, BN, BM, BN);
  P("      %%a, %%ta = \"tsched.async_copy\"(%%A, %s%%m, %%k) {tile = "
    "array<i64: %lld, %lld>} : (%s, %sindex, index) -> (memref<%lldx%lldx%s, "
    "#gpu.address_space<workgroup>>, !tsched.token)\n",
    bi, BM, BK, at, g->batched ? "index, " : "", BM, BK, ae);
  P("      %%bb, %%tb = \"tsched.async_copy\"(%%B, %s%%k, %%n) {tile = "
    "array<i64: %lld, %lld>} : (%s, %sindex, index) -> (memref<%lldx%lldx%s, "
    "#gpu.address_space<workgroup>>, !tsched.token)\n",
    bi, BK, BN, bt, g->batched ? "index, " : "", BK, BN, be);
  P("      \"tsched.wait\"(%%ta, %%tb) : (!tsched.token, !tsched.token) -> "
    "()\n"
    "      %%next = \"tsched.tile_matmul\"(%%a, %%bb, %%acc_it) : "
    "(memref<%lldx%lldx%s, #gpu.address_space<workgroup>>, "
    "memref<%lldx%lldx%s, #gpu.address_space<workgroup>>, "
    "vector<%lldx%lldxf32>) -> vector<%lldx%lldxf32>\n"
    "      scf.yield %%next : vector<%lldx%lldxf32>\n"
    "    } {tsched.tile_loop = {kind = \"reduction\", stages = %lld}}\n",
    BM, BK, ae, BK, BN, be, BM, BN, BM, BN, BM, BN, (long long)p->stages);
  const char *cur = "%acc";
  char curBuf[32];
  int extra = 0;
  for (int i = 0; i < g->numEpi; ++i) {
    const Epi *e = &g->epi[i];
    char next[32];
    snprintf(next, sizeof next, "%%e%d", i);
    if (e->kind == EPI_BIAS || e->kind == EPI_RESIDUAL) {
      char et[256], ee[16];
      gtsDynMemrefType(mlirValueGetType(e->operand), et, sizeof et);
      gtsElemName(mlirValueGetType(e->operand), ee, sizeof ee);
      bool bias = e->kind == EPI_BIAS;
      if (bias)
        P("    %%x%d = \"tsched.tile_load\"(%%E%d, %%n) {tile = array<i64: "
          "%lld>, level = \"registers\"} : (%s, index) -> vector<%lldx%s>\n",
          i, extra, BN, et, BN, ee);
      else
        P("    %%x%d = \"tsched.tile_load\"(%%E%d, %s%%m, %%n) {tile = "
          "array<i64: %lld, %lld>, level = \"registers\"} : (%s, %sindex, "
          "index) -> vector<%lldx%lldx%s>\n",
          i, extra, bi, BM, BN, et, g->batched ? "index, " : "", BM, BN, ee);
      char shape[48];
      if (bias)
        snprintf(shape, sizeof shape, "%lld", BN);
      else
        snprintf(shape, sizeof shape, "%lldx%lld", BM, BN);
      char xf[32];
      snprintf(xf, sizeof xf, "%%x%d", i);
      if (strcmp(ee, "f32") != 0) {
        P("    %%x%df = arith.extf %%x%d : vector<%sx%s> to vector<%sxf32>\n",
          i, i, shape, ee, shape);
        snprintf(xf, sizeof xf, "%%x%df", i);
      }
      P("    %s = \"tsched.elementwise\"(%s, %s) {fn = \"add\"} : "
        "(vector<%lldx%lldxf32>, vector<%sxf32>) -> vector<%lldx%lldxf32>\n",
        next, cur, xf, BM, BN, shape, BM, BN);
      ++extra;
    } else {
      P("    %s = \"tsched.elementwise\"(%s) {fn = \"%s\"} : "
        "(vector<%lldx%lldxf32>) -> vector<%lldx%lldxf32>\n",
        next, cur, e->fn->name, BM, BN, BM, BN);
    }
    snprintf(curBuf, sizeof curBuf, "%s", next);
    cur = curBuf;
  }
  if (strcmp(ce, "f32") != 0) {
    P("    %%out = arith.truncf %s : vector<%lldx%lldxf32> to "
      "vector<%lldx%lldx%s>\n",
      cur, BM, BN, BM, BN, ce);
    cur = "%out";
  }
  P("    \"tsched.tile_store\"(%s, %%C, %s%%m, %%n) : (vector<%lldx%lldx%s>, "
    "%s, %sindex, index) -> ()\n",
    cur, bi, BM, BN, ce, ct, g->batched ? "index, " : "");
  P("  } {tsched.tile_loop = {kind = \"grid\"}}\n"
    "  return\n"
    "}\n");
}

void gtsEmitMatmulCall(Lowering *l, const MatmulGroup *g) {
  MlirValue args[3 + kMaxGroup];
  int n = 0;
  args[n++] = mlirOperationGetOperand(g->matmul, 0);
  args[n++] = mlirOperationGetOperand(g->matmul, 1);
  MlirValue result = mlirOperationGetResult(g->last, 0);
  args[n++] = result;
  for (int i = 0; i < g->numEpi; ++i)
    if (g->epi[i].kind == EPI_BIAS || g->epi[i].kind == EPI_RESIDUAL)
      args[n++] = g->epi[i].operand;
  Value *a = gtsOperandValue(l, g->matmul, args[0]);
  Value *b = gtsOperandValue(l, g->matmul, args[1]);
  if (!a || !b)
    return;
  for (int i = 3; i < n; ++i)
    if (!gtsOperandValue(l, g->last, args[i]))
      return;
  Value *c = gtsAddValue(l, result, "buf");
  if (!c) {
    gtsOpError(g->last, "function too large for tessera-lower-graph");
    l->failed = true;
    return;
  }
  // Result dims: [batch,] rows of A, columns of B.
  int r = c->rank;
  if (g->batched)
    snprintf(c->dims[0], sizeof c->dims[0], "%s", a->dims[0]);
  snprintf(c->dims[r - 2], sizeof c->dims[0], "%s", a->dims[r - 2]);
  snprintf(c->dims[r - 1], sizeof c->dims[0], "%s", b->dims[r - 1]);
  gtsRequireEqual(l, a->dims[r - 1], b->dims[r - 2], "matmul inner dimensions");
  if (g->batched)
    gtsRequireEqual(l, a->dims[0], b->dims[0], "batch_matmul batch sizes");
  for (int i = 3; i < n; ++i) {
    const Value *e = gtsLookup(l, args[i]);
    if (e->rank == 1)
      gtsRequireEqual(l, e->dims[0], c->dims[r - 1], "bias length");
    else
      for (int d = 0; d < r; ++d)
        gtsRequireEqual(l, e->dims[d], c->dims[d], "residual shape");
  }
  gtsAllocate(l, c);
  char kname[160];
  {
    MlirOperation src[1 + kMaxGroup] = {g->matmul};
    for (int i = 0; i < g->numEpi; ++i)
      src[1 + i] = g->epi[i].op;
    gtsSetKernelLoc(l, l->numKernels, 1 + g->numEpi, src);
  }
  snprintf(kname, sizeof kname, "%s_k%d", l->funcName, l->numKernels++);
  emitMatmulKernel(l, g, kname, args, n);
  TesseraStrBuf *out = &l->entry;
  char argNames[3 + kMaxGroup][48];
  for (int i = 0; i < n; ++i) {
    Value *x = gtsLookup(l, args[i]);
    char mt[256], dt[256];
    gtsMemrefType(mlirValueGetType(args[i]), mt, sizeof mt);
    gtsDynMemrefType(mlirValueGetType(args[i]), dt, sizeof dt);
    if (strcmp(mt, dt) == 0) {
      snprintf(argNames[i], sizeof argNames[i], "%s", x->name);
      continue;
    }
    snprintf(argNames[i], sizeof argNames[i], "%s_dyn%d", x->name,
             l->numKernels);
    P("  %s = memref.cast %s : %s to %s\n", argNames[i], x->name, mt, dt);
  }
  P("  func.call @%s(", kname);
  for (int i = 0; i < n; ++i)
    P("%s%s", i ? ", " : "", argNames[i]);
  P(") : (");
  for (int i = 0; i < n; ++i) {
    char dt[256];
    gtsDynMemrefType(mlirValueGetType(args[i]), dt, sizeof dt);
    P("%s%s", i ? ", " : "", dt);
  }
  P(") -> ()\n");
}
