//===- Wgmma.c - ttarget.mma {family = "wgmma"} ---------------------------===//
//
// result = acc + a x b with one wgmma.mma_async m64nNk8 (tf32) per K step of
// 8, per warpgroup (its 64 rows of the tile). wgmma reads both operands
// from shared memory through matrix descriptors, K-major (tf32 has no
// transposed form) and swizzled: b is a copy's buffer stored with the
// swizzle Target IR commits (rows of one 32-, 64- or 128-byte span);
// a is such a buffer too, or a register tile in any layout, which is staged
// first: every thread stores its registers in the swizzled layout, fences
// them for the async proxy and meets the block at a barrier. The
// accumulator is the wgmma_acc layout (Layout.c), passed as the LLVM struct
// of its N/2 registers and waited for before its registers are read.
//
// Descriptor (PTX ISA 9.7.15.5.1, "Matrix Descriptor Format"): start
// address >> 4 (bits 0-13), leading byte offset >> 4 (16-29; 1: unused for
// swizzled K-major), stride byte offset >> 4 (32-45: 8 rows of one span),
// base offset 0 (the buffers are 1024-byte aligned, SharedPlan.c), swizzle
// mode (62-63: 1 = 128B, 2 = 64B, 3 = 32B); the K step advances the start
// address by 32 bytes inside the swizzle span, as CUTLASS's descriptor
// iterator does.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

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

static MlirValue descriptor(TsBuilder *b, MlirValue addr, int64_t swizzle) {
  uint64_t mode = swizzle == 128 ? 1 : swizzle == 64 ? 2 : 3;
  uint64_t fixed = (1ULL << 16) | ((uint64_t)(8 * swizzle >> 4) << 32) |
                   (mode << 62);
  MlirValue start = tsBinary(
      b, "arith.andi", tsBinary(b, "arith.shrui", addr, i64c(b, 4)),
      i64c(b, 0x3FFF));
  return tsBinary(b, "arith.ori", start, i64c(b, (int64_t)fixed));
}

// Operand `i`'s shared buffer and its swizzle span.
static bool sharedOperand(Dt *d, TsBuilder *b, MlirOperation op, int i,
                          MlirValue *view, int64_t *swizzle) {
  MlirValue v = mlirOperationGetOperand(op, i);
  MlirType t = mlirValueGetType(v);
  int64_t rowBytes = dtTileBytes(t) / mlirShapedTypeGetDimSize(t, 0);
  if (i == 0 && mlirTypeIsAVector(t)) {
    DtTile *a = dtLookupTile(d, op, v);
    const DtBuffer *buf = a ? dtOperandBuffer(d, op, 0) : NULL;
    if (!buf)
      return false;
    TsBuilder at = dtStagingPoint(b, op, v, a);
    *view = dtStageTile(d, &at, a, buf, tsF32Type(b), true);
    *swizzle = buf->swizzle;
    return true;
  }
  MlirOperation def = mlirValueIsAOpResult(v) ? mlirOpResultGetOwner(v)
                                              : (MlirOperation){NULL};
  *swizzle = mlirOperationIsNull(def) || !tsOpIs(def, "ttarget.copy")
                 ? 0
                 : dtCopySwizzle(def);
  if (!mlirTypeIsAMemRef(t) || *swizzle != rowBytes)
    return dtError(d, op, "wgmma reads operand %c from a copy's shared "
                   "buffer stored swizzled with rows of one span (swizzle = "
                   "%lld here)", i == 0 ? 'a' : 'b', (long long)rowBytes);
  *view = dtLookup(d, op, v);
  return !mlirValueIsNull(*view);
}

