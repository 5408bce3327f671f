//===- NVVMKernels.c - NVIDIA kernel generators: dispatch and epilogue ----===//
//
// tesseraGenNVVMMatmul runs the one NVIDIA whole-nest template left:
//   sm_90a, 16-bit inputs -> MatmulSm90a.c (wgmma.mma_async + TMA + mbarriers)
// mma.sync kernels (sm_80, sm_90, f32 on sm_90a, and the TMA kernel's
// fallback) are compiled op by op (DistributeTiles/MmaSync.c).
// The fused epilogue (bias, residual, activations) is shared and lives here.
// See docs/targets/nvidia.md for the kernels, their ABI and the evidence.
//
//===----------------------------------------------------------------------===//
#include "NVVMEmit.h"

#include <string.h>

void nvMatrixType(char *buf, size_t cap, bool batched, TesseraDType t) {
  snprintf(buf, cap, "memref<%sx%s>", batched ? "?x?x?" : "?x?", nvElt(t));
}

void nvEmitMatmulArgs(NVGen *g, const TesseraMatmulKernelConfig *cfg) {
  char ta[64], tb[64], tc[64];
  nvMatrixType(ta, sizeof ta, cfg->batched, cfg->a);
  nvMatrixType(tb, sizeof tb, cfg->batched, cfg->b);
  nvMatrixType(tc, sizeof tc, cfg->batched, cfg->c);
  tesseraStrBufPrintf(g->o, "%%A: %s, %%B: %s, %%C: %s", ta, tb, tc);
  int e = 0;
  for (int i = 0; i < cfg->numEpilogue; ++i) {
    const TesseraEpilogueOp *op = &cfg->epilogue[i];
    if (op->kind == TESSERA_EPI_BIAS)
      tesseraStrBufPrintf(g->o, ", %%E%d: memref<?x%s>", e++,
                          nvElt(op->operandType));
    else if (op->kind == TESSERA_EPI_RESIDUAL) {
      char tr[64];
      nvMatrixType(tr, sizeof tr, cfg->batched, op->operandType);
      tesseraStrBufPrintf(g->o, ", %%E%d: %s", e++, tr);
    }
  }
}

void nvEmitEpilogueStore(NVGen *g, const TesseraMatmulKernelConfig *cfg,
                         int v, int bz, int row, int col, int inb) {
  char bpre[32] = "";
  if (cfg->batched)
    snprintf(bpre, sizeof bpre, "%%v%d, ", bz);
  nvStmt(g, "scf.if %%v%d {", inb);
  g->indent += 2;
  int e = 0;
  for (int i = 0; i < cfg->numEpilogue; ++i) {
    const TesseraEpilogueOp *op = &cfg->epilogue[i];
    const char *et = nvElt(op->operandType);
    switch (op->kind) {
    case TESSERA_EPI_BIAS: {
      int x = nvDef(g, "memref.load %%E%d[%%v%d] : memref<?x%s>", e++, col, et);
      v = nvBin(g, "addf", v, nvToF32(g, x, op->operandType), "f32");
      break;
    }
    case TESSERA_EPI_RESIDUAL: {
      char tr[64];
      nvMatrixType(tr, sizeof tr, cfg->batched, op->operandType);
      int x = nvDef(g, "memref.load %%E%d[%s%%v%d, %%v%d] : %s", e++, bpre,
                    row, col, tr);
      v = nvBin(g, "addf", v, nvToF32(g, x, op->operandType), "f32");
      break;
    }
    case TESSERA_EPI_RELU:
      v = nvBin(g, "maximumf", v, nvF32(g, 0.0), "f32");
      break;
    case TESSERA_EPI_GELU_TANH: {
      // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
      int x2 = nvBin(g, "mulf", v, v, "f32");
      int x3 = nvBin(g, "mulf", x2, v, "f32");
      int t = nvBin(g, "mulf", x3, nvF32(g, 0.044715), "f32");
      t = nvBin(g, "addf", v, t, "f32");
      t = nvBin(g, "mulf", t, nvF32(g, 0.7978845608028654), "f32");
      t = nvDef(g, "math.tanh %%v%d : f32", t);
      t = nvBin(g, "addf", t, nvF32(g, 1.0), "f32");
      int h = nvBin(g, "mulf", v, nvF32(g, 0.5), "f32");
      v = nvBin(g, "mulf", h, t, "f32");
      break;
    }
    case TESSERA_EPI_GELU_ERF: {
      int t = nvBin(g, "mulf", v, nvF32(g, 0.7071067811865476), "f32");
      t = nvDef(g, "math.erf %%v%d : f32", t);
      t = nvBin(g, "addf", t, nvF32(g, 1.0), "f32");
      int h = nvBin(g, "mulf", v, nvF32(g, 0.5), "f32");
      v = nvBin(g, "mulf", h, t, "f32");
      break;
    }
    case TESSERA_EPI_SILU: {
      // x * sigmoid(x) = x / (1 + exp(-x))
      int n = nvDef(g, "arith.negf %%v%d : f32", v);
      int ex = nvDef(g, "math.exp %%v%d : f32", n);
      int d = nvBin(g, "addf", ex, nvF32(g, 1.0), "f32");
      v = nvBin(g, "divf", v, d, "f32");
      break;
    }
    }
  }
  char tc[64];
  nvMatrixType(tc, sizeof tc, cfg->batched, cfg->c);
  int s = nvFromF32(g, v, cfg->c);
  nvStmt(g, "memref.store %%v%d, %%C[%s%%v%d, %%v%d] : %s", s, bpre, row, col,
         tc);
  g->indent -= 2;
  nvStmt(g, "}");
}

bool nvCheckCommon(const TesseraMatmulKernelConfig *cfg, char *err,
                   size_t cap) {
  if (!cfg->name || !*cfg->name) {
    snprintf(err, cap, "kernel name is empty");
    return false;
  }
  if (cfg->tileM <= 0 || cfg->tileN <= 0 || cfg->tileK <= 0) {
    snprintf(err, cap, "tile sizes must be positive (got %lldx%lldx%lld)",
             (long long)cfg->tileM, (long long)cfg->tileN,
             (long long)cfg->tileK);
    return false;
  }
  if (cfg->stages < 1 || cfg->stages > 8) {
    snprintf(err, cap, "stages must be in [1, 8] (got %lld)",
             (long long)cfg->stages);
    return false;
  }
  if (cfg->a != cfg->b) {
    snprintf(err, cap, "A and B must have the same element type (got %s and %s)",
             nvElt(cfg->a), nvElt(cfg->b));
    return false;
  }
  return true;
}

bool tesseraGenNVVMMatmul(const TesseraMatmulKernelConfig *cfg,
                          TesseraStrBuf *out, TesseraLaunchInfo *launch,
                          char *err, size_t cap) {
  if (!nvCheckCommon(cfg, err, cap))
    return false;
  if (!strcmp(cfg->chip, "sm_90a"))
    return nvGenMatmulSm90a(cfg, out, launch, err, cap);
  snprintf(err, cap, "the whole-nest matmul has no form for %s (its "
           "kernels are compiled op by op)", cfg->chip);
  return false;
}
