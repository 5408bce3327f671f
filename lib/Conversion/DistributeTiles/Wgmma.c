//===- Wgmma.c - ttarget.mma {family = "wgmma"} ---------------------------===//
//
// result = acc + a x b with one wgmma.mma_async per K step, per warpgroup
// (its 64 rows of the tile): m64nNk8 for tf32, m64nNk16 for f16 / bf16.
// wgmma reads both operands from shared memory through matrix descriptors,
// swizzled as Target IR commits:
//   - a is K-major (M x K, rows of one 32-, 64- or 128-byte span): a
//     copy's buffer, or a register tile in any layout, which is staged
//     first (every thread stores its registers in the swizzled layout,
//     fences them for the async proxy and meets the block at a barrier);
//   - b is a copy's buffer, K-major (N x K, transpose_b: rows of one span)
//     or, 16-bit only, MN-major (K x N: wgmma's transposed b), whose rows
//     are one span or, copied by TMA, boxes of one span (Tma.c).
// The accumulator is the wgmma_acc layout (Layout.c), passed as the LLVM
// struct of its N/2 registers and waited for before its registers are read.
//
// Descriptor (PTX ISA 9.7.15.5.1, "Matrix Descriptor Format"): start
// address >> 4 (bits 0-13), leading byte offset >> 4 (16-29), stride byte
// offset >> 4 (32-45), base offset 0 (the buffers are 1024-byte aligned,
// SharedPlan.c), swizzle mode (62-63: 1 = 128B, 2 = 64B, 3 = 32B).
//   K-major: LBO unused (1), SBO = 8 rows of one span; the K step advances
//     the start address by its bytes inside the span, as CUTLASS's
//     descriptor iterator does.
//   MN-major (CUTLASS's canonical ((T,S/16,m),(8,k)) layouts): LBO = the
//     bytes of one box (the next span of N columns), SBO = 8 rows of one
//     span (the next 8 k); the K step advances the start by its k rows.
// These are the offsets upstream's nvgpu.warpgroup.generate.descriptor
// writes for the same 128B-swizzled tiles.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdio.h>

static MlirValue i64c(TsBuilder *b, int64_t v) {
  return tsConstInt(b, mlirIntegerTypeGet(b->ctx, 64), v);
}

static void fenceProxyAsync(TsBuilder *b) {
  MlirNamedAttribute a[2] = {
      tsNamed(b, "kind", tsAttr(b, "#nvvm.proxy_kind<async.shared>")),
      tsNamed(b, "space", tsAttr(b, "#nvvm.shared_space<cta>"))};
  tsOp(b, "nvvm.fence.proxy", 0, NULL, 0, NULL, 2, a, 0);
}

void dtFenceAsyncProxy(TsBuilder *b) { fenceProxyAsync(b); }

// The shared-window byte address of `mem`'s first element, as i64.
static MlirValue address(TsBuilder *b, MlirValue mem) {
  MlirType idx = tsIndexType(b), i64 = mlirIntegerTypeGet(b->ctx, 64);
  MlirValue p = tsResult(tsOp(b, "memref.extract_aligned_pointer_as_index", 1,
                              &mem, 1, &idx, 0, NULL, 0),
                         0);
  return tsResult(tsOp(b, "arith.index_cast", 1, &p, 1, &i64, 0, NULL, 0), 0);
}

// `lbo`: the leading byte offset (1 << 4 where unused).
static MlirValue descriptor(TsBuilder *b, MlirValue addr, int64_t swizzle,
                            int64_t lbo) {
  uint64_t mode = swizzle == 128 ? 1 : swizzle == 64 ? 2 : 3;
  uint64_t fixed = ((uint64_t)(lbo >> 4) << 16) |
                   ((uint64_t)(8 * swizzle >> 4) << 32) | (mode << 62);
  MlirValue start = tsBinary(
      b, "arith.andi", tsBinary(b, "arith.shrui", addr, i64c(b, 4)),
      i64c(b, 0x3FFF));
  return tsBinary(b, "arith.ori", start, i64c(b, (int64_t)fixed));
}

