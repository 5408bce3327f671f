//===- Stream.c - Register-by-register epilogues ---------------------------===//
//
// Op by op, `r = tile_load R; s = elementwise(acc, extf r); tile_store s`
// loads every register of R, then computes, then stores: all of R's
// registers are live beside the accumulator's at once, because no load of
// R may move below a store of C that might alias it. On MFMA (64
// accumulator registers per lane) that is 210 VGPRs and 70 SGPR spills
// where the whole-nest template, which streams, needs 144.
//
// So a tile_store whose value is a chain of register tile loads (of global
// memory), elementwise and arith ops that nothing else uses is *streamed*:
// the chain's ops are visited where they stand but make lazy tiles
// (DtTile.lazy), and the store makes, for each register in turn, that
// register of the chain (its loads, then its ops) and stores it, inside the
// store's bounds check. Each op still has one lowering (its per-register
// function); only the order of registers changes.
//
// The order is the same result when a thread's stores do not change what
// its later loads read: the kernel's stored memrefs alias its loaded ones
// at most element for element (in place). The destination-passing entry
// guarantees that (results are fresh buffers); a kernel written by hand
// whose loads read elements other threads or registers store is racy
// under any order. Only ops that write no memory may stand between the
// chain's first op and the store.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/Schedule/ScheduleUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdlib.h>
#include <string.h>

MlirValue dtReg(Dt *d, TsBuilder *b, const DtTile *t, int r) {
  if (!t->lazy)
    return t->regs[r];
  TsBuilder at = *b;
  at.loc = mlirOperationGetLocation(t->op); // the chain op's own location
  return t->lazy(d, &at, t, r);
}

static bool singleUse(MlirValue v) {
  MlirOpOperand u = mlirValueGetFirstUse(v);
  return !mlirOpOperandIsNull(u) && mlirOpOperandIsNull(mlirOpOperandGetNextUse(u));
}

static bool sameShape(MlirType a, MlirType b) {
  int64_t x[2], y[2];
  return ttTileShape(a, x) && ttTileShape(b, y) &&
         mlirShapedTypeGetRank(a) == mlirShapedTypeGetRank(b) && x[0] == y[0] &&
         x[1] == y[1];
}

static bool isArith(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length > 6 && !memcmp(n.data, "arith.", 6);
}

// An op whose result tile the chain may make register by register: a 2-D
// register tile load of global memory, an elementwise function or an arith
// op, each of the stored tile's shape.
static bool chainKind(MlirOperation op, MlirType stored) {
  if (mlirOperationGetNumResults(op) != 1 || mlirOperationGetNumRegions(op))
    return false;
  MlirType t = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (!mlirTypeIsAVector(t) || !sameShape(t, stored))
    return false;
  if (tsOpIs(op, "tsched.tile_load")) {
    MlirType src = mlirValueGetType(mlirOperationGetOperand(op, 0));
    return mlirShapedTypeGetRank(t) == 2 && mlirTypeIsAMemRef(src) &&
           mlirAttributeIsNull(mlirMemRefTypeGetMemorySpace(src));
  }
  return tsOpIs(op, "tsched.elementwise") || isArith(op);
}

typedef struct Chain {
  MlirOperation ops[64];
  int n;
  bool loads, tooLong;
} Chain;

static void collect(MlirValue v, MlirBlock block, MlirType stored, Chain *c) {
  if (!mlirValueIsAOpResult(v) || !singleUse(v))
    return;
  MlirOperation x = mlirOpResultGetOwner(v);
  if (!mlirBlockEqual(mlirOperationGetBlock(x), block) || !chainKind(x, stored))
    return;
  if (c->n == (int)(sizeof c->ops / sizeof c->ops[0])) {
    c->tooLong = true;
    return;
  }
  c->ops[c->n++] = x;
  c->loads |= tsOpIs(x, "tsched.tile_load");
  if (tsOpIs(x, "tsched.tile_load"))
    return; // its operands are the memref and offsets
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(x); ++i)
    collect(mlirOperationGetOperand(x, i), block, stored, c);
}

static bool inChain(const Chain *c, MlirOperation op) {
  for (int i = 0; i < c->n; ++i)
    if (mlirOperationEqual(c->ops[i], op))
      return true;
  return false;
}

// Ops that may stand between the chain's loads and the store: they write
// no memory (and hold no barrier).
static bool writesNoMemory(MlirOperation op) {
  return !mlirOperationGetNumRegions(op) &&
         (isArith(op) || tsOpIs(op, "tsched.elementwise") ||
          tsOpIs(op, "tsched.tile_load") || tsOpIs(op, "memref.dim") ||
          tsOpIs(op, "affine.apply"));
}

static bool orderFree(const Chain *c, MlirOperation store) {
  MlirBlock block = mlirOperationGetBlock(store);
  bool started = false;
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationEqual(op, store); op = mlirOperationGetNextInBlock(op)) {
    bool mine = inChain(c, op);
    started |= mine;
    if (started && !mine && !writesNoMemory(op))
      return false;
  }
  return true;
}

static void addStreamed(Dt *d, MlirOperation op) {
  if (d->nstreamed == d->capstreamed) {
    d->capstreamed = d->capstreamed ? 2 * d->capstreamed : 32;
    d->streamed = realloc(d->streamed,
                          (size_t)d->capstreamed * sizeof *d->streamed);
    if (!d->streamed)
      abort();
  }
  d->streamed[d->nstreamed++] = op;
}

static MlirWalkResult planStore(MlirOperation op, void *user) {
  Dt *d = user;
  if (!tsOpIs(op, "tsched.tile_store") || mlirOperationGetNumOperands(op) < 2)
    return MlirWalkResultAdvance;
  MlirValue v = mlirOperationGetOperand(op, 0);
  MlirType t = mlirValueGetType(v);
  MlirType dst = mlirValueGetType(mlirOperationGetOperand(op, 1));
  if (!mlirTypeIsAVector(t) || mlirShapedTypeGetRank(t) != 2 ||
      !mlirTypeIsAMemRef(dst) ||
      !mlirAttributeIsNull(mlirMemRefTypeGetMemorySpace(dst)))
    return MlirWalkResultAdvance;
  Chain c = {.n = 0};
  collect(v, mlirOperationGetBlock(op), t, &c);
  // Without a load there is nothing to keep from being live at once.
  if (!c.loads || c.tooLong || !orderFree(&c, op))
    return MlirWalkResultAdvance;
  addStreamed(d, op);
  for (int i = 0; i < c.n; ++i)
    addStreamed(d, c.ops[i]);
  return MlirWalkResultAdvance;
}

void dtPlanStreams(Dt *d, MlirOperation func) {
  mlirOperationWalk(func, planStore, d, MlirWalkPreOrder);
}

bool dtStreamed(const Dt *d, MlirOperation op) {
  for (int i = 0; i < d->nstreamed; ++i)
    if (mlirOperationEqual(d->streamed[i], op))
      return true;
  return false;
}

DtTile *dtLazyTile(Dt *d, MlirOperation op, const TtLayout *layout,
                   MlirType t, DtRegFn fn, void *ctx) {
  DtTile *tile = dtNewTile(d, layout, t);
  tile->lazy = fn;
  tile->op = op;
  tile->ctx = ctx;
  return tile;
}
