//===- Tma.c - ttarget.copy {family = "tma"}: tensor maps and mbarriers ---===//
//
// sm_90a's Tensor Memory Accelerator copies a tile from global to shared
// memory in one instruction (cp.async.bulk.tensor), issued by one thread,
// its completion counted in bytes by an mbarrier. Op by op:
//
//   - the host encodes one tensor map per kernel argument TMA copies read
//     (tesseraTmaArgs: its box and swizzle; LaunchCalls.c) and passes it
//     after the kernel's own arguments, as a pointer; the kernel prefetches
//     it;
//   - a tile loop with `stages = S` gets S mbarriers, one per ring slot,
//     initialised by thread 0. Issuing iteration i's copies into slot s is
//     thread 0's expect_tx(bar[s], the bytes of all of them) and one TMA
//     load per box; the wait is every thread's try_wait.parity(bar[s],
//     (i / S) & 1): slot s completes its phases in order, one per use;
//   - the slot a copy refills was read by the iteration before (TileMemory's
//     ring meets the block at a barrier first, after wgmma has waited).
//
// Boxes: swizzled, a TMA box is at most one span (32, 64 or 128 bytes)
// wide, so a tile of rows R x C is copied as C / span boxes of R x span,
// stored one after another (box j at byte j * R * span), each with TMA's
// XOR pattern (dtSwizzleCol). wgmma's MN-major b descriptor walks them
// with its leading byte offset (Wgmma.c). Elements outside the tensor are
// zero-filled (oob = zero) and still credited to the mbarrier, so edge
// tiles need no code. A batched source (rank 3) has a 3-D map: its tiles
// never read across a batch.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

//===----------------------------------------------------------------------===//
// The tensor maps a kernel needs
//===----------------------------------------------------------------------===//

static bool copyBox(MlirOperation copy, TesseraTmaArg *a) {
  MlirValue src = mlirOperationGetOperand(copy, 0);
  MlirType st = mlirValueGetType(src);
  MlirType t = mlirValueGetType(mlirOperationGetResult(copy, 0));
  if (!mlirValueIsABlockArgument(src) || mlirShapedTypeGetRank(t) != 2)
    return false;
  memset(a, 0, sizeof *a);
  a->arg = (int)mlirBlockArgumentGetArgNumber(src);
  a->rank = (int)mlirShapedTypeGetRank(st);
  a->elem = mlirShapedTypeGetElementType(t);
  a->elemBytes = tesseraTileBytes(t) /
                 (mlirShapedTypeGetDimSize(t, 0) * mlirShapedTypeGetDimSize(t, 1));
  a->swizzle = dtCopySwizzle(copy);
  int64_t row = mlirShapedTypeGetDimSize(t, 1) * a->elemBytes;
  int64_t span = a->swizzle ? a->swizzle : row;
  a->box[0] = mlirShapedTypeGetDimSize(t, 0);
  a->box[1] = span / a->elemBytes;
  return (a->rank == 2 || a->rank == 3) && row % span == 0;
}

typedef struct TmaWalk {
  TesseraTmaArg *out;
  int n;
  char *why;
  size_t cap;
  bool failed;
} TmaWalk;

static MlirWalkResult collectTma(MlirOperation op, void *ud) {
  TmaWalk *w = ud;
  if (!ttOpHasFamily(op, "ttarget.copy", "tma"))
    return MlirWalkResultAdvance;
  TesseraTmaArg a;
  const char *no = NULL;
  if (!copyBox(op, &a))
    no = "a TMA copy reads a kernel argument of rank 2 or 3 into a 2-D "
         "tile whose rows are whole swizzle spans";
  int i = 0;
  while (!no && i < w->n && w->out[i].arg != a.arg)
    ++i;
  if (!no && i < w->n &&
      (w->out[i].box[0] != a.box[0] || w->out[i].box[1] != a.box[1] ||
       w->out[i].swizzle != a.swizzle))
    no = "two TMA copies of one argument need different boxes or swizzles "
         "(one tensor map per argument)";
  if (!no && i == w->n && w->n == TESSERA_MAX_TMA_ARGS)
    no = "more than 8 arguments are read by TMA copies";
  if (no) {
    snprintf(w->why, w->cap, "%s", no);
    w->failed = true;
    return MlirWalkResultInterrupt;
  }
  if (i == w->n)
    w->out[w->n++] = a;
  return MlirWalkResultAdvance;
}

