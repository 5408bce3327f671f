//===- KernelGen.c - Shared bits of the kernel generators ----------------===//
#include "Conversion/KernelGen.h"
#include "IR/ElementwiseFns.h"

#include <string.h>

const char *tesseraDTypeName(TesseraDType t) {
  switch (t) {
  case TESSERA_F32:
    return "f32";
  case TESSERA_F16:
    return "f16";
  case TESSERA_BF16:
    return "bf16";
  }
  return "f32";
}

bool tesseraHostHasAvx512(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}

bool tesseraEpilogueActivation(const char *name, size_t len,
                               TesseraEpilogueKind *kind,
                               const TesseraElementwiseFn **fn) {
  const TesseraElementwiseFn *f =
      tesseraLookupElementwiseFn(mlirStringRefCreate(name, len));
  if (!f || f->arity != 1)
    return false;
  *kind = TESSERA_EPI_ACTIVATION;
  *fn = f;
  return true;
}

bool tesseraPickWarpGrid(int64_t warps, int64_t tileM, int64_t tileN,
                         int64_t unitM, int64_t unitN, int64_t *wm,
                         int64_t *wn) {
  int64_t best = -1;
  for (int64_t m = 1; m <= warps; ++m) {
    if (warps % m)
      continue;
    int64_t n = warps / m;
    if (tileM % (m * unitM) || tileN % (n * unitN))
      continue;
    int64_t a = tileM / m, b = tileN / n, d = a > b ? a - b : b - a;
    if (best < 0 || d < best) {
      best = d;
      *wm = m;
      *wn = n;
    }
  }
  return best >= 0;
}

// mma.sync's accumulator takes rows x cols / (32 warps) registers per
// thread: above 64 (128 x 128 on 4 warps: 128) the epilogue has no room
// left under 255, so such tiles take 8 warps (64 each). Op by op, 4 warps
// spilled 436 bytes in a linear layer; the retired whole-nest sm_80 kernel
// used all 255 registers in every variant and spilled 12 bytes batched f32
// (8 warps: 184, f16 148, no spill).
int64_t tesseraMmaSyncWarps(int64_t rows, int64_t cols, int64_t warps) {
  return rows * cols / (32 * warps) > 64 && rows * cols / (32 * 8) >= 64
             ? 8
             : warps;
}
