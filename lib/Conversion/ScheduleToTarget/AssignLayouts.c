//===- AssignLayouts.c - Register layouts for kernels compiled op by op ---===//
//
// A GPU kernel that no whole-loop-nest lowering takes is compiled op by op
// (lib/Conversion/DistributeTiles); here tessera-lower-schedule decides what
// that lowering obeys:
//   - the mma.sync instruction and warp grid of every tile matmul (the
//     warps split the rows, so a row reduction stays inside one warp);
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

static bool opIs(MlirOperation op, const char *name) {
  return tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

// An arith op that makes a tile (arith.truncf, arith.addf, ...): lowered
// register by register, all tiles in one layout.
static bool isTileArith(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length > 6 && !memcmp(n.data, "arith.", 6) &&
         !tvStrEq(n, "arith.constant") && mlirOperationGetNumResults(op) == 1 &&
         mlirTypeIsAVector(mlirValueGetType(mlirOperationGetResult(op, 0)));
}

static bool isTile(MlirValue v) {
  MlirType t = mlirValueGetType(v);
  return mlirTypeIsAVector(t) && mlirShapedTypeGetRank(t) == 2;
}



//===----------------------------------------------------------------------===//
// The plan: instruction and warps
//===----------------------------------------------------------------------===//


static int64_t rowBytesOf(MlirType t) {
  return tesseraTileBytes(t) / mlirShapedTypeGetDimSize(t, 0);
}

static bool isSpan(int64_t bytes) {
  return bytes == 32 || bytes == 64 || bytes == 128;
}

static bool fromCopy(MlirValue v) {
  return mlirValueIsAOpResult(v) &&
         (opIs(mlirOpResultGetOwner(v), "tsched.async_copy") ||
          opIs(mlirOpResultGetOwner(v), "ttarget.copy"));
}

// Whether sm_90a's wgmma (tf32 m64nNk8) takes every tile matmul: 64 or 128
// rows (one warpgroup per 64), N a multiple of 8 up to 256, both operands
// K-major (a as M x K, b as N x K: tf32 has no transposed form) with b -- and
// a, unless it is a register tile, which is staged -- a copy's buffer
// whose rows are one swizzle span. Else `why` says what does not fit and
// mma.sync (which sm_90a also has) is taken.
static bool wgmmaFits(const TsOpList *o, char *why, size_t cap) {
  for (int i = 0; i < o->n; ++i) {
    MlirOperation mm = o->ops[i];
    if (!opIs(mm, "tsched.tile_matmul"))
      continue;
    MlirValue a = mlirOperationGetOperand(mm, 0), b = mlirOperationGetOperand(mm, 1);
    MlirType ct = mlirValueGetType(mlirOperationGetResult(mm, 0));
    int64_t M = mlirShapedTypeGetDimSize(ct, 0), N = mlirShapedTypeGetDimSize(ct, 1);
    MlirAttribute ta = tvGetAttr(mm, "transpose_a"), tb = tvGetAttr(mm, "transpose_b");
    bool tra = !mlirAttributeIsNull(ta) && mlirBoolAttrGetValue(ta);
    bool trb = !mlirAttributeIsNull(tb) && mlirBoolAttrGetValue(tb);
    const char *no = NULL;
    if (M != 64 && M != 128)
      no = "wgmma tiles have 64 or 128 rows";
    else if (N % 8 || N > 256)
      no = "wgmma's N is a multiple of 8 up to 256";
    else if (tra || !trb)
      no = "wgmma's tf32 form reads a as M x K and b as N x K "
           "(transpose_b = true)";
    else if (!mlirTypeIsAMemRef(mlirValueGetType(b)) || !fromCopy(b) ||
             !isSpan(rowBytesOf(mlirValueGetType(b))))
      no = "wgmma reads b from a copied shared tile whose rows are 32, 64 "
           "or 128 bytes";
    else if (mlirTypeIsAMemRef(mlirValueGetType(a)) &&
             (!fromCopy(a) || !isSpan(rowBytesOf(mlirValueGetType(a)))))
      no = "wgmma reads a shared a from a copied tile whose rows are 32, 64 "
           "or 128 bytes";
    else if (mlirTypeIsAVector(mlirValueGetType(a)) &&
             !isSpan(rowBytesOf(mlirValueGetType(a))))
      no = "a staged register a needs rows of 32, 64 or 128 bytes";
    if (no) {
      snprintf(why, cap, "%s", no);
      return false;
    }
  }
  return true;
}

// The blocked layout of the generic GPU lowering, sized by the kernel's
// main tile (its first tile matmul's accumulator, else its largest 2-D
// tile): the lanes of a warp (wavefront) over the tile's columns as far as
// they go (a row reduction is then a few xor shuffles), the rest over rows;
// up to 4 warps over the rows; one element of each repetition per lane.
static bool blockedFor(int64_t R, int64_t C, int64_t wave, TtLayout *l) {
  memset(l, 0, sizeof *l);
  l->kind = TT_LAYOUT_BLOCKED;
  l->sliceDim = -1;
  l->perThread[0] = l->perThread[1] = 1;
  for (int64_t tc = wave; tc >= 1; tc /= 2) {
    int64_t tr = wave / tc;
    if (C % tc || R % tr)
      continue;
    l->threads[0] = tr, l->threads[1] = tc;
    l->warps[1] = 1;
    l->warps[0] = R % (4 * tr) == 0 ? 4 : R % (2 * tr) == 0 ? 2 : 1;
    return true;
  }
  return false;
}

static bool planGeneric(const TsOpList *o, TesseraDistributedPlan *p, char *err,
                        size_t cap) {
  int64_t R = 0, C = 0;
  for (int i = 0; i < o->n; ++i) {
    MlirOperation op = o->ops[i];
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r) {
      MlirValue v = mlirOperationGetResult(op, r);
      if (!isTile(v))
        continue;
      MlirType t = mlirValueGetType(v);
      int64_t rr = mlirShapedTypeGetDimSize(t, 0), cc = mlirShapedTypeGetDimSize(t, 1);
      bool anchor = opIs(op, "tsched.tile_matmul");
      if (anchor || rr * cc > R * C) {
        R = rr, C = cc;
        if (anchor)
          goto found;
      }
    }
  }
found:
  p->generic = true;
  p->shape[0] = p->shape[1] = p->shape[2] = 1;
  p->warps[0] = p->warps[1] = 1;
  int64_t wave = p->amd ? 64 : 32;
  if (!R || !blockedFor(R, C, wave, &p->blocked)) {
    char why[200];
    snprintf(why, sizeof why, "%s", err);
    if (!R)
      snprintf(err, cap, "%s%sit has no register tile to lay out", why,
               *why ? "; " : "");
    else
      snprintf(err, cap, "%s%sno blocked layout of %lld lanes fits its "
               "main tile (%lldx%lld)", why, *why ? "; " : "",
               (long long)wave, (long long)R, (long long)C);
    return false;
  }
  p->blockThreads = wave * p->blocked.warps[0];
  return true;
}

