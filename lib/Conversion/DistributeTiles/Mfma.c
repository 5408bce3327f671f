//===- Mfma.c - ttarget.mma {family = "mfma"} -----------------------------===//
//
// result = acc + a x b with one amdgpu.mfma per instruction tile of each
// wavefront's part: v_mfma_f32_16x16x4f32 / 32x32x2f32 (f32 operands, one
// register each) or v_mfma_f32_16x16x16f16 / 32x32x8f16 (and _bf16: four
// 16-bit values each); the accumulator's 4 (16 x 16) or 16 (32 x 32)
// registers per instruction tile.
// Layouts mfma_acc / mfma_a / mfma_b (Layout.c); an operand in shared
// memory is read in its fragment layout by each lane (ds_read).
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirNamedAttribute i32(TsBuilder *b, const char *name, int64_t v) {
  return tsNamed(b, name, mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 32), v));
}

void dtLowerMfma(Dt *d, TsBuilder *b, MlirOperation op) {
  TtLayout acc = dtMmaAccLayout(op, TT_LAYOUT_MFMA_ACC);
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType in = mlirShapedTypeGetElementType(
      mlirValueGetType(mlirOperationGetOperand(op, 0)));
  // S x S x K: 16x16x4 / 32x32x2 with f32 operands (one register each),
  // 16x16x16 / 32x32x8 with f16 / bf16 (four each).
  int64_t S = acc.shape[0];
  bool big = S == 32;
  bool f32 = acc.shape[2] == (big ? 2 : 4) && mlirTypeIsAF32(in);
  bool half = acc.shape[2] == (big ? 8 : 16) &&
              (mlirTypeIsAF16(in) || mlirTypeIsABF16(in));
  if ((S != 16 && S != 32) || acc.shape[1] != S || !(f32 || half) ||
      !mlirTypeIsAF32(mlirShapedTypeGetElementType(rt))) {
    dtError(d, op, "mfma is lowered op by op for 16x16x4 / 32x32x2 f32 and "
            "16x16x16 / 32x32x8 f16 / bf16 with f32 accumulators so far");
    return;
  }
  DtMmaTiles t;
  if (!dtMmaFragments(d, b, op, &acc, TT_LAYOUT_MFMA_A, TT_LAYOUT_MFMA_B, 64,
                      "wavefronts", &t))
    return;
  int64_t k = acc.shape[2], per = half ? 4 : 1;
  int64_t rm = t.M / acc.warps[0] / S, rn = t.N / acc.warps[1] / S,
          rk = t.K / k, nc = S * S / 64; // accumulator registers per tile
  DtTile *out = dtNewTile(d, &acc, rt);
  MlirType ct = mlirVectorTypeGet(1, (int64_t[]){nc}, tsF32Type(b));
  MlirType vt = half ? mlirVectorTypeGet(1, (int64_t[]){4}, in) : in;
  MlirNamedAttribute attrs[7] = {
      i32(b, "m", S), i32(b, "n", S), i32(b, "k", k), i32(b, "blocks", 1),
      i32(b, "cbsz", 0), i32(b, "abid", 0),
      tsNamed(b, "blgp", tsAttr(b, "#amdgpu<mfma_perm_b none>"))};
  for (int64_t im = 0; im < rm; ++im)
    for (int64_t jn = 0; jn < rn; ++jn) {
      const MlirValue *cr = &t.c->regs[(im * rn + jn) * nc];
      MlirValue frag = tsResult(
          tsOp(b, "vector.from_elements", nc, cr, 1, &ct, 0, NULL, 0), 0);
      for (int64_t ik = 0; ik < rk; ++ik) {
        // One lane's operands: a register (f32), or four 16-bit values.
        const MlirValue *ar = &t.a->regs[(im * rk + ik) * per];
        const MlirValue *br = &t.b->regs[(ik * rn + jn) * per];
        MlirValue ops[3] = {
            half ? tsResult(tsOp(b, "vector.from_elements", 4, ar, 1, &vt, 0,
                                 NULL, 0), 0)
                 : ar[0],
            half ? tsResult(tsOp(b, "vector.from_elements", 4, br, 1, &vt, 0,
                                 NULL, 0), 0)
                 : br[0],
            frag};
        frag = tsResult(tsOp(b, "amdgpu.mfma", 3, ops, 1, &ct, 7, attrs, 0), 0);
      }
      for (int64_t e = 0; e < nc; ++e)
        out->regs[(im * rn + jn) * nc + e] = dtExtract1(b, frag, e);
    }
  dtMapTile(d, res, out);
}
