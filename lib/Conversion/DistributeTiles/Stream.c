//===- Stream.c - Register-by-register stores (ttarget.stream) ------------===//
//
// Op by op, `r = tile_load R; s = elementwise(acc, extf r); tile_store s`
// loads every register of R, then computes, then stores: all of R's
// registers are live beside the accumulator's at once, because no load of
// R may move below a store of C that might alias it. On MFMA (64
// accumulator registers per lane) that was 210 VGPRs and 70 SGPR spills.
//
// A tile_store marked `ttarget.stream` (TargetStream.c says which chain of
// ops it takes; tessera-lower-schedule decides where) is lowered register
// by register instead: the chain's ops are visited where they stand but
// make lazy tiles (DtTile.lazy, dtMadeTile), and the store makes, for each register in
// turn, that register of the chain (its loads, then its ops) inside its
// bounds check and stores it. Each op still has one lowering (its
// per-register function); only the order of registers changes. (Made
// before the check instead, the batched bf16 residual kernel on gfx90a
// needed 100 SGPRs and spilled 4; inside, 73.)
//
// The order gives the same result when a thread's stores do not change
// what its later loads read: the kernel's stored memrefs alias its loaded
// ones at most element for element (in place). The destination-passing
// entry guarantees that (results are fresh buffers); a kernel written by
// hand whose loads read elements that other threads or registers store is
// racy under any order.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"

#include <stdlib.h>

MlirValue dtReg(Dt *d, TsBuilder *b, const DtTile *t, int r) {
  if (!t->lazy)
    return t->regs[r];
  TsBuilder at = *b;
  at.loc = mlirOperationGetLocation(t->op); // the chain op's own location
  return t->make(d, &at, t, r);
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
  if (!tsOpIs(op, "tsched.tile_store") ||
      mlirAttributeIsNull(tvGetAttr(op, "ttarget.stream")))
    return MlirWalkResultAdvance;
  MlirOperation ops[TT_MAX_STREAM_CHAIN];
  bool loads;
  const char *why;
  int n = ttStreamChain(op, ops, TT_MAX_STREAM_CHAIN, &loads, &why);
  if (!n) {
    dtError(d, op, "ttarget.stream: nothing to stream (%s)", why);
    return MlirWalkResultInterrupt;
  }
  addStreamed(d, op);
  for (int i = 0; i < n; ++i)
    addStreamed(d, ops[i]);
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

DtTile *dtMadeTile(Dt *d, MlirOperation op, const TtLayout *layout,
                   MlirType t, DtRegFn make, void *ctx) {
  DtTile *tile = dtNewTile(d, layout, t);
  tile->make = make;
  tile->op = op;
  tile->ctx = ctx;
  tile->lazy = dtStreamed(d, op);
  return tile;
}

void dtMakeRegs(Dt *d, TsBuilder *b, DtTile *t) {
  for (int r = 0; !t->lazy && r < t->n; ++r)
    t->regs[r] = t->make(d, b, t, r);
}
