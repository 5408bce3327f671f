//===- TargetMma.c - Matrix instructions each family has -----------------===//
//
// The instruction shapes (M x N x K of one instruction) that ttarget.mma may
// commit a tile matmul to, from the PTX ISA (mma.sync m16n8kK, wgmma m64nNkK)
// and the CDNA2 / CDNA3 ISA (v_mfma_*). A lowering that picks a row here
// emits one upstream op per instruction (nvgpu.mma.sync,
// nvgpu.warpgroup.mma, amdgpu.mfma, vector.fma).
//
//===----------------------------------------------------------------------===//
#include "Dialect/Target/TargetUtils.h"

#include <stdio.h>

typedef enum Elem {
  E_F16 = 1 << 0,
  E_BF16 = 1 << 1,
  E_TF32 = 1 << 2,
  E_F32 = 1 << 3,
  E_F64 = 1 << 4,
  E_F8 = 1 << 5,
  E_I8 = 1 << 6,
  E_I32 = 1 << 7,
} Elem;

static int elemOf(MlirType t) {
  if (mlirTypeIsAF16(t))
    return E_F16;
  if (mlirTypeIsABF16(t))
    return E_BF16;
  if (mlirTypeIsATF32(t))
    return E_TF32;
  if (mlirTypeIsAF32(t))
    return E_F32;
  if (mlirTypeIsAF64(t))
    return E_F64;
  if (mlirTypeIsAFloat8E4M3FN(t) || mlirTypeIsAFloat8E5M2(t))
    return E_F8;
  if (mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 8)
    return E_I8;
  if (mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 32)
    return E_I32;
  return 0;
}

#define CHIP(c) (1 << (c))
#define NV (CHIP(TT_SM80) | CHIP(TT_SM90) | CHIP(TT_SM90A))
#define SM90 (CHIP(TT_SM90) | CHIP(TT_SM90A))
#define AMD (CHIP(TT_GFX90A) | CHIP(TT_GFX942))

typedef struct Instr {
  int family, chips, input, accs;
  int64_t m, nLo, nHi, nStep, k;
} Instr;

static const Instr kInstrs[] = {
    // mma.sync.aligned.m16n8kK (sm_80+; e4m3/e5m2 from sm_89).
    {TT_MMA_SYNC, NV, E_F16, E_F16 | E_F32, 16, 8, 8, 8, 16},
    {TT_MMA_SYNC, NV, E_F16, E_F16 | E_F32, 16, 8, 8, 8, 8},
    {TT_MMA_SYNC, NV, E_BF16, E_F32, 16, 8, 8, 8, 16},
    {TT_MMA_SYNC, NV, E_BF16, E_F32, 16, 8, 8, 8, 8},
    {TT_MMA_SYNC, NV, E_TF32, E_F32, 16, 8, 8, 8, 8},
    {TT_MMA_SYNC, NV, E_TF32, E_F32, 16, 8, 8, 8, 4},
    {TT_MMA_SYNC, NV, E_I8, E_I32, 16, 8, 8, 8, 32},
    {TT_MMA_SYNC, NV, E_I8, E_I32, 16, 8, 8, 8, 16},
    {TT_MMA_SYNC, NV, E_F64, E_F64, 8, 8, 8, 8, 4},
    {TT_MMA_SYNC, SM90, E_F8, E_F32, 16, 8, 8, 8, 32},
    // wgmma.mma_async.m64nNkK (sm_90a), N a multiple of 8 up to 256; for
    // s8 a multiple of 16 above 32.
    {TT_MMA_WGMMA, CHIP(TT_SM90A), E_F16, E_F16 | E_F32, 64, 8, 256, 8, 16},
    {TT_MMA_WGMMA, CHIP(TT_SM90A), E_BF16, E_F32, 64, 8, 256, 8, 16},
    {TT_MMA_WGMMA, CHIP(TT_SM90A), E_TF32, E_F32, 64, 8, 256, 8, 8},
    {TT_MMA_WGMMA, CHIP(TT_SM90A), E_F8, E_F16 | E_F32, 64, 8, 256, 8, 32},
    {TT_MMA_WGMMA, CHIP(TT_SM90A), E_I8, E_I32, 64, 8, 32, 8, 32},
    {TT_MMA_WGMMA, CHIP(TT_SM90A), E_I8, E_I32, 64, 48, 256, 16, 32},
    // v_mfma_* with wave64; f32 accumulators only for floats.
    {TT_MMA_MFMA, AMD, E_F32, E_F32, 32, 32, 32, 1, 2},
    {TT_MMA_MFMA, AMD, E_F32, E_F32, 16, 16, 16, 1, 4},
    {TT_MMA_MFMA, AMD, E_F16, E_F32, 32, 32, 32, 1, 8},
    {TT_MMA_MFMA, AMD, E_F16, E_F32, 16, 16, 16, 1, 16},
    {TT_MMA_MFMA, AMD, E_BF16, E_F32, 32, 32, 32, 1, 8},
    {TT_MMA_MFMA, AMD, E_BF16, E_F32, 16, 16, 16, 1, 16},
    {TT_MMA_MFMA, AMD, E_F64, E_F64, 16, 16, 16, 1, 4},
    {TT_MMA_MFMA, CHIP(TT_GFX90A), E_I8, E_I32, 32, 32, 32, 1, 8},
    {TT_MMA_MFMA, CHIP(TT_GFX90A), E_I8, E_I32, 16, 16, 16, 1, 16},
    {TT_MMA_MFMA, CHIP(TT_GFX942), E_I8, E_I32, 32, 32, 32, 1, 16},
    {TT_MMA_MFMA, CHIP(TT_GFX942), E_I8, E_I32, 16, 16, 16, 1, 32},
    {TT_MMA_MFMA, CHIP(TT_GFX942), E_TF32, E_F32, 32, 32, 32, 1, 4},
    {TT_MMA_MFMA, CHIP(TT_GFX942), E_TF32, E_F32, 16, 16, 16, 1, 8},
};

