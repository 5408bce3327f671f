//===- MatmulSm90a.c - Hopper matmul: TMA + mbarriers + wgmma -------------===//
//
// One warpgroup (128 threads) per block computes a tileM x tileN tile of
// C[bz] with `nvgpu.warpgroup.mma` (-> wgmma.mma_async m64nNk16, f32
// accumulators in registers), fed by TMA (`nvgpu.tma.async.load` ->
// cp.async.bulk.tensor) into a `stages`-deep ring of 128B-swizzled shared
// tiles, one transaction mbarrier per stage. Structure after upstream's
// sm90 integration test gemm_pred_f32_f16_f16_128x128x128.mlir, made
// multi-stage and bounded:
//
//   thread 0: init S mbarriers (count 1); prefetch both tensor maps; barrier
//   thread 0: for s < S-1: expect_tx(bar[s], stage bytes); TMA A, B -> s
//   for kt in [0, ceil(K/64)):
//     try_wait.parity bar[kt%S], (kt/S)&1     -- tile kt landed
//     acc = wgmma(As[kt%S], Bs[kt%S], acc)    -- commit; wait_group 1
//     barrier                                 -- everyone's wgmma kt-1 done
//     thread 0, if kt+S-1 < nk: expect_tx + TMA tile kt+S-1 into stage
//                                 (kt+S-1)%S = (kt-1)%S
//   wgmma wait_group 0; barrier
//   acc -> shared (nvgpu.warpgroup.mma.store, f32, reusing the ring)
//   barrier; coalesced, bounds-checked epilogue loop shared -> C
//
// Bounds: TMA zero-fills every element of a box outside the tensor map's
// extent (oob=zero), and still credits the full box bytes to the mbarrier,
// so edge tiles of M, N, K need no code here; rows / columns past M / N
// are masked at the store.
//
// Tiles: tileK = 64 (f16/bf16: one 128-byte swizzle row); tileM a multiple
// of 64 (one wgmma m64 per 64 rows); tileN a multiple of 64 (B is loaded as
// tileN/64 boxes of 64 x 64, each 8 KiB, side by side - the layout wgmma's
// transposed-B 128B-swizzle descriptor expects).
//
// Extra kernel ABI (after the KernelGen.h memrefs): two tensor-map
// pointers, `!nvgpu.tensormap.descriptor` = a generic pointer (u64) to a
// 64-byte-aligned 128-byte CUtensorMap in device global memory, made by
// the runtime with cuTensorMapEncodeTiled:
//   descA: 2-D, dtype A, dims {K, batch*M}, strides {K*esize} bytes,
//          box {64, tileM}, element strides {1, 1}, INTERLEAVE_NONE,
//          SWIZZLE_128B, L2_PROMOTION_NONE, FLOAT_OOB_FILL_NONE (zeros).
//   descB: 2-D, dtype B, dims {N, batch*K}, strides {N*esize} bytes,
//          box {64, 64}, same flags.
// TMA needs 16-byte global strides: K and N multiples of 8 and 16-byte
// aligned bases; the runtime must fall back to the sm_80 kernel otherwise.
// Batched operands are viewed as [batch*rows, cols]: A's rows past M of one
// batch only feed C rows that are masked; B's rows past K of one batch are
// multiplied by A's zero-filled columns k >= K (a non-finite value there
// would still poison the sum: a documented limitation).
//
//===----------------------------------------------------------------------===//
#include "NVVMEmit.h"

#include <string.h>

