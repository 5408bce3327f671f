//===- TargetVerify.c - Semantic verifier of ttarget ops -----------------===//
//
// ttarget.mma and ttarget.copy are tsched.tile_matmul and tsched.async_copy
// committed to one instruction family; they keep the Schedule IR type rules
// (ScheduleUtils.h) and add what the hardware requires. The discardable
// attributes are checked in TargetAttrs.c / TargetKernel.c. Semantics:
// docs/dialects/target.md.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Target/TargetUtils.h"
#include "Dialect/Verify.h"

#include <string.h>

enum { kMaxTmaRank = 5, kMaxTmaBox = 256, kTmaInnerBytes = 16 };

//===----------------------------------------------------------------------===//
// ttarget.mma
//===----------------------------------------------------------------------===//

static MlirLogicalResult readCounts(MlirOperation op, const char *name,
                                    intptr_t want, const char *what,
                                    int64_t *v, bool *present) {
  int64_t buf[TS_MAX_RANK];
  intptr_t n;
  char s[128];
  if (tvFailed(tvGetI64ArrayAttr(op, name, present, buf, TS_MAX_RANK, &n)))
    return mlirLogicalResultFailure();
  if (!*present)
    return tvSuccess();
  bool ok = n == want;
  for (intptr_t i = 0; ok && i < n; ++i)
    ok = buf[i] > 0;
  if (!ok)
    return tvEmitError(op, "attribute '%s' must hold %s, got %s", name, what,
                       tvAttrStr(tvGetAttr(op, name), s, sizeof s));
  memcpy(v, buf, (size_t)want * sizeof *v);
  return tvSuccess();
}

static int warpSize(int family, const char **unit) {
  *unit = family == TT_MMA_WGMMA ? "warpgroup" : family == TT_MMA_MFMA
                                                     ? "wavefront"
                                                     : "warp";
  return family == TT_MMA_WGMMA ? 128 : family == TT_MMA_MFMA ? 64 : 32;
}

/// The tile must split into warps[0] x warps[1] pieces, each a whole number
/// of instructions.
static MlirLogicalResult checkDivisible(MlirOperation op, const int64_t t[3],
                                        const int64_t s[3],
                                        const int64_t w[2]) {
  bool ok = t[0] % s[0] == 0 && (t[0] / s[0]) % w[0] == 0 &&
            t[1] % s[1] == 0 && (t[1] / s[1]) % w[1] == 0 && t[2] % s[2] == 0;
  if (ok)
    return tvSuccess();
  return tvEmitError(op,
                     "tile %lldx%lldx%lld (MxNxK) does not split into warps "
                     "%lldx%lld of %lldx%lldx%lld instructions",
                     (long long)t[0], (long long)t[1], (long long)t[2],
                     (long long)w[0], (long long)w[1], (long long)s[0],
                     (long long)s[1], (long long)s[2]);
}

static MlirLogicalResult checkMmaLayout(MlirOperation op, const TtKernel *k,
                                        int family, const int64_t w[2]) {
  MlirType b = mlirValueGetType(mlirOperationGetOperand(op, 1));
  if (family == TT_MMA_WGMMA && tsTypeLevel(b) != TS_LEVEL_SHARED)
    return tvEmitError(op, "wgmma reads operand 'b' from shared memory; got a "
                           "register tile");
  if (family == TT_MMA_AVX512 || family == TT_MMA_GENERIC || k->threads <= 0)
    return tvSuccess();
  const char *unit;
  int64_t size = warpSize(family, &unit);
  int64_t counts[3] = {w[0], w[1], size};
  int64_t need = tsProduct(counts, 3);
  if (need > k->threads)
    return tvEmitError(op,
                       "warps %lldx%lld need %lld threads (%s: %lld per %s) "
                       "but the kernel's block has %lld",
                       (long long)w[0], (long long)w[1], (long long)need,
                       ttMmaNames[family], (long long)size, unit,
                       (long long)k->threads);
  return tvSuccess();
}

// `layout` (the accumulator's and result's register layout): what a
// generic tile matmul of a kernel compiled op by op is distributed by; the
// tensor-core families imply theirs from shape and warps.
static MlirLogicalResult checkMmaLayoutAttr(MlirOperation op) {
  MlirAttribute l = tvGetAttr(op, "layout");
  if (mlirAttributeIsNull(l))
    return tvSuccess();
  TtLayout layout;
  if (tvFailed(ttParseLayout(op, "layout", l, &layout)))
    return mlirLogicalResultFailure();
  return ttCheckLayoutFits(op, &layout,
                           mlirValueGetType(mlirOperationGetResult(op, 0)));
}

