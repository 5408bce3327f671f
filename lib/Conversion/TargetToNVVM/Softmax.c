//===- Softmax.c - Row-wise softmax for NVIDIA GPUs -----------------------===//
//
// Y[r, :] = exp(X[r, :] - max) / sum(exp(X[r, :] - max)), f32 arithmetic.
// One block per `rowsPerBlock` consecutive rows (block index = linear block
// id, so a (ceil(R/rowsPerBlock), 1, 1) or (1, ceil(R/rowsPerBlock), 1)
// grid both work), `threads` threads per row:
//   pass 1: each thread walks columns tid, tid+T, ... keeping an online
//           (max m, sum s of exp(x - m)) pair; the pairs are combined by
//           xor shuffles inside each warp, then across warps through 2x32
//           floats of shared memory (every thread reads all warp partials).
//   pass 2: Y = exp(x - m) * (1 / s).
// Any row length (loops are strided, no tile assumption). A row of all
// -inf gives NaN, as the float64 reference does; the -inf - -inf case of
// the rescaling itself is guarded so that a thread with no columns (row
// shorter than the block) contributes (−inf, 0) exactly.
//
//===----------------------------------------------------------------------===//
#include "NVVMEmit.h"

#include <string.h>

/// Rescale factor exp(a - m) that is 0 (not NaN) when a = m = -inf.
static int safeExpDiff(NVGen *g, int a, int m, int ninf, int zero) {
  int isInf = nvDef(g, "arith.cmpf oeq, %%v%d, %%v%d : f32", m, ninf);
  int ms = nvSelect(g, isInf, zero, m, "f32");
  int d = nvBin(g, "subf", a, ms, "f32");
  return nvDef(g, "math.exp %%v%d : f32", d);
}

/// (m1, s1) + (m2, s2) -> (max, s1 e^(m1-max) + s2 e^(m2-max)).
static void combine(NVGen *g, int m1, int s1, int m2, int s2, int ninf,
                    int zero, int *mo, int *so) {
  int m = nvBin(g, "maximumf", m1, m2, "f32");
  int f1 = safeExpDiff(g, m1, m, ninf, zero);
  int f2 = safeExpDiff(g, m2, m, ninf, zero);
  int a = nvBin(g, "mulf", s1, f1, "f32");
  int b = nvBin(g, "mulf", s2, f2, "f32");
  *mo = m;
  *so = nvBin(g, "addf", a, b, "f32");
}

