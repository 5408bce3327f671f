//===- Distribute.c - The kernel, the value map and the loops -------------===//
//
// Builds the gpu.func of a Target IR kernel (DistributeTiles.h): the ops
// before the grid loop are uniform scalars and are cloned; the grid loop's
// induction variables become block indices; every other op is lowered where
// it stands by the file of its kind, reading the layouts of its tiles.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"
#include "mlir-c/Diagnostics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static MlirStringRef ref(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

bool dtError(Dt *d, MlirOperation op, const char *fmt, ...) {
  char msg[700];
  int n = snprintf(msg, sizeof msg, "kernel compiled op by op for %s: ",
                   d->chip);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
  va_end(ap);
  mlirEmitError(mlirOperationGetLocation(op), msg);
  d->failed = true;
  return false;
}

void *dtAlloc(Dt *d, size_t bytes) {
  void *p = calloc(1, bytes ? bytes : 1);
  if (!p)
    abort();
  if (d->nowned == d->capowned) {
    d->capowned = d->capowned ? 2 * d->capowned : 64;
    d->owned = realloc(d->owned, (size_t)d->capowned * sizeof *d->owned);
    if (!d->owned)
      abort();
  }
  d->owned[d->nowned++] = p;
  return p;
}

static void mapEntry(Dt *d, MlirValue from, MlirValue to, DtTile *tile) {
  if (d->nmap == d->capmap) {
    d->capmap = d->capmap ? 2 * d->capmap : 256;
    d->map = realloc(d->map, (size_t)d->capmap * sizeof *d->map);
    if (!d->map)
      abort();
  }
  d->map[d->nmap++] = (DtEntry){from, to, tile};
}

void dtMap(Dt *d, MlirValue from, MlirValue to) { mapEntry(d, from, to, NULL); }
void dtMapTile(Dt *d, MlirValue from, DtTile *tile) {
  mapEntry(d, from, (MlirValue){NULL}, tile);
}

static DtEntry *find(Dt *d, MlirValue from) {
  // Newest first: a loop body's values shadow nothing, but recent values
  // are the ones asked for.
  for (int i = d->nmap - 1; i >= 0; --i)
    if (mlirValueEqual(d->map[i].from, from))
      return &d->map[i];
  return NULL;
}

MlirValue dtLookup(Dt *d, MlirOperation user, MlirValue from) {
  DtEntry *e = find(d, from);
  if (e && !mlirValueIsNull(e->to))
    return e->to;
  dtError(d, user, "an operand has no lowered value (%s)",
          e ? "it is a register tile, used where a scalar is expected"
            : "it is defined by an op this lowering does not handle");
  return (MlirValue){NULL};
}

DtTile *dtLookupTile(Dt *d, MlirOperation user, MlirValue from) {
  DtEntry *e = find(d, from);
  if (e && e->tile)
    return e->tile;
  dtError(d, user, "a tile operand has no lowered registers");
  return NULL;
}

DtTile *dtNewTile(Dt *d, const TtLayout *layout, MlirType t) {
  DtTile *tile = dtAlloc(d, sizeof *tile);
  tile->layout = *layout;
  int64_t shape[2] = {0, 0};
  ttTileShape(t, shape); // a 1-D vector is a 1 x N row
  tile->rows = shape[0];
  tile->cols = shape[1];
  tile->n = dtLayoutRegs(layout, tile->rows, tile->cols, NULL, NULL);
  tile->regs = dtAlloc(d, (size_t)tile->n * sizeof *tile->regs);
  return tile;
}

bool dtResultLayout(Dt *d, MlirOperation op, intptr_t i, TtLayout *l) {
  MlirAttribute a = tvGetAttr(op, "ttarget.layouts");
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAArray(a) ||
      mlirArrayAttrGetNumElements(a) <= i)
    return dtError(d, op, "the op has no layout for its result tile "
                   "(ttarget.layouts; run tessera-lower-schedule)");
  return !tvFailed(ttParseLayout(op, "ttarget.layouts",
                                 mlirArrayAttrGetElement(a, i), l)) ||
         (d->failed = true, false);
}

