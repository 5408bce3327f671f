//===- AssignLayouts.c - Register layouts for kernels compiled op by op ---===//
//
// A GPU kernel that no whole-loop-nest lowering takes is compiled op by op
// (lib/Conversion/DistributeTiles); here tessera-lower-schedule decides what
// that lowering obeys:
//   - the instruction and warp grid of the tile matmuls (PlanDistributed.c:
//     wgmma, mma.sync, MFMA or the generic form; warps split the rows, so a
//     row reduction stays inside one warp);
//   - a layout for every register tile, written as `ttarget.layouts` on the
//     op that makes it, propagated as Triton does: from the matmuls
//     (accumulator and operand layouts) forward through elementwise ops,
//     reductions (the slice of the operand's layout) and loops, then
//     backward to constants and loads from the ops that use them;
//   - an explicit ttarget.convert_layout wherever a use needs another
//     layout than its value has (an accumulator that feeds the next matmul
//     as its A operand);
//   - the block, and the shared memory of the lowering's plan
//     (DistributeTiles/SharedPlan.c: copies times their stages, conversion
//     scratch, wgmma staging).
//
//===----------------------------------------------------------------------===//
#include "Conversion/ScheduleToTarget/AssignLayouts.h"
#include "Conversion/ScheduleToTarget/CommitUtils.h"

#include "Conversion/DistributeTiles/DistributeTiles.h"
#include "Dialect/Target/TargetUtils.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "IR/OpList.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// An arith op that makes a tile (arith.truncf, arith.addf, ...): lowered
// register by register, all tiles in one layout.
static bool isTileArith(MlirOperation op) {
  return tsOpIsArith(op) && !tsOpIs(op, "arith.constant") &&
         mlirOperationGetNumResults(op) == 1 &&
         mlirTypeIsAVector(mlirValueGetType(mlirOperationGetResult(op, 0)));
}

//===----------------------------------------------------------------------===//
// Layouts
//===----------------------------------------------------------------------===//

typedef struct Slot {
  MlirValue v;
  TtLayout l;
  bool known;
} Slot;

typedef struct Assign {
  Slot *s;
  int n, cap;
  TtLayout acc;    // the tile matmuls' accumulator layout
  int aKind, bKind; // and their operands'
  bool changed;
} Assign;

static Slot *slot(Assign *a, MlirValue v) {
  for (int i = 0; i < a->n; ++i)
    if (mlirValueEqual(a->s[i].v, v))
      return &a->s[i];
  if (a->n == a->cap) {
    a->cap = a->cap ? 2 * a->cap : 256;
    a->s = realloc(a->s, (size_t)a->cap * sizeof *a->s);
    if (!a->s)
      abort();
  }
  a->s[a->n] = (Slot){v, {0}, false};
  return &a->s[a->n++];
}

static void set(Assign *a, MlirValue v, const TtLayout *l) {
  Slot *s = slot(a, v);
  if (s->known)
    return;
  s->l = *l;
  s->known = true;
  a->changed = true;
}

static const TtLayout *get(Assign *a, MlirValue v) {
  Slot *s = slot(a, v);
  return s->known ? &s->l : NULL;
}

// The layout the user `op` wants for its operand `i`, if it wants one.
static bool wanted(Assign *a, MlirOperation op, intptr_t i, TtLayout *w) {
  if (tsOpIs(op, "ttarget.mma")) {
    *w = a->acc;
    if (i == 0)
      w->kind = a->aKind;
    if (i == 1)
      w->kind = a->bKind;
    return w->kind >= 0;
  }
  if (tsOpIs(op, "tsched.elementwise")) {
    const TtLayout *r = get(a, mlirOperationGetResult(op, 0));
    if (!r)
      return false;
    *w = *r;
    MlirType ot = mlirValueGetType(mlirOperationGetOperand(op, i));
    MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
    // A broadcast operand: M x 1 or 1 x N, or a 1-D row (1 x N).
    if (!mlirTypeEqual(ot, rt))
      w->sliceDim = mlirShapedTypeGetRank(ot) == 2 &&
                            mlirShapedTypeGetDimSize(ot, 1) == 1
                        ? 1
                        : 0;
    return true;
  }
  if (isTileArith(op)) {
    const TtLayout *r = get(a, mlirOperationGetResult(op, 0));
    if (r)
      *w = *r;
    return r != NULL;
  }
  if (tsOpIs(op, "scf.for") && i >= 3) {
    const TtLayout *r = get(a, mlirOperationGetResult(op, i - 3));
    if (r)
      *w = *r;
    return r != NULL;
  }
  if (tsOpIs(op, "scf.yield") &&
      tsOpIs(mlirOperationGetParentOperation(op), "scf.for")) {
    const TtLayout *r =
        get(a, mlirOperationGetResult(mlirOperationGetParentOperation(op), i));
    if (r)
      *w = *r;
    return r != NULL;
  }
  return false;
}

