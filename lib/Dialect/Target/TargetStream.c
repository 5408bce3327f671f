//===- TargetStream.c - ttarget.stream: register-by-register stores -------===//
//
// `ttarget.stream` (a unit attribute on a tsched.tile_store of a kernel
// compiled op by op) says: make the stored tile one register at a time,
// each register's loads and ops right before its store, instead of each op
// for the whole tile in turn. It applies to the chain of ops that only the
// store uses: 2-D register tile loads of global memory, tsched.elementwise
// and arith ops on tiles of the stored shape, in the store's block. With a
// load in the chain, only ops that write no memory may stand between the
// chain's first op and the store, so that the loads read what they read in
// program order. The lowering: lib/Conversion/DistributeTiles/Stream.c;
// the choice: tessera-lower-schedule (ScheduleToTarget.c).
//
//===----------------------------------------------------------------------===//
#include "Dialect/Target/TargetUtils.h"

#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <string.h>

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
  return tsOpIs(op, "tsched.elementwise") || tsOpIsArith(op);
}

typedef struct Chain {
  MlirOperation *ops;
  int n, cap;
  bool loads, tooLong;
} Chain;

static void collect(MlirValue v, MlirBlock block, MlirType stored, Chain *c) {
  if (!mlirValueIsAOpResult(v) || !singleUse(v))
    return;
  MlirOperation x = mlirOpResultGetOwner(v);
  if (!mlirBlockEqual(mlirOperationGetBlock(x), block) || !chainKind(x, stored))
    return;
  if (c->n == c->cap) {
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
         (tsOpIsArith(op) || tsOpIs(op, "tsched.elementwise") ||
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

int ttStreamChain(MlirOperation store, MlirOperation *ops, int cap,
                  bool *loads, const char **why) {
  *loads = false;
  *why = NULL;
  if (!tsOpIs(store, "tsched.tile_store") ||
      mlirOperationGetNumOperands(store) < 2) {
    *why = "it goes on a tsched.tile_store";
    return 0;
  }
  MlirValue v = mlirOperationGetOperand(store, 0);
  MlirType t = mlirValueGetType(v);
  MlirType dst = mlirValueGetType(mlirOperationGetOperand(store, 1));
  if (!mlirTypeIsAVector(t) || mlirShapedTypeGetRank(t) != 2 ||
      !mlirTypeIsAMemRef(dst) ||
      !mlirAttributeIsNull(mlirMemRefTypeGetMemorySpace(dst))) {
    *why = "only stores of 2-D register tiles to global memory stream";
    return 0;
  }
  Chain c = {.ops = ops, .cap = cap};
  collect(v, mlirOperationGetBlock(store), t, &c);
  *loads = c.loads;
  if (!c.n)
    *why = "the stored tile is not made by a tile load, elementwise or "
           "arith op that only the store uses";
  else if (c.tooLong)
    *why = "the chain has too many ops";
  else if (c.loads && !orderFree(&c, store))
    *why = "an op that writes memory stands between the chain's loads and "
           "the store";
  return *why ? 0 : c.n;
}

MlirLogicalResult ttVerifyStreamAttr(MlirOperation op, MlirAttribute attr) {
  if (!mlirAttributeIsAUnit(attr))
    return tvEmitError(op, "ttarget.stream must be a unit attribute");
  MlirOperation ops[TT_MAX_STREAM_CHAIN];
  bool loads;
  const char *why;
  if (!ttStreamChain(op, ops, TT_MAX_STREAM_CHAIN, &loads, &why))
    return tvEmitError(op, "ttarget.stream: nothing to stream (%s)", why);
  return mlirLogicalResultSuccess();
}
