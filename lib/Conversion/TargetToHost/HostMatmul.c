//===- HostMatmul.c - The host matmul kernel generator -------------------===//
//
// Matmul: a BLIS-style blocked GEMM written in upstream dialects (scf,
// vector, memref, arith, math). Per program id (one tileM x tileN block of
// C, the unit the runtime's thread pool hands out):
//
//   for pc in K step KC:                  K block (kc <= KC)
//     pack B[pc:pc+kc, n0:n1] -> Bp       panels of NR = 2W columns, f32
//     for ic in [m0, m1) step MC:
//       pack A[ic:ic+mc, pc:pc+kc] -> Ap  panels of MR rows, f32
//       for jr, ir:                       MR x NR register tile
//         acc = first K block ? 0 : partial sums
//         for k < kc: acc += Ap[k][0:MR] (broadcast) * Bp[k][0:NR]
//                                         (unrolled by kUnroll)
//         last K block ? C = epilogue(acc) : partial sums = acc
//
// W is the f32 vector width (16 with AVX-512, 8 with AVX2); MR x 2 vectors
// of accumulators plus two B vectors and a broadcast fill the register file
// (MR = 14 with 32 zmm registers, 6 with 16 ymm). Packing converts f16/bf16
// operands to f32, so the inner loop is one FMA kind for every input type.
// Partial sums live in C when C is f32, else in an f32 workspace, so the
// epilogue and the narrowing store happen once, on the full sum. Edges are
// handled by zero padding in the packed panels and masked loads/stores.
//
//===----------------------------------------------------------------------===//
#include "Conversion/TargetToHost/HostEmit.h"

// Rank-1 updates per iteration of the micro-kernel's K loop.
enum { kUnroll = 4 };

// Memref types of the kernel arguments: rank 2, or rank 3 when batched.
static void argType(char *buf, size_t cap, TesseraDType t, int rank) {
  snprintf(buf, cap, "memref<%sx%s>",
           rank == 3   ? "?x?x?"
           : rank == 2 ? "?x?"
                       : "?",
           tesseraDTypeName(t));
}

// The 2-D view of operand `name` for batch %b: a strided memref.
static void emitBatchView(TesseraStrBuf *out, const char *dst, const char *src,
                          TesseraDType t, bool batched) {
  const char *et = tesseraDTypeName(t);
  if (!batched) {
    P("    %s = memref.cast %s : memref<?x?x%s> to memref<?x?x%s, "
      "strided<[?, 1], offset: ?>>\n",
      dst, src, et, et);
    return;
  }
  P("    %s_d1 = memref.dim %s, %%c1 : memref<?x?x?x%s>\n", dst, src, et);
  P("    %s_d2 = memref.dim %s, %%c2 : memref<?x?x?x%s>\n", dst, src, et);
  P("    %s = memref.subview %s[%%b, 0, 0] [1, %s_d1, %s_d2] [1, 1, 1] : "
    "memref<?x?x?x%s> to memref<?x?x%s, strided<[?, 1], offset: ?>>\n",
    dst, src, dst, dst, et, et);
}

static void emitConstants(TesseraStrBuf *out, const HostShape *s) {
  int W = s->W;
  P("    %%c0 = arith.constant 0 : index\n"
    "    %%c1 = arith.constant 1 : index\n"
    "    %%c2 = arith.constant 2 : index\n"
    "    %%cW = arith.constant %d : index\n"
    "    %%cMR = arith.constant %d : index\n"
    "    %%cNR = arith.constant %d : index\n"
    "    %%cKC = arith.constant %d : index\n"
    "    %%cMC = arith.constant %d : index\n"
    "    %%cKU = arith.constant %d : index\n"
    "    %%true = arith.constant true\n"
    "    %%zero = arith.constant 0.0 : f32\n",
    W, s->MR, s->NR, s->KC, s->MC, kUnroll);
  for (int u = 0; u < kUnroll; ++u)
    P("    %%cu%d = arith.constant %d : index\n", u, u);
  static const char *const types[] = {"f32", "f16", "bf16"};
  for (int t = 0; t < 3; ++t)
    P("    %%zv_%s = arith.constant dense<0.0> : vector<%dx%s>\n", types[t], W,
      types[t]);
  P("    %%one_v = arith.constant dense<1.0> : vector<%dxf32>\n"
    "    %%half_v = arith.constant dense<0.5> : vector<%dxf32>\n"
    "    %%gelu_a = arith.constant dense<0.044715> : vector<%dxf32>\n"
    "    %%gelu_s = arith.constant dense<0.7978845608028654> : "
    "vector<%dxf32>\n"
    "    %%rsqrt2_v = arith.constant dense<0.7071067811865476> : "
    "vector<%dxf32>\n",
    W, W, W, W, W);
}