bool dtBoolAttr(MlirOperation op, const char *name) {
  MlirAttribute a = tvGetAttr(op, name);
  return !mlirAttributeIsNull(a) && mlirBoolAttrGetValue(a);
}

MlirValue dtIdx(TsBuilder *b, int64_t v) { return tsConstIndex(b, v); }
MlirValue dtAdd(TsBuilder *b, MlirValue x, MlirValue y) {
  return tsBinary(b, "arith.addi", x, y);
}
MlirValue dtMul(TsBuilder *b, MlirValue x, int64_t k) {
  return k == 1 ? x : tsBinary(b, "arith.muli", x, dtIdx(b, k));
}
MlirValue dtExtract1(TsBuilder *b, MlirValue v, int64_t i) {
  MlirType e = mlirShapedTypeGetElementType(mlirValueGetType(v));
  MlirNamedAttribute a =
      tsNamed(b, "static_position", mlirDenseI64ArrayGet(b->ctx, 1, &i));
  return tsResult(tsOp(b, "vector.extract", 1, &v, 1, &e, 1, &a, 0), 0);
}
void dtBarrier(TsBuilder *b) { tsOp(b, "gpu.barrier", 0, NULL, 0, NULL, 0, NULL, 0); }

//===----------------------------------------------------------------------===//
// Scalar ops, loops
//===----------------------------------------------------------------------===//

static bool hasVector(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
    if (mlirTypeIsAVector(mlirValueGetType(mlirOperationGetOperand(op, i))))
      return true;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (mlirTypeIsAVector(mlirValueGetType(mlirOperationGetResult(op, i))))
      return true;
  return false;
}

// Uniform scalar code (index arithmetic, memref.dim, scalar constants):
// cloned with its operands remapped.
static void cloneScalar(Dt *d, TsBuilder *b, MlirOperation op) {
  if (mlirOperationGetNumRegions(op) > 0 || hasVector(op)) {
    char name[96];
    dtError(d, op, "no GPU lowering for '%s' here", tvOpName(op, name, sizeof name));
    return;
  }
  MlirOperation c = mlirOperationClone(op);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(c); ++i) {
    MlirValue v = dtLookup(d, op, mlirOperationGetOperand(op, i));
    if (mlirValueIsNull(v)) {
      mlirOperationDestroy(c);
      return;
    }
    mlirOperationSetOperand(c, i, v);
  }
  if (mlirOperationIsNull(b->before))
    mlirBlockAppendOwnedOperation(b->block, c);
  else
    mlirBlockInsertOwnedOperationBefore(b->block, b->before, c);
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    dtMap(d, mlirOperationGetResult(op, i), mlirOperationGetResult(c, i));
}

static int64_t tileLoopStages(MlirOperation loop) {
  MlirAttribute a = tvGetAttr(loop, "tsched.tile_loop");
  MlirAttribute s = mlirAttributeIsNull(a) || !mlirAttributeIsADictionary(a)
                        ? (MlirAttribute){NULL}
                        : mlirDictionaryAttrGetElementByName(a, ref("stages"));
  return !mlirAttributeIsNull(s) && mlirAttributeIsAInteger(s)
             ? mlirIntegerAttrGetValueInt(s)
             : 1;
}

// Appends the lowered form of `v` (a scalar, or a tile's registers) to
// `out`; returns the new count.
static intptr_t flatten(Dt *d, MlirOperation user, MlirValue v,
                        MlirValue *out, intptr_t n, intptr_t cap) {
  if (!mlirTypeIsAVector(mlirValueGetType(v))) {
    if (n < cap)
      out[n] = dtLookup(d, user, v);
    return n + 1;
  }
  DtTile *t = dtLookupTile(d, user, v);
  for (int i = 0; t && i < t->n; ++i)
    if (n + i < cap)
      out[n + i] = t->regs[i];
  return n + (t ? t->n : 0);
}

