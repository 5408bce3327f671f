//===- ROCDLMatmulPlan.c - The MFMA matmul plan ---------------------------===//
#include "ROCDLMatmul.h"

#include <stdio.h>
#include <string.h>

// The MFMA tile and wave grid Target IR committed to (ttarget.mma shape and
// warps, ttarget.kernel block), checked against what this lowering issues:
// 32x32 or 16x16 tiles with the K of the input type.
static bool commitPlan(const TesseraMatmulKernelConfig *cfg,
                       const TesseraLaunchInfo *c, Plan *P, char *err,
                       size_t cap) {
  int64_t T = c->mmaShape[0], p = cfg->a == TESSERA_F32 ? 1 : 4;
  if ((T != 32 && T != 16) || c->mmaShape[1] != T ||
      c->mmaShape[2] != p * (kWave / T)) {
    snprintf(err, cap,
             "ROCDL matmul: mma shape %lldx%lldx%lld is not implemented for "
             "%s inputs (the MFMA lowering issues 32x32x%lld or 16x16x%lld)",
             (long long)c->mmaShape[0], (long long)c->mmaShape[1],
             (long long)c->mmaShape[2], tesseraDTypeName(cfg->a),
             (long long)(p * 2), (long long)(p * 4));
    return false;
  }
  int64_t wm = c->warpGrid[0], wn = c->warpGrid[1];
  if (wm < 1 || wn < 1 || wm * wn > 16 || c->blockThreads != wm * wn * kWave) {
    snprintf(err, cap,
             "ROCDL matmul: a block of %lld threads does not match waves "
             "%lldx%lld (at most 16 waves of 64)",
             (long long)c->blockThreads, (long long)wm, (long long)wn);
    return false;
  }
  if (cfg->tileM % (wm * T) || cfg->tileN % (wn * T)) {
    snprintf(err, cap,
             "ROCDL matmul: waves %lldx%lld do not split the %lldx%lld tile "
             "into %lldx%lld MFMA tiles",
             (long long)wm, (long long)wn, (long long)cfg->tileM,
             (long long)cfg->tileN, (long long)T, (long long)T);
    return false;
  }
  P->T = T;
  P->wm = wm;
  P->wn = wn;
  P->threads = c->blockThreads;
  return true;
}