// B[pc:pc+kc, n0:n0+nc] -> Bp as ceil(nc/NR) panels of [kc][NR] f32.
static void emitPackB(TesseraStrBuf *out, const TesseraMatmulKernelConfig *cfg,
                      const HostShape *s, int bpSize) {
  int W = s->W;
  const char *bt = tesseraDTypeName(cfg->b);
  // Row by row (contiguous reads of B), each row scattered to the panels.
  P("      scf.for %%k = %%c0 to %%kc step %%c1 {\n"
    "        %%row = arith.addi %%pc, %%k : index\n"
    "        %%kNR = arith.muli %%k, %%cNR : index\n"
    "        scf.for %%jr = %%c0 to %%nc step %%cNR {\n"
    "          %%pb = arith.muli %%jr, %%kc : index\n"
    "          %%jw = arith.subi %%nc, %%jr : index\n"
    "          %%col = arith.addi %%n0, %%jr : index\n"
    "          %%dst = arith.addi %%pb, %%kNR : index\n"
    "          %%bfull = arith.cmpi sge, %%jw, %%cNR : index\n"
    "          scf.for %%h = %%c0 to %%cNR step %%cW {\n"
    "            %%hw = arith.subi %%jw, %%h : index\n"
    "            %%cc = arith.addi %%col, %%h : index\n"
    // Whole panels (all but the last) load without a mask.
    "            %%v = scf.if %%bfull -> vector<%dx%s> {\n"
    "              %%u = vector.load %%Bv[%%row, %%cc] : memref<?x?x%s, "
    "strided<[?, 1], offset: ?>>, vector<%dx%s>\n"
    "              scf.yield %%u : vector<%dx%s>\n"
    "            } else {\n"
    "              %%mask = vector.create_mask %%hw : vector<%dxi1>\n"
    "              %%x = vector.maskedload %%Bv[%%row, %%cc], %%mask, %%zv_%s "
    ": "
    "memref<?x?x%s, strided<[?, 1], offset: ?>>, vector<%dxi1>, "
    "vector<%dx%s> into vector<%dx%s>\n"
    "              scf.yield %%x : vector<%dx%s>\n"
    "            }\n",
    W, bt, bt, W, bt, W, bt, W, bt, bt, W, W, bt, W, bt, W, bt);
  const char *vf = hostEmitToF32(out, "%vf", "%v", cfg->b, W);
  P("            %%d = arith.addi %%dst, %%h : index\n"
    "            vector.store %s, %%Bp[%%d] : memref<%dxf32>, "
    "vector<%dxf32>\n"
    "          }\n"
    "        }\n"
    "      }\n",
    vf, bpSize, W);
}