static MlirLogicalResult verifyMma(MlirOperation op, MlirOperation func) {
  if (tvFailed(checkMmaLayoutAttr(op)))
    return mlirLogicalResultFailure();
  bool present;
  int family = 0;
  int64_t shape[3], warps[2] = {1, 1}, mnk[3];
  MlirType input;
  if (tvFailed(tvGetEnumAttr(op, "family", ttMmaNames, &present, &family)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'family' (\"wgmma\", "
                           "\"mma.sync\", \"mfma\", \"avx512\" or "
                           "\"generic\")");
  if (tvFailed(readCounts(op, "shape", 3, "3 positive sizes [m, n, k]", shape,
                          &present)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'shape' (one instruction's "
                           "[m, n, k])");
  if (tvFailed(readCounts(op, "warps", 2,
                          "2 positive counts [along M, along N]", warps,
                          &present)) ||
      tvFailed(tsCheckMatmul(op, mnk, &input)))
    return mlirLogicalResultFailure();
  TtKernel k = ttReadKernel(func);
  if (k.mma >= 0 && family != k.mma)
    return tvEmitError(op, "family \"%s\" differs from the kernel's mma "
                           "\"%s\"", ttMmaNames[family], ttMmaNames[k.mma]);
  MlirType acc = mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetOperand(op, 2)));
  // On the host a tile is an upper bound on a program's block, covered by
  // register tiles whose edges are masked: it need not be a whole number of
  // them (a 128-row tile of 6-row AVX2 register tiles is what
  // tessera-lower-schedule writes).
  bool host = k.target.chip == TT_HOST;
  if (tvFailed(ttCheckInstruction(op, &k, family, shape, input, acc)) ||
      (!host && tvFailed(checkDivisible(op, mnk, shape, warps))))
    return mlirLogicalResultFailure();
  return checkMmaLayout(op, &k, family, warps);
}

//===----------------------------------------------------------------------===//
// ttarget.copy
//===----------------------------------------------------------------------===//

/// TMA reads through a tensor map the host encodes per kernel argument.
static MlirLogicalResult checkTmaSource(MlirOperation op, const TtKernel *k) {
  MlirValue src = mlirOperationGetOperand(op, 0);
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(k->func, 0));
  if (mlirValueIsABlockArgument(src) && !mlirAttributeIsNull(k->args) &&
      mlirBlockEqual(mlirBlockArgumentGetOwner(src), entry)) {
    intptr_t i = mlirBlockArgumentGetArgNumber(src);
    if (i < mlirArrayAttrGetNumElements(k->args)) {
      MlirAttribute abi = mlirArrayAttrGetElement(k->args, i);
      if (mlirAttributeIsAString(abi) &&
          tvStrEq(mlirStringAttrGetValue(abi), "tma"))
        return tvSuccess();
    }
  }
  return tvEmitError(op, "family \"tma\" needs a source that is a kernel "
                         "argument passed as \"tma\" in 'ttarget.kernel' args");
}

static MlirLogicalResult checkTma(MlirOperation op, const TtKernel *k,
                                  const int64_t *tile, intptr_t rank,
                                  int64_t eltBytes, int64_t swizzle) {
  char buf[128];
  if (rank > kMaxTmaRank)
    return tvEmitError(op, "family \"tma\" copies tiles of rank at most %d, "
                           "got %ld", (int)kMaxTmaRank, (long)rank);
  for (intptr_t i = 0; i < rank; ++i)
    if (tile[i] > kMaxTmaBox)
      return tvEmitError(op, "family \"tma\" boxes are at most %d per "
                             "dimension, got tile %s", (int)kMaxTmaBox,
                         tsShapeStr(tile, rank, buf, sizeof buf));
  int64_t inner = tile[rank - 1] * eltBytes;
  if (inner % kTmaInnerBytes)
    return tvEmitError(op, "family \"tma\" needs the tile's inner dimension "
                           "to be a multiple of %d bytes, got %lld",
                       (int)kTmaInnerBytes, (long long)inner);
  // Swizzled, a TMA box is at most one span wide: wider rows are copied as
  // boxes of one span each, stored one after another (dialects/target.md).
  if (swizzle > 0 && inner % swizzle)
    return tvEmitError(op, "the tile's inner dimension is %lld bytes, not a "
                           "whole number of %lld-byte swizzle spans (a "
                           "swizzled TMA box is one span wide)",
                       (long long)inner, (long long)swizzle);
  return checkTmaSource(op, k);
}

static MlirLogicalResult readCopyOptions(MlirOperation op, int family,
                                         int64_t *swizzle, int64_t *vbytes) {
  bool hasSwizzle, hasBytes;
  if (tvFailed(tvGetI64Attr(op, "swizzle", &hasSwizzle, swizzle)) ||
      tvFailed(tvGetI64Attr(op, "vector_bytes", &hasBytes, vbytes)))
    return mlirLogicalResultFailure();
  if (hasSwizzle && *swizzle != 0 && *swizzle != 32 && *swizzle != 64 &&
      *swizzle != 128)
    return tvEmitError(op, "attribute 'swizzle' must be 0, 32, 64 or 128 "
                           "(bytes), got %lld", (long long)*swizzle);
  if (hasBytes && family != TT_COPY_CP_ASYNC)
    return tvEmitError(op, "attribute 'vector_bytes' applies to family "
                           "\"cp.async\"");
  if (hasBytes && *vbytes != 4 && *vbytes != 8 && *vbytes != 16)
    return tvEmitError(op, "attribute 'vector_bytes' must be 4, 8 or 16, got "
                           "%lld", (long long)*vbytes);
  return tvSuccess();
}

static MlirLogicalResult checkToken(MlirOperation op) {
  char buf[128];
  MlirType t = mlirValueGetType(mlirOperationGetResult(op, 1));
  if (!strcmp(tvTypeStr(t, buf, sizeof buf), "!tsched.token"))
    return tvSuccess();
  return tvEmitError(op, "result 'token' must be !tsched.token, got %s", buf);
}

// `transpose`: the buffer holds the tile column-major (element (r, c) at
// [c][r]); the threads of a plain copy write it so, and only a tile
// matmul's operand reads it (whose lowering reads it so: mma.sync, MFMA,
// the generic form; not wgmma, whose descriptors say the layout).
static MlirLogicalResult checkCopyTranspose(MlirOperation op, int family,
                                            intptr_t rank, int64_t swizzle) {
  MlirAttribute t = tvGetAttr(op, "transpose");
  if (mlirAttributeIsNull(t))
    return tvSuccess();
  if (!mlirAttributeIsABool(t))
    return tvEmitError(op, "attribute 'transpose' must be a bool");
  if (!mlirBoolAttrGetValue(t))
    return tvSuccess();
  if (family != TT_COPY_PLAIN)
    return tvEmitError(op, "attribute 'transpose' applies to family "
                           "\"plain\"");
  if (rank != 2 || swizzle > 0)
    return tvEmitError(op, "attribute 'transpose' needs a 2-D tile and no "
                           "swizzle");
  MlirValue buf = mlirOperationGetResult(op, 0);
  for (MlirOpOperand u = mlirValueGetFirstUse(buf); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    MlirOperation user = mlirOpOperandGetOwner(u);
    MlirAttribute f = tvGetAttr(user, "family");
    bool mma = tsOpIs(user, "ttarget.mma") &&
               mlirOpOperandGetOperandNumber(u) < 2 &&
               !(mlirAttributeIsNull(f) ||
                 tvStrEq(mlirStringAttrGetValue(f), "wgmma"));
    if (!mma)
      return tvEmitError(op, "a transposed buffer is read only by the "
                             "operands of a ttarget.mma (not wgmma)");
  }
  return tvSuccess();
}

static MlirLogicalResult verifyCopy(MlirOperation op, MlirOperation func) {
  bool present;
  int family = 0;
  int64_t tile[TS_MAX_RANK], swizzle = 0, vbytes = 16;
  intptr_t rank;
  if (tvFailed(tvGetEnumAttr(op, "family", ttCopyNames, &present, &family)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvEmitError(op, "requires attribute 'family' (\"tma\", "
                           "\"cp.async\" or \"plain\")");
  if (tvFailed(tsCheckTileFetch(op, TS_LEVEL_SHARED, tile, &rank)) ||
      tvFailed(checkToken(op)) ||
      tvFailed(readCopyOptions(op, family, &swizzle, &vbytes)))
    return mlirLogicalResultFailure();
  TtKernel k = ttReadKernel(func);
  if (family != TT_COPY_PLAIN && k.copy >= 0 && family != k.copy)
    return tvEmitError(op, "family \"%s\" differs from the kernel's copy "
                           "\"%s\"", ttCopyNames[family], ttCopyNames[k.copy]);
  if (family != TT_COPY_PLAIN && !tsPadIsZero(op))
    return tvEmitError(op, "family \"%s\" fills out-of-bounds elements with "
                           "zero; a non-zero 'pad' needs family \"plain\"",
                       ttCopyNames[family]);
  int64_t elt = tsElemBytes(mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetResult(op, 0))));
  if (family == TT_COPY_TMA)
    return checkTma(op, &k, tile, rank, elt, swizzle);
  // cp.async and plain copies write TMA's XOR pattern themselves, for 2-D
  // tiles whose rows are a whole number of swizzle spans, so that the XOR
  // (of the low chunk bits) stays inside the row. wgmma reads rows of
  // exactly one span (it checks that itself, Wgmma.c); ldmatrix any.
  if (tvFailed(checkCopyTranspose(op, family, rank, swizzle)))
    return mlirLogicalResultFailure();
  if (swizzle > 0 && rank != 2)
    return tvEmitError(op, "attribute 'swizzle' on family \"%s\" needs a "
                           "2-D tile, got rank %lld", ttCopyNames[family],
                       (long long)rank);
  if (swizzle > 0 && (tile[1] * elt) % swizzle)
    return tvEmitError(op, "attribute 'swizzle' on family \"%s\" needs rows "
                           "that are a multiple of %lld bytes, got %lld-byte "
                           "rows",
                       ttCopyNames[family], (long long)swizzle,
                       (long long)(tile[1] * elt));
  // (a mod n) * b mod n == a * b mod n, without overflowing a * b.
  if (family == TT_COPY_CP_ASYNC && ((tile[rank - 1] % vbytes) * elt) % vbytes)
    return tvEmitError(op, "family \"cp.async\" with vector_bytes = %lld needs "
                           "the tile's inner dimension (%lld x %lld bytes) to "
                           "be a multiple of %lld bytes", (long long)vbytes,
                       (long long)tile[rank - 1], (long long)elt,
                       (long long)vbytes);
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// ttarget.convert_layout
//===----------------------------------------------------------------------===//

static MlirLogicalResult verifyConvertLayout(MlirOperation op,
                                             MlirOperation func) {
  (void)func;
  MlirType src = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType res = mlirValueGetType(mlirOperationGetResult(op, 0));
  char a[128], b[128];
  if (!mlirTypeEqual(src, res))
    return tvEmitError(op, "result type %s must equal the source type %s "
                           "(a layout change moves elements, not values)",
                       tvTypeStr(res, a, sizeof a),
                       tvTypeStr(src, b, sizeof b));
  MlirAttribute l = tvGetAttr(op, "layout");
  if (mlirAttributeIsNull(l))
    return tvEmitError(op, "requires attribute 'layout' (the result's)");
  TtLayout layout;
  if (tvFailed(ttParseLayout(op, "layout", l, &layout)))
    return mlirLogicalResultFailure();
  return ttCheckLayoutFits(op, &layout, res);
}

typedef struct OpDef {
  const char *name;
  const char *const *attrs;
  MlirLogicalResult (*verify)(MlirOperation op, MlirOperation func);
} OpDef;

static const char *const kMmaAttrs[] = {"family",      "shape",
                                        "warps",       "transpose_a",
                                        "transpose_b", "compute",
                                        "layout",      NULL};
static const char *const kCopyAttrs[] = {"family", "tile", "pad", "swizzle",
                                         "vector_bytes", "transpose", NULL};

static const char *const kConvertAttrs[] = {"layout", NULL};

static const OpDef kOps[] = {
    {"ttarget.mma", kMmaAttrs, verifyMma},
    {"ttarget.copy", kCopyAttrs, verifyCopy},
    {"ttarget.convert_layout", kConvertAttrs, verifyConvertLayout},
};

MlirLogicalResult tesseraVerifyTargetOp(MlirOperation op) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  for (size_t i = 0; i < sizeof kOps / sizeof kOps[0]; ++i) {
    if (!tvStrEq(name, kOps[i].name))
      continue;
    MlirOperation func;
    if (tvFailed(tvCheckAttrNames(op, kOps[i].attrs)) ||
        tvFailed(tvCheckNoOwnDialectAttrs(
            op, "ttarget.", "ttarget",
            "ttarget.target goes on a module, ttarget.kernel on a function")) ||
        tvFailed(tsCheckInKernel(op, "ttarget.kernel", &func)))
      return mlirLogicalResultFailure();
    return kOps[i].verify(op, func);
  }
  // Only reachable if Target.irdl.mlir gains an op this table lacks.
  return tvEmitError(op, "has no semantic verifier; add it to "
                         "TargetVerify.c");
}

MlirLogicalResult tesseraVerifyTargetDiscardableAttr(MlirOperation op,
                                                     MlirStringRef name,
                                                     MlirAttribute attr) {
  if (tvStrEq(name, "ttarget.target"))
    return ttVerifyTargetAttr(op, attr);
  if (tvStrEq(name, "ttarget.kernel"))
    return ttVerifyKernelAttr(op, attr);
  if (tvStrEq(name, "ttarget.layouts"))
    return ttVerifyLayoutsAttr(op, attr);
  if (tvStrEq(name, "ttarget.stream"))
    return ttVerifyStreamAttr(op, attr);
  return tvEmitError(op,
                     "unknown attribute '%.*s'; ttarget attributes are "
                     "ttarget.target, ttarget.kernel, ttarget.layouts and "
                     "ttarget.stream",
                     (int)name.length, name.data);
}
