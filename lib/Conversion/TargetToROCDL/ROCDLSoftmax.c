//===- ROCDLSoftmax.c - Row softmax generator for CDNA2/CDNA3 ------------===//
//
// One workgroup of `threads` lanes (whole wave64s) handles rowsPerBlock (R)
// rows at a time; tpr = threads / R lanes cooperate on one row (a power of
// two). Each lane walks its row with stride tpr in two passes over global
// memory:
//   1. online max/sum: (m, s) <- (max(m, x), s * e^(m - m') + e^(x - m'))
//   2. y = e^(x - m) / s, converted to the output type and stored.
// Between them (m, s) pairs are combined across the row's lanes: inside a
// wave with gpu.shuffle xor (lowered to ds_bpermute), across waves (tpr > 64)
// through a few bytes of dynamic LDS. Any row length works (the loops are
// bounded by N); rows past M run with length 0 so that every lane reaches
// every barrier.
//
// Grid: row blocks are block_id.y (grid-stride, so any grid.y works);
// launch->tileN = 2^30 makes grid.x = ceil(N / tileN) = 1 for any practical N,
// and workgroups with block_id.x > 0 do nothing.
//
//===----------------------------------------------------------------------===//
#include "ROCDLEmit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kWave = 64 };

static bool isPow2(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

/// (m, s) <- combine((m, s), (m2, s2)) with one exp: the partial sum with
/// the smaller max is scaled by e^(min - max). Equal maxima (including two
/// -inf) scale by 1 instead of computing e^(-inf - -inf).
static void combine(REmit *e, RV *m, RV *s, RV m2, RV s2) {
  RV mx = reF(e, "arith.maximumf", *m, m2);
  RV mo = reF(e, "arith.minimumf", *m, m2);
  RV same = reDef(e, "arith.cmpf oeq, %s, %s : f32", mo.s, mx.s);
  RV f = reDef(e, "math.exp %s : f32", reF(e, "arith.subf", mo, mx).s);
  f = reDef(e, "arith.select %s, %s, %s : f32", same.s, reF32(e, 1.0).s, f.s);
  RV big = reDef(e, "arith.cmpf ogt, %s, %s : f32", m2.s, m->s);
  RV sa = reDef(e, "arith.select %s, %s, %s : f32", big.s, s->s, s2.s);
  RV sb = reDef(e, "arith.select %s, %s, %s : f32", big.s, s2.s, s->s);
  *s = reDef(e, "math.fma %s, %s, %s : f32", sa.s, f.s, sb.s);
  *m = mx;
}

static bool gen(const TesseraSoftmaxKernelConfig *cfg, REmit *e,
                TesseraStrBuf *out, TesseraLaunchInfo *launch, char *err,
                size_t cap) {
  if (!cfg->chip || !reIsCdna(cfg->chip)) {
    snprintf(err, cap,
             "ROCDL softmax: chip '%s' is not supported (gfx90a, gfx942)",
             cfg->chip ? cfg->chip : "");
    return false;
  }
  int64_t T = cfg->commit ? cfg->commit->blockThreads : cfg->threads,
          R = cfg->rowsPerBlock;
  if (T < kWave || T > 1024 || T % kWave || R < 1 || T % R ||
      !isPow2(T / R)) {
    snprintf(err, cap,
             "ROCDL softmax: threads (%lld) must be a multiple of 64 up to "
             "1024, and threads / rows-per-block (%lld) a power of two",
             (long long)T, (long long)R);
    return false;
  }
  int64_t tpr = T / R, nw = T / kWave, wpr = tpr > kWave ? tpr / kWave : 0;
  int64_t lds = wpr ? 2 * nw * 4 : 0;
  if (cfg->commit && cfg->commit->sharedBytes < lds) {
    snprintf(err, cap,
             "ROCDL softmax: the kernel needs %lld bytes of LDS for %lld "
             "threads; shared_memory is %lld",
             (long long)lds, (long long)T,
             (long long)cfg->commit->sharedBytes);
    return false;
  }
  *launch = (TesseraLaunchInfo){
      .blockThreads = T,
      .sharedBytes = cfg->commit ? cfg->commit->sharedBytes : lds,
      .tileM = R,
      .tileN = (int64_t)1 << 30};
  if (!out)
    return true; // planning only
  const char *ti = tesseraDTypeName(cfg->in), *to = tesseraDTypeName(cfg->out);
  char memX[48], memY[48];
  snprintf(memX, sizeof memX, "memref<?x?x%s>", ti);
  snprintf(memY, sizeof memY, "memref<?x?x%s>", to);
  const char *smT = "memref<?xi8, #gpu.address_space<workgroup>>";
  char redT[96];
  snprintf(redT, sizeof redT,
           "memref<2x%lldxf32, #gpu.address_space<workgroup>>", (long long)nw);

  RV tid = reDef(e, "gpu.thread_id x");
  RV bx = reDef(e, "gpu.block_id x");
  RV by = reDef(e, "gpu.block_id y");
  RV gy = reDef(e, "gpu.grid_dim y");
  RV M = reDef(e, "memref.dim %%X, %s : %s", reIdx(e, 0).s, memX);
  RV N = reDef(e, "memref.dim %%X, %s : %s", reIdx(e, 1).s, memX);
  RV red = {{0}};
  if (wpr) {
    RV smem = reDef(e, "gpu.dynamic_shared_memory : %s", smT);
    red = reDef(e, "memref.view %s[%s][] : %s to %s", smem.s, reIdx(e, 0).s,
                smT, redT);
  }
  RV rowLocal = reDivC(e, tid, tpr), t = reRemC(e, tid, tpr);
  RV wave = reDivC(e, tid, kWave);
  RV isX0 = reCmp(e, "eq", bx, reIdx(e, 0));
  RV nrb = reDivC(e, reAddC(e, M, R - 1), R);
  // Workgroups beyond grid.x = 1 skip the loop (uniform per workgroup).
  nrb = reDef(e, "arith.select %s, %s, %s : index", isX0.s, nrb.s,
              reIdx(e, 0).s);
  reLine(e, "scf.for %%rb = %s to %s step %s {", by.s, nrb.s, gy.s);
  e->indent += 2;
  RV rb = {"%rb"};
  RV row = reAdd(e, reMulC(e, rb, R), rowLocal);
  RV rowOk = reCmp(e, "ult", row, M);
  RV len = reDef(e, "arith.select %s, %s, %s : index", rowOk.s, N.s,
                 reIdx(e, 0).s);
  RV srow = reDef(e, "arith.select %s, %s, %s : index", rowOk.s, row.s,
                  reIdx(e, 0).s);

  // Pass 1: online max / sum of this lane's elements.
  RV ms = reFresh(e);
  reLine(e,
         "%s:2 = scf.for %%i = %s to %s step %s iter_args(%%m = %s, %%s = "
         "%s) -> (f32, f32) {",
         ms.s, t.s, len.s, reIdx(e, tpr).s, reF32NegInf(e).s,
         reF32(e, 0.0).s);
  e->indent += 2;
  {
    RV xv = reCvt(e,
                  reDef(e, "memref.load %%X[%s, %%i] : %s", srow.s, memX),
                  cfg->in, TESSERA_F32);
    RV m = {"%m"}, s = {"%s"};
    RV one = reF32(e, 1.0);
    combine(e, &m, &s, xv, one);
    reLine(e, "scf.yield %s, %s : f32, f32", m.s, s.s);
  }
  e->indent -= 2;
  reLine(e, "}");
  RV m = reResult(ms, 0), s = reResult(ms, 1);

  // Within a wave: butterfly over the row's lanes (xor offsets stay inside
  // an aligned group of min(tpr, 64) lanes).
  int64_t wspan = tpr < kWave ? tpr : kWave;
  for (int64_t off = wspan / 2; off >= 1; off /= 2) {
    RV m2 = reFresh(e), s2 = reFresh(e);
    reLine(e, "%s, %%ok%s = gpu.shuffle xor %s, %s, %s : f32", m2.s,
           m2.s + 1, m.s, reI32(e, off).s, reI32(e, kWave).s);
    reLine(e, "%s, %%ok%s = gpu.shuffle xor %s, %s, %s : f32", s2.s,
           s2.s + 1, s.s, reI32(e, off).s, reI32(e, kWave).s);
    combine(e, &m, &s, m2, s2);
  }
  // Across the row's waves through LDS: lane 0 of each wave publishes.
  if (wpr) {
    RV lane0 = reCmp(e, "eq", reRemC(e, tid, kWave), reIdx(e, 0));
    reLine(e, "scf.if %s {", lane0.s);
    reLine(e, "  memref.store %s, %s[%s, %s] : %s", m.s, red.s,
           reIdx(e, 0).s, wave.s, redT);
    reLine(e, "  memref.store %s, %s[%s, %s] : %s", s.s, red.s,
           reIdx(e, 1).s, wave.s, redT);
    reLine(e, "}");
    reLine(e, "gpu.barrier");
    // Every lane picks up slot (lane % wpr) of its row's waves and the
    // same butterfly combines the wpr partials (log2(wpr) steps).
    RV slot = reAdd(e, reMulC(e, rowLocal, wpr),
                    reRemC(e, reRemC(e, tid, kWave), wpr));
    RV gm = reDef(e, "memref.load %s[%s, %s] : %s", red.s, reIdx(e, 0).s,
                  slot.s, redT);
    RV gs = reDef(e, "memref.load %s[%s, %s] : %s", red.s, reIdx(e, 1).s,
                  slot.s, redT);
    for (int64_t off = wpr / 2; off >= 1; off /= 2) {
      RV m2 = reFresh(e), s2 = reFresh(e);
      reLine(e, "%s, %%ok%s = gpu.shuffle xor %s, %s, %s : f32", m2.s,
             m2.s + 1, gm.s, reI32(e, off).s, reI32(e, kWave).s);
      reLine(e, "%s, %%ok%s = gpu.shuffle xor %s, %s, %s : f32", s2.s,
             s2.s + 1, gs.s, reI32(e, off).s, reI32(e, kWave).s);
      combine(e, &gm, &gs, m2, s2);
    }
    m = gm;
    s = gs;
    // The next row block overwrites the slots.
    reLine(e, "gpu.barrier");
  }

  // Pass 2: normalise and store.
  RV inv = reF(e, "arith.divf", reF32(e, 1.0), s);
  reLine(e, "scf.for %%j = %s to %s step %s {", t.s, len.s, reIdx(e, tpr).s);
  e->indent += 2;
  {
    RV xv = reCvt(e,
                  reDef(e, "memref.load %%X[%s, %%j] : %s", srow.s, memX),
                  cfg->in, TESSERA_F32);
    RV ex = reDef(e, "math.exp %s : f32", reF(e, "arith.subf", xv, m).s);
    RV y = reCvt(e, reF(e, "arith.mulf", ex, inv), TESSERA_F32, cfg->out);
    reLine(e, "memref.store %s, %%Y[%s, %%j] : %s", y.s, srow.s, memY);
  }
  e->indent -= 2;
  reLine(e, "}");
  e->indent -= 2;
  reLine(e, "}");
  reLine(e, "gpu.return");

  tesseraStrBufPrintf(out, "gpu.module @%s_module {\n", cfg->name);
  tesseraStrBufPrintf(out,
                      "  gpu.func @%s(%%X: %s, %%Y: %s) kernel attributes "
                      "{known_block_size = array<i32: %lld, 1, 1>} {\n",
                      cfg->name, memX, memY, (long long)T);
  tesseraStrBufAppend(out, tesseraStrBufStr(&e->consts), e->consts.size);
  tesseraStrBufAppend(out, tesseraStrBufStr(&e->body), e->body.size);
  tesseraStrBufPrintf(out, "  }\n}\n");

  return true;
}

bool tesseraGenROCDLSoftmax(const TesseraSoftmaxKernelConfig *cfg,
                            TesseraStrBuf *out, TesseraLaunchInfo *launch,
                            char *err, size_t cap) {
  REmit *e = calloc(1, sizeof *e);
  if (!e) {
    snprintf(err, cap, "ROCDL softmax: out of memory");
    return false;
  }
  reInit(e);
  bool ok = gen(cfg, e, out, launch, err, cap);
  reFree(e);
  free(e);
  return ok;
}
