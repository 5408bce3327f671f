//===- ROCDLMatmul.c - MFMA matmul generator for CDNA2/CDNA3 -------------===//
//
// One workgroup computes a tileM x tileN tile of C with `warps` wave64s laid
// out as a wm x wn grid; each wave owns a WM x WN sub-tile made of T x T MFMA
// tiles (T = 32 where the tiling allows it, else 16). The K loop stages A and
// B tiles in LDS through an S-deep ring (S = cfg->stages):
//
//   prologue: global -> regs -> LDS for tiles 0 .. S-2; barrier
//   kt loop:  issue global loads of tile kt+S-1 into registers
//             MFMAs on LDS buffer kt % S
//             store the registers into LDS buffer (kt+S-1) % S; barrier
//
// Buffer (kt+S-1) % S was last read in iteration kt-1, which ended with a
// barrier, so one barrier per iteration is enough. gfx9 has no asynchronous
// global->LDS copy that MLIR exposes, so the register prefetch is what hides
// the global latency: S = 2 is the useful depth, S > 2 only costs LDS.
//
// Instructions (amdgpu.mfma; all exist on gfx90a and gfx942):
//   f16  : v_mfma_f32_32x32x8_f16      / v_mfma_f32_16x16x16_f16
//   bf16 : v_mfma_f32_32x32x8_bf16 (the "_1k" encoding of gfx90a+)
//                                      / v_mfma_f32_16x16x16_bf16
//   f32  : v_mfma_f32_32x32x2_f32      / v_mfma_f32_16x16x4_f32
// f32 inputs use the full-precision f32 MFMA, not gfx942's xf32 (which
// rounds inputs to a TF32-like format and is gone on gfx950): C keeps IEEE
// f32 products, so the host path's f32 tolerances hold.
//
// Per-lane operand / result layouts (lane l in 0..63, T x T x Kmfma MFMA with
// p elements per lane per operand: p = 4 for f16/bf16, 1 for f32; G = 64/T
// lane groups; g = l / T, i = l % T):
//   A operand: lane l holds A[i][p*g + j], j = 0..p-1
//   B operand: lane l holds B[p*g + j][i], j = 0..p-1
//   C/D      : T*T/64 f32 per lane; element e holds
//              D[8*(e/4) + 4*g + e%4][i]   (for T = 16, e < 4: D[4g+e][i])
// Because a sum over k does not care about the order of k, the generator is
// free to choose which actual k each (g, j) slot carries, as long as A and B
// agree. It reads r = 16 bytes per lane from LDS (ds_read_b128): lane group g
// reads actual k in [chunk*c + r*g, chunk*c + r*g + r) and feeds r/p
// consecutive MFMAs with p-wide slices of it. B is stored transposed in LDS
// (Bt[n][k]) so that its operand is contiguous too.
//
// Edges: every global load has a fast path (a full vector in bounds) and a
// masked path (vector.maskedload with a mask from the remaining row length,
// zero fill); every store of C is guarded by row < M && col < N, so any M,
// N, K works (K = 0 gives epilogue(0)). LDS is the dynamic LDS segment
// (gpu.dynamic_shared_memory); launch->sharedBytes is what the runtime must
// pass at launch, and the kernel descriptor's fixed LDS is 0.
//
//===----------------------------------------------------------------------===//
#include "ROCDLMatmul.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Values computed once at kernel entry.
typedef struct Ctx {
  Plan P;
  REmit e;
  RV A, B, C, epi[TESSERA_MAX_EPILOGUE];
  RV smA, smB, tid, lane, lr, lgr, bz, m0, n0, M, N, K, numK;
  RV rowA[8], rowB[8]; // LDS row of each MFMA tile this lane reads
  char bpre[40];       // "%bz, " when batched
  char memA[64], memB[64], memC[64], smAT[128], smBT[128];
} Ctx;

/// One global vector load into registers; `guard` / row / col remembered for
/// the LDS store.
typedef struct Slot {
  RV val, ldsRow, ldsCol, guard;
  bool guarded;
} Slot;

enum { kMaxSlots = 64 };

