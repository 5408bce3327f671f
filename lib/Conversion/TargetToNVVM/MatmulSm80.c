//===- MatmulSm80.c - Ampere tensor-core matmul (mma.sync + cp.async) -----===//
//
// One block computes a tileM x tileN tile of C[bz] (grid = (ceil(N/tileN),
// ceil(M/tileM), batch)); its `warps` warps form a WM x WN grid, each warp
// owning a (tileM/WM) x (tileN/WN) sub-tile = MI x NI mma fragments.
//
// Main loop (fast path, see below): a `stages`-deep ring of shared-memory
// tiles As[s] (tileM x tileK, K contiguous) and Bs[s] (tileK x tileN, N
// contiguous), filled with 16-byte cp.async (`nvgpu.device_async_copy`,
// .cg = L1 bypass), one commit group per K tile:
//
//   prologue: load tiles 0 .. S-2 into stages 0 .. S-2, one group each
//   for kt in [0, ceil(K/tileK)):
//     cp.async.wait_group S-2      -- this thread's copies of tile kt landed
//     barrier                      -- everyone's landed; everyone finished
//                                     reading stage (kt-1)%S
//     load tile kt+S-1 into stage (kt+S-1)%S = (kt-1)%S; commit
//     compute on stage kt%S        -- ldmatrix + mma.sync
//
// Tiles past the end of K (and rows / columns past M / N) are zero-filled
// by cp.async's src-size operand (0 bytes read), so the tail needs no
// special case: a zero contributes nothing to the accumulator.
//
// cp.async of 16 bytes needs 16-byte aligned global addresses: that holds
// when K and N are multiples of 8 (f16/bf16) / 4 (f32) and the base
// pointers are 16-byte aligned. That is checked at run time; otherwise the
// kernel takes a slow path (same tiles, synchronous masked element loads,
// single stage) so that any M, N, K is correct.
//
// Fragment layouts (PTX ISA "Matrix fragments for mma.m16n8k16"), lane l,
// g = l / 4, t = l % 4:
//   A (16x16, row):  a0a1 = A[g][2t..2t+1]   a2a3 = A[g+8][2t..]
//                    a4a5 = A[g][2t+8..]     a6a7 = A[g+8][2t+8..]
//   B (16x8, col):   b0b1 = B[2t..2t+1][g]   b2b3 = B[2t+8..][g]
//   C (16x8, f32):   c0c1 = C[g][2t..2t+1]   c2c3 = C[g+8][2t..]
//   nvgpu's vector<2x2xf32> accumulator row h holds c(2h), c(2h+1).
// ldmatrix.x4 gives lane l, from matrix i, the pair at row l/4, columns
// 2(l%4).. of the 8x8 matrix whose 8 row addresses lanes 8i..8i+7 supply.
//   A: lane l points at As[row0 + l%16][k0 + (l/16)*8]: matrices are
//      (rows 0-7,k 0-7) (rows 8-15,k 0-7) (rows 0-7,k 8-15) (rows 8-15,k 8-15)
//      = a0a1, a2a3, a4a5, a6a7.
//   B: Bs is K x N (N contiguous), so ldmatrix.trans: lane l points at
//      Bs[k0 + l%16][n0 + (l/16)*8]; matrices (k 0-7, n 0-7) (k 8-15, n 0-7)
//      (k 0-7, n 8-15) (k 8-15, n 8-15) transposed = b0b1, b2b3 of the
//      n-fragment n0 and b0b1, b2b3 of n0+8.
// tf32 (f32 inputs, m16n8k8): A is loaded with ldmatrix.x4 on 32-bit
//   elements (an 8x8 b16 matrix = 8 rows x 4 f32): lane l points at
//   As[row0 + l%16][k0 + (l/16)*4] giving a0 = A[g][t], a1 = A[g+8][t],
//   a2 = A[g][t+4], a3 = A[g+8][t+4]. B has no transposing 32-bit ldmatrix:
//   b0 = Bs[k0+t][n0+g], b1 = Bs[k0+t+4][n0+g] by two ld.shared.
//   mma.sync tf32 reads the upper 19 bits of each f32 (truncation).
//
// Bank conflicts are avoided by padding rows, not swizzling: ldmatrix reads
// 8 rows x 16 bytes, conflict-free when the row pitch is an odd number of
// 16-byte chunks; the tf32 B loads (lanes read (k=t, n=g)) are conflict-free
// when the pitch in words is an odd multiple of 8.
//
//===----------------------------------------------------------------------===//
#include "NVVMEmit.h"