// scf.for: the same loop over the registers of its tiles.
static void lowerFor(Dt *d, TsBuilder *b, MlirOperation op) {
  enum { kMax = 1024 };
  MlirValue lb = dtLookup(d, op, mlirOperationGetOperand(op, 0));
  MlirValue ub = dtLookup(d, op, mlirOperationGetOperand(op, 1));
  MlirValue step = dtLookup(d, op, mlirOperationGetOperand(op, 2));
  if (d->failed)
    return;
  intptr_t nIter = mlirOperationGetNumResults(op);
  MlirValue *inits = dtAlloc(d, kMax * sizeof *inits);
  intptr_t n = 0;
  for (intptr_t i = 0; i < nIter; ++i)
    n = flatten(d, op, mlirOperationGetOperand(op, 3 + i), inits, n, kMax);
  if (n > kMax) {
    dtError(d, op, "the loop carries %lld registers per thread (at most %d)",
            (long long)n, kMax);
    return;
  }
  if (d->failed)
    return;
  int64_t stages = tileLoopStages(op);
  bool piped = stages >= 2 &&
               dtPipelineBegin(d, b, op, stages, lb, ub, step);
  if (d->failed)
    return;
  TsBuilder body;
  MlirValue iv;
  MlirOperation loop = tsFor(b, lb, ub, step, n, inits, &body, &iv);
  MlirBlock old = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirBlock nb = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  dtMap(d, mlirBlockGetArgument(old, 0), iv);
  // The iter_args take the layouts of the loop's results.
  intptr_t k = 1, vi = 0;
  for (intptr_t i = 0; i < nIter; ++i) {
    MlirValue arg = mlirBlockGetArgument(old, 1 + i);
    MlirType t = mlirValueGetType(arg);
    if (!mlirTypeIsAVector(t)) {
      dtMap(d, arg, mlirBlockGetArgument(nb, k++));
      continue;
    }
    TtLayout l;
    if (!dtResultLayout(d, op, vi++, &l))
      return;
    DtTile *tile = dtNewTile(d, &l, t);
    for (int r = 0; r < tile->n; ++r)
      tile->regs[r] = mlirBlockGetArgument(nb, k++);
    dtMapTile(d, arg, tile);
  }
  if (piped)
    dtPipelineIterate(d, &body, iv);
  ++d->loopDepth;
  dtLowerBlock(d, &body, old);
  --d->loopDepth;
  if (piped)
    dtPipelineEnd(d);
  if (d->failed)
    return;
  // The results: the new loop's, regrouped into tiles.
  k = 0, vi = 0;
  for (intptr_t i = 0; i < nIter; ++i) {
    MlirValue res = mlirOperationGetResult(op, i);
    MlirType t = mlirValueGetType(res);
    if (!mlirTypeIsAVector(t)) {
      dtMap(d, res, mlirOperationGetResult(loop, k++));
      continue;
    }
    TtLayout l;
    dtResultLayout(d, op, vi++, &l);
    DtTile *tile = dtNewTile(d, &l, t);
    for (int r = 0; r < tile->n; ++r)
      tile->regs[r] = mlirOperationGetResult(loop, k++);
    dtMapTile(d, res, tile);
  }
}

// scf.yield of a lowered loop: its operands' registers, checked against
// the loop's layouts.
static void lowerYield(Dt *d, TsBuilder *b, MlirOperation op) {
  enum { kMax = 1024 };
  MlirOperation loop = mlirOperationGetParentOperation(op);
  MlirValue *vals = dtAlloc(d, kMax * sizeof *vals);
  intptr_t n = 0, vi = 0;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue v = mlirOperationGetOperand(op, i);
    if (mlirTypeIsAVector(mlirValueGetType(v))) {
      TtLayout l;
      DtTile *t = dtLookupTile(d, op, v);
      if (!t || !dtResultLayout(d, loop, vi++, &l))
        return;
      if (!ttLayoutEqual(&l, &t->layout)) {
        dtError(d, op, "operand %lld is in layout %s, the loop carries %s "
                "(a ttarget.convert_layout is missing)",
                (long long)i, ttLayoutNames[t->layout.kind],
                ttLayoutNames[l.kind]);
        return;
      }
    }
    n = flatten(d, op, v, vals, n, kMax);
  }
  if (!d->failed)
    tsYield(b, n, vals);
}

