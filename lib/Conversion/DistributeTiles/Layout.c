//===- Layout.c - Which thread and register hold which element ------------===//
//
// Every layout of docs/dialects/target.md ("Register layouts") is written
// as: thread base (row, col), an index expression of the warp and lane, plus
// a constant (row, col) offset per register. Everything else -- loads,
// stores, broadcasts, reductions, conversions -- is written once against
// that form. The mma.sync fragments are those of the PTX ISA (9.7.13.4,
// m16n8k8 .tf32 and the f32 accumulator): lane = 4 g + t,
//   A (16 x 8):  a0 (g, t)   a1 (g+8, t)   a2 (g, t+4)   a3 (g+8, t+4)
//   B (8 x 8):   b0 (t, g)   b1 (t+4, g)
//   C (16 x 8):  c0 (g, 2t)  c1 (g, 2t+1)  c2 (g+8, 2t)  c3 (g+8, 2t+1)
// repeated over the warp's part of the tile, instruction tile by
// instruction tile, row-major. Those of v_mfma_f32_16x16x4f32 (CDNA3 ISA
// 7.1, one block; wave64, lane = 16 h + c), and of v_mfma_f32_16x16x16f16:
//   A (16 x 4):  (c, h)      B (4 x 16):  (h, c)
//   A (16 x 16): (c, 4h + i) B (16 x 16): (4h + i, c), i = 0..3 (f16 / bf16)
//   C (16 x 16): four registers i = 0..3 at (4 h + i, c)
// and of the 32 x 32 ones (v_mfma_f32_32x32x2f32, 32x32x8f16 / bf16; lane
// = 32 h + c, h = 0..1):
//   A (32 x K):  (c, (K/2) h + i)   B (K x 32):  ((K/2) h + i, c)
//   C (32 x 32): sixteen registers v at (8 (v / 4) + 4 h + v % 4, c)
// In general, with S = 32 or 16 (the instruction's M = N), G = 64 / S lane
// groups h, K / G values of k per lane, and S S / 64 accumulator registers
// at (4 G (v / 4) + 4 h + v % 4, c).
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include <stdlib.h>
#include <string.h>

// One register: its offsets from the thread's base.
static void put(int64_t *rowOff, int64_t *colOff, int i, int64_t r,
                int64_t c) {
  if (rowOff)
    rowOff[i] = r;
  if (colOff)
    colOff[i] = c;
}

// A wgmma accumulator is, warp by warp of its warpgroups, the mma.sync
// accumulator of 16 rows (PTX ISA 9.7.15.5.1: warp w of a warpgroup holds
// rows 16 w .. 16 w + 15 of the m64 tile, in the m16n8 fragments).
static TtLayout asMma(const TtLayout *l) {
  if (l->kind != TT_LAYOUT_WGMMA_ACC)
    return *l;
  TtLayout m = *l;
  m.kind = TT_LAYOUT_MMA_ACC;
  m.shape[0] = 16, m.shape[1] = 8, m.shape[2] = 8;
  m.warps[0] = 4 * l->warps[0];
  return m;
}