#include <string.h>

typedef struct Sm80 {
  const TesseraMatmulKernelConfig *cfg;
  NVGen *g;
  bool tf32, bf16;
  int64_t TM, TN, TK, S, T, WM, WN, MI, NI, EPC, LDA, LDB;
  const char *et;
  char tA[64], tB[64], sA[160], sB[160];
  // values
  int tid, lane, M, N, K, bz, rowBase, colBase, wmOff, wnOff, As, Bs;
  int aRowL, aColL, bRowL, bColL, zeroAcc, zeroElt;
} Sm80;

static const char *bpre(const Sm80 *k, char *buf, size_t cap) {
  buf[0] = 0;
  if (k->cfg->batched)
    snprintf(buf, cap, "%%v%d, ", k->bz);
  return buf;
}

/// Copies a rows x cols tile of `src` (global) starting at (r0, c0), bounded
/// by (rLim, cLim), into smem `dst[stage]`. Returns the number of cp.async
/// tokens written to `tok` (0 in the synchronous path).
static int loadTile(Sm80 *k, bool async, const char *src, const char *srcTy,
                    int dst, const char *dstTy, int stage, int64_t rows,
                    int64_t cols, int r0, int c0, int rLim, int cLim,
                    int *tok) {
  NVGen *g = k->g;
  char bp[32];
  bpre(k, bp, sizeof bp);
  int64_t cpr = cols / k->EPC, iters = rows * cpr / k->T;
  int n = 0;
  int cCpr = nvIdx(g, cpr), cEpc = nvIdx(g, k->EPC), c0i = nvIdx(g, 0);
  for (int64_t i = 0; i < iters; ++i) {
    int c = nvAddC(g, k->tid, i * k->T);
    int r = nvBin(g, "divui", c, cCpr, "index");
    int cc = nvMulI(g, nvBin(g, "remui", c, cCpr, "index"), cEpc);
    int gr = nvAddI(g, r0, r), gc = nvAddI(g, c0, cc);
    if (async) {
      // elements to read: clamp(cLim - gc, 0, EPC) if the row is in range.
      int inRow = nvCmpI(g, "slt", gr, rLim);
      int rem = nvBin(g, "subi", cLim, gc, "index");
      rem = nvBin(g, "maxsi", rem, c0i, "index");
      rem = nvBin(g, "minsi", rem, cEpc, "index");
      rem = nvSelect(g, inRow, rem, c0i, "index");
      int ok = nvCmpI(g, "sgt", rem, c0i);
      // Out-of-range chunks read nothing; point them at [0, 0] anyway.
      int sr = nvSelect(g, ok, gr, c0i, "index");
      int sc = nvSelect(g, ok, gc, c0i, "index");
      tok[n++] = nvDef(g,
                       "nvgpu.device_async_copy %%%s[%s%%v%d, %%v%d], "
                       "%%v%d[%%v%d, %%v%d, %%v%d], %lld, %%v%d {bypassL1} : "
                       "%s to %s",
                       src, bp, sr, sc, dst, stage, r, cc, (long long)k->EPC,
                       rem, srcTy, dstTy);
    } else {
      int inRow = nvCmpI(g, "slt", gr, rLim);
      int el[8];
      for (int64_t e = 0; e < k->EPC; ++e) {
        int ce = nvAddC(g, gc, e);
        int inb = nvBin(g, "andi", inRow, nvCmpI(g, "slt", ce, cLim), "i1");
        int sr = nvSelect(g, inb, gr, c0i, "index");
        int sc = nvSelect(g, inb, ce, c0i, "index");
        int x = nvDef(g, "memref.load %%%s[%s%%v%d, %%v%d] : %s", src, bp, sr,
                      sc, srcTy);
        el[e] = nvSelect(g, inb, x, k->zeroElt, k->et);
      }
      char list[256] = "";
      for (int64_t e = 0; e < k->EPC; ++e) {
        char one[24];
        snprintf(one, sizeof one, "%s%%v%d", e ? ", " : "", el[e]);
        strcat(list, one);
      }
      int vec = nvDef(g, "vector.from_elements %s : vector<%lldx%s>", list,
                      (long long)k->EPC, k->et);
      nvStmt(g, "vector.store %%v%d, %%v%d[%%v%d, %%v%d, %%v%d] : %s, "
                "vector<%lldx%s>",
             vec, dst, stage, r, cc, dstTy, (long long)k->EPC, k->et);
    }
  }
  return n;
}