/// Loads a tile of X (rows x cols of the tile, vectors of V along cols) with
/// rows starting at g0Row and cols at g0Col in global memory.
static int loadTile(Ctx *x, RV mem, const char *memT, const char *elt,
                    int64_t tileRows, int64_t tileCols, int64_t V, RV g0Row,
                    RV g0Col, RV rowLimit, RV colLimit, Slot *slots) {
  REmit *e = &x->e;
  int64_t vpr = tileCols / V, total = tileRows * vpr;
  int64_t n = (total + x->P.threads - 1) / x->P.threads;
  char vt[48];
  snprintf(vt, sizeof vt, "vector<%lldx%s>", (long long)V, elt);
  for (int64_t i = 0; i < n; ++i) {
    Slot *s = &slots[i];
    RV v = reAddC(e, x->tid, i * x->P.threads);
    s->ldsRow = reDivC(e, v, vpr);
    s->ldsCol = reMulC(e, reRemC(e, v, vpr), V);
    s->guarded = (i + 1) * x->P.threads > total;
    RV gr = reAdd(e, g0Row, s->ldsRow), gc = reAdd(e, g0Col, s->ldsCol);
    RV rowOk = reCmp(e, "ult", gr, rowLimit);
    if (s->guarded) {
      s->guard = reCmp(e, "ult", v, reIdx(e, total));
      rowOk = reAnd(e, rowOk, s->guard);
    }
    RV end = reAddC(e, gc, V);
    RV ok = reAnd(e, rowOk, reCmp(e, "ule", end, colLimit));
    s->val = reDef(e, "scf.if %s -> (%s) {", ok.s, vt);
    e->indent += 2;
    RV l = reDef(e, "vector.load %s[%s%s, %s] : %s, %s", mem.s, x->bpre, gr.s,
                 gc.s, memT, vt);
    reLine(e, "scf.yield %s : %s", l.s, vt);
    e->indent -= 2;
    reLine(e, "} else {");
    e->indent += 2;
    // Remaining valid elements of this vector: clamp(colLimit - gc, 0, V),
    // 0 for rows outside the matrix.
    RV rem = reDef(e, "arith.subi %s, %s : index", colLimit.s, gc.s);
    rem = reDef(e, "arith.maxsi %s, %s : index", rem.s, reIdx(e, 0).s);
    rem = reDef(e, "arith.minsi %s, %s : index", rem.s, reIdx(e, V).s);
    rem = reDef(e, "arith.select %s, %s, %s : index", rowOk.s, rem.s,
                reIdx(e, 0).s);
    RV grc = reDef(e, "arith.select %s, %s, %s : index", rowOk.s, gr.s,
                   reIdx(e, 0).s);
    // mask = [0, 1, .., V-1] < rem, spelled with ops that convert-gpu-to-
    // rocdl lowers itself (vector.create_mask would need vector transforms).
    RV remI = reDef(e, "arith.index_cast %s : index to i32", rem.s);
    RV remV = reDef(e, "vector.broadcast %s : i32 to vector<%lldxi32>", remI.s,
                    (long long)V);
    RV mask = reDef(e, "arith.cmpi ult, %s, %s : vector<%lldxi32>",
                    reIota(e, V).s, remV.s, (long long)V);
    RV ml = reDef(e,
                  "vector.maskedload %s[%s%s, %s], %s, %s : %s, "
                  "vector<%lldxi1>, %s into %s",
                  mem.s, x->bpre, grc.s, gc.s, mask.s,
                  reZeroVec(e, V, elt).s, memT, (long long)V, vt, vt);
    reLine(e, "scf.yield %s : %s", ml.s, vt);
    e->indent -= 2;
    reLine(e, "}");
  }
  return (int)n;
}

static void beginGuard(Ctx *x, const Slot *s) {
  if (!s->guarded)
    return;
  reLine(&x->e, "scf.if %s {", s->guard.s);
  x->e.indent += 2;
}
static void endGuard(Ctx *x, const Slot *s) {
  if (!s->guarded)
    return;
  x->e.indent -= 2;
  reLine(&x->e, "}");
}

typedef struct Tiles {
  Slot a[kMaxSlots], b[kMaxSlots];
  int na, nb;
} Tiles;

static void loadTiles(Ctx *x, RV k0, Tiles *t) {
  const Plan *P = &x->P;
  t->na = loadTile(x, x->A, x->memA, P->ta, P->cfg->tileM, P->cfg->tileK,
                   P->VA, x->m0, k0, x->M, x->K, t->a);
  // B tile: rows are k, columns are n.
  t->nb = loadTile(x, x->B, x->memB, P->ta, P->cfg->tileK, P->cfg->tileN,
                   P->VB, k0, x->n0, x->K, x->N, t->b);
}

