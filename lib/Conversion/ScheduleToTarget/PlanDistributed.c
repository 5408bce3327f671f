//===- PlanDistributed.c - Instruction and warps of an op-by-op kernel ----===//
//
// The first decision of the op-by-op GPU commitment (AssignLayouts.h): which
// instruction the kernel's tile matmuls take and how warps split the tile
// -- wgmma, mma.sync, MFMA, or the generic form with a blocked layout --
// read from the tile matmuls' shapes, element types and operands.
//
//===----------------------------------------------------------------------===//
#include "Conversion/KernelGen.h"
#include "Conversion/ScheduleToTarget/AssignLayouts.h"
#include "Conversion/ScheduleToTarget/CommitUtils.h"

#include "IR/OpList.h"

#include "mlir-c/BuiltinAttributes.h"

#include <stdio.h>
#include <string.h>

static bool isSpan(int64_t bytes) {
  return bytes == 32 || bytes == 64 || bytes == 128;
}

// Whether every copy of the kernel can be a TMA copy (sm_90a, Tma.c): its
// source is a kernel argument (the host encodes a tensor map per
// argument), of rank 2 or 3 (a batch), its tile at most 256 per dim with
// rows of whole 16 bytes, in a tile loop with stages >= 2 (the ring's
// mbarriers track each slot's phase).
static bool tmaCopies(const TsOpList *o) {
  int copies = 0;
  for (int i = 0; i < o->n; ++i) {
    MlirOperation c = o->ops[i];
    if (!tsOpIs(c, "tsched.async_copy"))
      continue;
    ++copies;
    MlirValue src = mlirOperationGetOperand(c, 0);
    MlirType t = mlirValueGetType(mlirOperationGetResult(c, 0));
    intptr_t rank = mlirShapedTypeGetRank(mlirValueGetType(src));
    MlirOperation loop = mlirOperationGetParentOperation(c);
    MlirAttribute tl = tvGetAttr(loop, "tsched.tile_loop");
    MlirAttribute st = mlirAttributeIsNull(tl)
                           ? tl
                           : mlirDictionaryAttrGetElementByName(
                                 tl, mlirStringRefCreateFromCString("stages"));
    if (!mlirValueIsABlockArgument(src) ||
        !tsOpIs(mlirBlockGetParentOperation(mlirBlockArgumentGetOwner(src)),
                "func.func") ||
        (rank != 2 && rank != 3) || mlirShapedTypeGetRank(t) != 2 ||
        mlirShapedTypeGetDimSize(t, 0) > 256 || tcRowBytes(t) % 16 ||
        mlirAttributeIsNull(st) || mlirIntegerAttrGetValueInt(st) < 2)
      return false;
  }
  return copies > 0;
}