// Operand `i`'s shared buffer and its swizzle span. `boxed`: b MN-major,
// whose rows may be TMA boxes of one span.
static bool sharedOperand(Dt *d, TsBuilder *b, MlirOperation op, int i,
                          bool boxed, MlirValue *view, int64_t *swizzle) {
  MlirValue v = mlirOperationGetOperand(op, i);
  MlirType t = mlirValueGetType(v);
  int64_t rowBytes = dtTileBytes(t) / mlirShapedTypeGetDimSize(t, 0);
  if (i == 0 && mlirTypeIsAVector(t)) {
    DtTile *a = dtLookupTile(d, op, v);
    const DtBuffer *buf = a ? dtOperandBuffer(d, op, 0) : NULL;
    if (!buf)
      return false;
    TsBuilder at = dtStagingPoint(b, op, v, a);
    *view = dtStageTile(d, &at, a, buf, mlirShapedTypeGetElementType(t), true);
    *swizzle = buf->swizzle;
    return true;
  }
  MlirOperation def = mlirValueIsAOpResult(v) ? mlirOpResultGetOwner(v)
                                              : (MlirOperation){NULL};
  bool copy = !mlirOperationIsNull(def) && tsOpIs(def, "ttarget.copy");
  *swizzle = copy ? dtCopySwizzle(def) : 0;
  bool ok = mlirTypeIsAMemRef(t) && *swizzle &&
            (*swizzle == rowBytes ||
             (boxed && rowBytes % *swizzle == 0 &&
              ttOpHasFamily(def, "ttarget.copy", "tma")));
  if (!ok)
    return dtError(d, op, "wgmma reads operand %c from a copy's shared "
                   "buffer stored swizzled with rows of one span%s (its rows "
                   "are %lld bytes)", i == 0 ? 'a' : 'b',
                   boxed ? ", or a TMA copy's boxes of one span" : "",
                   (long long)rowBytes);
  *view = dtLookup(d, op, v);
  return !mlirValueIsNull(*view);
}