// ttarget.mma by its family.
static void lowerMma(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirAttribute f = tvGetAttr(op, "family");
  MlirStringRef fam = mlirAttributeIsNull(f) ? mlirStringRefCreate("", 0)
                                             : mlirStringAttrGetValue(f);
  if (tvStrEq(fam, "mma.sync") && d->waveSize == 32)
    dtLowerMmaSync(d, b, op);
  else if (tvStrEq(fam, "wgmma") && !strcmp(d->chip, "sm_90a"))
    dtLowerWgmma(d, b, op);
  else if (tvStrEq(fam, "mfma") && d->waveSize == 64)
    dtLowerMfma(d, b, op);
  else if (tvStrEq(fam, "generic"))
    dtLowerGenericMma(d, b, op);
  else
    dtError(d, op, "tile matmuls of family \"%.*s\" are not lowered op by "
            "op on this chip (generic; mma.sync on NVIDIA, wgmma on sm_90a, "
            "mfma on AMD)",
            (int)fam.length, fam.data);
}

typedef void (*LowerFn)(Dt *, TsBuilder *, MlirOperation);
static const struct {
  const char *name;
  LowerFn fn;
} kLowerings[] = {
    {"tsched.tile_load", dtLowerTileLoad},
    {"tsched.tile_store", dtLowerTileStore},
    {"ttarget.copy", dtLowerCopy},
    {"tsched.wait", dtLowerWait},
    {"tsched.elementwise", dtLowerElementwise},
    {"tsched.reduce", dtLowerReduce},
    {"tsched.iota", dtLowerIota},
    {"ttarget.convert_layout", dtLowerConvertLayout},
    {"ttarget.mma", lowerMma},
    {"vector.broadcast", dtLowerSplat},
    {"scf.for", lowerFor},
    {"scf.yield", lowerYield},
};

static void lowerOp(Dt *d, TsBuilder *b, MlirOperation op) {
  TsBuilder here = *b;
  here.loc = mlirOperationGetLocation(op);
  for (size_t i = 0; i < sizeof kLowerings / sizeof kLowerings[0]; ++i)
    if (tsOpIs(op, kLowerings[i].name)) {
      kLowerings[i].fn(d, &here, op);
      return;
    }
  if (tsOpIs(op, "arith.constant") && hasVector(op)) {
    dtLowerConstant(d, &here, op);
    return;
  }
  if (tsOpIsArith(op) && hasVector(op)) {
    dtLowerArith(d, &here, op);
    return;
  }
  cloneScalar(d, &here, op);
}

void dtLowerBlock(Dt *d, TsBuilder *b, MlirBlock block) {
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op) && !d->failed;
       op = mlirOperationGetNextInBlock(op))
    lowerOp(d, b, op);
}

//===----------------------------------------------------------------------===//
// The kernel
//===----------------------------------------------------------------------===//

static MlirValue threadIdx(TsBuilder *b, const char *op) {
  MlirType idx = tsIndexType(b);
  MlirNamedAttribute a = tsNamed(b, "dimension", tsAttr(b, "#gpu<dim x>"));
  return tsResult(tsOp(b, op, 0, NULL, 1, &idx, 1, &a, 0), 0);
}

static MlirValue blockIdx(TsBuilder *b, int dim) {
  static const char *const dims[3] = {"#gpu<dim x>", "#gpu<dim y>",
                                      "#gpu<dim z>"};
  MlirType idx = tsIndexType(b);
  MlirNamedAttribute a = tsNamed(b, "dimension", tsAttr(b, dims[dim]));
  return tsResult(tsOp(b, "gpu.block_id", 0, NULL, 1, &idx, 1, &a, 0), 0);
}

