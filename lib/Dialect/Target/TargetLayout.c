//===- TargetLayout.c - Register-tile layouts (ttarget.layouts) ----------===//
//
// A layout says which thread of a block, and which of its registers, holds
// each element of a register tile (a 2-D vector value of Schedule IR). It is
// a Target IR decision: tessera-lower-schedule assigns one to every tile of
// a kernel compiled op by op, writes it on the op that makes the tile
// (`ttarget.layouts`, one entry per vector result), and makes every change
// of layout an explicit ttarget.convert_layout. The lowering
// (lib/Conversion/DistributeTiles) reads them and nothing else.
//
//   {kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 4, 1>}
//   {kind = "blocked", per_thread = array<i64: 1, 4>,
//    threads = array<i64: 8, 4>, warps = array<i64: 4, 1>}
//   {kind = "wgmma_acc", shape = array<i64: 64, 8, 8>, warps = array<i64: 1, 1>}
//   {kind = "mma_acc", ..., slice = 1}   the M x 1 tile that reducing dim 1
//                                        of an mma_acc tile gives
//
// Semantics of each kind: docs/dialects/target.md, "Register layouts".
//
//===----------------------------------------------------------------------===//
#include "Dialect/Target/TargetUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

const char *const ttLayoutNames[] = {"blocked",  "mma_acc", "mma_a",
                                     "mma_b",    "mfma_acc", "mfma_a",
                                     "mfma_b",   "wgmma_acc", NULL};

// The one instruction each family of fragments is laid out for so far
// (lib/Conversion/DistributeTiles/Layout.c).
static bool isMfma(int kind) {
  return kind >= TT_LAYOUT_MFMA_ACC && kind <= TT_LAYOUT_MFMA_B;
}

static const char *const kLayoutKeys[] = {"kind",    "shape",      "warps",
                                          "threads", "per_thread", "slice",
                                          NULL};

