//===- EntryValues.c - values and buffers of the entry --------------------===//
//
// The entry function's view of each Graph IR value: its buffer, allocated
// where the value is made, and its dims, kept symbolic (DimRef) and made
// SSA values where they are first needed.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

void gtsGrow(void **items, int *cap, int n, size_t size) {
  if (n < *cap)
    return;
  *cap = *cap ? 2 * *cap : 16;
  void *grown = realloc(*items, (size_t)*cap * size);
  if (!grown)
    abort();
  *items = grown;
}

MlirLogicalResult gtsOpError(MlirOperation op, const char *msg) {
  return tvEmitError(op, "%s", msg);
}

bool gtsNameIs(MlirOperation op, const char *name) {
  return tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

Value *gtsLookup(Lowering *l, MlirValue v) {
  for (int i = l->numVals - 1; i >= 0; --i)
    if (mlirValueEqual(l->vals[i]->v, v))
      return l->vals[i];
  return NULL;
}

Value *gtsAddValue(Lowering *l, MlirValue v) {
  gtsGrow((void **)&l->vals, &l->capVals, l->numVals, sizeof *l->vals);
  Value *x = tsAlloc(1, sizeof *x);
  l->vals[l->numVals++] = x;
  x->v = v;
  x->rank = (int)mlirShapedTypeGetRank(mlirValueGetType(v));
  x->dims = tsAlloc(x->rank, sizeof *x->dims);
  return x;
}

int gtsUseCount(MlirValue v) {
  int n = 0;
  for (MlirOpOperand u = mlirValueGetFirstUse(v); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u))
    ++n;
  return n;
}

MlirOperation gtsSingleUser(MlirValue v) {
  MlirOpOperand u = mlirValueGetFirstUse(v);
  if (mlirOpOperandIsNull(u) ||
      !mlirOpOperandIsNull(mlirOpOperandGetNextUse(u)))
    return (MlirOperation){NULL};
  return mlirOpOperandGetOwner(u);
}

MlirType gtsMemrefType(MlirType t) {
  intptr_t rank = mlirShapedTypeGetRank(t);
  int64_t *shape = tsAlloc(rank, sizeof *shape);
  for (intptr_t d = 0; d < rank; ++d)
    shape[d] = mlirShapedTypeGetDimSize(t, d);
  MlirType m = tsMemRefType(mlirShapedTypeGetElementType(t), rank, shape,
                            (MlirAttribute){NULL});
  free(shape);
  return m;
}

MlirType gtsDynMemrefType(MlirType t) {
  return tsDynamicMemRef(mlirShapedTypeGetElementType(t),
                         mlirShapedTypeGetRank(t));
}

// The table entry `op` of a and b, made once.
static DimRef derivedDim(Lowering *l, char op, DimRef a, DimRef b) {
  for (int i = 0; i < l->numDerived; ++i)
    if (l->derived[i].op == op && gtsDimEq(l->derived[i].a, a) &&
        gtsDimEq(l->derived[i].b, b))
      return (DimRef){GTS_DIM_DERIVED, i};
  gtsGrow((void **)&l->derived, &l->capDerived, l->numDerived,
          sizeof *l->derived);
  l->derived[l->numDerived] = (DerivedDim){op, a, b};
  return (DimRef){GTS_DIM_DERIVED, l->numDerived++};
}

DimRef gtsSumDim(Lowering *l, DimRef a, DimRef b) {
  int64_t s;
  if (gtsDimIsConst(a) && gtsDimIsConst(b) &&
      !__builtin_add_overflow(a.v, b.v, &s))
    return gtsConstDim(s);
  return derivedDim(l, '+', a, b);
}

DimRef gtsQuotientDim(Lowering *l, DimRef a, int64_t n) {
  if (n == 1)
    return a;
  if (gtsDimIsConst(a))
    return gtsConstDim(a.v / n);
  return derivedDim(l, '/', a, gtsConstDim(n));
}

MlirValue gtsDimValue(DimCache *c, const TsBuilder *b, DimRef d) {
  for (int i = 0; i < c->n; ++i)
    if (gtsDimEq(c->items[i].dim, d))
      return c->items[i].value;
  MlirValue v;
  if (gtsDimIsConst(d))
    v = tsConstIndex(b, d.v);
  else if (d.arg == GTS_DIM_DERIVED) {
    const DerivedDim *e = &c->owner->derived[d.v];
    v = tsBinary(b, e->op == '+' ? "arith.addi" : "arith.divui",
                 gtsDimValue(c, b, e->a), gtsDimValue(c, b, e->b));
  }
  else
    v = tsDim(b, mlirBlockGetArgument(c->block, d.arg), d.v);
  gtsGrow((void **)&c->items, &c->cap, c->n, sizeof *c->items);
  c->items[c->n].dim = d;
  c->items[c->n++].value = v;
  return v;
}

