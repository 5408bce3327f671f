//===- ROCDLMatmul.h - The MFMA matmul plan -------------------------------===//
//
// What the MFMA matmul generator decides before it writes code
// (ROCDLMatmulPlan.c): the MFMA tile, the wave grid, the per-lane vector
// widths and the LDS ring, from the config and, once Target IR holds them,
// the committed shape, waves, block and LDS. ROCDLMatmul.c emits the kernel
// of a plan.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TARGETTOROCDL_ROCDLMATMUL_H
#define TESSERA_CONVERSION_TARGETTOROCDL_ROCDLMATMUL_H

#include "ROCDLEmit.h"

enum { kWave = 64, kMaxAccRegs = 128 };

typedef struct Plan {
  const TesseraMatmulKernelConfig *cfg;
  const char *ta, *tc; // MLIR element types of A/B and C
  int64_t es;          // bytes per A/B element
  int64_t T;           // MFMA tile (32 or 16)
  int64_t p, G;        // elements per lane per MFMA operand, lane groups
  int64_t kMfma;       // K of one MFMA = p * G
  int64_t nAcc;        // f32 per lane per MFMA tile = T*T/64
  int64_t wm, wn;      // wave grid
  int64_t WM, WN;      // wave sub-tile
  int64_t MT, NT;      // MFMA tiles per wave in M, N
  int64_t r;           // k elements per lane per LDS read
  int64_t VA, VB;      // global vector widths of A (along K), B (along N)
  int64_t ldA, ldB;    // padded LDS row lengths (elements)
  int64_t threads;
  int64_t ldsA, ldsB; // bytes
} Plan;

/// Plans `cfg`; false with a one-line reason in `err`.
bool rocdlPlanMatmul(const TesseraMatmulKernelConfig *cfg, Plan *P, char *err,
                     size_t cap);

#endif // TESSERA_CONVERSION_TARGETTOROCDL_ROCDLMATMUL_H