static void forward(Assign *a, MlirOperation op) {
  if (tsOpIs(op, "ttarget.mma")) {
    set(a, mlirOperationGetResult(op, 0), &a->acc);
  } else if (tsOpIs(op, "tsched.elementwise")) {
    MlirValue r = mlirOperationGetResult(op, 0);
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
      MlirValue v = mlirOperationGetOperand(op, i);
      const TtLayout *l = get(a, v);
      if (!l)
        continue;
      TtLayout full = *l;
      if (mlirTypeEqual(mlirValueGetType(v), mlirValueGetType(r)))
        set(a, r, &full);
      else if (l->sliceDim >= 0) {
        full.sliceDim = -1;
        set(a, r, &full);
      }
    }
  } else if (isTileArith(op)) {
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
      const TtLayout *l = get(a, mlirOperationGetOperand(op, i));
      if (l) {
        TtLayout c = *l;
        set(a, mlirOperationGetResult(op, 0), &c);
        break;
      }
    }
  } else if (tsOpIs(op, "tsched.reduce")) {
    const TtLayout *l = get(a, mlirOperationGetOperand(op, 0));
    MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
    if (l) {
      TtLayout s = *l;
      s.sliceDim = mlirShapedTypeGetDimSize(rt, 1) == 1 ? 1 : 0;
      set(a, mlirOperationGetResult(op, 0), &s);
    }
  } else if (tsOpIs(op, "scf.for")) {
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
    MlirOperation yield = mlirBlockGetTerminator(body);
    for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i) {
      MlirValue r = mlirOperationGetResult(op, i);
      if (!tcIsTile(r))
        continue;
      const TtLayout *l = get(a, mlirOperationGetOperand(op, 3 + i));
      if (!l)
        l = get(a, mlirOperationGetOperand(yield, i));
      if (l) {
        TtLayout c = *l;
        set(a, r, &c);
        set(a, mlirBlockGetArgument(body, 1 + i), &c);
      }
    }
  }
}

// A value with no layout from its producer takes what its first user
// that wants one wants.
static void backward(Assign *a, MlirValue v) {
  if (get(a, v))
    return;
  for (MlirOpOperand u = mlirValueGetFirstUse(v); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    TtLayout w;
    if (wanted(a, mlirOpOperandGetOwner(u), mlirOpOperandGetOperandNumber(u),
               &w)) {
      set(a, v, &w);
      return;
    }
  }
}

// Gives the first tile without a layout a default one; false if none is
// left (or none fits).
static bool seedOne(Assign *a, const TsOpList *o, const TesseraDistributedPlan *p) {
  int64_t unit[2];
  ttLayoutTile(&a->acc, unit);
  for (int i = 0; i < o->n; ++i)
    for (intptr_t r = 0; r < mlirOperationGetNumResults(o->ops[i]); ++r) {
      MlirValue v = mlirOperationGetResult(o->ops[i], r);
      if (!tcIsTile(v) || get(a, v))
        continue;
      MlirType t = mlirValueGetType(v);
      int64_t R = mlirShapedTypeGetDimSize(t, 0), C = mlirShapedTypeGetDimSize(t, 1);
      TtLayout own;
      if (R % unit[0] == 0 && C % unit[1] == 0) {
        set(a, v, &a->acc);
        return true;
      }
      if (p->generic && tesseraBlockedLayout(R, C, p->amd ? 64 : 32, &own) &&
          own.warps[0] <= p->blocked.warps[0] &&
          own.warps[1] <= p->blocked.warps[1]) {
        set(a, v, &own);
        return true;
      }
    }
  return false;
}