static void storeTiles(Ctx *x, RV buf, const Tiles *t) {
  const Plan *P = &x->P;
  REmit *e = &x->e;
  for (int i = 0; i < t->na; ++i) {
    const Slot *s = &t->a[i];
    beginGuard(x, s);
    reLine(e, "vector.store %s, %s[%s, %s, %s] : %s, vector<%lldx%s>",
           s->val.s, x->smA.s, buf.s, s->ldsRow.s, s->ldsCol.s, x->smAT,
           (long long)P->VA, P->ta);
    endGuard(x, s);
  }
  // B goes into LDS transposed (Bt[n][k]) so that MFMA B operands are
  // contiguous 16-byte reads, like A's.
  for (int i = 0; i < t->nb; ++i) {
    const Slot *s = &t->b[i];
    beginGuard(x, s);
    for (int64_t j = 0; j < P->VB; ++j) {
      RV el = reDef(e, "vector.extract %s[%lld] : %s from vector<%lldx%s>",
                    s->val.s, (long long)j, P->ta, (long long)P->VB, P->ta);
      RV n = reAddC(e, s->ldsCol, j);
      reLine(e, "memref.store %s, %s[%s, %s, %s] : %s", el.s, x->smB.s, buf.s,
             n.s, s->ldsRow.s, x->smBT);
    }
    endGuard(x, s);
  }
}

/// MFMAs over one LDS buffer; acc[mi*NT+ni] are updated in place (names).
static void compute(Ctx *x, RV buf, RV *acc) {
  const Plan *P = &x->P;
  REmit *e = &x->e;
  int64_t chunk = P->G * P->r;
  char rt[48], pt[48], accT[48];
  snprintf(rt, sizeof rt, "vector<%lldx%s>", (long long)P->r, P->ta);
  if (P->p == 1)
    snprintf(pt, sizeof pt, "%s", P->ta);
  else
    snprintf(pt, sizeof pt, "vector<%lldx%s>", (long long)P->p, P->ta);
  snprintf(accT, sizeof accT, "vector<%lldxf32>", (long long)P->nAcc);
  for (int64_t c = 0; c < P->cfg->tileK / chunk; ++c) {
    RV kb = reAddC(e, x->lgr, c * chunk);
    RV ar[8], br[8];
    for (int64_t mi = 0; mi < P->MT; ++mi)
      ar[mi] = P->r == 1
                   ? reDef(e, "memref.load %s[%s, %s, %s] : %s", x->smA.s,
                           buf.s, x->rowA[mi].s, kb.s, x->smAT)
                   : reDef(e, "vector.load %s[%s, %s, %s] : %s, %s", x->smA.s,
                           buf.s, x->rowA[mi].s, kb.s, x->smAT, rt);
    for (int64_t ni = 0; ni < P->NT; ++ni)
      br[ni] = P->r == 1
                   ? reDef(e, "memref.load %s[%s, %s, %s] : %s", x->smB.s,
                           buf.s, x->rowB[ni].s, kb.s, x->smBT)
                   : reDef(e, "vector.load %s[%s, %s, %s] : %s, %s", x->smB.s,
                           buf.s, x->rowB[ni].s, kb.s, x->smBT, rt);
    for (int64_t u = 0; u < P->r / P->p; ++u) {
      RV au[8], bu[8];
      for (int side = 0; side < 2; ++side) {
        int64_t cnt = side ? P->NT : P->MT;
        RV *src = side ? br : ar, *dst = side ? bu : au;
        for (int64_t q = 0; q < cnt; ++q) {
          if (P->r == P->p)
            dst[q] = src[q];
          else if (P->p == 1)
            dst[q] = reDef(e, "vector.extract %s[%lld] : %s from %s",
                           src[q].s, (long long)u, P->ta, rt);
          else
            // vector.shuffle (not extract_strided_slice): it lowers straight
            // to llvm.shufflevector inside convert-gpu-to-rocdl.
            dst[q] = reDef(e, "vector.shuffle %s, %s [%lld, %lld, %lld, %lld] "
                              ": %s, %s",
                           src[q].s, src[q].s, (long long)(u * P->p),
                           (long long)(u * P->p + 1), (long long)(u * P->p + 2),
                           (long long)(u * P->p + 3), rt, rt);
        }
      }
      for (int64_t mi = 0; mi < P->MT; ++mi)
        for (int64_t ni = 0; ni < P->NT; ++ni) {
          RV *a = &acc[mi * P->NT + ni];
          *a = reDef(e, "amdgpu.mfma %lldx%lldx%lld %s * %s + %s blgp = none "
                        ": %s, %s, %s",
                     (long long)P->T, (long long)P->T, (long long)P->kMfma,
                     au[mi].s, bu[ni].s, a->s, pt, pt, accT);
        }
    }
  }
}