// In argument order: the launch passes the maps in this order.
int tesseraTmaArgs(MlirOperation func, TesseraTmaArg *out, char *why,
                   size_t cap) {
  TmaWalk w = {out, 0, why, cap, false};
  mlirOperationWalk(func, collectTma, &w, MlirWalkPreOrder);
  if (w.failed)
    return -1;
  for (int i = 1; i < w.n; ++i)
    for (int j = i; j > 0 && out[j].arg < out[j - 1].arg; --j) {
      TesseraTmaArg t = out[j];
      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  return w.n;
}

//===----------------------------------------------------------------------===//
// In the kernel
//===----------------------------------------------------------------------===//

static const char *swizzleName(int64_t s) {
  return s == 128 ? "swizzle_128b"
         : s == 64 ? "swizzle_64b"
         : s == 32 ? "swizzle_32b"
                   : "none";
}

// memref<[1x]R x B x T, space>: one box in shared memory.
static MlirType boxType(const TesseraTmaArg *a, MlirAttribute space) {
  int64_t shape[3] = {1, a->box[0], a->box[1]};
  int r = a->rank == 3 ? 3 : 2;
  return mlirMemRefTypeGet(a->elem, r, shape + (3 - r), mlirAttributeGetNull(),
                           space);
}

static MlirType mapType(Dt *d, const TesseraTmaArg *a) {
  char box[160], text[400];
  MlirType bt = boxType(a, mlirIntegerAttrGet(mlirIntegerTypeGet(d->ctx, 64), 3));
  tvTypeStr(bt, box, sizeof box);
  snprintf(text, sizeof text,
           "!nvgpu.tensormap.descriptor<tensor = %s, swizzle = %s, l2promo "
           "= none, oob = zero, interleave = none>",
           box, swizzleName(a->swizzle));
  return mlirTypeParseGet(d->ctx, mlirStringRefCreateFromCString(text));
}

bool dtTmaSignature(Dt *d, MlirOperation func) {
  char why[200];
  d->ntma = tesseraTmaArgs(func, d->tma, why, sizeof why);
  if (d->ntma < 0)
    return dtError(d, func, "%s", why);
  if (d->ntma > 0 && strcmp(d->chip, "sm_90a"))
    return dtError(d, func, "TMA copies need chip sm_90a, not %s", d->chip);
  return true;
}

void dtTmaEntry(Dt *d, TsBuilder *b, MlirBlock entry, intptr_t firstMap) {
  if (!d->ntma)
    return;
  MlirValue ops[2] = {d->tid, dtIdx(b, 0)};
  MlirType i1 = mlirIntegerTypeGet(d->ctx, 1);
  MlirNamedAttribute eq =
      tsNamed(b, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(d->ctx, 64), 0));
  d->leader = tsResult(tsOp(b, "arith.cmpi", 2, ops, 1, &i1, 1, &eq, 0), 0);
  for (int i = 0; i < d->ntma; ++i) {
    // The map arrives as a plain pointer: convert-gpu-to-nvvm cannot
    // convert a gpu.func signature holding nvgpu types.
    MlirValue p = mlirBlockGetArgument(entry, firstMap + i);
    MlirType mt = mapType(d, &d->tma[i]);
    d->tmaDesc[i] = tsResult(
        tsOp(b, "builtin.unrealized_conversion_cast", 1, &p, 1, &mt, 0, NULL, 0), 0);
    MlirValue pre[2] = {d->tmaDesc[i], d->leader};
    tsOp(b, "nvgpu.tma.prefetch.descriptor", 2, pre, 0, NULL, 0, NULL, 0);
  }
}

static int tmaIndex(Dt *d, MlirOperation copy) {
  MlirValue src = mlirOperationGetOperand(copy, 0);
  int arg = mlirValueIsABlockArgument(src)
                ? (int)mlirBlockArgumentGetArgNumber(src)
                : -1;
  for (int i = 0; i < d->ntma; ++i)
    if (d->tma[i].arg == arg)
      return i;
  return -1;
}

static MlirType barType(Dt *d, int64_t n) {
  char text[160];
  snprintf(text, sizeof text,
           "!nvgpu.mbarrier.group<memorySpace = #gpu.address_space<"
           "workgroup>, num_barriers = %lld>",
           (long long)n);
  return mlirTypeParseGet(d->ctx, mlirStringRefCreateFromCString(text));
}