static void setLayouts(MlirOperation op, Assign *a) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirAttribute ls[16];
  intptr_t n = 0;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op) && n < 16; ++i) {
    MlirValue r = mlirOperationGetResult(op, i);
    if (mlirTypeIsAVector(mlirValueGetType(r)))
      ls[n++] = ttLayoutAttr(ctx, get(a, r));
  }
  mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("ttarget.layouts"),
                                  mlirArrayAttrGet(ctx, n, ls));
}

// Inserts ttarget.convert_layout before `user` for operand `i`.
static void convert(MlirOperation user, intptr_t i, const TtLayout *to) {
  TsBuilder b = tsBuilderBefore(user);
  MlirValue v = mlirOperationGetOperand(user, i);
  MlirType t = mlirValueGetType(v);
  MlirNamedAttribute attr = tsNamed(&b, "layout", ttLayoutAttr(b.ctx, to));
  MlirOperation c = tsOp(&b, "ttarget.convert_layout", 1, &v, 1, &t, 1, &attr, 0);
  mlirOperationSetOperand(user, i, tsResult(c, 0));
}


// Each cp.async copy's width: the widest of 16, 8, 4 bytes that splits the
// tile's rows and gives every thread of the block the same number of
// copies (no thread idles in a round, so every round has a token).
static bool copyWidths(const TsOpList *o, int64_t threads, char *err, size_t cap) {
  for (int i = 0; i < o->n; ++i) {
    MlirOperation op = o->ops[i];
    if (!ttOpHasFamily(op, "ttarget.copy", "cp.async"))
      continue;
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, 0));
    int64_t bytes = tesseraTileBytes(t);
    int64_t rowBytes = bytes / mlirShapedTypeGetDimSize(t, 0);
    int64_t vb = 16;
    while (vb >= 4 && (rowBytes % vb || (bytes / vb) % threads))
      vb /= 2;
    if (vb < 4) {
      snprintf(err, cap, "a %lld-byte copy does not split into the same "
               "number of 4-, 8- or 16-byte cp.async chunks for each of "
               "%lld threads", (long long)bytes, (long long)threads);
      return false;
    }
    MlirContext ctx = mlirOperationGetContext(op);
    mlirOperationSetAttributeByName(
        op, mlirStringRefCreateFromCString("vector_bytes"),
        mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), vb));
  }
  return true;
}

static void setSwizzle(MlirOperation copy, int64_t bytes) {
  MlirContext ctx = mlirOperationGetContext(copy);
  mlirOperationSetAttributeByName(
      copy, mlirStringRefCreateFromCString("swizzle"),
      mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), bytes));
}

// The copies wgmma reads are stored swizzled with rows of one span (a TMA
// copy of wider rows, an MN-major b: boxes of one 128-byte span each).
static void swizzleWgmmaOperands(const TsOpList *o) {
  for (int i = 0; i < o->n; ++i) {
    if (!tsOpIs(o->ops[i], "ttarget.mma"))
      continue;
    for (int k = 0; k < 2; ++k) {
      MlirValue v = mlirOperationGetOperand(o->ops[i], k);
      if (!mlirTypeIsAMemRef(mlirValueGetType(v)) || !tcFromCopy(v))
        continue;
      int64_t row = tcRowBytes(mlirValueGetType(v));
      setSwizzle(mlirOpResultGetOwner(v), row > 128 ? 128 : row);
    }
  }
}

// The ttarget.mma of `family` that use `u` belongs to, if it reads it as
// operand a or b (`*i`: 0 or 1); else null.
static MlirOperation mmaOperandUse(MlirOpOperand u, const char *family,
                                   unsigned *i) {
  MlirOperation user = mlirOpOperandGetOwner(u);
  *i = (unsigned)mlirOpOperandGetOperandNumber(u);
  if (!ttOpHasFamily(user, "ttarget.mma", family) || *i > 1)
    return (MlirOperation){NULL};
  return user;
}

// Whether `mma` reads operand i (0: a, 1: b) transposed.
static bool operandTransposed(MlirOperation mma, unsigned i) {
  MlirAttribute tr = tvGetAttr(mma, i == 0 ? "transpose_a" : "transpose_b");
  return !mlirAttributeIsNull(tr) && mlirBoolAttrGetValue(tr);
}

