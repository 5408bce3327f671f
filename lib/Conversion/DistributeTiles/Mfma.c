//===- Mfma.c - ttarget.mma {family = "mfma"} -----------------------------===//
//
// result = acc + a x b with one amdgpu.mfma (v_mfma_f32_16x16x4f32) per
// 16x16x4 instruction tile of each wavefront's part: f32 operands, one
// register each; the accumulator's four registers per instruction tile.
// Layouts mfma_acc / mfma_a / mfma_b (Layout.c); an operand in shared
// memory is read in its fragment layout by each lane (ds_read).
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirValue extract1(TsBuilder *b, MlirValue v, int64_t i) {
  MlirType f32 = tsF32Type(b);
  MlirNamedAttribute a =
      tsNamed(b, "static_position", mlirDenseI64ArrayGet(b->ctx, 1, &i));
  return tsResult(tsOp(b, "vector.extract", 1, &v, 1, &f32, 1, &a, 0), 0);
}

static MlirNamedAttribute i32(TsBuilder *b, const char *name, int64_t v) {
  return tsNamed(b, name, mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 32), v));
}

void dtLowerMfma(Dt *d, TsBuilder *b, MlirOperation op) {
  TtLayout acc = dtMmaAccLayout(op, TT_LAYOUT_MFMA_ACC);
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType at = mlirValueGetType(mlirOperationGetOperand(op, 0));
  if (acc.shape[0] != 16 || acc.shape[1] != 16 || acc.shape[2] != 4 ||
      !mlirTypeIsAF32(mlirShapedTypeGetElementType(at)) ||
      !mlirTypeIsAF32(mlirShapedTypeGetElementType(rt))) {
    dtError(d, op, "mfma is lowered op by op for 16x16x4 f32 so far");
    return;
  }
  DtMmaTiles t;
  if (!dtMmaFragments(d, b, op, &acc, TT_LAYOUT_MFMA_A, TT_LAYOUT_MFMA_B, 64,
                      "wavefronts", &t))
    return;
  DtTile *c = t.c, *a = t.a, *bt = t.b;
  int64_t M = t.M, N = t.N, K = t.K;
  int64_t rm = M / acc.warps[0] / 16, rn = N / acc.warps[1] / 16, rk = K / 4;
  DtTile *out = dtNewTile(d, &acc, rt);
  MlirType ct = tsType(b, "vector<4xf32>");
  MlirNamedAttribute attrs[7] = {
      i32(b, "m", 16), i32(b, "n", 16), i32(b, "k", 4), i32(b, "blocks", 1),
      i32(b, "cbsz", 0), i32(b, "abid", 0),
      tsNamed(b, "blgp", tsAttr(b, "#amdgpu<mfma_perm_b none>"))};
  for (int64_t im = 0; im < rm; ++im)
    for (int64_t in = 0; in < rn; ++in) {
      const MlirValue *cr = &c->regs[(im * rn + in) * 4];
      MlirValue frag = tsResult(
          tsOp(b, "vector.from_elements", 4, cr, 1, &ct, 0, NULL, 0), 0);
      for (int64_t ik = 0; ik < rk; ++ik) {
        MlirValue ops[3] = {a->regs[im * rk + ik], bt->regs[ik * rn + in], frag};
        frag = tsResult(tsOp(b, "amdgpu.mfma", 3, ops, 1, &ct, 7, attrs, 0), 0);
      }
      for (int e = 0; e < 4; ++e)
        out->regs[(im * rn + in) * 4 + e] = extract1(b, frag, e);
    }
  dtMapTile(d, res, out);
}