/// Loads the A and B tiles of K step `kt` into `stage`; returns the tokens.
static int loadStage(Sm80 *k, bool async, int stage, int kt, int *tok) {
  NVGen *g = k->g;
  int k0 = nvMulC(g, kt, k->TK);
  int n = loadTile(k, async, "A", k->tA, k->As, k->sA, stage, k->TM, k->TK,
                   k->rowBase, k0, k->M, k->K, tok);
  n += loadTile(k, async, "B", k->tB, k->Bs, k->sB, stage, k->TK, k->TN, k0,
                k->colBase, k->K, k->N, tok + n);
  return n;
}

static int createGroup(Sm80 *k, const int *tok, int n) {
  char list[4096] = "";
  for (int i = 0; i < n; ++i) {
    char one[24];
    snprintf(one, sizeof one, "%s%%v%d", i ? ", " : "", tok[i]);
    strcat(list, one);
  }
  return nvDef(k->g, "nvgpu.device_async_create_group %s", list);
}

/// bf16 has no nvgpu.mma.sync lowering in MLIR 22 ("failed to deduce
/// operand PTX types"): go through nvvm.mma.sync with packed i32 operands.
static int mmaBf16(Sm80 *k, int a, int b, int c) {
  NVGen *g = k->g;
  int ai = nvDef(g, "vector.bitcast %%v%d : vector<4x2xbf16> to vector<4x1xi32>", a);
  int bi = nvDef(g, "vector.bitcast %%v%d : vector<2x2xbf16> to vector<2x1xi32>", b);
  int av[4], bv[2], cv[4];
  for (int i = 0; i < 4; ++i)
    av[i] = nvDef(g, "vector.extract %%v%d[%d, 0] : i32 from vector<4x1xi32>", ai, i);
  for (int i = 0; i < 2; ++i)
    bv[i] = nvDef(g, "vector.extract %%v%d[%d, 0] : i32 from vector<2x1xi32>", bi, i);
  for (int i = 0; i < 4; ++i)
    cv[i] = nvDef(g, "vector.extract %%v%d[%d, %d] : f32 from vector<2x2xf32>", c, i / 2, i % 2);
  int r = nvDef(g,
                "nvvm.mma.sync A[%%v%d, %%v%d, %%v%d, %%v%d] B[%%v%d, %%v%d] "
                "C[%%v%d, %%v%d, %%v%d, %%v%d] {layoutA = #nvvm.mma_layout<row>, "
                "layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = "
                "#nvvm.mma_type<bf16>, multiplicandBPtxType = "
                "#nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = "
                "16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>",
                av[0], av[1], av[2], av[3], bv[0], bv[1], cv[0], cv[1], cv[2],
                cv[3]);
  int rv[4];
  for (int i = 0; i < 4; ++i)
    rv[i] = nvDef(g, "llvm.extractvalue %%v%d[%d] : !llvm.struct<(f32, f32, f32, f32)>", r, i);
  return nvDef(g, "vector.from_elements %%v%d, %%v%d, %%v%d, %%v%d : vector<2x2xf32>",
               rv[0], rv[1], rv[2], rv[3]);
}