// A[ic:ic+mc, pc:pc+kc] -> Ap as ceil(mc/MR) panels of [kc][MR] f32. W
// consecutive k of a panel are W x MR contiguous floats: the MR x W block of
// A (one vector load per row, zero rows past mc) transposed in registers
// (vector.transpose, lowered to shuffles) and stored as one flat vector,
// masked to the kc - k rows left in the last chunk.
static void emitPackA(TesseraStrBuf *out, const TesseraMatmulKernelConfig *cfg,
                      const HostShape *s, int apSize) {
  int W = s->W, MR = s->MR, WM = W * MR;
  const char *at = tesseraDTypeName(cfg->a);
  P("        scf.for %%ir = %%c0 to %%mc step %%cMR {\n"
    "          %%pa = arith.muli %%ir, %%kc : index\n"
    "          %%iw = arith.subi %%mc, %%ir : index\n"
    "          %%r0 = arith.addi %%ic, %%ir : index\n"
    "          scf.for %%k = %%c0 to %%kc step %%cW {\n"
    "            %%kw = arith.subi %%kc, %%k : index\n"
    "            %%kk = arith.addi %%pc, %%k : index\n"
    "            %%m = vector.create_mask %%kw : vector<%dxi1>\n"
    "            %%nomask = arith.constant dense<false> : vector<%dxi1>\n"
    "            %%blk0 = arith.constant dense<0.0> : vector<%dx%dxf32>\n",
    W, W, MR, W);
  // The MR rows: plain loads when the block is whole (the common case),
  // else loads masked to the k left and to the rows in range.
  char mt[96];
  snprintf(mt, sizeof mt, "memref<?x?x%s, strided<[?, 1], offset: ?>>", at);
  for (int i = 0; i < MR; ++i)
    P("            %%ci%d = arith.constant %d : index\n"
      "            %%ra%d = arith.addi %%r0, %%ci%d : index\n",
      i, i, i, i);
  P("            %%rows_in = arith.cmpi sge, %%iw, %%cMR : index\n"
    "            %%k_in = arith.cmpi sge, %%kw, %%cW : index\n"
    "            %%afull = arith.andi %%rows_in, %%k_in : i1\n"
    "            %%v:%d = scf.if %%afull -> (",
    MR);
  for (int i = 0; i < MR; ++i)
    P("%svector<%dx%s>", i ? ", " : "", W, at);
  P(") {\n");
  for (int i = 0; i < MR; ++i)
    P("              %%u%d = vector.load %%Av[%%ra%d, %%kk] : %s, "
      "vector<%dx%s>\n",
      i, i, mt, W, at);
  P("              scf.yield ");
  for (int i = 0; i < MR; ++i)
    P("%s%%u%d", i ? ", " : "", i);
  P(" : ");
  for (int i = 0; i < MR; ++i)
    P("%svector<%dx%s>", i ? ", " : "", W, at);
  P("\n            } else {\n");
  for (int i = 0; i < MR; ++i)
    P("              %%inb%d = arith.cmpi slt, %%ci%d, %%iw : index\n"
      "              %%mr%d = arith.select %%inb%d, %%m, %%nomask : "
      "vector<%dxi1>\n"
      "              %%x%d = vector.maskedload %%Av[%%ra%d, %%kk], %%mr%d, "
      "%%zv_%s : %s, vector<%dxi1>, vector<%dx%s> into vector<%dx%s>\n",
      i, i, i, i, W, i, i, i, at, mt, W, W, at, W, at);
  P("              scf.yield ");
  for (int i = 0; i < MR; ++i)
    P("%s%%x%d", i ? ", " : "", i);
  P(" : ");
  for (int i = 0; i < MR; ++i)
    P("%svector<%dx%s>", i ? ", " : "", W, at);
  P("\n            }\n");
  for (int i = 0; i < MR; ++i) {
    char dst[16], src[16];
    snprintf(dst, sizeof dst, "%%vf%d", i);
    snprintf(src, sizeof src, "%%v#%d", i);
    const char *vf = hostEmitToF32(out, dst, src, cfg->a, W);
    P("            %%blk%d = vector.insert %s, %%blk%d [%d] : "
      "vector<%dxf32> into vector<%dx%dxf32>\n",
      i + 1, vf, i, i, W, MR, W);
  }
  P("            %%t = vector.transpose %%blk%d, [1, 0] : vector<%dx%dxf32> to "
    "vector<%dx%dxf32>\n"
    "            %%flat = vector.shape_cast %%t : vector<%dx%dxf32> to "
    "vector<%dxf32>\n"
    "            %%kMR = arith.muli %%k, %%cMR : index\n"
    "            %%base = arith.addi %%pa, %%kMR : index\n"
    "            scf.if %%k_in {\n"
    "              vector.store %%flat, %%Ap[%%base] : memref<%dxf32>, "
    "vector<%dxf32>\n"
    "            } else {\n"
    "              %%n = arith.muli %%kw, %%cMR : index\n"
    "              %%fm = vector.create_mask %%n : vector<%dxi1>\n"
    "              vector.maskedstore %%Ap[%%base], %%fm, %%flat : "
    "memref<%dxf32>, vector<%dxi1>, vector<%dxf32>\n"
    "            }\n"
    "          }\n"
    "        }\n",
    MR, MR, W, W, MR, W, MR, WM, apSize, WM, WM, apSize, WM, WM);
}