bool tesseraGenNVVMSoftmax(const TesseraSoftmaxKernelConfig *cfg,
                           TesseraStrBuf *out, TesseraLaunchInfo *launch,
                           char *err, size_t cap) {
  if (strcmp(cfg->chip, "sm_80") && strcmp(cfg->chip, "sm_90") &&
      strcmp(cfg->chip, "sm_90a")) {
    snprintf(err, cap, "unsupported NVIDIA chip '%s' (sm_80, sm_90, sm_90a)",
             cfg->chip);
    return false;
  }
  if (!cfg->name || !*cfg->name) {
    snprintf(err, cap, "kernel name is empty");
    return false;
  }
  int64_t T = cfg->commit ? cfg->commit->blockThreads : cfg->threads,
          rpb = cfg->rowsPerBlock;
  if (T < 32 || T > 1024 || T % 32) {
    snprintf(err, cap,
             "softmax: threads must be a multiple of 32 in [32, 1024] (got "
             "%lld)",
             (long long)T);
    return false;
  }
  if (rpb < 1) {
    snprintf(err, cap, "softmax: rows-per-block must be >= 1 (got %lld)",
             (long long)rpb);
    return false;
  }
  // 256 bytes of static shared memory, no dynamic.
  *launch = (TesseraLaunchInfo){.blockThreads = T,
                                .sharedBytes = cfg->commit
                                                   ? cfg->commit->sharedBytes
                                                   : 0,
                                .tileM = rpb, // ceil(rows / rpb) blocks
                                .tileN = 0};  // one block spans a row
  if (!out)
    return true; // planning only
  int64_t W = T / 32;
  const char *ti = nvElt(cfg->in), *to = nvElt(cfg->out);
  NVGen gen = {out, 0, 0};
  NVGen *g = &gen;
  tesseraStrBufPrintf(out, "gpu.module @%s_module {\n", cfg->name);
  tesseraStrBufPrintf(out,
                      "  gpu.func @%s(%%X: memref<?x?x%s>, %%Y: "
                      "memref<?x?x%s>) workgroup(%%red: memref<64xf32, " NV_SMEM
                      ">) kernel attributes {known_block_size = array<i32: "
                      "%lld, 1, 1>} {\n",
                      cfg->name, ti, to, (long long)T);
  g->indent = 4;
  int tid = nvDef(g, "gpu.thread_id x");
  int c32 = nvIdx(g, 32), c0 = nvIdx(g, 0), c1 = nvIdx(g, 1);
  int lane = nvBin(g, "remui", tid, c32, "index");
  int warp = nvBin(g, "divui", tid, c32, "index");
  int bx = nvDef(g, "gpu.block_id x");
  int by = nvDef(g, "gpu.block_id y");
  int gx = nvDef(g, "gpu.grid_dim x");
  int blk = nvAddI(g, bx, nvMulI(g, by, gx));
  int R = nvDef(g, "memref.dim %%X, %%v%d : memref<?x?x%s>", c0, ti);
  int N = nvDef(g, "memref.dim %%X, %%v%d : memref<?x?x%s>", c1, ti);
  int rowBase = nvMulC(g, blk, rpb);
  int cT = nvIdx(g, T);
  // -inf as MLIR's hex float spelling (printf would give "-inf").
  int ninf = nvDef(g, "arith.constant 0xFF800000 : f32");
  int zero = nvF32(g, 0.0), one = nvF32(g, 1.0);
  int w32 = nvI32(g, 32);
  int iv = g->next++;
  nvStmt(g, "scf.for %%v%d = %%v%d to %%v%d step %%v%d {", iv, c0,
         nvIdx(g, rpb), c1);
  g->indent += 2;
  int row = nvAddI(g, rowBase, iv);
  int inRow = nvCmpI(g, "slt", row, R);
  // `row` is uniform over the block: the barriers below are reached by all.
  nvStmt(g, "scf.if %%v%d {", inRow);
  g->indent += 2;
  int m0 = g->next++, s0 = g->next++, c = g->next++, mi = g->next++,
      si = g->next++;
  nvStmt(g,
         "%%v%d, %%v%d = scf.for %%v%d = %%v%d to %%v%d step %%v%d "
         "iter_args(%%v%d = %%v%d, %%v%d = %%v%d) -> (f32, f32) {",
         m0, s0, c, tid, N, cT, mi, ninf, si, zero);
  g->indent += 2;
  int x = nvToF32(g, nvDef(g, "memref.load %%X[%%v%d, %%v%d] : memref<?x?x%s>",
                           row, c, ti),
                  cfg->in);
  int mn = nvBin(g, "maximumf", mi, x, "f32");
  int f = safeExpDiff(g, mi, mn, ninf, zero);
  int e = safeExpDiff(g, x, mn, ninf, zero);
  int sn = nvBin(g, "addf", nvBin(g, "mulf", si, f, "f32"), e, "f32");
  nvStmt(g, "scf.yield %%v%d, %%v%d : f32, f32", mn, sn);
  g->indent -= 2;
  nvStmt(g, "}");
  int m = m0, s = s0;
  for (int off = 16; off >= 1; off /= 2) {
    int o = nvI32(g, off);
    int om = g->next++, omv = g->next++, os = g->next++, osv = g->next++;
    nvStmt(g, "%%v%d, %%v%d = gpu.shuffle xor %%v%d, %%v%d, %%v%d : f32", om,
           omv, m, o, w32);
    nvStmt(g, "%%v%d, %%v%d = gpu.shuffle xor %%v%d, %%v%d, %%v%d : f32", os,
           osv, s, o, w32);
    combine(g, m, s, om, os, ninf, zero, &m, &s);
  }
  if (W > 1) {
    int lead = nvCmpI(g, "eq", lane, c0);
    nvStmt(g, "scf.if %%v%d {", lead);
    g->indent += 2;
    nvStmt(g, "memref.store %%v%d, %%red[%%v%d] : memref<64xf32, " NV_SMEM ">",
           m, warp);
    nvStmt(g, "memref.store %%v%d, %%red[%%v%d] : memref<64xf32, " NV_SMEM ">",
           s, nvAddI(g, warp, c32));
    g->indent -= 2;
    nvStmt(g, "}");
    nvStmt(g, "gpu.barrier");
    int bm = -1, bs = -1;
    for (int64_t w = 0; w < W; ++w) {
      int wm = nvDef(g, "memref.load %%red[%%v%d] : memref<64xf32, " NV_SMEM ">",
                     nvIdx(g, w));
      int ws = nvDef(g, "memref.load %%red[%%v%d] : memref<64xf32, " NV_SMEM ">",
                     nvIdx(g, 32 + w));
      if (w == 0) {
        bm = wm;
        bs = ws;
      } else {
        combine(g, bm, bs, wm, ws, ninf, zero, &bm, &bs);
      }
    }
    m = bm;
    s = bs;
  }
  int inv = nvBin(g, "divf", one, s, "f32");
  int c2 = g->next++;
  nvStmt(g, "scf.for %%v%d = %%v%d to %%v%d step %%v%d {", c2, tid, N, cT);
  g->indent += 2;
  int x2 = nvToF32(g, nvDef(g, "memref.load %%X[%%v%d, %%v%d] : memref<?x?x%s>",
                            row, c2, ti),
                   cfg->in);
  int y = nvDef(g, "math.exp %%v%d : f32", nvBin(g, "subf", x2, m, "f32"));
  y = nvFromF32(g, nvBin(g, "mulf", y, inv, "f32"), cfg->out);
  nvStmt(g, "memref.store %%v%d, %%Y[%%v%d, %%v%d] : memref<?x?x%s>", y, row,
         c2, to);
  g->indent -= 2;
  nvStmt(g, "}");
  // The next row reuses %red.
  if (W > 1)
    nvStmt(g, "gpu.barrier");
  g->indent -= 2;
  nvStmt(g, "}");
  g->indent -= 2;
  nvStmt(g, "}");
  nvStmt(g, "gpu.return");
  tesseraStrBufPrintf(out, "  }\n}\n");
  return true;
}