bool dtTmaRingBegin(Dt *d, TsBuilder *b, DtPipe *p, MlirOperation *copies,
                    int n) {
  p->tma = true;
  p->txBytes = 0;
  for (int i = 0; i < n; ++i)
    p->txBytes += tesseraTileBytes(mlirValueGetType(mlirOperationGetResult(copies[i], 0)));
  MlirType bt = barType(d, p->stages);
  p->bars = tsResult(tsOp(b, "nvgpu.mbarrier.create", 0, NULL, 1, &bt, 0, NULL, 0), 0);
  for (int64_t s = 0; s < p->stages; ++s) {
    MlirValue ops[4] = {p->bars, dtIdx(b, 1), dtIdx(b, s), d->leader};
    tsOp(b, "nvgpu.mbarrier.init", 4, ops, 0, NULL, 0, NULL, 0);
  }
  // Every thread sees the barriers initialised before it waits on one.
  dtBarrier(b);
  return true;
}

void dtTmaExpect(Dt *d, TsBuilder *b, DtPipe *p, MlirValue slot,
                 MlirValue valid) {
  MlirValue pred = tsBinary(b, "arith.andi", d->leader, valid);
  MlirValue ops[4] = {p->bars, dtIdx(b, p->txBytes), slot, pred};
  tsOp(b, "nvgpu.mbarrier.arrive.expect_tx", 4, ops, 0, NULL, 0, NULL, 0);
}

bool dtTmaIssue(Dt *d, TsBuilder *b, DtPipe *p, MlirOperation copy,
                const DtBuffer *buf, MlirValue slot, const MlirValue *off,
                intptr_t rank, MlirValue valid) {
  int m = tmaIndex(d, copy);
  if (m < 0)
    return dtError(d, copy, "a TMA copy reads a kernel argument without a "
                   "tensor map");
  const TesseraTmaArg *a = &d->tma[m];
  int64_t span = a->box[1] * a->elemBytes;
  int64_t boxes = tesseraTileBytes(mlirValueGetType(mlirOperationGetResult(copy, 0))) /
                  (a->box[0] * span);
  MlirValue pred = tsBinary(b, "arith.andi", d->leader, valid);
  MlirType vt = boxType(a, tsAttr(b, "#gpu.address_space<workgroup>"));
  MlirValue base = dtAdd(b, dtIdx(b, buf->offset),
                         tsBinary(b, "arith.muli", slot, dtIdx(b, buf->bytes)));
  for (int64_t j = 0; j < boxes; ++j) {
    MlirValue vops[2] = {d->smem, dtAdd(b, base, dtIdx(b, j * a->box[0] * span))};
    MlirValue dst = tsResult(tsOp(b, "memref.view", 2, vops, 1, &vt, 0, NULL, 0), 0);
    // Coordinates innermost first: column, row[, batch].
    MlirValue all[9];
    intptr_t k = 0;
    all[k++] = dst;
    all[k++] = p->bars;
    all[k++] = d->tmaDesc[m];
    all[k++] = dtAdd(b, off[rank - 1], dtIdx(b, j * a->box[1]));
    all[k++] = off[rank - 2];
    if (rank == 3)
      all[k++] = off[0];
    all[k++] = slot;
    all[k++] = pred;
    int32_t seg[7] = {1, 1, 1, (int32_t)(rank == 3 ? 3 : 2), 1, 0, 1};
    MlirNamedAttribute sa =
        tsNamed(b, "operandSegmentSizes", mlirDenseI32ArrayGet(d->ctx, 7, seg));
    tsOp(b, "nvgpu.tma.async.load", k, all, 0, NULL, 1, &sa, 0);
  }
  return true;
}

void dtTmaWait(Dt *d, TsBuilder *b, const DtPipe *p) {
  MlirValue phase = tsBinary(
      b, "arith.remui",
      tsBinary(b, "arith.divui", p->iter, dtIdx(b, p->stages)), dtIdx(b, 2));
  MlirValue ops[2] = {phase, dtIdx(b, 0)};
  MlirType i1 = mlirIntegerTypeGet(d->ctx, 1);
  MlirNamedAttribute ne =
      tsNamed(b, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(d->ctx, 64), 1));
  MlirValue parity = tsResult(tsOp(b, "arith.cmpi", 2, ops, 1, &i1, 1, &ne, 0), 0);
  // try_wait.parity spins until the phase completes (NVVM loops on it);
  // the ticks are a hint per try.
  MlirValue w[4] = {p->bars, parity, dtIdx(b, 10000000), p->slot};
  tsOp(b, "nvgpu.mbarrier.try_wait.parity", 4, w, 0, NULL, 0, NULL, 0);
}
