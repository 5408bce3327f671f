//===- SharedPlan.c - Where each shared buffer of a kernel lives ----------===//
//
// One plan, computed from the Target IR alone, that tessera-lower-schedule
// commits as `shared_memory` and the lowering allocates from (so the two
// cannot disagree): at offset 0 the scratch tile of layout conversions (the
// largest one's size; conversions are separated by barriers; a conversion
// that only renames registers needs none), then, in
// program order, each copy's buffer -- one slot per stage of its tile loop
// when the loop is pipelined (a copy directly in an scf.for with
// `stages = S >= 2`), else one -- and each staging buffer of a tile
// matmul operand that its instructions read from shared memory although it
// is a register tile (wgmma's a, a generic matmul's a and b). Buffers that wgmma reads through a matrix
// descriptor or TMA writes are aligned to 1024 bytes, so that the swizzle
// pattern (which the hardware applies to address bits 4..9) starts at the
// buffer; the rest to 16 (a swizzled cp.async buffer, read by ldmatrix,
// to 1024 as well: its XOR is software's on both sides). Offsets count
// from a base that is only 16-byte aligned (.shared .align 16), so a plan
// with hardware-swizzled buffers has 1024 bytes more, and the kernel
// rounds its base up to 1024 (Distribute.c).
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <string.h>

int64_t tesseraTileBytes(MlirType shaped) {
  int64_t n = 1;
  for (intptr_t i = 0; i < mlirShapedTypeGetRank(shaped); ++i)
    n *= mlirShapedTypeGetDimSize(shaped, i);
  MlirType e = mlirShapedTypeGetElementType(shaped);
  int64_t bits = mlirTypeIsAFloat(e) ? mlirFloatTypeGetWidth(e)
                                     : mlirIntegerTypeGetWidth(e);
  return n * bits / 8;
}

int64_t dtTileBytes(MlirType shaped) { return tesseraTileBytes(shaped); }

int64_t dtCopySwizzle(MlirOperation copy) {
  MlirAttribute s = tvGetAttr(copy, "swizzle");
  return mlirAttributeIsNull(s) ? 0 : mlirIntegerAttrGetValueInt(s);
}

bool dtCopyTransposed(MlirOperation copy) {
  MlirAttribute t = tvGetAttr(copy, "transpose");
  return !mlirAttributeIsNull(t) && mlirAttributeIsABool(t) &&
         mlirBoolAttrGetValue(t);
}

MlirOperation dtCopyOf(MlirValue v) {
  if (!mlirValueIsAOpResult(v) ||
      !tsOpIs(mlirOpResultGetOwner(v), "ttarget.copy"))
    return (MlirOperation){NULL};
  return mlirOpResultGetOwner(v);
}

int64_t dtCopySlots(MlirOperation copy) {
  MlirOperation loop = mlirOperationGetParentOperation(copy);
  if (!tsOpIs(loop, "scf.for"))
    return 1;
  MlirAttribute tl = tvGetAttr(loop, "tsched.tile_loop");
  MlirAttribute st = mlirAttributeIsNull(tl) || !mlirAttributeIsADictionary(tl)
                         ? (MlirAttribute){NULL}
                         : mlirDictionaryAttrGetElementByName(
                               tl, mlirStringRefCreateFromCString("stages"));
  int64_t s = mlirAttributeIsNull(st) ? 1 : mlirIntegerAttrGetValueInt(st);
  return s >= 2 ? s : 1;
}

bool dtMmaStages(MlirOperation mma, int i) {
  MlirAttribute f = tvGetAttr(mma, "family");
  if (mlirAttributeIsNull(f) ||
      !mlirTypeIsAVector(mlirValueGetType(mlirOperationGetOperand(mma, i))))
    return false;
  MlirStringRef fam = mlirStringAttrGetValue(f);
  return (tvStrEq(fam, "wgmma") && i == 0) || tvStrEq(fam, "generic");
}

static void place(DtSharedPlan *p, MlirOperation op, int operand,
                  int64_t bytes, int64_t slots, int64_t swizzle,
                  int64_t align) {
  int64_t at = (p->top + align - 1) / align * align;
  if (p->n < DT_MAX_BUFFERS)
    p->buffers[p->n] = (DtBuffer){op, operand, at, bytes, slots, swizzle};
  ++p->n;
  p->top = at + bytes * slots;
}