/// One K tile of MMAs on smem `stage`; updates acc[MI*NI] in place.
static void compute(Sm80 *k, int stage, int *acc) {
  NVGen *g = k->g;
  int a[16], b[32];
  if (!k->tf32) {
    for (int64_t kk = 0; kk < k->TK / 16; ++kk) {
      for (int64_t mi = 0; mi < k->MI; ++mi) {
        int row = nvAddC(g, k->aRowL, mi * 16);
        int col = nvAddC(g, k->aColL, kk * 16);
        a[mi] = nvDef(g,
                      "nvgpu.ldmatrix %%v%d[%%v%d, %%v%d, %%v%d] {numTiles = 4 "
                      ": i32, transpose = false} : %s -> vector<4x2x%s>",
                      k->As, stage, row, col, k->sA, k->et);
      }
      for (int64_t ni = 0; ni < k->NI; ni += 2) {
        int row = nvAddC(g, k->bRowL, kk * 16);
        int col = nvAddC(g, k->bColL, ni * 8);
        if (ni + 1 < k->NI) {
          int x = nvDef(g,
                        "nvgpu.ldmatrix %%v%d[%%v%d, %%v%d, %%v%d] {numTiles = "
                        "4 : i32, transpose = true} : %s -> vector<4x2x%s>",
                        k->Bs, stage, row, col, k->sB, k->et);
          for (int h = 0; h < 2; ++h)
            b[ni + h] = nvDef(g,
                              "vector.extract_strided_slice %%v%d {offsets = "
                              "[%d, 0], sizes = [2, 2], strides = [1, 1]} : "
                              "vector<4x2x%s> to vector<2x2x%s>",
                              x, 2 * h, k->et, k->et);
        } else {
          b[ni] = nvDef(g,
                        "nvgpu.ldmatrix %%v%d[%%v%d, %%v%d, %%v%d] {numTiles = "
                        "2 : i32, transpose = true} : %s -> vector<2x2x%s>",
                        k->Bs, stage, row, col, k->sB, k->et);
        }
      }
      for (int64_t mi = 0; mi < k->MI; ++mi)
        for (int64_t ni = 0; ni < k->NI; ++ni) {
          int *c = &acc[mi * k->NI + ni];
          if (k->bf16)
            *c = mmaBf16(k, a[mi], b[ni], *c);
          else
            *c = nvDef(g,
                       "nvgpu.mma.sync (%%v%d, %%v%d, %%v%d) {mmaShape = [16, "
                       "8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, "
                       "vector<2x2xf32>) -> vector<2x2xf32>",
                       a[mi], b[ni], *c);
        }
    }
    return;
  }
  for (int64_t kk = 0; kk < k->TK / 8; ++kk) {
    for (int64_t mi = 0; mi < k->MI; ++mi) {
      int row = nvAddC(g, k->aRowL, mi * 16);
      int col = nvAddC(g, k->aColL, kk * 8);
      a[mi] = nvDef(g,
                    "nvgpu.ldmatrix %%v%d[%%v%d, %%v%d, %%v%d] {numTiles = 4 : "
                    "i32, transpose = false} : %s -> vector<4x1xf32>",
                    k->As, stage, row, col, k->sA);
    }
    for (int64_t ni = 0; ni < k->NI; ++ni) {
      int krow = nvAddC(g, k->bRowL, kk * 8);
      int krow4 = nvAddC(g, krow, 4);
      int col = nvAddC(g, k->bColL, ni * 8);
      int b0 = nvDef(g, "memref.load %%v%d[%%v%d, %%v%d, %%v%d] : %s", k->Bs,
                     stage, krow, col, k->sB);
      int b1 = nvDef(g, "memref.load %%v%d[%%v%d, %%v%d, %%v%d] : %s", k->Bs,
                     stage, krow4, col, k->sB);
      b[ni] = nvDef(g, "vector.from_elements %%v%d, %%v%d : vector<2x1xf32>",
                    b0, b1);
    }
    for (int64_t mi = 0; mi < k->MI; ++mi)
      for (int64_t ni = 0; ni < k->NI; ++ni) {
        int *c = &acc[mi * k->NI + ni];
        *c = nvDef(g,
                   "nvgpu.mma.sync (%%v%d, %%v%d, %%v%d) {mmaShape = [16, 8, "
                   "8], tf32Enabled} : (vector<4x1xf32>, vector<2x1xf32>, "
                   "vector<2x2xf32>) -> vector<2x2xf32>",
                   a[mi], b[ni], *c);
      }
  }
}

static void printList(NVGen *g, const int *v, int n, const char *sep) {
  for (int i = 0; i < n; ++i)
    tesseraStrBufPrintf(g->o, "%s%%v%d", i ? sep : "", v[i]);
}

static void printTypes(NVGen *g, int n) {
  for (int i = 0; i < n; ++i)
    tesseraStrBufPrintf(g->o, "%svector<2x2xf32>", i ? ", " : "");
}