bool tesseraPlanDistributed(MlirOperation func, const char *chip,
                            TesseraDistributedPlan *p, char *err,
                            size_t cap) {
  memset(p, 0, sizeof *p);
  p->amd = !strncmp(chip, "gfx", 3);
  if (strncmp(chip, "sm_", 3) && !p->amd) {
    snprintf(err, cap, "kernels are compiled op by op on GPUs only, not on "
             "%s", chip);
    return false;
  }
  // The instruction: mma.sync m16n8k8 (tf32) / m16n8k16 (16-bit) on NVIDIA,
  // v_mfma_f32_16x16x4f32 / 16x16x16 (16-bit) on AMD (the fragments
  // Layout.c lays out).
  int64_t un = p->amd ? 16 : 8, uk = p->amd ? 4 : 8;
  TsOpList o = {0};
  mlirOperationWalk(func, tsOpListCollectAll, &o, MlirWalkPreOrder);
  int64_t rows = 0;
  bool ok = true;
  for (int i = 0; i < o.n && ok; ++i) {
    if (!opIs(o.ops[i], "tsched.tile_matmul"))
      continue;
    MlirOperation mm = o.ops[i];
    MlirType at = mlirValueGetType(mlirOperationGetOperand(mm, 0));
    MlirType bt = mlirValueGetType(mlirOperationGetOperand(mm, 1));
    MlirType ct = mlirValueGetType(mlirOperationGetResult(mm, 0));
    int64_t M = mlirShapedTypeGetDimSize(ct, 0), N = mlirShapedTypeGetDimSize(ct, 1);
    MlirAttribute ta = tvGetAttr(mm, "transpose_a");
    bool tra = !mlirAttributeIsNull(ta) && mlirBoolAttrGetValue(ta);
    int64_t K = mlirShapedTypeGetDimSize(at, tra ? 0 : 1);
    MlirType ea = mlirShapedTypeGetElementType(at);
    bool half = mlirTypeIsAF16(ea) || mlirTypeIsABF16(ea);
    if (!(mlirTypeIsAF32(ea) || half) ||
        !mlirTypeEqual(ea, mlirShapedTypeGetElementType(bt)) ||
        !mlirTypeIsAF32(mlirShapedTypeGetElementType(ct)) ||
        (i > 0 && rows && half != p->half)) {
      snprintf(err, cap, "the op-by-op lowering has %s fragments for f32, "
               "f16 or bf16 tiles (one kind per kernel) with f32 "
               "accumulators only so far", p->amd ? "MFMA" : "mma.sync");
      ok = false;
      break;
    }
    p->half = half;
    uk = half ? 16 : uk;
    if (M % 16 || N % un || K % uk) {
      snprintf(err, cap, "a %lldx%lldx%lld tile matmul is not whole "
               "16x%lldx%lld instructions", (long long)M, (long long)N,
               (long long)K, (long long)un, (long long)uk);
      ok = false;
    } else if (rows && rows != M) {
      snprintf(err, cap, "the tile matmuls have %lld and %lld rows; the warp "
               "grid splits one row count", (long long)rows, (long long)M);
      ok = false;
    }
    rows = M;
  }
  char why[160];
  // wgmma is laid out for tf32 only so far.
  p->wgmma = ok && rows && !p->half && !strcmp(chip, "sm_90a") &&
             wgmmaFits(&o, why, sizeof why);
  if (!ok || !rows) {
    // No tensor-core form: the generic GPU lowering (gpu dialect only).
    if (!rows)
      snprintf(err, cap, "no tile matmul");
    ok = planGeneric(&o, p, err, cap);
    tsOpListFree(&o);
    return ok;
  }
  tsOpListFree(&o);
  p->shape[0] = 16, p->shape[1] = un, p->shape[2] = uk;
  p->tf32 = !p->amd && !p->half;
  // Warps split the rows only, so a row reduction stays in one warp.
  p->warps[0] = rows % 64 == 0 ? 4 : rows % 32 == 0 ? 2 : 1;
  p->warps[1] = 1;
  p->blockThreads = (p->amd ? 64 : 32) * p->warps[0];
  if (p->wgmma) {
    p->shape[0] = 64, p->shape[1] = 8, p->shape[2] = 8; // N: each matmul's
    p->warps[0] = rows / 64;
    p->blockThreads = 128 * p->warps[0];
  }
  return true;
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
  if (opIs(op, "ttarget.mma")) {
    *w = a->acc;
    if (i == 0)
      w->kind = a->aKind;
    if (i == 1)
      w->kind = a->bKind;
    return w->kind >= 0;
  }
  if (opIs(op, "tsched.elementwise")) {
    const TtLayout *r = get(a, mlirOperationGetResult(op, 0));
    if (!r)
      return false;
    *w = *r;
    MlirType ot = mlirValueGetType(mlirOperationGetOperand(op, i));
    MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
    if (!mlirTypeEqual(ot, rt))
      w->sliceDim = mlirShapedTypeGetDimSize(ot, 1) == 1 ? 1 : 0;
    return true;
  }
  if (isTileArith(op)) {
    const TtLayout *r = get(a, mlirOperationGetResult(op, 0));
    if (r)
      *w = *r;
    return r != NULL;
  }
  if (opIs(op, "scf.for") && i >= 3) {
    const TtLayout *r = get(a, mlirOperationGetResult(op, i - 3));
    if (r)
      *w = *r;
    return r != NULL;
  }
  if (opIs(op, "scf.yield") &&
      opIs(mlirOperationGetParentOperation(op), "scf.for")) {
    const TtLayout *r =
        get(a, mlirOperationGetResult(mlirOperationGetParentOperation(op), i));
    if (r)
      *w = *r;
    return r != NULL;
  }
  return false;
}