// The layout Target IR gives `v` (a tile): from the op that makes it, or
// for a loop's iter_arg from the loop. False if it says none.
static bool layoutOf(MlirValue v, TtLayout *l) {
  MlirOperation op;
  intptr_t idx;
  if (mlirValueIsABlockArgument(v)) {
    op = mlirBlockGetParentOperation(mlirBlockArgumentGetOwner(v));
    idx = mlirBlockArgumentGetArgNumber(v) - 1; // after the induction var
    if (mlirOperationIsNull(op) || !tsOpIs(op, "scf.for") || idx < 0)
      return false;
    v = mlirOperationGetResult(op, idx);
  }
  op = mlirOpResultGetOwner(v);
  idx = mlirOpResultGetResultNumber(v);
  MlirAttribute one = tsOpIs(op, "ttarget.convert_layout") || tsOpIs(op, "ttarget.mma")
                          ? tvGetAttr(op, "layout")
                          : (MlirAttribute){NULL};
  MlirAttribute all = tvGetAttr(op, "ttarget.layouts");
  if (mlirAttributeIsNull(one) && !mlirAttributeIsNull(all)) {
    intptr_t k = 0; // the index among vector results
    for (intptr_t i = 0; i < idx; ++i)
      k += mlirTypeIsAVector(mlirValueGetType(mlirOperationGetResult(op, i)));
    if (mlirAttributeIsAArray(all) && k < mlirArrayAttrGetNumElements(all))
      one = mlirArrayAttrGetElement(all, k);
  }
  if (tsOpIs(op, "ttarget.mma") && mlirAttributeIsNull(one)) {
    MlirAttribute f = tvGetAttr(op, "family");
    if (mlirAttributeIsNull(f) || !tvStrEq(mlirStringAttrGetValue(f), "mma.sync"))
      return false;
    *l = dtMmaAccLayout(op, TT_LAYOUT_MMA_ACC);
    return true;
  }
  return !mlirAttributeIsNull(one) &&
         !tvFailed(ttParseLayout(op, "layout", one, l));
}

static MlirWalkResult visit(MlirOperation op, void *ud) {
  DtSharedPlan *p = ud;
  TtLayout from, to;
  if (tsOpIs(op, "ttarget.convert_layout") &&
      layoutOf(mlirOperationGetOperand(op, 0), &from) &&
      !tvFailed(ttParseLayout(op, "layout", tvGetAttr(op, "layout"), &to)) &&
      dtConvertIsRenaming(&from, &to))
    return MlirWalkResultAdvance; // no data moves
  if (tsOpIs(op, "ttarget.convert_layout")) {
    int64_t n = dtTileBytes(mlirValueGetType(mlirOperationGetResult(op, 0)));
    if (n > p->scratchBytes)
      p->scratchBytes = n;
  }
  // A reduction across warps combines their partials in the scratch.
  if (tsOpIs(op, "tsched.reduce") &&
      layoutOf(mlirOperationGetOperand(op, 0), &from)) {
    int64_t n = dtReduceScratchBytes(
        &from, mlirValueGetType(mlirOperationGetResult(op, 0)), dtReduceDim(op));
    if (n > p->scratchBytes)
      p->scratchBytes = n;
  }
  return MlirWalkResultAdvance;
}

// Whether the hardware applies the swizzle of copy `op`'s buffer: TMA
// writes it, or wgmma reads it.
static bool hardwareSwizzled(MlirOperation op) {
  if (ttOpHasFamily(op, "ttarget.copy", "tma"))
    return true;
  for (MlirOpOperand u = mlirValueGetFirstUse(mlirOperationGetResult(op, 0));
       !mlirOpOperandIsNull(u); u = mlirOpOperandGetNextUse(u))
    if (ttOpHasFamily(mlirOpOperandGetOwner(u), "ttarget.mma", "wgmma"))
      return true;
  return false;
}

static MlirWalkResult visitBuffers(MlirOperation op, void *ud) {
  DtSharedPlan *p = ud;
  if (tsOpIs(op, "ttarget.copy")) {
    int64_t sw = dtCopySwizzle(op);
    p->rebase |= sw && hardwareSwizzled(op);
    place(p, op, -1,
          dtTileBytes(mlirValueGetType(mlirOperationGetResult(op, 0))),
          dtCopySlots(op), sw, sw ? 1024 : 16);
  } else if (tsOpIs(op, "ttarget.mma")) {
    // wgmma's staged a is swizzled with rows of one span; a generic
    // matmul's staged operands are plain row-major tiles.
    MlirAttribute f = tvGetAttr(op, "family");
    bool wg = tvStrEq(mlirStringAttrGetValue(f), "wgmma");
    for (int i = 0; i < 2; ++i) {
      if (!dtMmaStages(op, i))
        continue;
      p->rebase |= wg;
      MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
      int64_t rowBytes = dtTileBytes(t) / mlirShapedTypeGetDimSize(t, 0);
      place(p, op, i, dtTileBytes(t), 1, wg ? rowBytes : 0, wg ? 1024 : 16);
    }
  }
  return MlirWalkResultAdvance;
}

void dtPlanShared(MlirOperation func, DtSharedPlan *p) {
  memset(p, 0, sizeof *p);
  mlirOperationWalk(func, visit, p, MlirWalkPreOrder);
  p->top = p->scratchBytes; // the scratch tile at offset 0
  mlirOperationWalk(func, visitBuffers, p, MlirWalkPreOrder);
  if (p->rebase)
    p->top += 1024; // room to round the base up to 1024
}

int64_t tesseraDistributedSharedBytes(MlirOperation func) {
  DtSharedPlan p;
  dtPlanShared(func, &p);
  return p.top;
}

const DtBuffer *dtBufferOf(Dt *d, MlirOperation op) {
  return dtOperandBuffer(d, op, -1);
}

const DtBuffer *dtOperandBuffer(Dt *d, MlirOperation op, int operand) {
  for (int i = 0; i < d->shared.n && i < DT_MAX_BUFFERS; ++i)
    if (mlirOperationEqual(d->shared.buffers[i].op, op) &&
        d->shared.buffers[i].operand == operand)
      return &d->shared.buffers[i];
  dtError(d, op, "has no shared buffer in the plan (more than %d buffers?)",
          DT_MAX_BUFFERS);
  return NULL;
}