// The buffer of `op` if it is a ttarget.copy of `family` of a 2-D tile,
// not swizzled yet; else null.
static MlirValue unswizzled2DCopy(MlirOperation op, const char *family) {
  if (!ttOpHasFamily(op, "ttarget.copy", family) ||
      !mlirAttributeIsNull(tvGetAttr(op, "swizzle")))
    return (MlirValue){NULL};
  MlirValue v = mlirOperationGetResult(op, 0);
  return mlirShapedTypeGetRank(mlirValueGetType(v)) == 2 ? v
                                                          : (MlirValue){NULL};
}

// True if every use of `v` is an operand of a mma.sync ttarget.mma that
// its lowering reads with ldmatrix (MmaSync.c), through the swizzle.
static bool onlyLdmatrixReads(MlirValue v) {
  for (MlirOpOperand u = mlirValueGetFirstUse(v); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    unsigned i;
    MlirOperation user = mmaOperandUse(u, "mma.sync", &i);
    if (mlirOperationIsNull(user))
      return false;
    MlirAttribute sh = tvGetAttr(user, "shape");
    if (mlirAttributeIsNull(sh) ||
        !tesseraLdmatrixReads(mlirValueGetType(v), i == 0,
                              operandTransposed(user, i),
                              mlirDenseI64ArrayGetElement(sh, 2)))
      return false;
  }
  return true;
}

// A cp.async buffer read only by ldmatrix is stored swizzled (the XOR
// pattern of DistributeTiles' dtSwizzleCol, span min(row, 128) bytes) so
// that the 8 rows one ldmatrix matrix reads, which share a column, fall in
// 8 different 16-byte bank groups: unswizzled, rows whose pitch is a
// multiple of 128 bytes would all hit the same banks (8-way conflicts).
// The span must divide the row, so that the XOR stays inside it.
static void swizzleMmaSyncOperands(const TsOpList *o) {
  for (int i = 0; i < o->n; ++i) {
    MlirValue v = unswizzled2DCopy(o->ops[i], "cp.async");
    if (mlirValueIsNull(v) || !onlyLdmatrixReads(v))
      continue;
    int64_t row = tcRowBytes(mlirValueGetType(v)), span = row >= 128 ? 128 : row;
    if ((span == 32 || span == 64 || span == 128) && row % span == 0)
      setSwizzle(o->ops[i], span);
  }
}

// True if every use of `v` is operand i of an MFMA ttarget.mma that reads
// it k-strided (16-bit A with transpose_a, B without transpose_b): each
// lane's fragment is 4 values along k, one per row of the buffer.
static bool onlyStridedMfmaReads(MlirValue v) {
  MlirType t = mlirValueGetType(v);
  if (tsElemBytes(mlirShapedTypeGetElementType(t)) != 2)
    return false;
  for (MlirOpOperand u = mlirValueGetFirstUse(v); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    unsigned i;
    MlirOperation user = mmaOperandUse(u, "mfma", &i);
    if (mlirOperationIsNull(user) || operandTransposed(user, i) != (i == 0))
      return false;
  }
  return true;
}

// A plain copy whose buffer only MFMA reads k-strided is stored
// column-major (`transpose`), as the retired MFMA template stored B: the lanes
// then read their 4 values along k with one 8-byte ds_read instead of 4
// 2-byte ones (the copy writes 2-byte elements instead of 16-byte chunks:
// writes happen once per tile, reads once per wavefront tile).
static void transposeMfmaOperands(const TsOpList *o) {
  for (int i = 0; i < o->n; ++i) {
    MlirValue v = unswizzled2DCopy(o->ops[i], "plain");
    if (mlirValueIsNull(v) || !onlyStridedMfmaReads(v))
      continue;
    mlirOperationSetAttributeByName(
        o->ops[i], mlirStringRefCreateFromCString("transpose"),
        mlirBoolAttrGet(mlirOperationGetContext(o->ops[i]), 1));
  }
}