/// Emits `%r... = scf.for %kt = lb to nk step 1 iter_args(acc) {` and
/// returns the iteration variable; `acc` is renamed to the region args and
/// `res` receives the loop results.
static int beginKLoop(Sm80 *k, int lb, int nk, int *acc, int *res, int n) {
  NVGen *g = k->g;
  int one = nvIdx(g, 1);
  int iv = g->next++;
  int args[512];
  for (int i = 0; i < n; ++i) {
    res[i] = g->next++;
    args[i] = g->next++;
  }
  nvIndent(g);
  printList(g, res, n, ", ");
  tesseraStrBufPrintf(g->o, " = scf.for %%v%d = %%v%d to %%v%d step %%v%d iter_args(",
                      iv, lb, nk, one);
  for (int i = 0; i < n; ++i)
    tesseraStrBufPrintf(g->o, "%s%%v%d = %%v%d", i ? ", " : "", args[i], acc[i]);
  tesseraStrBufPrintf(g->o, ") -> (");
  printTypes(g, n);
  tesseraStrBufPrintf(g->o, ") {\n");
  g->indent += 2;
  for (int i = 0; i < n; ++i)
    acc[i] = args[i];
  return iv;
}

static void endRegionYield(NVGen *g, const int *acc, int n) {
  nvIndent(g);
  tesseraStrBufPrintf(g->o, "scf.yield ");
  printList(g, acc, n, ", ");
  tesseraStrBufPrintf(g->o, " : ");
  printTypes(g, n);
  tesseraStrBufPrintf(g->o, "\n");
  g->indent -= 2;
}

/// The cp.async software pipeline; returns the accumulators in `acc`.
static void mainLoopAsync(Sm80 *k, int nk, int *acc) {
  NVGen *g = k->g;
  int n = (int)(k->MI * k->NI);
  int tok[512];
  int last = -1;
  if (k->S == 1) {
    int res[512];
    int kt = beginKLoop(k, nvIdx(g, 0), nk, acc, res, n);
    int st = nvIdx(g, 0);
    nvStmt(g, "gpu.barrier");
    int nt = loadStage(k, true, st, kt, tok);
    int grp = createGroup(k, tok, nt);
    nvStmt(g, "nvgpu.device_async_wait %%v%d {numGroups = 0 : i32}", grp);
    nvStmt(g, "gpu.barrier");
    compute(k, st, acc);
    endRegionYield(g, acc, n);
    nvStmt(g, "}");
    memcpy(acc, res, sizeof(int) * (size_t)n);
    return;
  }
  for (int64_t s = 0; s < k->S - 1; ++s) {
    int st = nvIdx(g, s);
    int nt = loadStage(k, true, st, st, tok);
    last = createGroup(k, tok, nt);
  }
  int res[512];
  int kt = beginKLoop(k, nvIdx(g, 0), nk, acc, res, n);
  nvStmt(g, "nvgpu.device_async_wait %%v%d {numGroups = %lld : i32}", last,
         (long long)(k->S - 2));
  nvStmt(g, "gpu.barrier");
  int cS = nvIdx(g, k->S);
  int next = nvAddC(g, kt, k->S - 1);
  int stW = nvBin(g, "remui", next, cS, "index");
  int nt = loadStage(k, true, stW, next, tok);
  createGroup(k, tok, nt);
  int stR = nvBin(g, "remui", kt, cS, "index");
  compute(k, stR, acc);
  endRegionYield(g, acc, n);
  nvStmt(g, "}");
  memcpy(acc, res, sizeof(int) * (size_t)n);
  // Drain the (empty, zero-filling) groups issued for tiles past the end.
  nvStmt(g, "nvgpu.device_async_wait %%v%d {numGroups = 0 : i32}", last);
}

/// Unaligned operands: synchronous masked loads through one stage.
static void mainLoopSync(Sm80 *k, int nk, int *acc) {
  NVGen *g = k->g;
  int n = (int)(k->MI * k->NI);
  int res[512];
  int kt = beginKLoop(k, nvIdx(g, 0), nk, acc, res, n);
  int st = nvIdx(g, 0);
  nvStmt(g, "gpu.barrier");
  loadStage(k, false, st, kt, NULL);
  nvStmt(g, "gpu.barrier");
  compute(k, st, acc);
  endRegionYield(g, acc, n);
  nvStmt(g, "}");
  memcpy(acc, res, sizeof(int) * (size_t)n);
}

/// Picks WM x WN = warps with warp tiles that are multiples of the 16 x 8
/// mma.sync output, closest to square.
static bool pickWarpGrid(Sm80 *k) {
  return tesseraPickWarpGrid(k->T / 32, k->TM, k->TN, 16, 8, &k->WM, &k->WN);
}