static MlirValue allocWithDims(Lowering *l, MlirType t, const DimRef *dims) {
  intptr_t rank = mlirShapedTypeGetRank(t);
  MlirValue *dyn = tsAlloc(rank, sizeof *dyn);
  int n = 0;
  for (intptr_t d = 0; d < rank; ++d)
    if (mlirShapedTypeIsDynamicSize(mlirShapedTypeGetDimSize(t, d)))
      dyn[n++] = gtsDimValue(&l->entryDims, &l->entry, dims[d]);
  MlirValue buf = tsMemAlloc(&l->entry, gtsMemrefType(t), n, dyn, 64);
  free(dyn);
  return buf;
}

void gtsAllocate(Lowering *l, Value *x) {
  MlirType t = mlirValueGetType(x->v);
  // Static dims are constants (the result type may be more precise than
  // the operand it was derived from).
  for (int d = 0; d < x->rank; ++d) {
    int64_t s = mlirShapedTypeGetDimSize(t, d);
    if (!mlirShapedTypeIsDynamicSize(s))
      x->dims[d] = gtsConstDim(s);
  }
  x->buf = allocWithDims(l, t, x->dims);
}

MlirValue gtsAllocLike(Lowering *l, const Value *x) {
  return allocWithDims(l, mlirValueGetType(x->v), x->dims);
}

Value *gtsOperandValue(Lowering *l, MlirOperation user, MlirValue v) {
  Value *x = gtsLookup(l, v);
  if (!x && mlirValueIsAOpResult(v) &&
      gtsNameIs(mlirOpResultGetOwner(v), "tgraph.broadcast"))
    return gtsMaterializeBroadcast(l, mlirOpResultGetOwner(v), NULL);
  if (!x || mlirValueIsNull(x->buf)) {
    gtsOpError(user, "operand is not produced by an op tessera-lower-graph "
                     "supports (matmul/batch_matmul with fused "
                     "elementwise epilogues, softmax, the norms, reductions "
                     "and elementwise chains are lowered so far)");
    l->failed = true;
    return NULL;
  }
  return x;
}

MlirValue gtsDynamicBuffer(Lowering *l, const Value *x) {
  MlirType dyn = gtsDynMemrefType(mlirValueGetType(x->v));
  if (mlirTypeEqual(mlirValueGetType(x->buf), dyn))
    return x->buf;
  return tsConvert(&l->entry, "memref.cast", x->buf, dyn);
}

MlirLocation gtsGroupLoc(const KernelGroup *g) {
  if (!g->numEpi)
    return mlirOperationGetLocation(g->root);
  MlirLocation *locs = tsAlloc(1 + g->numEpi, sizeof *locs);
  locs[0] = mlirOperationGetLocation(g->root);
  for (int i = 0; i < g->numEpi; ++i)
    locs[1 + i] = mlirOperationGetLocation(g->epi[i].op);
  MlirLocation loc = mlirLocationFusedGet(
      mlirOperationGetContext(g->root), 1 + g->numEpi, locs,
      (MlirAttribute){NULL});
  free(locs);
  return loc;
}

// A new symbol of the function being lowered: "<function><kind><n>".
static char *symbolName(const Lowering *l, const char *kind, int n) {
  size_t cap = strlen(l->funcName) + strlen(kind) + 16;
  char *name = tsAlloc((intptr_t)cap, 1);
  snprintf(name, cap, "%s%s%d", l->funcName, kind, n);
  return name;
}

MlirOperation gtsStartKernel(Lowering *l, const KernelGroup *g, MlirType type,
                             char **name, TsBuilder *body) {
  *name = symbolName(l, "_k", l->numKernels++);
  TsBuilder at = l->top;
  at.loc = gtsGroupLoc(g);
  MlirOperation f = tsFunc(&at, *name, type, body);
  gtsGrow((void **)&l->made, &l->capMade, l->numMade, sizeof *l->made);
  l->made[l->numMade++] = f;
  // The names of the fused Graph IR ops, root first.
  const char **fused = tsAlloc(1 + g->numEpi, sizeof *fused);
  char **names = tsAlloc(1 + g->numEpi, sizeof *names);
  for (int i = 0; i <= g->numEpi; ++i) {
    MlirOperation op = i ? g->epi[i - 1].op : g->root;
    MlirStringRef s = mlirIdentifierStr(mlirOperationGetName(op));
    names[i] = tsAlloc((intptr_t)s.length + 1, 1);
    memcpy(names[i], s.data, s.length);
    fused[i] = names[i];
  }
  tsMarkKernel(f, 1 + g->numEpi, fused);
  for (int i = 0; i <= g->numEpi; ++i)
    free(names[i]);
  free(names);
  free(fused);
  return f;
}