MlirLogicalResult ttParseLayout(MlirOperation op, const char *attrName,
                                MlirAttribute attr, TtLayout *l) {
  memset(l, 0, sizeof *l);
  l->sliceDim = -1;
  TsDict d;
  if (tvFailed(tsDictOpen(op, attrName, attr, kLayoutKeys, &d)) ||
      tvFailed(tsDictRequire(&d, "kind")) ||
      tvFailed(tsDictRequire(&d, "warps")))
    return mlirLogicalResultFailure();
  bool present;
  intptr_t n;
  int64_t v[3];
  if (tvFailed(tsDictEnum(&d, "kind", ttLayoutNames, &present, &l->kind)) ||
      tvFailed(tsDictDims(&d, "warps", 2, 2, &present, l->warps, &n)))
    return mlirLogicalResultFailure();
  bool mma = l->kind != TT_LAYOUT_BLOCKED;
  const char *need = mma ? "shape" : "threads";
  const char *bad = mma ? "threads" : "shape";
  if (tvFailed(tsDictRequire(&d, need)))
    return mlirLogicalResultFailure();
  if (!mlirAttributeIsNull(tsDictGet(&d, bad)) ||
      (mma && !mlirAttributeIsNull(tsDictGet(&d, "per_thread"))))
    return tsDictError(&d, "key '%s' does not apply to a %s layout",
                       !mlirAttributeIsNull(tsDictGet(&d, bad)) ? bad
                                                                : "per_thread",
                       ttLayoutNames[l->kind]);
  if (mma) {
    if (tvFailed(tsDictDims(&d, "shape", 3, 3, &present, l->shape, &n)))
      return mlirLogicalResultFailure();
    // The register maps of lib/Conversion/DistributeTiles/Layout.c: the
    // m16n8k8 (32-bit) and m16n8k16 (16-bit) fragments of mma.sync (PTX ISA
    // 9.7.13.4) and those of v_mfma_f32_16x16x4f32 (CDNA3 ISA 7.1), with
    // the 32 x 32 MFMA forms (32x32x2 f32, 32x32x8 16-bit).
    // A wgmma accumulator is laid out by its m64 x n8 atom (any N).
    bool wg = l->kind == TT_LAYOUT_WGMMA_ACC;
    int64_t want[3] = {wg ? 64 : 16, isMfma(l->kind) ? 16 : 8,
                       isMfma(l->kind) ? 4 : 8};
    // mma.sync also m16n8k16, MFMA also 16x16x16 (16-bit operands).
    // wgmma also m64n8k16 (16-bit operands).
    bool k16 = l->shape[0] == (wg ? 64 : 16) && l->shape[2] == 16 &&
               l->shape[1] == (isMfma(l->kind) ? 16 : 8);
    bool mfma32 = isMfma(l->kind) && l->shape[0] == 32 &&
                  l->shape[1] == 32 && (l->shape[2] == 2 || l->shape[2] == 8);
    if (!k16 && !mfma32 && memcmp(l->shape, want, sizeof want))
      return tsDictError(&d, "key 'shape' must be the %s instruction (the "
                             "fragments laid out so far), got %lldx%lldx%lld",
                         wg               ? "wgmma m64n8k8 (tf32) or m64n8k16 "
                                            "(16-bit) atom of a"
                         : isMfma(l->kind) ? "MFMA 16x16x4, 16x16x16, "
                                             "32x32x2 or 32x32x8"
                                           : "mma.sync m16n8k8 or m16n8k16",
                         (long long)l->shape[0], (long long)l->shape[1],
                         (long long)l->shape[2]);
  } else {
    if (tvFailed(tsDictDims(&d, "threads", 2, 2, &present, l->threads, &n)))
      return mlirLogicalResultFailure();
    l->perThread[0] = l->perThread[1] = 1;
    if (tvFailed(tsDictDims(&d, "per_thread", 2, 2, &present, v, &n)))
      return mlirLogicalResultFailure();
    if (present)
      memcpy(l->perThread, v, sizeof l->perThread);
    int64_t t = l->threads[0] * l->threads[1];
    if (t != 32 && t != 64)
      return tsDictError(&d, "key 'threads' must split one warp (32) or "
                             "wavefront (64), got %lld threads",
                         (long long)t);
  }
  int64_t s;
  if (tvFailed(tsDictI64InRange(&d, "slice", 0, 1, &present, &s)))
    return mlirLogicalResultFailure();
  if (present)
    l->sliceDim = (int)s;
  return tvSuccess();
}

void ttLayoutTile(const TtLayout *l, int64_t tile[2]) {
  switch (l->kind) {
  case TT_LAYOUT_BLOCKED:
    for (int i = 0; i < 2; ++i)
      tile[i] = l->perThread[i] * l->threads[i] * l->warps[i];
    return;
  case TT_LAYOUT_MMA_ACC:
  case TT_LAYOUT_MFMA_ACC:
  case TT_LAYOUT_WGMMA_ACC:
    tile[0] = l->shape[0] * l->warps[0];
    tile[1] = l->shape[1] * l->warps[1];
    return;
  case TT_LAYOUT_MMA_A: // M x K, the same rows for every warp column
  case TT_LAYOUT_MFMA_A:
    tile[0] = l->shape[0] * l->warps[0];
    tile[1] = l->shape[2];
    return;
  default: // B: K x N
    tile[0] = l->shape[2];
    tile[1] = l->shape[1] * l->warps[1];
    return;
  }
}

bool ttTileShape(MlirType t, int64_t shape[2]) {
  if (!mlirTypeIsAVector(t))
    return false;
  intptr_t rank = mlirShapedTypeGetRank(t);
  if (rank == 1) {
    shape[0] = 1;
    shape[1] = mlirShapedTypeGetDimSize(t, 0);
    return true;
  }
  if (rank != 2)
    return false;
  shape[0] = mlirShapedTypeGetDimSize(t, 0);
  shape[1] = mlirShapedTypeGetDimSize(t, 1);
  return true;
}