bool nvGenMatmulSm80(const TesseraMatmulKernelConfig *cfg, TesseraStrBuf *out,
                     TesseraLaunchInfo *launch, char *err, size_t cap) {
  NVGen gen = {out, 0, 0};
  NVGen *g = &gen;
  Sm80 K = {0};
  Sm80 *k = &K;
  k->cfg = cfg;
  k->g = g;
  k->tf32 = cfg->a == TESSERA_F32;
  k->bf16 = cfg->a == TESSERA_BF16;
  k->et = nvElt(cfg->a);
  k->TM = cfg->tileM;
  k->TN = cfg->tileN;
  k->TK = cfg->tileK;
  k->S = cfg->stages;
  const TesseraLaunchInfo *commit = cfg->commit;
  int64_t warps = commit ? commit->warpGrid[0] * commit->warpGrid[1]
                         : cfg->warps;
  k->T = warps * 32;
  int64_t es = nvEltBytes(cfg->a);
  k->EPC = 16 / es;
  int64_t mmaK = k->tf32 ? 8 : 16;
  if (warps < 1 || k->T > 1024) {
    snprintf(err, cap, "sm_80 matmul: warps must be in [1, 32] (got %lld)",
             (long long)warps);
    return false;
  }
  if (commit && commit->blockThreads != k->T) {
    snprintf(err, cap,
             "sm_80 matmul: block of %lld threads does not match the mma "
             "warps %lldx%lld (%lld threads)",
             (long long)commit->blockThreads, (long long)commit->warpGrid[0],
             (long long)commit->warpGrid[1], (long long)k->T);
    return false;
  }
  if (commit && (commit->mmaShape[0] != 16 || commit->mmaShape[1] != 8 ||
                 commit->mmaShape[2] != mmaK)) {
    snprintf(err, cap,
             "sm_80 matmul: mma shape %lldx%lldx%lld is not implemented for "
             "%s inputs (the mma.sync lowering issues m16n8k%lld)",
             (long long)commit->mmaShape[0], (long long)commit->mmaShape[1],
             (long long)commit->mmaShape[2], k->tf32 ? "tf32" : k->et,
             (long long)mmaK);
    return false;
  }
  if (k->TK % mmaK) {
    snprintf(err, cap,
             "sm_80 matmul: tile-k %lld is not a multiple of the mma k (%lld "
             "for %s)",
             (long long)k->TK, (long long)mmaK, k->et);
    return false;
  }
  if (commit) {
    k->WM = commit->warpGrid[0];
    k->WN = commit->warpGrid[1];
    if (k->TM % (k->WM * 16) || k->TN % (k->WN * 8)) {
      snprintf(err, cap,
               "sm_80 matmul: warps %lldx%lld do not split the %lldx%lld "
               "block tile into warp tiles that are multiples of 16x8",
               (long long)k->WM, (long long)k->WN, (long long)k->TM,
               (long long)k->TN);
      return false;
    }
  } else if (!pickWarpGrid(k)) {
    snprintf(err, cap,
             "sm_80 matmul: no split of %lld warps gives warp tiles that are "
             "multiples of the mma shape 16x8 for a %lldx%lld block tile",
             (long long)cfg->warps, (long long)k->TM, (long long)k->TN);
    return false;
  }
  k->MI = k->TM / k->WM / 16;
  k->NI = k->TN / k->WN / 8;
  if (k->MI > 16 || k->NI > 32 || k->MI * k->NI * 4 > 192) {
    snprintf(err, cap,
             "sm_80 matmul: a %lldx%lld warp tile needs %lld accumulator "
             "registers per thread (at most 192 fit without spilling); use "
             "more warps or smaller tiles",
             (long long)(k->TM / k->WM), (long long)(k->TN / k->WN),
             (long long)(k->MI * k->NI * 4));
    return false;
  }
  if ((k->TM * k->TK / k->EPC) % k->T || (k->TK * k->TN / k->EPC) % k->T) {
    snprintf(err, cap,
             "sm_80 matmul: the %lldx%lld A tile and %lldx%lld B tile must "
             "split into 16-byte chunks evenly over %lld threads",
             (long long)k->TM, (long long)k->TK, (long long)k->TK,
             (long long)k->TN, (long long)k->T);
    return false;
  }
  k->LDA = k->TK + ((k->TK / k->EPC) % 2 == 0 ? k->EPC : 0);
  if (k->tf32)
    k->LDB = k->TN + ((k->TN / 8) % 2 == 0 ? 8 : 0);
  else
    k->LDB = k->TN + ((k->TN / k->EPC) % 2 == 0 ? k->EPC : 0);
  int64_t aBytes = k->S * k->TM * k->LDA * es;
  int64_t bOff = (aBytes + 127) / 128 * 128;
  int64_t smem = bOff + k->S * k->TK * k->LDB * es;
  int64_t smemMax = ttChipMaxShared(cfg->chip);
  if (smem > smemMax) {
    snprintf(err, cap,
             "sm_80 matmul: %lld bytes of shared memory for %lld stages "
             "exceed the %lld available on %s",
             (long long)smem, (long long)k->S, (long long)smemMax, cfg->chip);
    return false;
  }
  if (commit && commit->sharedBytes < smem) {
    snprintf(err, cap,
             "sm_80 matmul: the kernel needs %lld bytes of shared memory for "
             "%lld stages of %lldx%lldx%lld tiles; shared_memory is %lld",
             (long long)smem, (long long)k->S, (long long)k->TM,
             (long long)k->TN, (long long)k->TK,
             (long long)commit->sharedBytes);
    return false;
  }
  *launch = (TesseraLaunchInfo){
      .blockThreads = k->T,
      .sharedBytes = commit ? commit->sharedBytes : smem,
      .tileM = k->TM,
      .tileN = k->TN,
      .mmaShape = {16, 8, mmaK},
      .warpGrid = {k->WM, k->WN},
  };
  if (!out)
    return true; // planning only
  nvMatrixType(k->tA, sizeof k->tA, cfg->batched, cfg->a);
  nvMatrixType(k->tB, sizeof k->tB, cfg->batched, cfg->b);
  snprintf(k->sA, sizeof k->sA, "memref<%lldx%lldx%lldx%s, " NV_SMEM ">",
           (long long)k->S, (long long)k->TM, (long long)k->LDA, k->et);
  snprintf(k->sB, sizeof k->sB, "memref<%lldx%lldx%lldx%s, " NV_SMEM ">",
           (long long)k->S, (long long)k->TK, (long long)k->LDB, k->et);

  tesseraStrBufPrintf(out, "gpu.module @%s_module {\n", cfg->name);
  tesseraStrBufPrintf(out, "  gpu.func @%s(", cfg->name);
  nvEmitMatmulArgs(g, cfg);
  tesseraStrBufPrintf(out,
                      ") kernel attributes {known_block_size = array<i32: "
                      "%lld, 1, 1>} {\n",
                      (long long)k->T);
  g->indent = 4;
  int d0 = cfg->batched ? 1 : 0;
  k->tid = nvDef(g, "gpu.thread_id x");
  int c32 = nvIdx(g, 32);
  k->lane = nvBin(g, "remui", k->tid, c32, "index");
  int warp = nvBin(g, "divui", k->tid, c32, "index");
  k->M = nvDef(g, "memref.dim %%A, %%v%d : %s", nvIdx(g, d0), k->tA);
  k->K = nvDef(g, "memref.dim %%A, %%v%d : %s", nvIdx(g, d0 + 1), k->tA);
  k->N = nvDef(g, "memref.dim %%B, %%v%d : %s", nvIdx(g, d0 + 1), k->tB);
  k->bz = cfg->batched ? nvDef(g, "gpu.block_id z") : -1;
  k->colBase = nvMulC(g, nvDef(g, "gpu.block_id x"), k->TN);
  k->rowBase = nvMulC(g, nvDef(g, "gpu.block_id y"), k->TM);
  int cWN = nvIdx(g, k->WN);
  k->wmOff = nvMulC(g, nvBin(g, "divui", warp, cWN, "index"), k->TM / k->WM);
  k->wnOff = nvMulC(g, nvBin(g, "remui", warp, cWN, "index"), k->TN / k->WN);
  int c16 = nvIdx(g, 16), c4 = nvIdx(g, 4);
  int l16 = nvBin(g, "remui", k->lane, c16, "index");
  int lh = nvBin(g, "divui", k->lane, c16, "index");
  k->aRowL = nvAddI(g, k->wmOff, l16);
  k->aColL = nvMulC(g, lh, k->tf32 ? 4 : 8);
  if (k->tf32) {
    k->bRowL = nvBin(g, "remui", k->lane, c4, "index");                     // t
    k->bColL = nvAddI(g, k->wnOff, nvBin(g, "divui", k->lane, c4, "index")); // g
  } else {
    k->bRowL = l16;
    k->bColL = nvAddI(g, k->wnOff, nvMulC(g, lh, 8));
  }
  int smemRaw = nvDef(g, "gpu.dynamic_shared_memory : memref<?xi8, " NV_SMEM ">");
  k->As = nvDef(g, "memref.view %%v%d[%%v%d][] : memref<?xi8, " NV_SMEM "> to %s",
                smemRaw, nvIdx(g, 0), k->sA);
  k->Bs = nvDef(g, "memref.view %%v%d[%%v%d][] : memref<?xi8, " NV_SMEM "> to %s",
                smemRaw, nvIdx(g, bOff), k->sB);
  k->zeroElt = nvDef(g, "arith.constant 0.0 : %s", k->et);
  k->zeroAcc = nvDef(g, "arith.constant dense<0.0> : vector<2x2xf32>");
  int nk = nvBin(g, "ceildivui", k->K, nvIdx(g, k->TK), "index");

  // Fast-path predicate: 16-byte aligned rows and base pointers.
  int cE = nvIdx(g, k->EPC), c0 = nvIdx(g, 0);
  int fast = nvCmpI(g, "eq", nvBin(g, "remui", k->K, cE, "index"), c0);
  fast = nvBin(g, "andi", fast,
               nvCmpI(g, "eq", nvBin(g, "remui", k->N, cE, "index"), c0), "i1");
  const char *ops[2] = {"A", "B"};
  const char *tys[2] = {k->tA, k->tB};
  for (int i = 0; i < 2; ++i) {
    int p = nvDef(g, "memref.extract_aligned_pointer_as_index %%%s : %s -> index",
                  ops[i], tys[i]);
    int al = nvCmpI(g, "eq", nvBin(g, "remui", p, nvIdx(g, 16), "index"), c0);
    fast = nvBin(g, "andi", fast, al, "i1");
  }

  int n = (int)(k->MI * k->NI);
  int acc[512], res[512];
  for (int i = 0; i < n; ++i) {
    acc[i] = k->zeroAcc;
    res[i] = g->next++;
  }
  nvIndent(g);
  printList(g, res, n, ", ");
  tesseraStrBufPrintf(out, " = scf.if %%v%d -> (", fast);
  printTypes(g, n);
  tesseraStrBufPrintf(out, ") {\n");
  g->indent += 2;
  mainLoopAsync(k, nk, acc);
  endRegionYield(g, acc, n);
  nvStmt(g, "} else {");
  g->indent += 2;
  for (int i = 0; i < n; ++i)
    acc[i] = k->zeroAcc;
  mainLoopSync(k, nk, acc);
  endRegionYield(g, acc, n);
  nvStmt(g, "}");

  // Epilogue straight from the fragments: lane (g, t) owns C[g (+8)][2t, 2t+1]
  // of each 16x8 fragment.
  int grp = nvBin(g, "divui", k->lane, c4, "index");
  int thr = nvMulC(g, nvBin(g, "remui", k->lane, c4, "index"), 2);
  int rowE = nvAddI(g, nvAddI(g, k->rowBase, k->wmOff), grp);
  int colE = nvAddI(g, nvAddI(g, k->colBase, k->wnOff), thr);
  for (int64_t mi = 0; mi < k->MI; ++mi)
    for (int64_t h = 0; h < 2; ++h) {
      int row = nvAddC(g, rowE, mi * 16 + h * 8);
      int rowOk = nvCmpI(g, "slt", row, k->M);
      for (int64_t ni = 0; ni < k->NI; ++ni)
        for (int64_t e = 0; e < 2; ++e) {
          int col = nvAddC(g, colE, ni * 8 + e);
          int inb = nvBin(g, "andi", rowOk, nvCmpI(g, "slt", col, k->N), "i1");
          int v = nvDef(g, "vector.extract %%v%d[%lld, %lld] : f32 from vector<2x2xf32>",
                        res[mi * k->NI + ni], (long long)h, (long long)e);
          nvEmitEpilogueStore(g, cfg, v, k->bz, row, col, inb);
        }
    }
  nvStmt(g, "gpu.return");
  tesseraStrBufPrintf(out, "  }\n}\n");

  return true;
}