void dtLowerWgmma(Dt *d, TsBuilder *b, MlirOperation op) {
  TtLayout acc = dtMmaAccLayout(op, TT_LAYOUT_WGMMA_ACC);
  int64_t n = acc.shape[1];
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType at = mlirValueGetType(mlirOperationGetOperand(op, 0));
  int64_t M = mlirShapedTypeGetDimSize(rt, 0), N = mlirShapedTypeGetDimSize(rt, 1);
  int64_t K = mlirShapedTypeGetDimSize(at, 1);
  if (acc.shape[0] != 64 || acc.shape[2] != 8 || n != N || acc.warps[1] != 1 ||
      M != 64 * acc.warps[0] || !mlirTypeIsAF32(mlirShapedTypeGetElementType(at)) ||
      !mlirTypeIsAF32(mlirShapedTypeGetElementType(rt))) {
    dtError(d, op, "wgmma is lowered op by op for tf32 m64nNk8 with N the "
            "tile's columns and one warpgroup per 64 rows so far");
    return;
  }
  if (dtBoolAttr(op, "transpose_a") || !dtBoolAttr(op, "transpose_b")) {
    dtError(d, op, "wgmma's tf32 form reads both operands K-major: a as M x "
            "K (no transpose_a), b as N x K (transpose_b = true)");
    return;
  }
  acc.shape[1] = 8; // the layout's atom
  DtTile *c = dtMmaAccumulator(d, op, &acc, 128, "warpgroups");
  if (!c)
    return;
  MlirValue va, vb;
  int64_t sa, sb;
  if (!sharedOperand(d, b, op, 0, &va, &sa) || !sharedOperand(d, b, op, 1, &vb, &sb))
    return;
  // This warpgroup's 64 rows of a; b is shared by all.
  MlirValue wg = tsBinary(b, "arith.divui", d->warp, dtIdx(b, 4));
  MlirType i64 = mlirIntegerTypeGet(d->ctx, 64);
  MlirValue wgi = tsResult(tsOp(b, "arith.index_cast", 1, &wg, 1, &i64, 0, NULL, 0), 0);
  MlirValue addrA = tsBinary(b, "arith.addi", address(b, va),
                             tsBinary(b, "arith.muli", wgi, i64c(b, 64 * sa)));
  MlirValue addrB = address(b, vb);
  // The accumulator as the struct wgmma reads and writes.
  char st[64 * 8];
  int len = snprintf(st, sizeof st, "!llvm.struct<(");
  for (int i = 0; i < c->n; ++i)
    len += snprintf(st + len, sizeof st - (size_t)len, "%sf32", i ? ", " : "");
  snprintf(st + len, sizeof st - (size_t)len, ")>");
  MlirType stT = tsType(b, st);
  MlirValue frag = tsResult(tsOp(b, "llvm.mlir.undef", 0, NULL, 1, &stT, 0, NULL, 0), 0);
  for (int64_t i = 0; i < c->n; ++i) {
    MlirValue ops[2] = {frag, c->regs[i]};
    MlirNamedAttribute p = tsNamed(b, "position", mlirDenseI64ArrayGet(d->ctx, 1, &i));
    frag = tsResult(tsOp(b, "llvm.insertvalue", 2, ops, 1, &stT, 1, &p, 0), 0);
  }
  char shape[64];
  snprintf(shape, sizeof shape, "#nvvm.shape<m = 64, n = %lld, k = 8>", (long long)N);
  MlirNamedAttribute attrs[9] = {
      tsNamed(b, "shape", tsAttr(b, shape)),
      tsNamed(b, "typeA", tsAttr(b, "#nvvm.wgmma_type<tf32>")),
      tsNamed(b, "typeB", tsAttr(b, "#nvvm.wgmma_type<tf32>")),
      tsNamed(b, "typeD", tsAttr(b, "#nvvm.wgmma_type<f32>")),
      tsNamed(b, "scaleD", tsAttr(b, "#nvvm.wgmma_scale_out<one>")),
      tsNamed(b, "scaleA", tsAttr(b, "#nvvm.wgmma_scale_in<one>")),
      tsNamed(b, "scaleB", tsAttr(b, "#nvvm.wgmma_scale_in<one>")),
      tsNamed(b, "layoutA", tsAttr(b, "#nvvm.mma_layout<row>")),
      tsNamed(b, "layoutB", tsAttr(b, "#nvvm.mma_layout<col>"))};
  tsOp(b, "nvvm.wgmma.fence.aligned", 0, NULL, 0, NULL, 0, NULL, 0);
  for (int64_t ik = 0; ik < K / 8; ++ik) {
    MlirValue step = i64c(b, ik * 32);
    MlirValue ops[3] = {
        frag, descriptor(b, tsBinary(b, "arith.addi", addrA, step), sa),
        descriptor(b, tsBinary(b, "arith.addi", addrB, step), sb)};
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