// The grid loop: its induction variables are lb + block index * step
// (the launcher makes one block per iteration).
static void lowerGrid(Dt *d, TsBuilder *b, MlirOperation op,
                      TesseraDistributedKernel *out) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  intptr_t rank = mlirBlockGetNumArguments(body);
  MlirAttribute lbs = tvGetAttr(op, "staticLowerBound");
  MlirAttribute steps = tvGetAttr(op, "staticStep");
  if (rank > 3 || mlirAttributeIsNull(lbs) || mlirAttributeIsNull(steps)) {
    dtError(d, op, "the grid loop must have 1 to 3 dims with static lower "
            "bounds and steps");
    return;
  }
  for (intptr_t i = 0; i < rank; ++i) {
    int64_t lb = mlirDenseI64ArrayGetElement(lbs, i);
    int64_t st = mlirDenseI64ArrayGetElement(steps, i);
    if (lb == INT64_MIN || st == INT64_MIN) {
      dtError(d, op, "the grid loop must have static lower bounds and steps");
      return;
    }
    // Dim 0 of the loop (rows) runs along block index x.
    MlirValue iv = dtAdd(b, dtMul(b, blockIdx(b, (int)i), st), dtIdx(b, lb));
    dtMap(d, mlirBlockGetArgument(body, i), iv);
  }
  out->gridRank = (int)rank;
  for (MlirOperation o = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(o) && !d->failed; o = mlirOperationGetNextInBlock(o))
    if (!tsOpIs(o, "scf.forall.in_parallel"))
      lowerOp(d, b, o);
}

static int64_t kernelI64(MlirOperation func, const char *key) {
  MlirAttribute k = tvGetAttr(func, "ttarget.kernel");
  MlirAttribute v = mlirDictionaryAttrGetElementByName(k, ref(key));
  if (mlirAttributeIsNull(v))
    return -1;
  if (mlirAttributeIsAInteger(v))
    return mlirIntegerAttrGetValueInt(v);
  if (mlirAttributeIsADenseI64Array(v) && mlirDenseArrayGetNumElements(v) > 0)
    return mlirDenseI64ArrayGetElement(v, 0);
  return -1;
}

// The dynamic shared memory from its first 1024-byte aligned address on
// (the plan keeps 1024 bytes for it, SharedPlan.c): the hardware swizzles
// of TMA and wgmma follow absolute address bits.
static MlirValue alignedBase(Dt *d, TsBuilder *b) {
  MlirType idx = tsIndexType(b);
  MlirValue p = tsResult(tsOp(b, "memref.extract_aligned_pointer_as_index", 1,
                              &d->smem, 1, &idx, 0, NULL, 0),
                         0);
  MlirValue k = dtIdx(b, 1024);
  MlirValue pad = tsBinary(
      b, "arith.remui",
      tsBinary(b, "arith.subi", k, tsBinary(b, "arith.remui", p, k)), k);
  MlirValue ops[3] = {d->smem, pad, dtIdx(b, d->shared.top - 1024)};
  MlirType t = mlirValueGetType(d->smem);
  return tsResult(tsOp(b, "memref.view", 3, ops, 1, &t, 0, NULL, 0), 0);
}