static int fullRegs(const TtLayout *lay, int64_t rows, int64_t cols,
                    int64_t *rowOff, int64_t *colOff) {
  TtLayout mma = asMma(lay);
  const TtLayout *l = &mma;
  int n = 0;
  switch (l->kind) {
  case TT_LAYOUT_MMA_ACC: {
    int64_t rm = rows / l->warps[0] / 16, rn = cols / l->warps[1] / 8;
    for (int64_t im = 0; im < rm; ++im)
      for (int64_t in = 0; in < rn; ++in)
        for (int e = 0; e < 4; ++e)
          put(rowOff, colOff, n++, im * 16 + 8 * (e >> 1), in * 8 + (e & 1));
    return n;
  }
  case TT_LAYOUT_MMA_A: {
    int64_t k = l->shape[2], rm = rows / l->warps[0] / 16, rk = cols / k;
    for (int64_t im = 0; im < rm; ++im)
      for (int64_t ik = 0; ik < rk; ++ik) {
        if (k == 8) // tf32: a0..a3
          for (int e = 0; e < 4; ++e)
            put(rowOff, colOff, n++, im * 16 + 8 * (e & 1),
                ik * 8 + 4 * (e >> 1));
        else // 16-bit: pairs a0a1 .. a6a7, pair p at (+8 (p & 1), +8 (p >> 1))
          for (int e = 0; e < 8; ++e)
            put(rowOff, colOff, n++, im * 16 + 8 * ((e >> 1) & 1),
                ik * 16 + 8 * (e >> 2) + (e & 1));
      }
    return n;
  }
  case TT_LAYOUT_MMA_B: {
    int64_t k = l->shape[2], rk = rows / k, rn = cols / l->warps[1] / 8;
    for (int64_t ik = 0; ik < rk; ++ik)
      for (int64_t in = 0; in < rn; ++in) {
        if (k == 8) // tf32: b0, b1
          for (int e = 0; e < 2; ++e)
            put(rowOff, colOff, n++, ik * 8 + 4 * e, in * 8);
        else // 16-bit: pairs b0b1, b2b3 at k + 8 p
          for (int e = 0; e < 4; ++e)
            put(rowOff, colOff, n++, ik * 16 + 8 * (e >> 1) + (e & 1), in * 8);
      }
    return n;
  }
  case TT_LAYOUT_MFMA_ACC: {
    int64_t S = l->shape[0], G = 64 / S;
    int64_t rm = rows / l->warps[0] / S, rn = cols / l->warps[1] / S;
    for (int64_t im = 0; im < rm; ++im)
      for (int64_t in = 0; in < rn; ++in)
        for (int64_t v = 0; v < S * S / 64; ++v)
          put(rowOff, colOff, n++, im * S + 4 * G * (v / 4) + v % 4, in * S);
    return n;
  }
  case TT_LAYOUT_MFMA_A: { // K / G consecutive k per lane
    int64_t S = l->shape[0], k = l->shape[2], per = k / (64 / S);
    int64_t rm = rows / l->warps[0] / S, rk = cols / k;
    for (int64_t im = 0; im < rm; ++im)
      for (int64_t ik = 0; ik < rk; ++ik)
        for (int64_t i = 0; i < per; ++i)
          put(rowOff, colOff, n++, im * S, ik * k + i);
    return n;
  }
  case TT_LAYOUT_MFMA_B: {
    int64_t S = l->shape[0], k = l->shape[2], per = k / (64 / S);
    int64_t rk = rows / k, rn = cols / l->warps[1] / S;
    for (int64_t ik = 0; ik < rk; ++ik)
      for (int64_t in = 0; in < rn; ++in)
        for (int64_t i = 0; i < per; ++i)
          put(rowOff, colOff, n++, ik * k + i, in * S);
    return n;
  }
  default: { // blocked
    int64_t unit[2];
    ttLayoutTile(l, unit);
    for (int64_t ir = 0; ir < rows / unit[0]; ++ir)
      for (int64_t ic = 0; ic < cols / unit[1]; ++ic)
        for (int64_t i = 0; i < l->perThread[0]; ++i)
          for (int64_t j = 0; j < l->perThread[1]; ++j)
            put(rowOff, colOff, n++, ir * unit[0] + i, ic * unit[1] + j);
    return n;
  }
  }
}

static int cmpI64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

int dtLayoutRegs(const TtLayout *lay, int64_t rows, int64_t cols,
                 int64_t *rowOff, int64_t *colOff) {
  TtLayout mma = asMma(lay);
  const TtLayout *l = &mma;
  if (l->sliceDim < 0)
    return fullRegs(l, rows, cols, rowOff, colOff);
  // A slice holds, in each thread, one register per distinct offset along
  // the kept dim of the parent (one repetition of it along the sliced
  // dim), in increasing order.
  int64_t unit[2], shape[2] = {rows, cols};
  ttLayoutTile(l, unit);
  int keep = 1 - l->sliceDim;
  shape[l->sliceDim] = unit[l->sliceDim];
  int total = fullRegs(l, shape[0], shape[1], NULL, NULL);
  int64_t *off = calloc((size_t)total, sizeof *off);
  if (!off)
    abort();
  fullRegs(l, shape[0], shape[1], keep == 0 ? off : NULL,
           keep == 1 ? off : NULL);
  qsort(off, (size_t)total, sizeof *off, cmpI64);
  int n = 0;
  for (int i = 0; i < total; ++i) {
    if (i > 0 && off[i] == off[i - 1])
      continue;
    put(keep == 0 ? rowOff : colOff, keep == 0 ? colOff : rowOff, n++, off[i],
        0);
  }
  free(off);
  return n;
}