static RV epilogueOp(Ctx *x, const TesseraEpilogueOp *op, RV v, RV extra) {
  REmit *e = &x->e;
  switch (op->kind) {
  case TESSERA_EPI_BIAS:
  case TESSERA_EPI_RESIDUAL:
    return reF(e, "arith.addf", v, extra);
  case TESSERA_EPI_RELU:
    return reF(e, "arith.maximumf", v, reF32(e, 0.0));
  case TESSERA_EPI_GELU_TANH: {
    RV x3 = reF(e, "arith.mulf", reF(e, "arith.mulf", v, v), v);
    RV in = reF(e, "arith.addf", v, reF(e, "arith.mulf", x3, reF32(e, 0.044715)));
    in = reF(e, "arith.mulf", in, reF32(e, 0.7978845608028654));
    RV t = reDef(e, "math.tanh %s : f32", in.s);
    RV h = reF(e, "arith.mulf", v, reF32(e, 0.5));
    return reF(e, "arith.mulf", h, reF(e, "arith.addf", t, reF32(e, 1.0)));
  }
  case TESSERA_EPI_GELU_ERF: {
    RV t = reDef(e, "math.erf %s : f32",
                 reF(e, "arith.mulf", v, reF32(e, 0.7071067811865476)).s);
    RV h = reF(e, "arith.mulf", v, reF32(e, 0.5));
    return reF(e, "arith.mulf", h, reF(e, "arith.addf", t, reF32(e, 1.0)));
  }
  case TESSERA_EPI_SILU: {
    RV n = reDef(e, "arith.negf %s : f32", v.s);
    RV d = reF(e, "arith.addf", reDef(e, "math.exp %s : f32", n.s),
               reF32(e, 1.0));
    return reF(e, "arith.divf", v, d);
  }
  }
  return v;
}

static void emitEpilogue(Ctx *x, RV *acc) {
  const Plan *P = &x->P;
  const TesseraMatmulKernelConfig *cfg = P->cfg;
  REmit *e = &x->e;
  char accT[48];
  snprintf(accT, sizeof accT, "vector<%lldxf32>", (long long)P->nAcc);
  RV wave = reDivC(e, x->tid, kWave);
  RV wmBase = reMulC(e, reDivC(e, wave, P->wn), P->WM);
  RV wnBase = reMulC(e, reRemC(e, wave, P->wn), P->WN);
  RV g4 = reMulC(e, reDivC(e, x->lane, P->T), 4);
  RV mBase = reAdd(e, reAdd(e, x->m0, wmBase), g4);
  RV nBase = reAdd(e, reAdd(e, x->n0, wnBase), x->lr);
  for (int64_t ni = 0; ni < P->NT; ++ni) {
    RV col = reAddC(e, nBase, ni * P->T);
    RV colOk = reCmp(e, "ult", col, x->N);
    RV safeCol = reDef(e, "arith.select %s, %s, %s : index", colOk.s, col.s,
                       reIdx(e, 0).s);
    RV bias[TESSERA_MAX_EPILOGUE];
    for (int k = 0; k < cfg->numEpilogue; ++k)
      if (cfg->epilogue[k].kind == TESSERA_EPI_BIAS) {
        const char *bt = tesseraDTypeName(cfg->epilogue[k].operandType);
        RV b = reDef(e, "memref.load %s[%s] : memref<?x%s>", x->epi[k].s,
                     safeCol.s, bt);
        bias[k] = reCvt(e, b, cfg->epilogue[k].operandType, TESSERA_F32);
      }
    for (int64_t mi = 0; mi < P->MT; ++mi) {
      RV a = acc[mi * P->NT + ni];
      for (int64_t el = 0; el < P->nAcc; ++el) {
        RV row = reAddC(e, mBase, mi * P->T + 8 * (el / 4) + el % 4);
        RV ok = reAnd(e, reCmp(e, "ult", row, x->M), colOk);
        reLine(e, "scf.if %s {", ok.s);
        e->indent += 2;
        RV v = reDef(e, "vector.extract %s[%lld] : f32 from %s", a.s,
                     (long long)el, accT);
        for (int k = 0; k < cfg->numEpilogue; ++k) {
          RV extra = {{0}};
          const TesseraEpilogueOp *op = &cfg->epilogue[k];
          if (op->kind == TESSERA_EPI_BIAS)
            extra = bias[k];
          else if (op->kind == TESSERA_EPI_RESIDUAL) {
            const char *rt = tesseraDTypeName(op->operandType);
            RV r = reDef(e, "memref.load %s[%s%s, %s] : memref<%s?x?x%s>",
                         x->epi[k].s, x->bpre, row.s, col.s,
                         cfg->batched ? "?x" : "", rt);
            extra = reCvt(e, r, op->operandType, TESSERA_F32);
          }
          v = epilogueOp(x, op, v, extra);
        }
        v = reCvt(e, v, TESSERA_F32, cfg->c);
        reLine(e, "memref.store %s, %s[%s%s, %s] : %s", v.s, x->C.s, x->bpre,
               row.s, col.s, x->memC);
        e->indent -= 2;
        reLine(e, "}");
      }
    }
  }
}