static void kernelBody(Dt *d, TsBuilder *b, MlirOperation func,
                       MlirBlock entry, TesseraDistributedKernel *out) {
  d->tid = threadIdx(b, "gpu.thread_id");
  MlirValue ws = dtIdx(b, d->waveSize);
  d->warp = tsBinary(b, "arith.divui", d->tid, ws);
  d->lane = tsBinary(b, "arith.remui", d->tid, ws);
  d->g = tsBinary(b, "arith.divui", d->lane, dtIdx(b, 4));
  d->t = tsBinary(b, "arith.remui", d->lane, dtIdx(b, 4));
  MlirType smem = tsType(b, "memref<?xi8, #gpu.address_space<workgroup>>");
  d->smem = tsResult(
      tsOp(b, "gpu.dynamic_shared_memory", 0, NULL, 1, &smem, 0, NULL, 0), 0);
  dtPlanShared(func, &d->shared);
  if (d->shared.rebase)
    d->smem = alignedBase(d, b);
  dtPlanStreams(d, func);
  MlirAttribute k = tvGetAttr(func, "ttarget.kernel");
  MlirAttribute mma = mlirDictionaryAttrGetElementByName(k, ref("mma"));
  d->wgmma = !mlirAttributeIsNull(mma) && mlirAttributeIsAString(mma) &&
             tvStrEq(mlirStringAttrGetValue(mma), "wgmma");
  if (d->shared.n > DT_MAX_BUFFERS)
    dtError(d, func, "more than %d shared buffers in one kernel",
            DT_MAX_BUFFERS);
  MlirBlock fb = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(fb); ++i)
    dtMap(d, mlirBlockGetArgument(fb, i), mlirBlockGetArgument(entry, i));
  dtTmaEntry(d, b, entry, mlirBlockGetNumArguments(fb));
  bool grid = false;
  for (MlirOperation op = mlirBlockGetFirstOperation(fb);
       !mlirOperationIsNull(op) && !d->failed;
       op = mlirOperationGetNextInBlock(op)) {
    if (tsOpIs(op, "scf.forall") && !grid) {
      grid = true;
      lowerGrid(d, b, op, out);
    } else if (tsOpIs(op, "func.return")) {
      if (mlirOperationGetNumOperands(op) == 0)
        tsOp(b, "gpu.return", 0, NULL, 0, NULL, 0, NULL, 0);
      else
        dtError(d, op, "a kernel returns nothing (results are stored)");
    } else {
      lowerOp(d, b, op);
    }
  }
  if (!grid && !d->failed)
    dtError(d, func, "the kernel has no grid loop (scf.forall with "
            "tsched.tile_loop kind \"grid\")");
}

// A wgmma kernel whose shared memory lets two blocks share an SM asks
// ptxas for registers that let them (nvvm.minctasm -> .minnctapersm 2):
// unasked, ptxas gives the 2-warpgroup f16 bias + gelu_tanh kernel 176
// registers (one block per SM); asked, 128 with no spills (its epilogue
// streams, ScheduleToTarget.c), and the other matmuls of
// matmul-wgmma.test keep their 90. 0 spills in all 48 sm_90a variants of
// {f32, f16, bf16} x {none, bias + gelu_tanh, residual + silu, relu} x
// {2-D, batched}, kernels and fallbacks. An SM holds its opt-in
// maximum + 1 KiB, the driver reserving 1 KiB per block
// (TargetChips.c).
static void occupancyHint(Dt *d, MlirOperation gf) {
  int64_t perSm = ttChipMaxShared(d->chip) + 1024;
  if (!d->wgmma || d->failed || perSm / (d->sharedCommitted + 1024) < 2)
    return;
  // Only where it binds (65536 registers an SM, 255 a thread): for a
  // 128-thread block it would only lift ptxas's own target (the
  // attention kernel of attention-sm90a.test: 48 registers, hinted 56).
  if (65536 / (2 * d->threads) >= 255)
    return;
  mlirOperationSetAttributeByName(
      gf, mlirStringRefCreateFromCString("nvvm.minctasm"),
      mlirIntegerAttrGet(mlirIntegerTypeGet(d->ctx, 32), 2));
}