void dtLayoutBase(Dt *d, TsBuilder *b, const TtLayout *lay, int64_t rows,
                  int64_t cols, MlirValue *rowBase, MlirValue *colBase) {
  TtLayout mma = asMma(lay);
  const TtLayout *l = &mma;
  // Warps are numbered row-major over warps[0] x warps[1].
  MlirValue wn = dtIdx(b, l->warps[1]);
  MlirValue wr = tsBinary(b, "arith.divui", d->warp, wn);
  MlirValue wc = tsBinary(b, "arith.remui", d->warp, wn);
  MlirValue r, c;
  switch (l->kind) {
  case TT_LAYOUT_MMA_ACC:
    r = dtAdd(b, dtMul(b, wr, rows / l->warps[0]), d->g);
    c = dtAdd(b, dtMul(b, wc, cols / l->warps[1]), dtMul(b, d->t, 2));
    break;
  case TT_LAYOUT_MMA_A: // k16: each thread's pairs start at column 2t
    r = dtAdd(b, dtMul(b, wr, rows / l->warps[0]), d->g);
    c = l->shape[2] == 16 ? dtMul(b, d->t, 2) : d->t;
    break;
  case TT_LAYOUT_MMA_B:
    r = l->shape[2] == 16 ? dtMul(b, d->t, 2) : d->t;
    c = dtAdd(b, dtMul(b, wc, cols / l->warps[1]), d->g);
    break;
  case TT_LAYOUT_MFMA_ACC: {
    int64_t S = l->shape[0];
    MlirValue h = tsBinary(b, "arith.divui", d->lane, dtIdx(b, S));
    MlirValue lc = tsBinary(b, "arith.remui", d->lane, dtIdx(b, S));
    r = dtAdd(b, dtMul(b, wr, rows / l->warps[0]), dtMul(b, h, 4));
    c = dtAdd(b, dtMul(b, wc, cols / l->warps[1]), lc);
    break;
  }
  case TT_LAYOUT_MFMA_A: { // lane group h holds k = (K/G) h ..
    int64_t S = l->shape[0];
    r = dtAdd(b, dtMul(b, wr, rows / l->warps[0]),
              tsBinary(b, "arith.remui", d->lane, dtIdx(b, S)));
    c = dtMul(b, tsBinary(b, "arith.divui", d->lane, dtIdx(b, S)),
              l->shape[2] / (64 / S));
    break;
  }
  case TT_LAYOUT_MFMA_B: {
    int64_t S = l->shape[0];
    r = dtMul(b, tsBinary(b, "arith.divui", d->lane, dtIdx(b, S)),
              l->shape[2] / (64 / S));
    c = dtAdd(b, dtMul(b, wc, cols / l->warps[1]),
              tsBinary(b, "arith.remui", d->lane, dtIdx(b, S)));
    break;
  }
  default: {
    MlirValue tc = dtIdx(b, l->threads[1]);
    MlirValue lr = tsBinary(b, "arith.divui", d->lane, tc);
    MlirValue lc = tsBinary(b, "arith.remui", d->lane, tc);
    r = dtMul(b, dtAdd(b, dtMul(b, wr, l->threads[0]), lr), l->perThread[0]);
    c = dtMul(b, dtAdd(b, dtMul(b, wc, l->threads[1]), lc), l->perThread[1]);
    break;
  }
  }
  if (l->sliceDim == 0)
    r = dtIdx(b, 0);
  if (l->sliceDim == 1)
    c = dtIdx(b, 0);
  *rowBase = r;
  *colBase = c;
}

int64_t dtLayoutBaseAlign(const TtLayout *lay, int dim) {
  TtLayout mma = asMma(lay);
  const TtLayout *l = &mma;
  if (l->sliceDim == dim)
    return 1 << 20; // always 0
  // The lane / thread term of dtLayoutBase's coordinate; the warp term is
  // a multiple of the warp's part, itself whole fragments.
  switch (l->kind) {
  case TT_LAYOUT_MMA_ACC:
    return dim == 1 ? 2 : 1;
  case TT_LAYOUT_MMA_A:
    return dim == 1 && l->shape[2] == 16 ? 2 : 1;
  case TT_LAYOUT_MMA_B:
    return dim == 0 && l->shape[2] == 16 ? 2 : 1;
  case TT_LAYOUT_MFMA_A:
    return dim == 1 ? l->shape[2] / (64 / l->shape[0]) : 1;
  case TT_LAYOUT_MFMA_B:
    return dim == 0 ? l->shape[2] / (64 / l->shape[0]) : 1;
  case TT_LAYOUT_BLOCKED:
    return l->perThread[dim];
  default:
    return 1;
  }
}

int dtLayoutLaneMasks(const TtLayout *lay, int dim, int masks[6],
                      int64_t *warps) {
  TtLayout mma = asMma(lay);
  const TtLayout *l = &mma;
  // The lane bits the base along `dim` depends on, from bit `lo`: mma.sync
  // lanes are 4 g + t (g: 3 bits, rows of A and the accumulator, columns
  // of B; t: 2 bits), MFMA lanes S h + c (c: log2 S bits, the accumulator's
  // and B's columns, A's rows; h: the other 6 - log2 S bits).
  int lo = 0, bits = 0;
  bool hi = false; // the dim takes the high field (g, or h)
  switch (l->kind) {
  case TT_LAYOUT_MMA_ACC:
  case TT_LAYOUT_MMA_A:
  case TT_LAYOUT_MMA_B:
    hi = (l->kind == TT_LAYOUT_MMA_B) == (dim == 1);
    lo = hi ? 2 : 0;
    bits = hi ? 3 : 2;
    break;
  case TT_LAYOUT_MFMA_ACC:
  case TT_LAYOUT_MFMA_A:
  case TT_LAYOUT_MFMA_B: {
    int cb = l->shape[0] == 32 ? 5 : 4;
    hi = (l->kind == TT_LAYOUT_MFMA_A) == (dim == 1);
    lo = hi ? cb : 0;
    bits = hi ? 6 - cb : cb;
    break;
  }
  default: { // lane = lr * threads[1] + lc
    int64_t tc = l->threads[1], tr = l->threads[0];
    int cb = 0, rb = 0;
    while ((1LL << cb) < tc)
      ++cb;
    while ((1LL << rb) < tr)
      ++rb;
    lo = dim == 0 ? cb : 0;
    bits = dim == 0 ? rb : cb;
    break;
  }
  }
  for (int i = 0; i < bits; ++i)
    masks[i] = 1 << (lo + i);
  *warps = l->warps[dim];
  return bits;
}