// %<res>:2MR = the MR x NR accumulators after k in [lo, hi) by `step`, each
// iteration `unroll` rank-1 updates: acc += Ap[k][0:MR] (broadcast) x
// Bp[k][0:NR]. The initial values are <init>I_H (init "%i": %i3_1), or
// <init>N (init "%accu#": %accu#7) for the flattened result of a loop.
static void emitKLoop(TesseraStrBuf *out, const HostShape *s, const char *res,
                      const char *init, const char *lo, const char *hi,
                      const char *step, int unroll, int apSize, int bpSize) {
  int W = s->W, MR = s->MR;
  bool flat = init[strlen(init) - 1] == '#';
  P("            %s:%d = scf.for %%k = %s to %s step %s iter_args(", res,
    2 * MR, lo, hi, step);
  for (int i = 0; i < MR; ++i)
    for (int h = 0; h < 2; ++h) {
      if (flat)
        P("%s%%s%d_%d = %s%d", i || h ? ", " : "", i, h, init, 2 * i + h);
      else
        P("%s%%s%d_%d = %s%d_%d", i || h ? ", " : "", i, h, init, i, h);
    }
  P(") -> (");
  for (int i = 0; i < 2 * MR; ++i)
    P("%svector<%dxf32>", i ? ", " : "", W);
  P(") {\n");
  char cur[16] = "%s", nxt[16];
  for (int u = 0; u < unroll; ++u) {
    snprintf(nxt, sizeof nxt, "%%f%d_", u);
    P("              %%ku%d = arith.addi %%k, %%cu%d : index\n"
      "              %%kNR%d = arith.muli %%ku%d, %%cNR : index\n"
      "              %%bo%d = arith.addi %%pb, %%kNR%d : index\n"
      "              %%boW%d = arith.addi %%bo%d, %%cW : index\n"
      "              %%b0_%d = vector.load %%Bp[%%bo%d] : memref<%dxf32>, "
      "vector<%dxf32>\n"
      "              %%b1_%d = vector.load %%Bp[%%boW%d] : memref<%dxf32>, "
      "vector<%dxf32>\n"
      "              %%kMR%d = arith.muli %%ku%d, %%cMR : index\n"
      "              %%ao%d = arith.addi %%pa, %%kMR%d : index\n",
      u, u, u, u, u, u, u, u, u, u, bpSize, W, u, u, bpSize, W, u, u, u, u);
    for (int i = 0; i < MR; ++i)
      P("              %%ao%d_%d = arith.addi %%ao%d, %%ci%d : index\n"
        "              %%as%d_%d = memref.load %%Ap[%%ao%d_%d] : "
        "memref<%dxf32>\n"
        "              %%av%d_%d = vector.broadcast %%as%d_%d : f32 to "
        "vector<%dxf32>\n"
        "              %s%d_0 = vector.fma %%av%d_%d, %%b0_%d, %s%d_0 : "
        "vector<%dxf32>\n"
        "              %s%d_1 = vector.fma %%av%d_%d, %%b1_%d, %s%d_1 : "
        "vector<%dxf32>\n",
        u, i, u, i, u, i, u, i, apSize, u, i, u, i, W, nxt, i, u, i, u, cur, i,
        W, nxt, i, u, i, u, cur, i, W);
    snprintf(cur, sizeof cur, "%s", nxt);
  }
  P("              scf.yield ");
  for (int i = 0; i < MR; ++i)
    P("%s%s%d_0, %s%d_1", i ? ", " : "", cur, i, cur, i);
  P(" : ");
  for (int i = 0; i < 2 * MR; ++i)
    P("%svector<%dxf32>", i ? ", " : "", W);
  P("\n            }\n");
}

