//===- HostSoftmax.c - The host row-softmax kernel generator -------------===//
#include "Conversion/TargetToHost/HostEmit.h"

// Loads row %r, columns [%j, %j+W) of %X into <p>_f (f32) with the mask of
// the columns in range in <p>_m; <p>_w holds the columns left.
static void emitRowLoad(TesseraStrBuf *out, const char *p, TesseraDType t,
                        int W) {
  const char *it = tesseraDTypeName(t);
  // An f32 row is loaded as <p>_f itself; others are converted into it.
  bool f32 = t == TESSERA_F32;
  P("          %s_m = vector.create_mask %s_w : vector<%dxi1>\n"
    "          %s_%s = vector.maskedload %%X[%%r, %%j], %s_m, %%pad : "
    "memref<?x?x%s>, vector<%dxi1>, vector<%dx%s> into vector<%dx%s>\n",
    p, p, W, p, f32 ? "f" : "raw", p, it, W, W, it, W, it);
  if (!f32) {
    char dst[32], src[32];
    snprintf(dst, sizeof dst, "%s_f", p);
    snprintf(src, sizeof src, "%s_raw", p);
    hostEmitToF32(out, dst, src, t, W);
  }
}

// Row-wise softmax over the last dim, max subtracted: per row, a max pass,
// a pass summing exp(x - max), and a pass writing exp(x - max) / sum. The
// exponentials are recomputed rather than stored: the row stays in L1 and
// the third pass needs no scratch. Rows are split into blocks of
// rowsPerBlock handed out by an OpenMP loop.
bool tesseraGenHostSoftmax(const TesseraSoftmaxKernelConfig *cfg,
                           TesseraStrBuf *out, char *err, size_t cap) {
  HostShape s = hostShape(cfg->hostVectorBits);
  int W = s.W;
  if (cfg->rowsPerBlock <= 0) {
    snprintf(err, cap, "host softmax needs rows-per-block > 0, got %lld",
             (long long)cfg->rowsPerBlock);
    return false;
  }
  const char *it = tesseraDTypeName(cfg->in), *ot = tesseraDTypeName(cfg->out);
  P("func.func @%s(%%X: memref<?x?x%s>, %%Y: memref<?x?x%s>) attributes "
    "{llvm.emit_c_interface} {\n"
    "    %%c0 = arith.constant 0 : index\n"
    "    %%c1 = arith.constant 1 : index\n"
    "    %%R = memref.dim %%X, %%c0 : memref<?x?x%s>\n"
    "    %%rb = arith.constant %lld : index\n"
    "    %%grid = arith.ceildivui %%R, %%rb : index\n"
    "    scf.parallel (%%pid) = (%%c0) to (%%grid) step (%%c1) {\n"
    "      func.call @%s_block(%%X, %%Y, %%pid) : (memref<?x?x%s>, "
    "memref<?x?x%s>, index) -> ()\n"
    "      scf.reduce\n"
    "    }\n"
    "    return\n"
    "}\n",
    cfg->name, it, ot, it, (long long)cfg->rowsPerBlock, cfg->name, it, ot);
  P("func.func private @%s_block(%%X: memref<?x?x%s>, %%Y: memref<?x?x%s>, "
    "%%pid: index) {\n"
    "    %%c0 = arith.constant 0 : index\n"
    "    %%c1 = arith.constant 1 : index\n"
    "    %%cW = arith.constant %d : index\n"
    "    %%R = memref.dim %%X, %%c0 : memref<?x?x%s>\n"
    "    %%L = memref.dim %%X, %%c1 : memref<?x?x%s>\n"
    "    %%rb = arith.constant %lld : index\n"
    "    %%r0 = arith.muli %%pid, %%rb : index\n"
    "    %%rr = arith.subi %%R, %%r0 : index\n"
    "    %%rn = arith.minui %%rr, %%rb : index\n"
    "    %%r1 = arith.addi %%r0, %%rn : index\n"
    "    %%ninf = arith.constant dense<0xFF800000> : vector<%dxf32>\n"
    "    %%zv_f32 = arith.constant dense<0.0> : vector<%dxf32>\n"
    "    %%one_v = arith.constant dense<1.0> : vector<%dxf32>\n"
    "    %%pad = arith.constant dense<0.0> : vector<%dx%s>\n"
    "    scf.for %%r = %%r0 to %%r1 step %%c1 {\n",
    cfg->name, it, ot, W, it, it, (long long)cfg->rowsPerBlock, W, W, W, W, it);
  // Pass 1: max.
  P("      %%mv = scf.for %%j = %%c0 to %%L step %%cW iter_args(%%m = %%ninf) "
    "-> (vector<%dxf32>) {\n"
    "          %%a_w = arith.subi %%L, %%j : index\n",
    W);
  emitRowLoad(out, "%a", cfg->in, W);
  P("          %%a_s = arith.select %%a_m, %%a_f, %%ninf : vector<%dxi1>, "
    "vector<%dxf32>\n"
    "          %%a_n = arith.maximumf %%m, %%a_s : vector<%dxf32>\n"
    "          scf.yield %%a_n : vector<%dxf32>\n"
    "      }\n"
    "      %%mx = vector.reduction <maximumf>, %%mv : vector<%dxf32> into f32\n"
    "      %%mxv = vector.broadcast %%mx : f32 to vector<%dxf32>\n",
    W, W, W, W, W, W);
  // Pass 2: sum of exp(x - max).
  P("      %%sv = scf.for %%j = %%c0 to %%L step %%cW iter_args(%%acc = "
    "%%zv_f32) -> (vector<%dxf32>) {\n"
    "          %%b_w = arith.subi %%L, %%j : index\n",
    W);
  emitRowLoad(out, "%b", cfg->in, W);
  P("          %%b_d = arith.subf %%b_f, %%mxv : vector<%dxf32>\n", W);
  hostEmitVecExp(out, "%b_e", "%b_d", W);
  P("          %%b_z = arith.select %%b_m, %%b_e, %%zv_f32 : vector<%dxi1>, "
    "vector<%dxf32>\n"
    "          %%b_n = arith.addf %%acc, %%b_z : vector<%dxf32>\n"
    "          scf.yield %%b_n : vector<%dxf32>\n"
    "      }\n"
    "      %%sum = vector.reduction <add>, %%sv : vector<%dxf32> into f32\n"
    "      %%one = arith.constant 1.0 : f32\n"
    "      %%inv = arith.divf %%one, %%sum : f32\n"
    "      %%invv = vector.broadcast %%inv : f32 to vector<%dxf32>\n",
    W, W, W, W, W, W);
  // Pass 3: write.
  P("      scf.for %%j = %%c0 to %%L step %%cW {\n"
    "          %%c_w = arith.subi %%L, %%j : index\n");
  emitRowLoad(out, "%c", cfg->in, W);
  P("          %%c_d = arith.subf %%c_f, %%mxv : vector<%dxf32>\n", W);
  hostEmitVecExp(out, "%c_e", "%c_d", W);
  P("          %%c_p = arith.mulf %%c_e, %%invv : vector<%dxf32>\n", W);
  bool f32out = cfg->out == TESSERA_F32;
  if (!f32out)
    P("          %%c_o = arith.truncf %%c_p : vector<%dxf32> to "
      "vector<%dx%s>\n",
      W, W, ot);
  P("          vector.maskedstore %%Y[%%r, %%j], %%c_m, %s : "
    "memref<?x?x%s>, vector<%dxi1>, vector<%dx%s>\n"
    "      }\n"
    "    }\n"
    "    return\n"
    "}\n",
    f32out ? "%c_p" : "%c_o", ot, W, W, ot);
  return true;
}