bool rocdlPlanMatmul(const TesseraMatmulKernelConfig *cfg, Plan *P, char *err,
                     size_t cap) {
  memset(P, 0, sizeof *P);
  P->cfg = cfg;
  if (!cfg->chip || !reIsCdna(cfg->chip)) {
    snprintf(err, cap,
             "ROCDL matmul: chip '%s' is not supported (gfx90a, gfx942)",
             cfg->chip ? cfg->chip : "");
    return false;
  }
  if (cfg->a != cfg->b) {
    snprintf(err, cap,
             "ROCDL matmul: A (%s) and B (%s) must have the same element "
             "type (one MFMA input type)",
             tesseraDTypeName(cfg->a), tesseraDTypeName(cfg->b));
    return false;
  }
  if (cfg->tileM <= 0 || cfg->tileN <= 0 || cfg->tileK <= 0 ||
      cfg->stages < 1 || cfg->warps < 1 || cfg->warps > 16) {
    snprintf(err, cap,
             "ROCDL matmul: need tiles > 0, stages >= 1, 1 <= warps <= 16 "
             "(got %lldx%lldx%lld, stages %lld, warps %lld)",
             (long long)cfg->tileM, (long long)cfg->tileN,
             (long long)cfg->tileK, (long long)cfg->stages,
             (long long)cfg->warps);
    return false;
  }
  P->ta = tesseraDTypeName(cfg->a);
  P->tc = tesseraDTypeName(cfg->c);
  P->es = cfg->a == TESSERA_F32 ? 4 : 2;
  P->p = cfg->a == TESSERA_F32 ? 1 : 4;
  P->threads = cfg->warps * kWave;
  const TesseraLaunchInfo *commit = cfg->commit;
  if (commit && !commitPlan(cfg, commit, P, err, cap))
    return false;

  // MFMA tile and wave grid: prefer 32x32 (half the LDS traffic per flop),
  // then the most square wave sub-tile.
  static const int64_t tiles[] = {32, 16};
  for (int t = 0; t < 2 && !P->T; ++t)
    if (tesseraPickWarpGrid(cfg->warps, cfg->tileM, cfg->tileN, tiles[t],
                            tiles[t], &P->wm, &P->wn))
      P->T = tiles[t];
  if (!P->T) {
    snprintf(err, cap,
             "ROCDL matmul: tile %lldx%lld cannot be split over %lld waves "
             "into 32x32 or 16x16 MFMA tiles",
             (long long)cfg->tileM, (long long)cfg->tileN,
             (long long)cfg->warps);
    return false;
  }
  P->G = kWave / P->T;
  P->kMfma = P->p * P->G;
  P->nAcc = P->T * P->T / kWave;
  P->WM = cfg->tileM / P->wm;
  P->WN = cfg->tileN / P->wn;
  P->MT = P->WM / P->T;
  P->NT = P->WN / P->T;
  if (cfg->tileK % P->kMfma) {
    snprintf(err, cap,
             "ROCDL matmul: tile-k %lld is not a multiple of the MFMA K "
             "(%lld for %s %lldx%lld)",
             (long long)cfg->tileK, (long long)P->kMfma, P->ta, (long long)P->T,
             (long long)P->T);
    return false;
  }
  if (P->WM * P->WN / kWave > kMaxAccRegs) {
    snprintf(err, cap,
             "ROCDL matmul: a wave tile of %lldx%lld needs %lld f32 "
             "accumulator registers per lane (max %d); use more waves or "
             "smaller tiles",
             (long long)P->WM, (long long)P->WN,
             (long long)(P->WM * P->WN / kWave), kMaxAccRegs);
    return false;
  }
  int64_t vmax = 16 / P->es;
  for (P->r = vmax; P->r > P->p && cfg->tileK % (P->G * P->r); P->r /= 2)
    ;
  for (P->VA = vmax; cfg->tileK % P->VA; P->VA /= 2)
    ;
  for (P->VB = vmax; cfg->tileN % P->VB; P->VB /= 2)
    ;
  // 16 bytes of padding per LDS row: keeps 16-byte alignment of rows and
  // shifts consecutive rows by 4 banks.
  P->ldA = cfg->tileK + vmax;
  P->ldB = cfg->tileK + vmax;
  P->ldsA = cfg->stages * cfg->tileM * P->ldA * P->es;
  P->ldsB = cfg->stages * cfg->tileN * P->ldB * P->es;
  int64_t maxLds = ttChipMaxShared(cfg->chip);
  if (P->ldsA + P->ldsB > maxLds) {
    snprintf(err, cap,
             "ROCDL matmul: %lld stages of %lldx%lldx%lld %s tiles need "
             "%lld bytes of LDS (max %lld)",
             (long long)cfg->stages, (long long)cfg->tileM,
             (long long)cfg->tileN, (long long)cfg->tileK, P->ta,
             (long long)(P->ldsA + P->ldsB), (long long)maxLds);
    return false;
  }
  if (cfg->commit && cfg->commit->sharedBytes < P->ldsA + P->ldsB) {
    snprintf(err, cap,
             "ROCDL matmul: the kernel needs %lld bytes of LDS for %lld "
             "stages of %lldx%lldx%lld tiles; shared_memory is %lld",
             (long long)(P->ldsA + P->ldsB), (long long)cfg->stages,
             (long long)cfg->tileM, (long long)cfg->tileN,
             (long long)cfg->tileK, (long long)cfg->commit->sharedBytes);
    return false;
  }
  return true;
}