static void forward(Assign *a, MlirOperation op) {
  if (opIs(op, "ttarget.mma")) {
    set(a, mlirOperationGetResult(op, 0), &a->acc);
  } else if (opIs(op, "tsched.elementwise")) {
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
  } else if (opIs(op, "tsched.reduce")) {
    const TtLayout *l = get(a, mlirOperationGetOperand(op, 0));
    MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
    if (l) {
      TtLayout s = *l;
      s.sliceDim = mlirShapedTypeGetDimSize(rt, 1) == 1 ? 1 : 0;
      set(a, mlirOperationGetResult(op, 0), &s);
    }
  } else if (opIs(op, "scf.for")) {
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
    MlirOperation yield = mlirBlockGetTerminator(body);
    for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i) {
      MlirValue r = mlirOperationGetResult(op, i);
      if (!isTile(r))
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
      if (!isTile(v) || get(a, v))
        continue;
      MlirType t = mlirValueGetType(v);
      int64_t R = mlirShapedTypeGetDimSize(t, 0), C = mlirShapedTypeGetDimSize(t, 1);
      TtLayout own;
      if (R % unit[0] == 0 && C % unit[1] == 0) {
        set(a, v, &a->acc);
        return true;
      }
      if (p->generic && blockedFor(R, C, p->amd ? 64 : 32, &own) &&
          own.warps[0] <= p->blocked.warps[0]) {
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
    MlirAttribute fam = tvGetAttr(op, "family");
    if (!opIs(op, "ttarget.copy") ||
        !tvStrEq(mlirStringAttrGetValue(fam), "cp.async"))
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

// The copies wgmma reads are stored swizzled with rows of one span.
static void swizzleWgmmaOperands(const TsOpList *o) {
  for (int i = 0; i < o->n; ++i) {
    if (!opIs(o->ops[i], "ttarget.mma"))
      continue;
    for (int k = 0; k < 2; ++k) {
      MlirValue v = mlirOperationGetOperand(o->ops[i], k);
      if (!mlirTypeIsAMemRef(mlirValueGetType(v)) || !fromCopy(v))
        continue;
      MlirOperation copy = mlirOpResultGetOwner(v);
      MlirContext ctx = mlirOperationGetContext(copy);
      mlirOperationSetAttributeByName(
          copy, mlirStringRefCreateFromCString("swizzle"),
          mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64),
                             rowBytesOf(mlirValueGetType(v))));
    }
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
          if (isTile(mlirOperationGetResult(o.ops[i], r)))
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
      if (!isTile(v) || !get(&a, v)) {
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
      const TtLayout *have = isTile(v) ? get(&a, v) : NULL;
      if (have && wanted(&a, op, k, &w) && !ttLayoutEqual(have, &w))
        convert(op, k, &w);
    }
    if (opIs(op, "ttarget.mma") && p->generic)
      mlirOperationSetAttributeByName(
          op, mlirStringRefCreateFromCString("layout"),
          ttLayoutAttr(mlirOperationGetContext(op),
                       get(&a, mlirOperationGetResult(op, 0))));
    else if (!opIs(op, "ttarget.mma") && mlirOperationGetNumResults(op) > 0) {
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