static bool generate(const TesseraMatmulKernelConfig *cfg, Ctx *x,
                     Tiles *tiles, TesseraStrBuf *out,
                     TesseraLaunchInfo *launch, char *err, size_t cap);

bool tesseraGenROCDLMatmul(const TesseraMatmulKernelConfig *cfg,
                           TesseraStrBuf *out, TesseraLaunchInfo *launch,
                           char *err, size_t cap) {
  // Heap, not stack: the emitter's constant cache and the load slots are
  // tens of KB, and passes may run generators on several threads.
  Ctx *x = calloc(1, sizeof *x);
  Tiles *tiles = calloc(1, sizeof *tiles);
  if (!x || !tiles) {
    free(x);
    free(tiles);
    snprintf(err, cap, "ROCDL matmul: out of memory");
    return false;
  }
  bool ok = generate(cfg, x, tiles, out, launch, err, cap);
  free(x);
  free(tiles);
  return ok;
}

static bool generate(const TesseraMatmulKernelConfig *cfg, Ctx *x,
                     Tiles *tiles, TesseraStrBuf *out,
                     TesseraLaunchInfo *launch, char *err, size_t cap) {
  if (!rocdlPlanMatmul(cfg, &x->P, err, cap))
    return false;
  const Plan *P = &x->P;
  *launch = (TesseraLaunchInfo){
      .blockThreads = P->threads,
      .sharedBytes =
          cfg->commit ? cfg->commit->sharedBytes : P->ldsA + P->ldsB,
      .tileM = cfg->tileM,
      .tileN = cfg->tileN,
      .mmaShape = {P->T, P->T, P->kMfma},
      .warpGrid = {P->wm, P->wn},
  };
  if (!out)
    return true; // planning only
  if (P->MT > 8 || P->NT > 8) {
    snprintf(err, cap, "ROCDL matmul: at most 8x8 MFMA tiles per wave");
    return false;
  }
  int64_t slotsA = (cfg->tileM * cfg->tileK / P->VA + P->threads - 1) /
                   P->threads,
          slotsB = (cfg->tileK * cfg->tileN / P->VB + P->threads - 1) /
                   P->threads;
  if (slotsA > kMaxSlots || slotsB > kMaxSlots) {
    snprintf(err, cap,
             "ROCDL matmul: %lld/%lld global loads per thread and tile is "
             "too many (max %d); use more waves",
             (long long)slotsA, (long long)slotsB, kMaxSlots);
    return false;
  }
  for (int k = 0; k < cfg->numEpilogue; ++k)
    if ((cfg->epilogue[k].kind == TESSERA_EPI_BIAS ||
         cfg->epilogue[k].kind == TESSERA_EPI_RESIDUAL) &&
        cfg->epilogue[k].operandType > TESSERA_BF16) {
      snprintf(err, cap, "ROCDL matmul: bad epilogue operand type");
      return false;
    }

  REmit *e = &x->e;
  reInit(e);
  const char *rk = cfg->batched ? "?x?x?" : "?x?";
  snprintf(x->memA, sizeof x->memA, "memref<%sx%s>", rk, P->ta);
  snprintf(x->memB, sizeof x->memB, "memref<%sx%s>", rk, P->ta);
  snprintf(x->memC, sizeof x->memC, "memref<%sx%s>", rk, P->tc);
  snprintf(x->smAT, sizeof x->smAT,
           "memref<%lldx%lldx%lldx%s, #gpu.address_space<workgroup>>",
           (long long)cfg->stages, (long long)cfg->tileM, (long long)P->ldA,
           P->ta);
  snprintf(x->smBT, sizeof x->smBT,
           "memref<%lldx%lldx%lldx%s, #gpu.address_space<workgroup>>",
           (long long)cfg->stages, (long long)cfg->tileN, (long long)P->ldB,
           P->ta);
  snprintf(x->A.s, sizeof x->A.s, "%%A");
  snprintf(x->B.s, sizeof x->B.s, "%%B");
  snprintf(x->C.s, sizeof x->C.s, "%%C");

  // Function header (arguments: A, B, C, then one memref per bias/residual).
  TesseraStrBuf hdr = {0};
  tesseraStrBufPrintf(&hdr, "gpu.module @%s_module {\n", cfg->name);
  tesseraStrBufPrintf(&hdr, "  gpu.func @%s(%%A: %s, %%B: %s, %%C: %s",
                      cfg->name, x->memA, x->memB, x->memC);
  for (int k = 0; k < cfg->numEpilogue; ++k) {
    const TesseraEpilogueOp *op = &cfg->epilogue[k];
    if (op->kind != TESSERA_EPI_BIAS && op->kind != TESSERA_EPI_RESIDUAL)
      continue;
    snprintf(x->epi[k].s, sizeof x->epi[k].s, "%%E%d", k);
    tesseraStrBufPrintf(&hdr, ", %s: memref<%sx%s>", x->epi[k].s,
                        op->kind == TESSERA_EPI_BIAS ? "?" : rk,
                        tesseraDTypeName(op->operandType));
  }
  tesseraStrBufPrintf(&hdr,
                      ") kernel attributes {known_block_size = array<i32: "
                      "%lld, 1, 1>} {\n",
                      (long long)P->threads);

  // Entry.
  RV smem = reDef(e, "gpu.dynamic_shared_memory : memref<?xi8, "
                     "#gpu.address_space<workgroup>>");
  x->smA = reDef(e, "memref.view %s[%s][] : memref<?xi8, "
                    "#gpu.address_space<workgroup>> to %s",
                 smem.s, reIdx(e, 0).s, x->smAT);
  x->smB = reDef(e, "memref.view %s[%s][] : memref<?xi8, "
                    "#gpu.address_space<workgroup>> to %s",
                 smem.s, reIdx(e, P->ldsA).s, x->smBT);
  x->tid = reDef(e, "gpu.thread_id x");
  RV bx = reDef(e, "gpu.block_id x");
  RV by = reDef(e, "gpu.block_id y");
  if (cfg->batched) {
    x->bz = reDef(e, "gpu.block_id z");
    snprintf(x->bpre, sizeof x->bpre, "%s, ", x->bz.s);
  }
  int rd = cfg->batched ? 1 : 0;
  x->M = reDef(e, "memref.dim %%A, %s : %s", reIdx(e, rd).s, x->memA);
  x->K = reDef(e, "memref.dim %%A, %s : %s", reIdx(e, rd + 1).s, x->memA);
  x->N = reDef(e, "memref.dim %%B, %s : %s", reIdx(e, rd + 1).s, x->memB);
  x->m0 = reMulC(e, by, cfg->tileM);
  x->n0 = reMulC(e, bx, cfg->tileN);
  x->numK = reDivC(e, reAddC(e, x->K, cfg->tileK - 1), cfg->tileK);
  x->lane = reRemC(e, x->tid, kWave);
  x->lr = reRemC(e, x->lane, P->T);
  x->lgr = reMulC(e, reDivC(e, x->lane, P->T), P->r);
  {
    RV wave = reDivC(e, x->tid, kWave);
    RV wmB = reMulC(e, reDivC(e, wave, P->wn), P->WM);
    RV wnB = reMulC(e, reRemC(e, wave, P->wn), P->WN);
    RV ra = reAdd(e, wmB, x->lr), rb = reAdd(e, wnB, x->lr);
    for (int64_t mi = 0; mi < P->MT; ++mi)
      x->rowA[mi] = reAddC(e, ra, mi * P->T);
    for (int64_t ni = 0; ni < P->NT; ++ni)
      x->rowB[ni] = reAddC(e, rb, ni * P->T);
  }

  int64_t nacc = P->MT * P->NT, S = cfg->stages;
  char accT[48];
  snprintf(accT, sizeof accT, "vector<%lldxf32>", (long long)P->nAcc);
  // Prologue: tiles 0 .. S-2 into buffers 0 .. S-2 (tiles past K load as
  // zeros through the masked path and are never read).
  for (int64_t s = 0; s + 1 < S; ++s) {
    loadTiles(x, reIdx(e, s * cfg->tileK), tiles);
    storeTiles(x, reIdx(e, s), tiles);
  }
  if (S > 1)
    reLine(e, "gpu.barrier");

  // K loop with the accumulators as iter_args.
  RV loop = reFresh(e);
  {
    TesseraStrBuf l = {0};
    tesseraStrBufPrintf(&l, "%s:%lld = scf.for %%kt = %s to %s step %s "
                            "iter_args(",
                        loop.s, (long long)nacc, reIdx(e, 0).s, x->numK.s,
                        reIdx(e, 1).s);
    for (int64_t i = 0; i < nacc; ++i)
      tesseraStrBufPrintf(&l, "%s%%acc%lld = %s", i ? ", " : "", (long long)i,
                          reZeroVec(e, P->nAcc, "f32").s);
    tesseraStrBufPrintf(&l, ") -> (");
    for (int64_t i = 0; i < nacc; ++i)
      tesseraStrBufPrintf(&l, "%s%s", i ? ", " : "", accT);
    tesseraStrBufPrintf(&l, ") {");
    reLine(e, "%s", tesseraStrBufStr(&l));
    tesseraStrBufFree(&l);
  }
  e->indent += 2;
  RV acc[64];
  for (int64_t i = 0; i < nacc; ++i)
    snprintf(acc[i].s, sizeof acc[i].s, "%%acc%lld", (long long)i);
  RV kt = {"%kt"};
  if (S == 1) {
    loadTiles(x, reMulC(e, kt, cfg->tileK), tiles);
    storeTiles(x, reIdx(e, 0), tiles);
    reLine(e, "gpu.barrier");
    compute(x, reIdx(e, 0), acc);
    reLine(e, "gpu.barrier");
  } else {
    RV nk = reAddC(e, kt, S - 1);
    loadTiles(x, reMulC(e, nk, cfg->tileK), tiles);
    compute(x, reRemC(e, kt, S), acc);
    storeTiles(x, reRemC(e, nk, S), tiles);
    reLine(e, "gpu.barrier");
  }
  {
    TesseraStrBuf l = {0};
    tesseraStrBufPrintf(&l, "scf.yield ");
    for (int64_t i = 0; i < nacc; ++i)
      tesseraStrBufPrintf(&l, "%s%s", i ? ", " : "", acc[i].s);
    tesseraStrBufPrintf(&l, " : ");
    for (int64_t i = 0; i < nacc; ++i)
      tesseraStrBufPrintf(&l, "%s%s", i ? ", " : "", accT);
    reLine(e, "%s", tesseraStrBufStr(&l));
    tesseraStrBufFree(&l);
  }
  e->indent -= 2;
  reLine(e, "}");
  for (int64_t i = 0; i < nacc; ++i)
    acc[i] = reResult(loop, i);
  emitEpilogue(x, acc);
  reLine(e, "gpu.return");

  tesseraStrBufAppend(out, hdr.data, hdr.size);
  tesseraStrBufAppend(out, tesseraStrBufStr(&e->consts), e->consts.size);
  tesseraStrBufAppend(out, tesseraStrBufStr(&e->body), e->body.size);
  tesseraStrBufPrintf(out, "  }\n}\n");
  tesseraStrBufFree(&hdr);
  reFree(e);

  return true;
}
