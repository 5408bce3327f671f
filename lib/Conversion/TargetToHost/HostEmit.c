//===- HostEmit.c - What the host kernel generators share ----------------===//
#include "Conversion/TargetToHost/HostEmit.h"

// `bits`: the vector width the Target IR committed to (512 with AVX-512,
// 256 with AVX2); 0 means this CPU's.
HostShape hostShape(int bits) {
  HostShape s;
  bool avx512 = bits ? bits >= 512 : tesseraHostHasAvx512();
  s.W = avx512 ? 16 : 8;
  s.MR = avx512 ? 14 : 6;
  s.NR = 2 * s.W;
  s.KC = 256; // the schedule's block_k overrides it (hostShapeFor)
  s.MC = s.MR * 8;
  return s;
}

// %<dst> = exp(%<src>) on vector<Wxf32> without libm: Cody-Waite range
// reduction to r in [-ln2/2, ln2/2], a degree-6 polynomial (Cephes expf
// coefficients, ~1 ulp) and 2^n built in the exponent bits. Inputs are
// clamped to [-87.3, 88.7] (results below FLT_MIN flush towards 0).
void hostEmitVecExp(TesseraStrBuf *out, const char *dst, const char *src,
                    int W) {
  static const char *const coeff[] = {"1.9875691500E-4", "1.3981999507E-3",
                                      "8.3334519073E-3", "4.1665795894E-2",
                                      "1.6666665459E-1", "5.0000001201E-1"};
  P("          %s_lo = arith.constant dense<-87.3> : vector<%dxf32>\n"
    "          %s_hi = arith.constant dense<88.7> : vector<%dxf32>\n"
    "          %s_x0 = arith.maximumf %s, %s_lo : vector<%dxf32>\n"
    "          %s_x = arith.minimumf %s_x0, %s_hi : vector<%dxf32>\n"
    "          %s_l2e = arith.constant dense<1.44269504088896341> : "
    "vector<%dxf32>\n"
    "          %s_fx = arith.mulf %s_x, %s_l2e : vector<%dxf32>\n"
    "          %s_n = math.roundeven %s_fx : vector<%dxf32>\n"
    "          %s_c1 = arith.constant dense<-0.693359375> : vector<%dxf32>\n"
    "          %s_c2 = arith.constant dense<2.12194440e-4> : vector<%dxf32>\n"
    "          %s_r0 = vector.fma %s_n, %s_c1, %s_x : vector<%dxf32>\n"
    "          %s_r = vector.fma %s_n, %s_c2, %s_r0 : vector<%dxf32>\n",
    dst, W, dst, W, dst, src, dst, W, dst, dst, dst, W, dst, W, dst, dst, dst,
    W, dst, dst, W, dst, W, dst, W, dst, dst, dst, dst, W, dst, dst, dst, dst,
    W);
  P("          %s_p0 = arith.constant dense<%s> : vector<%dxf32>\n", dst,
    coeff[0], W);
  for (int i = 1; i < 6; ++i) {
    P("          %s_k%d = arith.constant dense<%s> : vector<%dxf32>\n", dst, i,
      coeff[i], W);
    P("          %s_p%d = vector.fma %s_p%d, %s_r, %s_k%d : vector<%dxf32>\n",
      dst, i, dst, i - 1, dst, dst, i, W);
  }
  P("          %s_r2 = arith.mulf %s_r, %s_r : vector<%dxf32>\n"
    "          %s_q0 = vector.fma %s_p5, %s_r2, %s_r : vector<%dxf32>\n"
    "          %s_q = arith.addf %s_q0, %%one_v : vector<%dxf32>\n"
    "          %s_ni = arith.fptosi %s_n : vector<%dxf32> to vector<%dxi32>\n"
    "          %s_b = arith.constant dense<127> : vector<%dxi32>\n"
    "          %s_e0 = arith.addi %s_ni, %s_b : vector<%dxi32>\n"
    "          %s_s = arith.constant dense<23> : vector<%dxi32>\n"
    "          %s_e1 = arith.shli %s_e0, %s_s : vector<%dxi32>\n"
    "          %s_e = arith.bitcast %s_e1 : vector<%dxi32> to vector<%dxf32>\n"
    "          %s = arith.mulf %s_q, %s_e : vector<%dxf32>\n",
    dst, dst, dst, W, dst, dst, dst, dst, W, dst, dst, W, dst, dst, W, W, dst,
    W, dst, dst, dst, W, dst, W, dst, dst, dst, W, dst, dst, W, W, dst, dst,
    dst, W);
}