// The product of dims [from, to) of `t`: static only if all of them are; a
// product too large for int64 cannot be a real shape: call it dynamic.
static int64_t staticProduct(MlirType t, int from, int to) {
  int64_t p = 1;
  for (int d = from; d < to; ++d) {
    int64_t s = mlirShapedTypeGetDimSize(t, d);
    if (mlirShapedTypeIsDynamicSize(s) || __builtin_mul_overflow(p, s, &p))
      return mlirShapedTypeGetDynamicSize();
  }
  return p;
}

// memref.collapse_shape of `v` into the groups [ends[g-1], ends[g]) (from
// 0; empty groups are skipped).
static MlirValue collapseRanges(const TsBuilder *b, MlirValue v, int n,
                                const int *ends) {
  MlirType t = mlirValueGetType(v);
  MlirAttribute *groups = tsAlloc(n, sizeof *groups);
  int64_t *shape = tsAlloc(n, sizeof *shape);
  int ng = 0;
  for (int g = 0; g < n; ++g) {
    int from = g ? ends[g - 1] : 0, to = ends[g];
    if (from == to)
      continue;
    MlirAttribute *dims = tsAlloc(to - from, sizeof *dims);
    for (int d = from; d < to; ++d)
      dims[d - from] = tsI64Attr(b, d);
    groups[ng] = mlirArrayAttrGet(b->ctx, to - from, dims);
    shape[ng++] = staticProduct(t, from, to);
    free(dims);
  }
  MlirNamedAttribute attr =
      tsNamed(b, "reassociation", mlirArrayAttrGet(b->ctx, ng, groups));
  MlirType ct = tsMemRefType(mlirShapedTypeGetElementType(t), ng, shape,
                             (MlirAttribute){NULL});
  free(groups);
  free(shape);
  return tsResult(tsOp(b, "memref.collapse_shape", 1, &v, 1, &ct, 1, &attr, 0),
                  0);
}

// memref.collapse_shape of `v` into groups [0, split) and [split, rank)
// (one group if split is 0 or rank).
static MlirValue collapseAt(const TsBuilder *b, MlirValue v, int rank,
                            int split) {
  int ends[2] = {split, rank};
  return collapseRanges(b, v, 2, ends);
}

// A 1-D (or, for `rank0`, 0-D) buffer `v` as one row [1 x N] or one
// column [N x 1]; `n` is N when dynamic.
static MlirValue expandToMatrix(const TsBuilder *b, MlirValue v, MlirValue n,
                                bool column, bool rank0) {
  MlirType t = mlirValueGetType(v);
  int64_t len = rank0 ? 1 : mlirShapedTypeGetDimSize(t, 0);
  int64_t shape[2] = {column ? len : 1, column ? 1 : len};
  bool dyn = mlirShapedTypeIsDynamicSize(len);
  MlirValue ops[2] = {v, n};
  MlirNamedAttribute attrs[2] = {
      tsNamed(b, "reassociation", tsAttr(b, rank0 ? "[]" : "[[0, 1]]")),
      tsNamed(b, "static_output_shape",
              mlirDenseI64ArrayGet(b->ctx, 2, shape))};
  MlirType et = tsMemRefType(mlirShapedTypeGetElementType(t), 2, shape,
                             (MlirAttribute){NULL});
  return tsResult(
      tsOp(b, "memref.expand_shape", dyn ? 2 : 1, ops, 1, &et, 2, attrs, 0), 0);
}

MlirValue gtsSplitView(Lowering *l, const Value *x, int split) {
  const TsBuilder *b = &l->entry;
  MlirType elem = mlirShapedTypeGetElementType(mlirValueGetType(x->buf));
  MlirValue v = x->buf;
  // One row (split 0) or one column (split == rank): the buffer as 1-D,
  // then [1 x N] or [N x 1].
  bool vector = split == 0 || split == x->rank;
  if (x->rank > 2 || (x->rank == 2 && vector))
    v = collapseAt(b, v, x->rank, split);
  if (vector) {
    bool dyn = x->rank > 0 && mlirShapedTypeIsDynamicSize(mlirShapedTypeGetDimSize(
                                  mlirValueGetType(v), 0));
    MlirValue n = {NULL};
    if (dyn)
      n = x->rank == 1 ? gtsDimValue(&l->entryDims, b, x->dims[0])
                       : tsDim(b, v, 0);
    v = expandToMatrix(b, v, n, split > 0, x->rank == 0);
  }
  MlirType dynT = tsDynamicMemRef(elem, 2);
  if (mlirTypeEqual(mlirValueGetType(v), dynT))
    return v;
  return tsConvert(b, "memref.cast", v, dynT);
}