// The MR x NR register tile at (ir, jr): load partial sums (or zeros),
// accumulate over kc, then store partial sums or, on the last K block, the
// epilogue's result in C's type.
static void emitMicroKernel(TesseraStrBuf *out,
                            const TesseraMatmulKernelConfig *cfg,
                            const HostShape *s, int apSize, int bpSize) {
  int W = s->W, MR = s->MR;
  const char *ct = tesseraDTypeName(cfg->c);
  // Partial sums: in C itself when C is f32, else in the f32 workspace,
  // whose rows / columns are relative to the block origin.
  bool ws = cfg->c != TESSERA_F32;
  const char *accMem = ws ? "%Wk" : "%Cv";
  const char *accTy =
      ws ? "memref<?x?xf32>" : "memref<?x?xf32, strided<[?, 1], offset: ?>>";
  P("        scf.for %%jr = %%c0 to %%nc step %%cNR {\n"
    "          %%pb = arith.muli %%jr, %%kc : index\n"
    "          %%jw = arith.subi %%nc, %%jr : index\n"
    "          %%col = arith.addi %%n0, %%jr : index\n"
    "          %%colW = arith.addi %%col, %%cW : index\n"
    "          %%m0 = vector.create_mask %%jw : vector<%dxi1>\n"
    "          %%jwW = arith.subi %%jw, %%cW : index\n"
    "          %%m1 = vector.create_mask %%jwW : vector<%dxi1>\n"
    "          %%wcol = arith.subi %%col, %%n0 : index\n"
    "          %%wcolW = arith.addi %%wcol, %%cW : index\n"
    // Full-width tiles (all but the last column panel) use plain vector
    // loads and stores: masked stores are microcoded and slow on AMD cores.
    "          %%cfull = arith.cmpi sge, %%jw, %%cNR : index\n"
    "          scf.for %%ir = %%c0 to %%mc step %%cMR {\n"
    "            %%pa = arith.muli %%ir, %%kc : index\n"
    "            %%iw = arith.subi %%mc, %%ir : index\n"
    "            %%row0 = arith.addi %%ic, %%ir : index\n"
    "            %%wrow0 = arith.subi %%row0, %%m0i : index\n",
    W, W);
  const char *ac = ws ? "%wcol" : "%col", *acW = ws ? "%wcolW" : "%colW";
  // Accumulators start at zero; the partial sums of earlier K blocks are
  // added after the K loop, their cache lines prefetched before it, so the
  // loads do not stall the loop.
  for (int i = 0; i < MR; ++i)
    P("            %%ci%d = arith.constant %d : index\n"
      "            %%in%d = arith.cmpi slt, %%ci%d, %%iw : index\n"
      "            %%r%d = arith.addi %%row0, %%ci%d : index\n"
      "            %%wr%d = arith.addi %%wrow0, %%ci%d : index\n"
      "            %%ld%d = arith.andi %%in%d, %%notfirst : i1\n"
      "            scf.if %%ld%d {\n"
      "              memref.prefetch %s[%%%sr%d, %s], read, locality<3>, data "
      ": %s\n"
      "              memref.prefetch %s[%%%sr%d, %s], read, locality<3>, data "
      ": %s\n"
      "            }\n"
      "            %%i%d_0 = arith.constant dense<0.0> : vector<%dxf32>\n"
      "            %%i%d_1 = arith.constant dense<0.0> : vector<%dxf32>\n",
      i, i, i, i, i, i, i, i, i, i, i, accMem, ws ? "w" : "", i, ac, accTy,
      accMem, ws ? "w" : "", i, acW, accTy, i, W, i, W);
  // The K loop, unrolled by kUnroll (fewer loop-control uops between the
  // FMAs), then the kc % kUnroll remainder one step at a time.
  P("            %%kc_r = arith.remui %%kc, %%cKU : index\n"
    "            %%kc_m = arith.subi %%kc, %%kc_r : index\n");
  emitKLoop(out, s, "%accu", "%i", "%c0", "%kc_m", "%cKU", kUnroll, apSize,
            bpSize);
  emitKLoop(out, s, "%acc", "%accu#", "%kc_m", "%kc", "%c1", 1, apSize, bpSize);
  // The partial sums of earlier K blocks (prefetched above).
  for (int i = 0; i < MR; ++i) {
    P("            %%p%d_0, %%p%d_1 = scf.if %%ld%d -> (vector<%dxf32>, "
      "vector<%dxf32>) {\n"
      "              %%y0, %%y1 = scf.if %%cfull -> (vector<%dxf32>, "
      "vector<%dxf32>) {\n"
      "                %%u0 = vector.load %s[%%%sr%d, %s] : %s, "
      "vector<%dxf32>\n"
      "                %%u1 = vector.load %s[%%%sr%d, %s] : %s, "
      "vector<%dxf32>\n"
      "                scf.yield %%u0, %%u1 : vector<%dxf32>, vector<%dxf32>\n"
      "              } else {\n"
      "              %%x0 = vector.maskedload %s[%%%sr%d, %s], %%m0, %%zv_f32 "
      ": "
      "%s, vector<%dxi1>, vector<%dxf32> into vector<%dxf32>\n"
      "              %%x1 = vector.maskedload %s[%%%sr%d, %s], %%m1, %%zv_f32 "
      ": "
      "%s, vector<%dxi1>, vector<%dxf32> into vector<%dxf32>\n"
      "              scf.yield %%x0, %%x1 : vector<%dxf32>, vector<%dxf32>\n"
      "              }\n"
      "              scf.yield %%y0, %%y1 : vector<%dxf32>, vector<%dxf32>\n"
      "            } else {\n"
      "              scf.yield %%zv_f32, %%zv_f32 : vector<%dxf32>, "
      "vector<%dxf32>\n"
      "            }\n",
      i, i, i, W, W, W, W, accMem, ws ? "w" : "", i, ac, accTy, W, accMem,
      ws ? "w" : "", i, acW, accTy, W, W, W, accMem, ws ? "w" : "", i, ac,
      accTy, W, W, W, accMem, ws ? "w" : "", i, acW, accTy, W, W, W, W, W, W, W,
      W, W);
  }
  // Stores, one row at a time.
  for (int i = 0; i < MR; ++i) {
    P("            scf.if %%in%d {\n", i);
    // The sum so far: this block's plus the earlier blocks'; the first block
    // is taken as it is (adding 0.0 would turn a -0.0 into +0.0).
    for (int h = 0; h < 2; ++h)
      P("              %%t%d_%d_s = arith.addf %%acc#%d, %%p%d_%d : "
        "vector<%dxf32>\n"
        "              %%t%d_%d = arith.select %%notfirst, %%t%d_%d_s, "
        "%%acc#%d : vector<%dxf32>\n",
        i, h, 2 * i + h, i, h, W, i, h, i, h, 2 * i + h, W);
    P("              scf.if %%last {\n");
    for (int h = 0; h < 2; ++h) {
      char res[64], conv[80], rowName[16];
      snprintf(rowName, sizeof rowName, "%%r%d", i);
      // Name the epilogue chain after the tile position.
      char base[32];
      snprintf(base, sizeof base, "%%t%d_%d", i, h);
      hostEmitEpilogue(out, cfg, s, base, rowName, h ? "%colW" : "%col",
                       h ? "%m1" : "%m0", res, sizeof res);
      if (cfg->c == TESSERA_F32)
        snprintf(conv, sizeof conv, "%s", res);
      else {
        snprintf(conv, sizeof conv, "%s_c", res);
        P("          %s = arith.truncf %s : vector<%dxf32> to vector<%dx%s>\n",
          conv, res, W, W, ct);
      }
      P("          scf.if %%cfull {\n"
        "          vector.store %s, %%Cv[%%r%d, %s] : "
        "memref<?x?x%s, strided<[?, 1], offset: ?>>, vector<%dx%s>\n"
        "          } else {\n"
        "          vector.maskedstore %%Cv[%%r%d, %s], %s, %s : "
        "memref<?x?x%s, strided<[?, 1], offset: ?>>, vector<%dxi1>, "
        "vector<%dx%s>\n"
        "          }\n",
        conv, i, h ? "%colW" : "%col", ct, W, ct, i, h ? "%colW" : "%col",
        h ? "%m1" : "%m0", conv, ct, W, W, ct);
    }
    P("              } else {\n");
    P("                scf.if %%cfull {\n");
    for (int h = 0; h < 2; ++h)
      P("                vector.store %%t%d_%d, %s[%%%sr%d, %s] : %s, "
        "vector<%dxf32>\n",
        i, h, accMem, ws ? "w" : "", i, h ? acW : ac, accTy, W);
    P("                } else {\n");
    for (int h = 0; h < 2; ++h)
      P("                vector.maskedstore %s[%%%sr%d, %s], %s, %%t%d_%d : "
        "%s, vector<%dxi1>, vector<%dxf32>\n",
        accMem, ws ? "w" : "", i, h ? acW : ac, h ? "%m1" : "%m0", i, h, accTy,
        W, W);
    P("                }\n");
    P("              }\n"
      "            }\n");
  }
  P("          }\n"
    "        }\n");
}