void dtLowerWgmma(Dt *d, TsBuilder *b, MlirOperation op) {
  TtLayout acc = dtMmaAccLayout(op, TT_LAYOUT_WGMMA_ACC);
  int64_t n = acc.shape[1];
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType at = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType ea = mlirShapedTypeGetElementType(at);
  MlirType eb = mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetOperand(op, 1)));
  int64_t M = mlirShapedTypeGetDimSize(rt, 0), N = mlirShapedTypeGetDimSize(rt, 1);
  int64_t K = mlirShapedTypeGetDimSize(at, 1);
  bool half = mlirTypeIsAF16(ea) || mlirTypeIsABF16(ea);
  int64_t uk = half ? 16 : 8;
  if (acc.shape[0] != 64 || acc.shape[2] != uk || n != N ||
      acc.warps[1] != 1 || M != 64 * acc.warps[0] ||
      !(half || mlirTypeIsAF32(ea)) || !mlirTypeEqual(ea, eb) ||
      !mlirTypeIsAF32(mlirShapedTypeGetElementType(rt))) {
    dtError(d, op, "wgmma is lowered op by op for tf32 m64nNk8 and f16 / "
            "bf16 m64nNk16 into f32, with N the tile's columns and one "
            "warpgroup per 64 rows so far");
    return;
  }
  bool trb = dtBoolAttr(op, "transpose_b");
  if (dtBoolAttr(op, "transpose_a") || (!half && !trb)) {
    dtError(d, op, "wgmma reads a K-major (M x K, no transpose_a); its tf32 "
            "form also reads b K-major (N x K, transpose_b = true)");
    return;
  }
  acc.shape[1] = 8; // the layout's atom
  DtTile *c = dtMmaAccumulator(d, op, &acc, 128, "warpgroups");
  if (!c)
    return;
  MlirValue va, vb;
  int64_t sa, sb;
  if (!sharedOperand(d, b, op, 0, false, &va, &sa) ||
      !sharedOperand(d, b, op, 1, !trb, &vb, &sb))
    return;
  // b MN-major: K rows per box; the next box (span of N) is LBO away.
  int64_t lboB = trb ? 16 : K * sb;
  // This warpgroup's 64 rows of a; b is shared by all.
  MlirValue wg = tsBinary(b, "arith.divui", d->warp, dtIdx(b, 4));
  MlirType i64 = mlirIntegerTypeGet(d->ctx, 64);
  MlirValue wgi = tsResult(tsOp(b, "arith.index_cast", 1, &wg, 1, &i64, 0, NULL, 0), 0);
  MlirValue addrA = tsBinary(b, "arith.addi", address(b, va),
                             tsBinary(b, "arith.muli", wgi, i64c(b, 64 * sa)));
  MlirValue addrB = address(b, vb);
  // The accumulator as the struct wgmma reads and writes (up to 128 f32).
  MlirType *fields = dtAlloc(d, (size_t)c->n * sizeof *fields);
  for (int i = 0; i < c->n; ++i)
    fields[i] = tsF32Type(b);
  MlirType stT = mlirLLVMStructTypeLiteralGet(d->ctx, c->n, fields, false);
  MlirValue frag = tsResult(tsOp(b, "llvm.mlir.undef", 0, NULL, 1, &stT, 0, NULL, 0), 0);
  for (int64_t i = 0; i < c->n; ++i) {
    MlirValue ops[2] = {frag, c->regs[i]};
    MlirNamedAttribute p = tsNamed(b, "position", mlirDenseI64ArrayGet(d->ctx, 1, &i));
    frag = tsResult(tsOp(b, "llvm.insertvalue", 2, ops, 1, &stT, 1, &p, 0), 0);
  }
  char shape[64];
  snprintf(shape, sizeof shape, "#nvvm.shape<m = 64, n = %lld, k = %lld>",
           (long long)N, (long long)uk);
  const char *ty = !half               ? "#nvvm.wgmma_type<tf32>"
                   : mlirTypeIsAF16(ea) ? "#nvvm.wgmma_type<f16>"
                                        : "#nvvm.wgmma_type<bf16>";
  // NVVM's layoutB: col = K-major (N x K), row = MN-major (K x N).
  MlirNamedAttribute attrs[9] = {
      tsNamed(b, "shape", tsAttr(b, shape)),
      tsNamed(b, "typeA", tsAttr(b, ty)),
      tsNamed(b, "typeB", tsAttr(b, ty)),
      tsNamed(b, "typeD", tsAttr(b, "#nvvm.wgmma_type<f32>")),
      tsNamed(b, "scaleD", tsAttr(b, "#nvvm.wgmma_scale_out<one>")),
      tsNamed(b, "scaleA", tsAttr(b, "#nvvm.wgmma_scale_in<one>")),
      tsNamed(b, "scaleB", tsAttr(b, "#nvvm.wgmma_scale_in<one>")),
      tsNamed(b, "layoutA", tsAttr(b, "#nvvm.mma_layout<row>")),
      tsNamed(b, "layoutB", tsAttr(b, trb ? "#nvvm.mma_layout<col>"
                                           : "#nvvm.mma_layout<row>"))};
  tsOp(b, "nvvm.wgmma.fence.aligned", 0, NULL, 0, NULL, 0, NULL, 0);
  int64_t kBytes = uk * (half ? 2 : 4);
  for (int64_t ik = 0; ik < K / uk; ++ik) {
    MlirValue stepA = i64c(b, ik * kBytes);
    // b: K-major like a; MN-major k rows of one span each.
    MlirValue stepB = i64c(b, trb ? ik * kBytes : ik * uk * sb);
    MlirValue ops[3] = {
        frag, descriptor(b, tsBinary(b, "arith.addi", addrA, stepA), sa, 16),
        descriptor(b, tsBinary(b, "arith.addi", addrB, stepB), sb, lboB)};
    frag = tsResult(tsOp(b, "nvvm.wgmma.mma_async", 3, ops, 1, &stT, 9, attrs, 0), 0);
  }
  tsOp(b, "nvvm.wgmma.commit.group.sync.aligned", 0, NULL, 0, NULL, 0, NULL, 0);
  MlirNamedAttribute g = tsNamed(b, "group", tsI64Attr(b, 0));
  tsOp(b, "nvvm.wgmma.wait.group.sync.aligned", 0, NULL, 0, NULL, 1, &g, 0);
  DtTile *out = dtNewTile(d, &acc, rt);
  MlirType f32 = tsF32Type(b);
  for (int64_t i = 0; i < out->n; ++i) {
    MlirNamedAttribute p = tsNamed(b, "position", mlirDenseI64ArrayGet(d->ctx, 1, &i));
    out->regs[i] = tsResult(tsOp(b, "llvm.extractvalue", 1, &frag, 1, &f32, 1, &p, 0), 0);
  }
  dtMapTile(d, res, out);
}