static bool matches(const Instr *r, int family, int chip, int in, int acc,
                    const int64_t s[3]) {
  return r->family == family && (r->chips & CHIP(chip)) && r->input == in &&
         (r->accs & acc) && s[0] == r->m && s[2] == r->k && s[1] >= r->nLo &&
         s[1] <= r->nHi && (s[1] - r->nLo) % r->nStep == 0;
}

/// AVX-512: an m x n register block of accumulators updated by rank-1 FMAs
/// (k = 1); it must fit in 32 zmm registers next to n / lanes B vectors and
/// one broadcast A value.
static MlirLogicalResult checkAvx512(MlirOperation op, const int64_t s[3],
                                     int in, int acc) {
  char a[64];
  bool f32 = acc == E_F32 && (in & (E_F32 | E_F16 | E_BF16));
  bool f64 = acc == E_F64 && in == E_F64;
  if (!f32 && !f64)
    return tvEmitError(op, "avx512 accumulates f16, bf16 and f32 products in "
                           "f32 and f64 in f64; got %s accumulators",
                       tvTypeStr(mlirShapedTypeGetElementType(mlirValueGetType(
                                     mlirOperationGetOperand(op, 2))),
                                 a, sizeof a));
  int64_t lanes = f32 ? 16 : 8;
  if (s[2] != 1 || s[1] % lanes)
    return tvEmitError(op, "avx512 shape must be [m, n, 1] with n a multiple "
                           "of %lld (one zmm register), got [%lld, %lld, "
                           "%lld]", (long long)lanes, (long long)s[0],
                       (long long)s[1], (long long)s[2]);
  int64_t vecs = s[1] / lanes;
  // Bounded first so that the product below cannot overflow.
  bool fits = s[0] <= 32 && vecs <= 32 && s[0] * vecs + vecs + 1 <= 32;
  if (!fits)
    return tvEmitError(op, "avx512 register block %lldx%lld needs more than "
                           "the 32 zmm registers (m * n/%lld accumulators + "
                           "n/%lld B vectors + 1 A broadcast)",
                       (long long)s[0], (long long)s[1], (long long)lanes,
                       (long long)lanes);
  return tvSuccess();
}

MlirLogicalResult ttCheckInstruction(MlirOperation op, const TtKernel *k,
                                     int family, const int64_t shape[3],
                                     MlirType input, MlirType acc) {
  int in = elemOf(input), ac = elemOf(acc);
  if (family == TT_MMA_GENERIC || k->target.chip < 0)
    return tvSuccess();
  if (family == TT_MMA_AVX512)
    return checkAvx512(op, shape, in, ac);
  for (size_t i = 0; i < sizeof kInstrs / sizeof kInstrs[0]; ++i)
    if (matches(&kInstrs[i], family, k->target.chip, in, ac, shape))
      return tvSuccess();
  char a[64], b[64];
  return tvEmitError(op,
                     "%s has no m%lldn%lldk%lld instruction for %s inputs with "
                     "%s accumulators on \"%s\"",
                     ttMmaNames[family], (long long)shape[0],
                     (long long)shape[1], (long long)shape[2],
                     tvTypeStr(input, a, sizeof a), tvTypeStr(acc, b, sizeof b),
                     ttChipNames[k->target.chip]);
}