MlirLogicalResult ttCheckLayoutFits(MlirOperation op, const TtLayout *l,
                                    MlirType t) {
  char ts[128];
  int64_t shape[2];
  if (!ttTileShape(t, shape))
    return tvEmitError(op, "a register layout applies to a 2-D vector "
                           "tile or a 1-D row, not %s",
                       tvTypeStr(t, ts, sizeof ts));
  if (mlirShapedTypeGetRank(t) == 1 && l->sliceDim != 0)
    return tvEmitError(op, "a 1-D row %s needs a layout with slice = 0",
                       tvTypeStr(t, ts, sizeof ts));
  int64_t unit[2];
  ttLayoutTile(l, unit);
  for (int i = 0; i < 2; ++i) {
    if (i == l->sliceDim) {
      if (shape[i] != 1)
        return tvEmitError(op, "layout %s with slice = %d needs dim %d of "
                               "size 1, got %s",
                           ttLayoutNames[l->kind], l->sliceDim, i,
                           tvTypeStr(t, ts, sizeof ts));
      continue;
    }
    if (shape[i] % unit[i])
      return tvEmitError(op, "%s does not split into whole %lldx%lld pieces "
                             "of layout %s",
                         tvTypeStr(t, ts, sizeof ts), (long long)unit[0],
                         (long long)unit[1], ttLayoutNames[l->kind]);
  }
  return tvSuccess();
}

MlirAttribute ttLayoutAttr(MlirContext ctx, const TtLayout *l) {
  MlirNamedAttribute e[5];
  intptr_t n = 0;
#define NAMED(k, a)                                                            \
  e[n++] = mlirNamedAttributeGet(                                              \
      mlirIdentifierGet(ctx, mlirStringRefCreateFromCString(k)), (a))
  NAMED("kind", mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(
                                           ttLayoutNames[l->kind])));
  if (l->kind == TT_LAYOUT_BLOCKED) {
    NAMED("per_thread", mlirDenseI64ArrayGet(ctx, 2, l->perThread));
    NAMED("threads", mlirDenseI64ArrayGet(ctx, 2, l->threads));
  } else {
    NAMED("shape", mlirDenseI64ArrayGet(ctx, 3, l->shape));
  }
  NAMED("warps", mlirDenseI64ArrayGet(ctx, 2, l->warps));
  if (l->sliceDim >= 0)
    NAMED("slice", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64),
                                      l->sliceDim));
#undef NAMED
  return mlirDictionaryAttrGet(ctx, n, e);
}

bool ttLayoutEqual(const TtLayout *a, const TtLayout *b) {
  if (a->kind != b->kind || a->sliceDim != b->sliceDim ||
      memcmp(a->warps, b->warps, sizeof a->warps))
    return false;
  if (a->kind == TT_LAYOUT_BLOCKED)
    return !memcmp(a->threads, b->threads, sizeof a->threads) &&
           !memcmp(a->perThread, b->perThread, sizeof a->perThread);
  return !memcmp(a->shape, b->shape, sizeof a->shape);
}

// The vector results of `op` (scf.for: its results, which its region's
// iter_args share).
static intptr_t vectorResults(MlirOperation op, MlirType *types,
                              intptr_t cap) {
  intptr_t n = 0;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, i));
    if (mlirTypeIsAVector(t) && n < cap)
      types[n++] = t;
  }
  return n;
}

MlirLogicalResult ttVerifyLayoutsAttr(MlirOperation op, MlirAttribute attr) {
  char s[128];
  if (!mlirAttributeIsAArray(attr))
    return tvEmitError(op, "attribute 'ttarget.layouts' must be an array of "
                           "layouts, one per vector result, got %s",
                       tvAttrStr(attr, s, sizeof s));
  MlirType types[16];
  intptr_t n = vectorResults(op, types, 16);
  if (mlirArrayAttrGetNumElements(attr) != n)
    return tvEmitError(op, "attribute 'ttarget.layouts' has %lld entries "
                           "for %lld vector results",
                       (long long)mlirArrayAttrGetNumElements(attr),
                       (long long)n);
  for (intptr_t i = 0; i < n; ++i) {
    TtLayout l;
    if (tvFailed(ttParseLayout(op, "ttarget.layouts",
                               mlirArrayAttrGetElement(attr, i), &l)) ||
        tvFailed(ttCheckLayoutFits(op, &l, types[i])))
      return mlirLogicalResultFailure();
  }
  return tvSuccess();
}