// The K block is the schedule's block_k: a B micro-panel of KC x NR f32
// should sit in half of L1 (KC = 256 with AVX2: 16 KiB) and the packed A
// block in L2.
static HostShape hostShapeFor(const TesseraMatmulKernelConfig *cfg) {
  HostShape s = hostShape(cfg->hostVectorBits);
  if (cfg->tileK >= 16 && cfg->tileK <= 4096)
    s.KC = (int)cfg->tileK;
  return s;
}

// %cores, the threads the grid is cut for: the Target IR's `threads`, or
// when it is 0 the OpenMP runtime's count on the machine that runs the
// code (read once, in the entry; the per-block function receives it).
static void emitCores(TesseraStrBuf *out,
                      const TesseraMatmulKernelConfig *cfg) {
  if (cfg->hostThreads > 0) {
    P("    %%cores = arith.constant %lld : index\n",
      (long long)cfg->hostThreads);
    return;
  }
  P("    %%nthreads = func.call @omp_get_max_threads() : () -> i32\n"
    "    %%nthreadsi = arith.index_cast %%nthreads : i32 to index\n"
    "    %%cores = arith.maxui %%nthreadsi, %%c1 : index\n");
}

// Constants, problem sizes and the program-id grid (%grid) of a matmul;
// %cores must be defined.
static void emitGridSize(TesseraStrBuf *out,
                         const TesseraMatmulKernelConfig *cfg, int64_t tileN,
                         const char *ta, const char *tb) {
  // At least one program per core (when M allows), so small problems use
  // every core.
  int rank = cfg->batched ? 3 : 2;
  P("    %%ai = arith.constant %d : index\n", rank - 2);
  P("    %%M = memref.dim %%A, %%ai : %s\n", ta);
  P("    %%ai1 = arith.addi %%ai, %%c1 : index\n");
  P("    %%K = memref.dim %%A, %%ai1 : %s\n", ta);
  P("    %%N = memref.dim %%B, %%ai1 : %s\n", tb);
  // The schedule's block is an upper bound: the blocks actually used split
  // M and N evenly (rounded to the register tile), so that no program is
  // left with a sliver while another does a full block.
  P("    %%tMmax = arith.constant %lld : index\n", (long long)cfg->tileM);
  P("    %%tNmax = arith.constant %lld : index\n", (long long)tileN);
  P("    %%mb0 = arith.ceildivui %%M, %%tMmax : index\n"
    "    %%nb0 = arith.ceildivui %%N, %%tNmax : index\n"
    "    %%nb = arith.maxui %%nb0, %%c1 : index\n"
    "    %%mbase = arith.maxui %%mb0, %%c1 : index\n"
    "    %%want = arith.ceildivui %%cores, %%nb : index\n"
    "    %%mtiles0 = arith.ceildivui %%M, %%cMR : index\n"
    "    %%mtiles = arith.maxui %%mtiles0, %%c1 : index\n"
    "    %%mwant = arith.minui %%want, %%mtiles : index\n"
    "    %%mb1 = arith.maxui %%mbase, %%mwant : index\n"
    // Whole rounds of programs: a multiple of the core count when M allows
    // (3 programs on 2 cores would leave one core idle a third of the time).
    "    %%tot0 = arith.muli %%mb1, %%nb : index\n"
    "    %%tot1 = arith.ceildivui %%tot0, %%cores : index\n"
    "    %%tot = arith.muli %%tot1, %%cores : index\n"
    "    %%mb2 = arith.ceildivui %%tot, %%nb : index\n"
    "    %%mb3 = arith.minui %%mb2, %%mtiles : index\n"
    "    %%mb = arith.maxui %%mb3, %%mb1 : index\n"
    "    %%tM0 = arith.ceildivui %%M, %%mb : index\n"
    "    %%tM1 = arith.ceildivui %%tM0, %%cMR : index\n"
    "    %%tM = arith.muli %%tM1, %%cMR : index\n"
    "    %%tN0 = arith.ceildivui %%N, %%nb : index\n"
    "    %%tN1 = arith.ceildivui %%tN0, %%cNR : index\n"
    "    %%tN = arith.muli %%tN1, %%cNR : index\n"
    "    %%blocks = arith.muli %%mb, %%nb : index\n"
    "    %%K1 = arith.maxui %%K, %%c1 : index\n");
  if (cfg->batched)
    P("    %%nbatch = memref.dim %%A, %%c0 : %s\n", ta);
  else
    P("    %%nbatch = arith.constant 1 : index\n");
  P("    %%grid = arith.muli %%nbatch, %%blocks : index\n");
}