// Whether sm_90a's wgmma takes every tile matmul: tf32 m64nNk8 or 16-bit
// m64nNk16, 64 or 128 rows (one warpgroup per 64), N a multiple of 8 up
// to 256. Operand a is K-major (M x K): a copy's buffer whose rows are one
// swizzle span, or a register tile, which is staged. Operand b is a
// copy's buffer, K-major (N x K, transpose_b) with rows of one span; or,
// for 16-bit tiles, MN-major (K x N), with rows of whole 128-byte spans
// when its copies are TMA (`tma`: the rows are then stored as boxes of one
// span, Tma.c), else of one span. Else `why` says what does not fit and
// mma.sync (which sm_90a also has) is taken.
static bool wgmmaFits(const TsOpList *o, bool half, bool tma, char *why,
                      size_t cap) {
  for (int i = 0; i < o->n; ++i) {
    MlirOperation mm = o->ops[i];
    if (!tsOpIs(mm, "tsched.tile_matmul"))
      continue;
    MlirValue a = mlirOperationGetOperand(mm, 0), b = mlirOperationGetOperand(mm, 1);
    MlirType ct = mlirValueGetType(mlirOperationGetResult(mm, 0));
    MlirType bt = mlirValueGetType(b);
    int64_t M = mlirShapedTypeGetDimSize(ct, 0), N = mlirShapedTypeGetDimSize(ct, 1);
    MlirAttribute ta = tvGetAttr(mm, "transpose_a"), tb = tvGetAttr(mm, "transpose_b");
    bool tra = !mlirAttributeIsNull(ta) && mlirBoolAttrGetValue(ta);
    bool trb = !mlirAttributeIsNull(tb) && mlirBoolAttrGetValue(tb);
    bool bShared = mlirTypeIsAMemRef(bt) && tcFromCopy(b);
    int64_t bRow = bShared ? tcRowBytes(bt) : 0;
    const char *no = NULL;
    if (M != 64 && M != 128)
      no = "wgmma tiles have 64 or 128 rows";
    else if (N % 8 || N > 256)
      no = "wgmma's N is a multiple of 8 up to 256";
    else if (tra || (!half && !trb))
      no = half ? "wgmma reads a as M x K (no transpose_a)"
                : "wgmma's tf32 form reads a as M x K and b as N x K "
                  "(transpose_b = true)";
    else if (!bShared)
      no = "wgmma reads b from a copied shared tile";
    else if (trb && !isSpan(bRow))
      no = "wgmma reads a K-major b from a copied tile whose rows are 32, "
           "64 or 128 bytes";
    else if (!trb && !isSpan(bRow) && !(tma && bRow % 128 == 0))
      no = "wgmma reads an MN-major b from a copied tile whose rows are 32, "
           "64 or 128 bytes, or whole 128-byte spans copied by TMA";
    else if (mlirTypeIsAMemRef(mlirValueGetType(a)) &&
             (!tcFromCopy(a) || !isSpan(tcRowBytes(mlirValueGetType(a)))))
      no = "wgmma reads a shared a from a copied tile whose rows are 32, 64 "
           "or 128 bytes";
    else if (mlirTypeIsAVector(mlirValueGetType(a)) &&
             !isSpan(tcRowBytes(mlirValueGetType(a))))
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
// up to 4 warps over the rows, and the rest of 4 over the columns where the
// tile has too few rows (a 1 x 1024 row: 4 warps of 256 columns; a row
// reduction then meets across the warps in shared memory, TileCompute.c);
// one element of each repetition per lane.
bool tesseraBlockedLayout(int64_t R, int64_t C, int64_t wave, TtLayout *l) {
  memset(l, 0, sizeof *l);
  l->kind = TT_LAYOUT_BLOCKED;
  l->sliceDim = -1;
  l->perThread[0] = l->perThread[1] = 1;
  for (int64_t tc = wave; tc >= 1; tc /= 2) {
    int64_t tr = wave / tc;
    if (C % tc || R % tr)
      continue;
    l->threads[0] = tr, l->threads[1] = tc;
    l->warps[0] = R % (4 * tr) == 0 ? 4 : R % (2 * tr) == 0 ? 2 : 1;
    l->warps[1] = 4 / l->warps[0];
    while (l->warps[1] > 1 && C % (tc * l->warps[1]))
      l->warps[1] /= 2;
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
      if (!tcIsTile(v))
        continue;
      MlirType t = mlirValueGetType(v);
      int64_t rr = mlirShapedTypeGetDimSize(t, 0), cc = mlirShapedTypeGetDimSize(t, 1);
      bool anchor = tsOpIs(op, "tsched.tile_matmul");
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
  if (!R || !tesseraBlockedLayout(R, C, wave, &p->blocked)) {
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
  p->blockThreads = wave * p->blocked.warps[0] * p->blocked.warps[1];
  return true;
}

// A kernel with one tile matmul and no reduction has no op that needs a
// row inside one warp, so its warps form a 2-D grid: of the splits of the
// same warps into wm x wn whose parts are whole instructions (M / wm rows
// of 16, N / wn columns of `un`), the one whose part has the smallest
// perimeter M / wm + N / wn -- the operand rows and columns each warp reads
// per k (128 x 128 with 4 warps: 2 x 2 warps of 64 x 64, as the whole-nest
// sm_80 lowering has).
static void squareWarps(TesseraDistributedPlan *p, int64_t M, int64_t N,
                        int64_t un) {
  int64_t total = p->warps[0], best = M / total + N;
  for (int64_t wn = 2; wn <= total; wn *= 2) {
    int64_t wm = total / wn;
    if (M % (16 * wm) || N % (un * wn) || M / wm + N / wn >= best)
      continue;
    best = M / wm + N / wn;
    p->warps[0] = wm;
    p->warps[1] = wn;
  }
}

bool tesseraPlanDistributed(MlirOperation func, const char *chip,
                            TesseraDistributedPlan *p, char *err,
                            size_t cap) {
  memset(p, 0, sizeof *p);
  p->amd = !strncmp(chip, "gfx", 3);
  bool spirv = !strcmp(chip, "spirv");
  if (strncmp(chip, "sm_", 3) && !p->amd && !spirv) {
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
  if (spirv) {
    // OpenCL has no matrix instructions Tessera targets (yet): every
    // kernel takes the generic lowering, 32 lanes per "warp" (a warp's
    // shuffles go through local memory where the device has no
    // subgroups, TargetToSPIRV.c).
    snprintf(err, cap, "the SPIR-V target has no matrix instructions");
    bool ok = planGeneric(&o, p, err, cap);
    tsOpListFree(&o);
    return ok;
  }
  int64_t rows = 0, cols = 0;
  int matmuls = 0;
  bool reduces = false, ok = true;
  for (int i = 0; i < o.n && ok; ++i) {
    reduces |= tsOpIs(o.ops[i], "tsched.reduce");
    if (!tsOpIs(o.ops[i], "tsched.tile_matmul"))
      continue;
    ++matmuls;
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
    cols = N;
  }
  char why[160];
  // TMA feeds 16-bit wgmma kernels; tf32 wgmma kernels keep cp.async so
  // far (docs/targets/nvidia.md).
  bool sm90a = !strcmp(chip, "sm_90a");
  p->tma = ok && rows && sm90a && p->half && tmaCopies(&o);
  p->wgmma = ok && rows && sm90a && wgmmaFits(&o, p->half, p->tma, why, sizeof why);
  p->tma &= p->wgmma;
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
  if (matmuls == 1 && !reduces) {
    if (!p->amd)
      p->warps[0] = tesseraMmaSyncWarps(rows, cols, p->warps[0]);
    squareWarps(p, rows, cols, un);
  }
  // MFMA 32 x 32 (32x32x2 f32, 32x32x8 16-bit) where every wavefront's part
  // is whole 32 x 32 tiles: half the LDS reads per flop of 16 x 16, as the
  // retired whole-nest AMD lowering chose. (The tile's K, a multiple of the
  // 16 x 16 form's 16 or 4, is one of 8 or 2.)
  if (p->amd && matmuls == 1 && rows % (32 * p->warps[0]) == 0 &&
      cols % (32 * p->warps[1]) == 0) {
    p->shape[0] = p->shape[1] = 32;
    p->shape[2] = p->half ? 8 : 2;
  }
  p->blockThreads = (p->amd ? 64 : 32) * p->warps[0] * p->warps[1];
  // An accumulator that cannot live in registers spills in every variant:
  // refuse it here, naming the tile, as the whole-nest lowerings do (192
  // of mma.sync's 255 registers a thread; 128 of a wave64 lane's 256
  // VGPRs, above which the retired MFMA template spilled SGPRs).
  int64_t accRegs = rows * cols / p->blockThreads, maxAcc = p->amd ? 128 : 192;
  if (!p->wgmma && matmuls > 0 && accRegs > maxAcc) {
    snprintf(err, cap, "a %lldx%lld accumulator over %lld threads needs "
             "%lld registers per thread (at most %lld fit without "
             "spilling); use smaller tiles", (long long)rows,
             (long long)cols, (long long)p->blockThreads, (long long)accRegs,
             (long long)maxAcc);
    return false;
  }
  if (p->wgmma) {
    p->shape[0] = 64, p->shape[1] = 8; // N: each matmul's
    p->shape[2] = p->half ? 16 : 8;
    p->warps[0] = rows / 64;
    p->warps[1] = 1;
    p->blockThreads = 128 * p->warps[0];
  }
  return true;
}