MlirValue gtsRowsView(Lowering *l, const Value *x) {
  return gtsSplitView(l, x, x->rank - 1);
}

void gtsBuildConstant(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  MlirValue res = mlirOperationGetResult(op, 0);
  // A constant nothing reads (one a rewrite such as tessera-fuse-attention
  // left behind) is not materialised.
  if (gtsUseCount(res) == 0)
    return;
  MlirType mt = gtsMemrefType(mlirValueGetType(res));
  // The data: a private constant memref.global before the function.
  char *name = symbolName(l, "_cst", l->numConsts++);
  TsBuilder at = l->top;
  at.loc = mlirOperationGetLocation(op);
  MlirNamedAttribute attrs[6] = {
      tsNamed(&at, "sym_name", mlirStringAttrGet(l->ctx, mlirStringRefCreateFromCString(name))),
      tsNamed(&at, "sym_visibility", tsStrAttr(&at, "private")),
      tsNamed(&at, "type", mlirTypeAttrGet(mt)),
      tsNamed(&at, "initial_value", tvGetAttr(op, "value")),
      tsNamed(&at, "constant", mlirUnitAttrGet(l->ctx)),
      tsNamed(&at, "alignment", tsI64Attr(&at, 64))};
  MlirOperation global = tsOp(&at, "memref.global", 0, NULL, 0, NULL, 6, attrs, 0);
  gtsGrow((void **)&l->made, &l->capMade, l->numMade, sizeof *l->made);
  l->made[l->numMade++] = global;
  // Its value: a buffer like every other, filled from the global where
  // the op stands (on a GPU target the copy is a host-to-device memcpy).
  MlirNamedAttribute ref = tsNamed(
      &l->entry, "name",
      mlirFlatSymbolRefAttrGet(l->ctx, mlirStringRefCreateFromCString(name)));
  MlirValue data = tsResult(
      tsOp(&l->entry, "memref.get_global", 0, NULL, 1, &mt, 1, &ref, 0), 0);
  Value *x = gtsAddValue(l, res);
  for (int d = 0; d < x->rank; ++d)
    x->dims[d] = gtsConstDim(mlirShapedTypeGetDimSize(mt, d));
  gtsAllocate(l, x);
  tsMemCopy(&l->entry, data, x->buf);
  free(name);
}

MlirValue gtsCollapseView(Lowering *l, const Value *x, int n,
                          const int *ends) {
  MlirType elem = mlirShapedTypeGetElementType(mlirValueGetType(x->buf));
  MlirValue v = n == x->rank ? x->buf : collapseRanges(&l->entry, x->buf, n, ends);
  MlirType dynT = tsDynamicMemRef(elem, n);
  if (mlirTypeEqual(mlirValueGetType(v), dynT))
    return v;
  return tsConvert(&l->entry, "memref.cast", v, dynT);
}

MlirValue gtsBatchView(Lowering *l, const Value *x) {
  const TsBuilder *b = &l->entry;
  MlirType elem = mlirShapedTypeGetElementType(mlirValueGetType(x->buf));
  MlirValue v = x->buf;
  int r = x->rank;
  if (r > 3) {
    int ends[3] = {r - 2, r - 1, r};
    v = collapseRanges(b, v, 3, ends);
  } else if (r == 2) { // [S, D] -> [1, S, D]
    MlirType t = mlirValueGetType(v);
    int64_t shape[3] = {1, mlirShapedTypeGetDimSize(t, 0),
                        mlirShapedTypeGetDimSize(t, 1)};
    MlirValue ops[3] = {v};
    int nops = 1;
    for (int d = 0; d < 2; ++d)
      if (mlirShapedTypeIsDynamicSize(shape[1 + d]))
        ops[nops++] = gtsDimValue(&l->entryDims, b, x->dims[d]);
    MlirNamedAttribute attrs[2] = {
        tsNamed(b, "reassociation", tsAttr(b, "[[0, 1], [2]]")),
        tsNamed(b, "static_output_shape",
                mlirDenseI64ArrayGet(b->ctx, 3, shape))};
    MlirType et = tsMemRefType(elem, 3, shape, (MlirAttribute){NULL});
    v = tsResult(tsOp(b, "memref.expand_shape", nops, ops, 1, &et, 2, attrs, 0),
                 0);
  }
  MlirType dynT = tsDynamicMemRef(elem, 3);
  if (mlirTypeEqual(mlirValueGetType(v), dynT))
    return v;
  return tsConvert(b, "memref.cast", v, dynT);
}