bool nvGenMatmulSm90a(const TesseraMatmulKernelConfig *cfg,
                      TesseraStrBuf *out, TesseraLaunchInfo *launch,
                      char *err, size_t cap) {
  int64_t TM = cfg->tileM, TN = cfg->tileN, TK = cfg->tileK, S = cfg->stages;
  if (cfg->a == TESSERA_F32) {
    snprintf(err, cap,
             "sm_90a matmul: f32 inputs are not supported by the wgmma "
             "template (use chip sm_90: mma.sync tf32)");
    return false;
  }
  const TesseraLaunchInfo *commit = cfg->commit;
  if (!commit && cfg->warps != 4) {
    snprintf(err, cap,
             "sm_90a matmul: the wgmma template uses one warpgroup: warps "
             "must be 4 (got %lld)",
             (long long)cfg->warps);
    return false;
  }
  if (commit && (commit->warpGrid[0] != 1 || commit->warpGrid[1] != 1 ||
                 commit->blockThreads != 128)) {
    snprintf(err, cap,
             "sm_90a matmul: the wgmma lowering uses one warpgroup: warps "
             "must be [1, 1] and the block 128 threads (got warps [%lld, "
             "%lld], block %lld)",
             (long long)commit->warpGrid[0], (long long)commit->warpGrid[1],
             (long long)commit->blockThreads);
    return false;
  }
  if (commit && (commit->mmaShape[0] != 64 || commit->mmaShape[1] != TN ||
                 commit->mmaShape[2] != 16)) {
    snprintf(err, cap,
             "sm_90a matmul: mma shape %lldx%lldx%lld is not implemented "
             "(the wgmma lowering issues m64n%lldk16 for a %lld-column tile)",
             (long long)commit->mmaShape[0], (long long)commit->mmaShape[1],
             (long long)commit->mmaShape[2], (long long)TN, (long long)TN);
    return false;
  }
  if (TK != 64) {
    snprintf(err, cap,
             "sm_90a matmul: tile-k must be 64 (one 128-byte swizzled row of "
             "%s), got %lld",
             nvElt(cfg->a), (long long)TK);
    return false;
  }
  if (TM % 64 || TM > 256 || TN % 64 || TN > 256) {
    snprintf(err, cap,
             "sm_90a matmul: tile-m and tile-n must be multiples of 64 up to "
             "256 (wgmma m64, 64-column TMA boxes), got %lldx%lld",
             (long long)TM, (long long)TN);
    return false;
  }
  if (TM * TN / 128 > 128) {
    snprintf(err, cap,
             "sm_90a matmul: a %lldx%lld tile needs %lld accumulator "
             "registers per thread (at most 128)",
             (long long)TM, (long long)TN, (long long)(TM * TN / 128));
    return false;
  }
  if (S < 2) {
    snprintf(err, cap, "sm_90a matmul: stages must be >= 2 (got %lld)",
             (long long)S);
    return false;
  }
  const char *et = nvElt(cfg->a);
  int64_t aBytes = TM * TK * 2, bBytes = TK * TN * 2;
  int64_t stageBytes = aBytes + bBytes;
  int64_t ring = S * stageBytes, cBytes = TM * TN * 4;
  // +1024: the 128B swizzle needs 1024-byte aligned tiles; the base of
  // dynamic shared memory is only 16-byte aligned, so it is rounded up.
  int64_t smem = (ring > cBytes ? ring : cBytes) + 1024;
  if (smem > ttChipMaxShared("sm_90a")) {
    snprintf(err, cap,
             "sm_90a matmul: %lld bytes of shared memory for %lld stages "
             "exceed the %lld available",
             (long long)smem, (long long)S,
             (long long)ttChipMaxShared("sm_90a"));
    return false;
  }
  if (commit && commit->sharedBytes < smem) {
    snprintf(err, cap,
             "sm_90a matmul: the kernel needs %lld bytes of shared memory for "
             "%lld stages of %lldx%lldx%lld tiles; shared_memory is %lld",
             (long long)smem, (long long)S, (long long)TM, (long long)TN,
             (long long)TK, (long long)commit->sharedBytes);
    return false;
  }
  *launch = (TesseraLaunchInfo){
      .blockThreads = 128,
      .sharedBytes = commit ? commit->sharedBytes : smem,
      .tileM = TM,
      .tileN = TN,
      .mmaShape = {64, TN, 16},
      .warpGrid = {1, 1},
  };
  if (!out)
    return true; // planning only

  NVGen gen = {out, 0, 0};
  NVGen *g = &gen;
  char tA[64], tB[64];
  nvMatrixType(tA, sizeof tA, cfg->batched, cfg->a);
  nvMatrixType(tB, sizeof tB, cfg->batched, cfg->b);
  char mapA[256], mapB[256], barT[160], accT[160], dAT[160], dBT[160];
  snprintf(mapA, sizeof mapA,
           "!nvgpu.tensormap.descriptor<tensor = memref<%lldx64x%s, 3>, "
           "swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = "
           "none>",
           (long long)TM, et);
  snprintf(mapB, sizeof mapB,
           "!nvgpu.tensormap.descriptor<tensor = memref<64x64x%s, 3>, "
           "swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = "
           "none>",
           et);
  snprintf(barT, sizeof barT,
           "!nvgpu.mbarrier.group<memorySpace = " NV_SMEM
           ", num_barriers = %lld>",
           (long long)S);
  snprintf(accT, sizeof accT,
           "!nvgpu.warpgroup.accumulator<fragmented = vector<%lldx%lldxf32>>",
           (long long)TM, (long long)TN);
  snprintf(dAT, sizeof dAT,
           "!nvgpu.warpgroup.descriptor<tensor = memref<%lldx64x%s, 3>>",
           (long long)TM, et);
  snprintf(dBT, sizeof dBT,
           "!nvgpu.warpgroup.descriptor<tensor = memref<64x%lldx%s, 3>>",
           (long long)TN, et);

  tesseraStrBufPrintf(out, "gpu.module @%s_module {\n", cfg->name);
  tesseraStrBufPrintf(out, "  gpu.func @%s(", cfg->name);
  nvEmitMatmulArgs(g, cfg);
  // The tensor maps arrive as plain pointers: convert-gpu-to-nvvm cannot
  // convert a gpu.func signature holding nvgpu types (upstream's flow only
  // meets them after outlining, already lowered to !llvm.ptr).
  tesseraStrBufPrintf(out,
                      ", %%descAPtr: !llvm.ptr, %%descBPtr: !llvm.ptr) kernel "
                      "attributes {known_block_size = array<i32: 128, 1, "
                      "1>} {\n");
  g->indent = 4;
  nvStmt(g, "%%descA = builtin.unrealized_conversion_cast %%descAPtr : "
            "!llvm.ptr to %s",
         mapA);
  nvStmt(g, "%%descB = builtin.unrealized_conversion_cast %%descBPtr : "
            "!llvm.ptr to %s",
         mapB);
  int d0 = cfg->batched ? 1 : 0;
  int c0 = nvIdx(g, 0), c1 = nvIdx(g, 1);
  int tid = nvDef(g, "gpu.thread_id x");
  int M = nvDef(g, "memref.dim %%A, %%v%d : %s", nvIdx(g, d0), tA);
  int K = nvDef(g, "memref.dim %%A, %%v%d : %s", nvIdx(g, d0 + 1), tA);
  int N = nvDef(g, "memref.dim %%B, %%v%d : %s", nvIdx(g, d0 + 1), tB);
  int bz = cfg->batched ? nvDef(g, "gpu.block_id z") : -1;
  int colBase = nvMulC(g, nvDef(g, "gpu.block_id x"), TN);
  int rowBase = nvMulC(g, nvDef(g, "gpu.block_id y"), TM);
  // Tensor-map row coordinates of this batch's A rows and B rows.
  int aRow0 = rowBase, bRow0 = c0;
  if (cfg->batched) {
    aRow0 = nvAddI(g, nvMulI(g, bz, M), rowBase);
    bRow0 = nvMulI(g, bz, K);
  }
  int nk = nvBin(g, "ceildivui", K, nvIdx(g, TK), "index");
  int leader = nvCmpI(g, "eq", tid, c0);

  // Shared memory: round the dynamic base up to 1024 bytes.
  int raw = nvDef(g, "gpu.dynamic_shared_memory : memref<?xi8, " NV_SMEM ">");
  int addr = nvDef(g, "memref.extract_aligned_pointer_as_index %%v%d : "
                      "memref<?xi8, " NV_SMEM "> -> index",
                   raw);
  int c1024 = nvIdx(g, 1024);
  int mis = nvBin(g, "remui", addr, c1024, "index");
  int pad = nvBin(g, "remui", nvBin(g, "subi", c1024, mis, "index"), c1024,
                  "index");
  char sA[160], sB4[160], sB3[160], sC[160];
  snprintf(sA, sizeof sA, "memref<%lldx%lldx64x%s, " NV_SMEM ">", (long long)S,
           (long long)TM, et);
  snprintf(sB4, sizeof sB4, "memref<%lldx%lldx64x64x%s, " NV_SMEM ">",
           (long long)S, (long long)(TN / 64), et);
  snprintf(sB3, sizeof sB3, "memref<%lldx64x%lldx%s, " NV_SMEM ">",
           (long long)S, (long long)TN, et);
  snprintf(sC, sizeof sC, "memref<%lldx%lldxf32, " NV_SMEM ">", (long long)TM,
           (long long)TN);
  int As = nvDef(g, "memref.view %%v%d[%%v%d][] : memref<?xi8, " NV_SMEM
                    "> to %s",
                 raw, pad, sA);
  int bOff = nvAddC(g, pad, S * aBytes);
  int Bs4 = nvDef(g, "memref.view %%v%d[%%v%d][] : memref<?xi8, " NV_SMEM
                     "> to %s",
                  raw, bOff, sB4);
  int Bs3 = nvDef(g, "memref.view %%v%d[%%v%d][] : memref<?xi8, " NV_SMEM
                     "> to %s",
                  raw, bOff, sB3);

  int bar = nvDef(g, "nvgpu.mbarrier.create -> %s", barT);
  for (int64_t s = 0; s < S; ++s)
    nvStmt(g, "nvgpu.mbarrier.init %%v%d[%%v%d], %%v%d, predicate = %%v%d : %s",
           bar, nvIdx(g, s), c1, leader, barT);
  nvStmt(g, "nvgpu.tma.prefetch.descriptor %%descA, predicate = %%v%d : %s",
         leader, mapA);
  nvStmt(g, "nvgpu.tma.prefetch.descriptor %%descB, predicate = %%v%d : %s",
         leader, mapB);
  nvStmt(g, "gpu.barrier");

  int tx = nvIdx(g, stageBytes);
  // Issues the TMA loads of K tile `kt` into stage `st` under `pred`.
  int cS = nvIdx(g, S);
#define ISSUE(st, kt, pred)                                                    \
  do {                                                                         \
    int k0_ = nvMulC(g, (kt), TK);                                             \
    nvStmt(g,                                                                  \
           "nvgpu.mbarrier.arrive.expect_tx %%v%d[%%v%d], %%v%d, predicate = " \
           "%%v%d : %s",                                                       \
           bar, (st), tx, (pred), barT);                                       \
    char dA_[200];                                                             \
    snprintf(dA_, sizeof dA_,                                                  \
             "memref<%lldx64x%s, strided<[64, 1], offset: ?>, " NV_SMEM ">",   \
             (long long)TM, et);                                               \
    int va_ = nvDef(g,                                                         \
                    "memref.subview %%v%d[%%v%d, 0, 0] [1, %lld, 64] [1, 1, "  \
                    "1] : %s to %s",                                           \
                    As, (st), (long long)TM, sA, dA_);                         \
    nvStmt(g,                                                                  \
           "nvgpu.tma.async.load %%descA[%%v%d, %%v%d], %%v%d[%%v%d] to "      \
           "%%v%d, predicate = %%v%d : %s, %s -> %s",                          \
           k0_, aRow0, bar, (st), va_, (pred), mapA, barT, dA_);               \
    int kr_ = nvAddI(g, bRow0, k0_);                                           \
    const char *dB_ = "memref<64x64x%s, strided<[64, 1], offset: ?>, " NV_SMEM \
                      ">";                                                     \
    char dBt_[200];                                                            \
    snprintf(dBt_, sizeof dBt_, dB_, et);                                      \
    for (int64_t j_ = 0; j_ < TN / 64; ++j_) {                                 \
      int vb_ = nvDef(g,                                                       \
                      "memref.subview %%v%d[%%v%d, %lld, 0, 0] [1, 1, 64, "    \
                      "64] [1, 1, 1, 1] : %s to %s",                           \
                      Bs4, (st), (long long)j_, sB4, dBt_);                    \
      int n0_ = nvAddC(g, colBase, j_ * 64);                                   \
      nvStmt(g,                                                                \
             "nvgpu.tma.async.load %%descB[%%v%d, %%v%d], %%v%d[%%v%d] to "    \
             "%%v%d, predicate = %%v%d : %s, %s -> %s",                        \
             n0_, kr_, bar, (st), vb_, (pred), mapB, barT, dBt_);              \
    }                                                                          \
  } while (0)

  for (int64_t s = 0; s < S - 1; ++s) {
    int st = nvIdx(g, s);
    int ok = nvBin(g, "andi", leader, nvCmpI(g, "slt", st, nk), "i1");
    ISSUE(st, st, ok);
  }
  int acc0 = nvDef(g, "nvgpu.warpgroup.mma.init.accumulator -> %s", accT);
  int res = g->next++, kt = g->next++, mc = g->next++;
  nvStmt(g,
         "%%v%d = scf.for %%v%d = %%v%d to %%v%d step %%v%d iter_args(%%v%d = "
         "%%v%d) -> (%s) {",
         res, kt, c0, nk, c1, mc, acc0, accT);
  g->indent += 2;
  int st = nvBin(g, "remui", kt, cS, "index");
  int par = nvBin(g, "remui", nvBin(g, "divui", kt, cS, "index"), nvIdx(g, 2),
                  "index");
  int ph = nvCmpI(g, "ne", par, c0);
  nvStmt(g, "nvgpu.mbarrier.try_wait.parity %%v%d[%%v%d], %%v%d, %%v%d : %s",
         bar, st, ph, nvIdx(g, 10000000), barT);
  char vA[200], vB[200];
  snprintf(vA, sizeof vA,
           "memref<%lldx64x%s, strided<[64, 1], offset: ?>, " NV_SMEM ">",
           (long long)TM, et);
  snprintf(vB, sizeof vB,
           "memref<64x%lldx%s, strided<[%lld, 1], offset: ?>, " NV_SMEM ">",
           (long long)TN, et, (long long)TN);
  int va = nvDef(g, "memref.subview %%v%d[%%v%d, 0, 0] [1, %lld, 64] [1, 1, 1] "
                    ": %s to %s",
                 As, st, (long long)TM, sA, vA);
  int vb = nvDef(g, "memref.subview %%v%d[%%v%d, 0, 0] [1, 64, %lld] [1, 1, 1] "
                    ": %s to %s",
                 Bs3, st, (long long)TN, sB3, vB);
  int da = nvDef(g, "nvgpu.warpgroup.generate.descriptor %%v%d, %%descA : %s, "
                    "%s -> %s",
                 va, vA, mapA, dAT);
  int db = nvDef(g, "nvgpu.warpgroup.generate.descriptor %%v%d, %%descB : %s, "
                    "%s -> %s",
                 vb, vB, mapB, dBT);
  // waitGroup defaults to 1: wgmma kt-1 is complete when this returns.
  int md = nvDef(g,
                 "nvgpu.warpgroup.mma %%v%d, %%v%d, %%v%d {transposeB} : "
                 "<tensor = memref<%lldx64x%s, 3>>, <tensor = "
                 "memref<64x%lldx%s, 3>>, <fragmented = vector<%lldx%lldxf32>> "
                 "-> <fragmented = vector<%lldx%lldxf32>>",
                 da, db, mc, (long long)TM, et, (long long)TN, et,
                 (long long)TM, (long long)TN, (long long)TM, (long long)TN);
  nvStmt(g, "gpu.barrier");
  int next = nvAddC(g, kt, S - 1);
  int stW = nvBin(g, "remui", next, cS, "index");
  int ok = nvBin(g, "andi", leader, nvCmpI(g, "slt", next, nk), "i1");
  ISSUE(stW, next, ok);
#undef ISSUE
  nvStmt(g, "scf.yield %%v%d : %s", md, accT);
  g->indent -= 2;
  nvStmt(g, "}");
  nvStmt(g, "nvvm.wgmma.wait.group.sync.aligned 0");
  nvStmt(g, "gpu.barrier");

  int Cs = nvDef(g, "memref.view %%v%d[%%v%d][] : memref<?xi8, " NV_SMEM
                    "> to %s",
                 raw, pad, sC);
  nvStmt(g, "nvgpu.warpgroup.mma.store %%v%d, %%v%d : <fragmented = "
            "vector<%lldx%lldxf32>> to %s",
         res, Cs, (long long)TM, (long long)TN, sC);
  nvStmt(g, "gpu.barrier");
  // Coalesced epilogue: thread t handles elements t, t+128, ... row-major.
  int idx = g->next++;
  int cTN = nvIdx(g, TN);
  nvStmt(g, "scf.for %%v%d = %%v%d to %%v%d step %%v%d {", idx, tid,
         nvIdx(g, TM * TN), nvIdx(g, 128));
  g->indent += 2;
  int r = nvBin(g, "divui", idx, cTN, "index");
  int c = nvBin(g, "remui", idx, cTN, "index");
  int row = nvAddI(g, rowBase, r), col = nvAddI(g, colBase, c);
  int inb = nvBin(g, "andi", nvCmpI(g, "slt", row, M),
                  nvCmpI(g, "slt", col, N), "i1");
  int v = nvDef(g, "memref.load %%v%d[%%v%d, %%v%d] : %s", Cs, r, c, sC);
  nvEmitEpilogueStore(g, cfg, v, bz, row, col, inb);
  g->indent -= 2;
  nvStmt(g, "}");
  nvStmt(g, "gpu.return");
  tesseraStrBufPrintf(out, "  }\n}\n");

  return true;
}
