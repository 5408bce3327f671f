//===- EntryValues.c - values and buffers of the entry --------------------===//
//
// The entry function's view of each Graph IR value: its SSA name, its dims
// (as SSA names of the entry) and its buffer, allocated where it is made.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

// Records where kernel `index` comes from: its source ops' locations, fused.
void gtsSetKernelLoc(Lowering *l, int index, intptr_t n,
                     const MlirOperation *ops) {
  MlirLocation locs[1 + kMaxGroup];
  for (intptr_t i = 0; i < n && i < 1 + kMaxGroup; ++i)
    locs[i] = mlirOperationGetLocation(ops[i]);
  MlirContext ctx = mlirOperationGetContext(ops[0]);
  MlirLocation *grown =
      realloc(l->kernelLocs, (size_t)(index + 1) * sizeof *grown);
  if (!grown)
    abort();
  l->kernelLocs = grown;
  l->kernelLocs[index] =
      n == 1 ? locs[0]
             : mlirLocationFusedGet(ctx, n, locs, (MlirAttribute){NULL});
}

MlirLogicalResult gtsOpError(MlirOperation op, const char *msg) {
  return tvEmitError(op, "%s", msg);
}

bool gtsNameIs(MlirOperation op, const char *name) {
  return tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

Value *gtsLookup(Lowering *l, MlirValue v) {
  for (int i = 0; i < l->numVals; ++i)
    if (mlirValueEqual(l->vals[i]->v, v))
      return l->vals[i];
  return NULL;
}

Value *gtsAddValue(Lowering *l, MlirValue v, const char *prefix) {
  if (l->numVals == l->capVals) {
    l->capVals = l->capVals ? 2 * l->capVals : 64;
    l->vals = realloc(l->vals, (size_t)l->capVals * sizeof *l->vals);
    if (!l->vals)
      abort();
  }
  Value *x = calloc(1, sizeof *x);
  if (!x)
    abort();
  l->vals[l->numVals] = x;
  x->v = v;
  snprintf(x->name, sizeof x->name, "%%%s%d", prefix, l->numVals);
  x->rank = (int)mlirShapedTypeGetRank(mlirValueGetType(v));
  ++l->numVals;
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

// "memref<?x4096xf32>" for a ranked tensor type.
void gtsMemrefType(MlirType t, char *buf, size_t cap) {
  char tmp[240];
  tvTypeStr(t, tmp, sizeof tmp);
  const char *p = strncmp(tmp, "tensor<", 7) == 0 ? tmp + 7 : tmp;
  snprintf(buf, cap, "memref<%s", p);
}

// "memref<?x?xf32>": kernels take fully dynamic memrefs, so one kernel
// serves every static shape and the entry casts its buffers at the call.
void gtsDynMemrefType(MlirType t, char *buf, size_t cap) {
  char e[32];
  tvTypeStr(mlirShapedTypeGetElementType(t), e, sizeof e);
  size_t n = (size_t)snprintf(buf, cap, "memref<");
  for (intptr_t d = 0; d < mlirShapedTypeGetRank(t) && n < cap; ++d)
    n += (size_t)snprintf(buf + n, cap - n, "?x");
  if (n < cap)
    snprintf(buf + n, cap - n, "%s>", e);
}

const char *gtsElemName(MlirType shaped, char *buf, size_t cap) {
  return tvTypeStr(mlirShapedTypeGetElementType(shaped), buf, cap);
}

// A constant index as an SSA name, emitted once into the entry's prologue.
static void constIndex(Lowering *l, int64_t v, char *out, size_t cap) {
  snprintf(out, cap, "%%ci%lld", (long long)v);
  char needle[64];
  snprintf(needle, sizeof needle, "%s = ", out);
  if (!l->constants.data || !strstr(l->constants.data, needle))
    tesseraStrBufPrintf(&l->constants, "  %s = arith.constant %lld : index\n",
                        out, (long long)v);
}

// Fills x->dims from a buffer that exists in the entry (an argument).
void gtsDimsFromBuffer(Lowering *l, Value *x) {
  MlirType t = mlirValueGetType(x->v);
  char mt[256];
  gtsMemrefType(t, mt, sizeof mt);
  for (int d = 0; d < x->rank; ++d) {
    int64_t s = mlirShapedTypeGetDimSize(t, d);
    if (!mlirShapedTypeIsDynamicSize(s)) {
      constIndex(l, s, x->dims[d], sizeof x->dims[d]);
      continue;
    }
    char c[40];
    constIndex(l, d, c, sizeof c);
    snprintf(x->dims[d], sizeof x->dims[d], "%s_d%d", x->name, d);
    tesseraStrBufPrintf(&l->entry, "  %s = memref.dim %s, %s : %s\n",
                        x->dims[d], x->name, c, mt);
    if (x->isArg)
      tesseraStrBufPrintf(&l->argDims, "  %s = memref.dim %s, %s : %s\n",
                          x->dims[d], x->name, c, mt);
  }
}

// `name = memref.alloc(dynamic dims of x) : <x's memref type>`.
void gtsEmitAlloc(TesseraStrBuf *out, const char *name, const Value *x) {
  MlirType t = mlirValueGetType(x->v);
  char mt[256];
  gtsMemrefType(t, mt, sizeof mt);
  P("  %s = memref.alloc(", name);
  bool first = true;
  for (int d = 0; d < x->rank; ++d)
    if (mlirShapedTypeIsDynamicSize(mlirShapedTypeGetDimSize(t, d))) {
      P("%s%s", first ? "" : ", ", x->dims[d]);
      first = false;
    }
  P(") {alignment = 64 : i64} : %s\n", mt);
}

// Allocates the buffer of an op result whose dims are given.
void gtsAllocate(Lowering *l, Value *x) {
  MlirType t = mlirValueGetType(x->v);
  gtsEmitAlloc(&l->entry, x->name, x);
  // Static dims become constants (the result type may be more precise than
  // the operand it was derived from).
  for (int d = 0; d < x->rank; ++d) {
    int64_t s = mlirShapedTypeGetDimSize(t, d);
    if (!mlirShapedTypeIsDynamicSize(s))
      constIndex(l, s, x->dims[d], sizeof x->dims[d]);
  }
  x->materialised = true;
}

// Materialised value for an operand, or an error at `user`.
Value *gtsOperandValue(Lowering *l, MlirOperation user, MlirValue v) {
  Value *x = gtsLookup(l, v);
  if (!x || !x->materialised) {
    gtsOpError(user, "operand is not produced by an op tessera-lower-graph "
                     "supports (only matmul/batch_matmul with fused "
                     "elementwise epilogues and softmax are lowered so far)");
    l->failed = true;
    return NULL;
  }
  return x;
}