// Emits the epilogue on vector %<v> (vector<Wxf32>) for row %<row> and
// columns from %<col> under mask %<mask>; writes the name of the result
// into `res`.
void hostEmitEpilogue(TesseraStrBuf *out, const TesseraMatmulKernelConfig *cfg,
                      const HostShape *s, const char *v, const char *row,
                      const char *col, const char *mask, char *res,
                      size_t cap) {
  char cur[64];
  snprintf(cur, sizeof cur, "%s", v);
  int W = s->W, extra = 0;
  for (int e = 0; e < cfg->numEpilogue; ++e) {
    const TesseraEpilogueOp *op = &cfg->epilogue[e];
    char n[64];
    snprintf(n, sizeof n, "%s_e%d", v, e);
    const char *et = tesseraDTypeName(op->operandType);
    switch (op->kind) {
    case TESSERA_EPI_BIAS:
    case TESSERA_EPI_RESIDUAL:
      if (op->kind == TESSERA_EPI_BIAS)
        P("          %s_x = vector.maskedload %%E%d[%s], %s, %%zv_%s : "
          "memref<?x%s>, vector<%dxi1>, vector<%dx%s> into vector<%dx%s>\n",
          n, extra, col, mask, et, et, W, W, et, W, et);
      else
        P("          %s_x = vector.maskedload %%E%dv[%s, %s], %s, %%zv_%s : "
          "memref<?x?x%s, strided<[?, 1], offset: ?>>, vector<%dxi1>, "
          "vector<%dx%s> into vector<%dx%s>\n",
          n, extra, row, col, mask, et, et, W, W, et, W, et);
      if (op->operandType == TESSERA_F32)
        P("          %s = arith.addf %s, %s_x : vector<%dxf32>\n", n, cur, n,
          W);
      else {
        P("          %s_f = arith.extf %s_x : vector<%dx%s> to "
          "vector<%dxf32>\n",
          n, n, W, et, W);
        P("          %s = arith.addf %s, %s_f : vector<%dxf32>\n", n, cur, n,
          W);
      }
      ++extra;
      break;
    case TESSERA_EPI_RELU:
      P("          %s = arith.maximumf %s, %%zv_f32 : vector<%dxf32>\n", n, cur,
        W);
      break;
    case TESSERA_EPI_GELU_TANH:
      // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
      P("          %s_2 = arith.mulf %s, %s : vector<%dxf32>\n", n, cur, cur,
        W);
      P("          %s_3 = arith.mulf %s_2, %s : vector<%dxf32>\n", n, n, cur,
        W);
      P("          %s_i = vector.fma %%gelu_a, %s_3, %s : vector<%dxf32>\n", n,
        n, cur, W);
      P("          %s_s = arith.mulf %s_i, %%gelu_s : vector<%dxf32>\n", n, n,
        W);
      // tanh(y) = 1 - 2 / (exp(2y) + 1), with the libm-free exp.
      {
        char ex[80], in2[80];
        snprintf(in2, sizeof in2, "%s_2y", n);
        snprintf(ex, sizeof ex, "%s_ex", n);
        P("          %s = arith.addf %s_s, %s_s : vector<%dxf32>\n", in2, n, n,
          W);
        hostEmitVecExp(out, ex, in2, W);
        P("          %s_ep = arith.addf %s, %%one_v : vector<%dxf32>\n", n, ex,
          W);
        P("          %s_two = arith.addf %%one_v, %%one_v : vector<%dxf32>\n",
          n, W);
        P("          %s_q = arith.divf %s_two, %s_ep : vector<%dxf32>\n", n, n,
          n, W);
        P("          %s_t = arith.subf %%one_v, %s_q : vector<%dxf32>\n", n, n,
          W);
      }
      P("          %s_1 = arith.addf %s_t, %%one_v : vector<%dxf32>\n", n, n,
        W);
      P("          %s_h = arith.mulf %s, %%half_v : vector<%dxf32>\n", n, cur,
        W);
      P("          %s = arith.mulf %s_h, %s_1 : vector<%dxf32>\n", n, n, n, W);
      break;
    case TESSERA_EPI_GELU_ERF:
      // 0.5 x (1 + erf(x / sqrt(2)))
      P("          %s_s = arith.mulf %s, %%rsqrt2_v : vector<%dxf32>\n", n, cur,
        W);
      P("          %s_r = math.erf %s_s : vector<%dxf32>\n", n, n, W);
      P("          %s_1 = arith.addf %s_r, %%one_v : vector<%dxf32>\n", n, n,
        W);
      P("          %s_h = arith.mulf %s, %%half_v : vector<%dxf32>\n", n, cur,
        W);
      P("          %s = arith.mulf %s_h, %s_1 : vector<%dxf32>\n", n, n, n, W);
      break;
    case TESSERA_EPI_SILU:
      // x * sigmoid(x) = x / (1 + exp(-x))
      P("          %s_n = arith.negf %s : vector<%dxf32>\n", n, cur, W);
      {
        char nn[80], ex[80];
        snprintf(nn, sizeof nn, "%s_n", n);
        snprintf(ex, sizeof ex, "%s_x", n);
        hostEmitVecExp(out, ex, nn, W);
      }
      P("          %s_d = arith.addf %s_x, %%one_v : vector<%dxf32>\n", n, n,
        W);
      P("          %s = arith.divf %s, %s_d : vector<%dxf32>\n", n, cur, n, W);
      break;
    }
    snprintf(cur, sizeof cur, "%s", n);
  }
  snprintf(res, cap, "%s", cur);
}

// `src` (vector<W x t>) as vector<W x f32>: the name to use, `src` itself
// when t is f32, else `dst`, defined here by an extf.
const char *hostEmitToF32(TesseraStrBuf *out, const char *dst, const char *src,
                          TesseraDType t, int W) {
  if (t == TESSERA_F32)
    return src;
  P("          %s = arith.extf %s : vector<%dx%s> to vector<%dxf32>\n", dst,
    src, W, tesseraDTypeName(t), W);
  return dst;
}