bool tesseraAssignLayouts(MlirOperation func, const TesseraDistributedPlan *p,
                          char *err, size_t cap) {
  TsOpList o = {0};
  mlirOperationWalk(func, tsOpListCollectAll, &o, MlirWalkPreOrder);
  if (!copyWidths(&o, p->blockThreads, err, cap)) {
    tsOpListFree(&o);
    return false;
  }
  Assign a = {0};
  a.acc = (TtLayout){.kind = p->amd ? TT_LAYOUT_MFMA_ACC : TT_LAYOUT_MMA_ACC,
                     .sliceDim = -1};
  a.aKind = p->amd ? TT_LAYOUT_MFMA_A : TT_LAYOUT_MMA_A;
  a.bKind = p->amd ? TT_LAYOUT_MFMA_B : TT_LAYOUT_MMA_B;
  if (p->wgmma) {
    // wgmma stages a register a from any layout (Wgmma.c).
    a.acc.kind = TT_LAYOUT_WGMMA_ACC;
    a.aKind = a.bKind = -1;
    swizzleWgmmaOperands(&o);
  } else if (!p->amd && !p->generic) {
    swizzleMmaSyncOperands(&o);
  } else if (p->amd && !p->generic) {
    transposeMfmaOperands(&o);
  }
  memcpy(a.acc.shape, p->shape, sizeof a.acc.shape);
  memcpy(a.acc.warps, p->warps, sizeof a.acc.warps);
  if (p->generic) {
    // Generic tile matmuls read both operands from shared memory, staging
    // register tiles of any layout (GenericMma.c).
    a.acc = p->blocked;
    a.aKind = a.bKind = -1;
  }
  // Propagate to a fixpoint; then a tile no op constrains (the first in
  // program order: a wgmma's staged a, the input of a kernel with no
  // matmul) takes the accumulator's layout when it fits (the generic
  // lowering: a blocked layout of its own shape), and propagation resumes.
  bool ok = true;
  for (int seed = 0; seed < o.n; ++seed) {
    for (int round = 0; round < 64; ++round) {
      a.changed = false;
      for (int i = 0; i < o.n; ++i)
        forward(&a, o.ops[i]);
      for (int i = 0; !a.changed && i < o.n; ++i)
        for (intptr_t r = 0; r < mlirOperationGetNumResults(o.ops[i]); ++r)
          if (tcHasLayout(mlirOperationGetResult(o.ops[i], r)))
            backward(&a, mlirOperationGetResult(o.ops[i], r));
      if (!a.changed)
        break;
    }
    if (!seedOne(&a, &o, p))
      break;
  }
  for (int i = 0; i < o.n && ok; ++i) {
    MlirOperation op = o.ops[i];
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op) && ok; ++r) {
      MlirValue v = mlirOperationGetResult(op, r);
      if (!mlirTypeIsAVector(mlirValueGetType(v)))
        continue;
      if (!tcHasLayout(v) || !get(&a, v)) {
        char name[96];
        snprintf(err, cap, "no register layout reaches the result of '%s' "
                 "(2-D tiles connected to a tile matmul only, so far)",
                 tvOpName(op, name, sizeof name));
        ok = false;
      }
    }
  }
  for (int i = 0; i < o.n && ok; ++i) {
    MlirOperation op = o.ops[i];
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k) {
      MlirValue v = mlirOperationGetOperand(op, k);
      TtLayout w;
      const TtLayout *have = tcHasLayout(v) ? get(&a, v) : NULL;
      if (have && wanted(&a, op, k, &w) && !ttLayoutEqual(have, &w))
        convert(op, k, &w);
    }
    if (tsOpIs(op, "ttarget.mma") && p->generic)
      mlirOperationSetAttributeByName(
          op, mlirStringRefCreateFromCString("layout"),
          ttLayoutAttr(mlirOperationGetContext(op),
                       get(&a, mlirOperationGetResult(op, 0))));
    else if (!tsOpIs(op, "ttarget.mma") && mlirOperationGetNumResults(op) > 0) {
      bool any = false;
      for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r)
        any |= mlirTypeIsAVector(mlirValueGetType(mlirOperationGetResult(op, r)));
      if (any)
        setLayouts(op, &a);
    }
  }
  free(a.s);
  tsOpListFree(&o);
  return ok;
}