bool tesseraDistributeKernel(MlirOperation func, const char *chip,
                             TesseraDistributedKernel *out) {
  Dt d;
  memset(&d, 0, sizeof d);
  memset(out, 0, sizeof *out);
  d.ctx = mlirOperationGetContext(func);
  d.func = func;
  d.chip = chip;
  d.threads = kernelI64(func, "block");
  d.waveSize = strncmp(chip, "gfx", 3) ? 32 : 64;
  d.sharedCommitted = kernelI64(func, "shared_memory");
  MlirAttribute kd = tvGetAttr(func, "ttarget.kernel");
  d.alignedOperands =
      !mlirAttributeIsNull(kd) && mlirAttributeIsADictionary(kd) &&
      !mlirAttributeIsNull(mlirDictionaryAttrGetElementByName(
          kd, mlirStringRefCreateFromCString("fallback")));
  if (d.threads <= 0 || d.threads % d.waveSize || d.sharedCommitted < 0) {
    dtError(&d, func, "ttarget.kernel needs block (whole warps) and "
            "shared_memory");
    return false;
  }
  if (!dtTmaSignature(&d, func))
    return false;
  MlirStringRef name = mlirStringAttrGetValue(tvGetAttr(func, "sym_name"));
  char sym[160], modName[176];
  snprintf(sym, sizeof sym, "%.*s", (int)name.length, name.data);
  snprintf(modName, sizeof modName, "%s_module", sym);
  TsBuilder outer = tsBuilderBefore(func);
  MlirNamedAttribute ma = tsNamed(&outer, "sym_name", tsStrAttr(&outer, modName));
  MlirOperation mod = tsOp(&outer, "gpu.module", 0, NULL, 0, NULL, 1, &ma, 1);
  MlirBlock mb = tsAddBlock(mlirOperationGetRegion(mod, 0), 0, NULL, outer.loc);
  TsBuilder inMod = tsBuilderAtEnd(mb, outer.loc);
  // The kernel's arguments, then a pointer per tensor map (Tma.c).
  MlirType fft = mlirTypeAttrGetValue(tvGetAttr(func, "function_type"));
  intptr_t nargs = mlirFunctionTypeGetNumInputs(fft) + d.ntma;
  MlirType *args = tsAlloc(nargs, sizeof *args);
  MlirLocation *locs = tsAlloc(nargs, sizeof *locs);
  for (intptr_t i = 0; i < nargs; ++i) {
    args[i] = i < nargs - d.ntma ? mlirFunctionTypeGetInput(fft, i)
                                 : mlirLLVMPointerTypeGet(d.ctx, 0);
    locs[i] = outer.loc;
  }
  MlirType ft = mlirFunctionTypeGet(d.ctx, nargs, args, 0, NULL);
  int32_t block[3] = {(int32_t)d.threads, 1, 1};
  MlirNamedAttribute fa[5] = {
      tsNamed(&inMod, "function_type", mlirTypeAttrGet(ft)),
      tsNamed(&inMod, "sym_name", tsStrAttr(&inMod, sym)),
      tsNamed(&inMod, "gpu.kernel", mlirUnitAttrGet(d.ctx)),
      tsNamed(&inMod, "workgroup_attributions", tsI64Attr(&inMod, 0)),
      tsNamed(&inMod, "known_block_size",
              mlirDenseI32ArrayGet(d.ctx, 3, block))};
  MlirOperation gf = tsOp(&inMod, "gpu.func", 0, NULL, 0, NULL, 5, fa, 1);
  MlirBlock entry = mlirBlockCreate(nargs, args, locs);
  free(args);
  free(locs);
  mlirRegionAppendOwnedBlock(mlirOperationGetRegion(gf, 0), entry);
  TsBuilder b = tsBuilderAtEnd(entry, outer.loc);
  kernelBody(&d, &b, func, entry, out);
  occupancyHint(&d, gf);
  if (!d.failed && d.shared.top > d.sharedCommitted)
    dtError(&d, func, "the kernel needs %lld bytes of shared memory; "
            "ttarget.kernel commits %lld", (long long)d.shared.top,
            (long long)d.sharedCommitted);
  out->blockThreads = d.threads;
  out->sharedBytes = d.sharedCommitted;
  for (int i = 0; i < d.nowned; ++i)
    free(d.owned[i]);
  free(d.owned);
  free(d.map);
  free(d.streamed);
  if (d.failed)
    mlirOperationDestroy(mod);
  else
    out->module = mod;
  return !d.failed;
}