bool tesseraGenHostMatmul(const TesseraMatmulKernelConfig *cfg,
                          TesseraStrBuf *out, char *err, size_t cap) {
  HostShape s = hostShapeFor(cfg);
  if (cfg->tileM <= 0 || cfg->tileN <= 0) {
    snprintf(err, cap,
             "host matmul needs positive tile-m and tile-n, got "
             "%lld x %lld",
             (long long)cfg->tileM, (long long)cfg->tileN);
    return false;
  }
  // The N block of a program id is packed whole: round it to NR.
  int64_t tileN = (cfg->tileN + s.NR - 1) / s.NR * s.NR;
  if (tileN > 8192 || cfg->tileM > 65536) {
    snprintf(err, cap,
             "host matmul tile %lld x %lld is too large (tile-n <= "
             "8192)",
             (long long)cfg->tileM, (long long)cfg->tileN);
    return false;
  }
  int apSize = s.MC * s.KC, bpSize = (int)(s.KC * tileN);
  int rank = cfg->batched ? 3 : 2;
  char ta[64], tb[64], tc[64];
  argType(ta, sizeof ta, cfg->a, rank);
  argType(tb, sizeof tb, cfg->b, rank);
  argType(tc, sizeof tc, cfg->c, rank);
  // Signature: A, B, C, then the epilogue operands.
  TesseraStrBuf sig = {0}, names = {0};
  tesseraStrBufPrintf(&sig, "%%A: %s, %%B: %s, %%C: %s", ta, tb, tc);
  tesseraStrBufPrintf(&names, "%%A, %%B, %%C");
  int extra = 0;
  for (int e = 0; e < cfg->numEpilogue; ++e) {
    char t[64];
    const TesseraEpilogueOp *op = &cfg->epilogue[e];
    if (op->kind == TESSERA_EPI_BIAS)
      argType(t, sizeof t, op->operandType, 1);
    else if (op->kind == TESSERA_EPI_RESIDUAL)
      argType(t, sizeof t, op->operandType, rank);
    else
      continue;
    tesseraStrBufPrintf(&sig, ", %%E%d: %s", extra, t);
    tesseraStrBufPrintf(&names, ", %%E%d", extra);
    ++extra;
  }
  // The entry runs one program id per (batch, M block, N block) in an
  // scf.parallel, which the host pipeline turns into an OpenMP worksharing
  // loop. The per-block body is its own function so that the parallel
  // region stays one block (convert-scf-to-openmp wraps it in an
  // alloca_scope, which must not become multi-block).
  if (cfg->hostThreads <= 0)
    P("func.func private @omp_get_max_threads() -> i32\n");
  P("func.func @%s(%s) attributes {llvm.emit_c_interface} {\n", cfg->name,
    tesseraStrBufStr(&sig));
  emitConstants(out, &s);
  emitCores(out, cfg);
  emitGridSize(out, cfg, tileN, ta, tb);
  P("    scf.parallel (%%pid) = (%%c0) to (%%grid) step (%%c1) {\n"
    "      func.call @%s_block(%s, %%pid, %%cores) : (",
    cfg->name, tesseraStrBufStr(&names));
  // The callee's operand types, from the signature text.
  {
    const char *p = tesseraStrBufStr(&sig);
    bool firstTy = true;
    while ((p = strstr(p, ": "))) {
      p += 2;
      size_t n = strcspn(p, ",");
      // memref types hold no commas at the top level here.
      P("%s%.*s", firstTy ? "" : ", ", (int)n, p);
      firstTy = false;
      p += n;
    }
  }
  P(", index, index) -> ()\n"
    "      scf.reduce\n"
    "    }\n"
    "    return\n"
    "}\n");
  P("func.func private @%s_block(%s, %%pid: index, %%cores: index) {\n",
    cfg->name, tesseraStrBufStr(&sig));
  tesseraStrBufFree(&sig);
  tesseraStrBufFree(&names);
  emitConstants(out, &s);
  emitGridSize(out, cfg, tileN, ta, tb);
  P("    %%Ap = memref.alloc() {alignment = 64 : i64} : memref<%dxf32>\n",
    apSize);
  P("    %%Bp = memref.alloc() {alignment = 64 : i64} : memref<%dxf32>\n",
    bpSize);
  if (cfg->c != TESSERA_F32)
    P("    %%Wk = memref.alloc(%%tM, %%tN) {alignment = 64 : i64} : "
      "memref<?x?xf32>\n");
  P("    %%b = arith.divui %%pid, %%blocks : index\n"
    "    %%rb = arith.remui %%pid, %%blocks : index\n"
    "    %%ib = arith.divui %%rb, %%nb : index\n"
    "    %%jb = arith.remui %%rb, %%nb : index\n"
    "    %%m0i = arith.muli %%ib, %%tM : index\n"
    "    %%mrest = arith.subi %%M, %%m0i : index\n"
    "    %%mlen = arith.minui %%mrest, %%tM : index\n"
    "    %%m1i = arith.addi %%m0i, %%mlen : index\n"
    "    %%n0 = arith.muli %%jb, %%tN : index\n"
    "    %%nrest = arith.subi %%N, %%n0 : index\n"
    "    %%nc = arith.minui %%nrest, %%tN : index\n");
  emitBatchView(out, "%Av", "%A", cfg->a, cfg->batched);
  emitBatchView(out, "%Bv", "%B", cfg->b, cfg->batched);
  emitBatchView(out, "%Cv", "%C", cfg->c, cfg->batched);
  extra = 0;
  for (int e = 0; e < cfg->numEpilogue; ++e) {
    if (cfg->epilogue[e].kind == TESSERA_EPI_BIAS)
      ++extra;
    else if (cfg->epilogue[e].kind == TESSERA_EPI_RESIDUAL) {
      char dst[16], src[16];
      snprintf(dst, sizeof dst, "%%E%dv", extra);
      snprintf(src, sizeof src, "%%E%d", extra);
      emitBatchView(out, dst, src, cfg->epilogue[e].operandType, cfg->batched);
      ++extra;
    }
  }
  // K blocks; with K = 0 one empty block still applies the epilogue to 0.
  P("    scf.for %%pc = %%c0 to %%K1 step %%cKC {\n"
    "      %%krest = arith.subi %%K, %%pc : index\n"
    "      %%kc = arith.minui %%krest, %%cKC : index\n"
    "      %%kend = arith.addi %%pc, %%kc : index\n"
    "      %%last = arith.cmpi uge, %%kend, %%K : index\n"
    "      %%first = arith.cmpi eq, %%pc, %%c0 : index\n"
    "      %%notfirst = arith.xori %%first, %%true : i1\n");
  emitPackB(out, cfg, &s, bpSize);
  P("      scf.for %%ic = %%m0i to %%m1i step %%cMC {\n"
    "        %%mrest2 = arith.subi %%m1i, %%ic : index\n"
    "        %%mc = arith.minui %%mrest2, %%cMC : index\n");
  emitPackA(out, cfg, &s, apSize);
  emitMicroKernel(out, cfg, &s, apSize, bpSize);
  P("      }\n"
    "    }\n");
  P("    memref.dealloc %%Ap : memref<%dxf32>\n"
    "    memref.dealloc %%Bp : memref<%dxf32>\n",
    apSize, bpSize);
  if (cfg->c != TESSERA_F32)
    P("    memref.dealloc %%Wk : memref<?x?xf32>\n");
  P("    return\n"
    "}\n");
  return true;
}
