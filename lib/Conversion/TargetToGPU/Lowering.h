//===- Lowering.h - State shared by the TargetToGPU files ------*- C -*-===//
//
// Private to lib/Conversion/TargetToGPU: the kernels of the module being
// lowered (TargetToGPU.c makes them) and the rewriting of their calls into
// gpu.launch_func (LaunchCalls.c).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TARGETTOGPU_LOWERING_H
#define TESSERA_CONVERSION_TARGETTOGPU_LOWERING_H

#include "Conversion/KernelRecipe.h"
#include "Conversion/TargetToGPU/TargetToGPU.h"

#include "mlir-c/IR.h"

enum { kMaxKernels = 64, kMaxArgs = 32 };

typedef struct Kernel {
  char name[128];   // the kernel func's symbol (what the entries call)
  char module[160]; // gpu.module sym_name
  char fallback[128]; // launched when the operands are not aligned (or "")
  TesseraKernelRecipe recipe;
  TesseraLaunchInfo launch;
  bool tma; // TMA copies (sm_90a): tensor maps after the arguments
  MlirOperation func;
  // A cp.async kernel with a fallback: the arguments its copies read and
  // each one's widest chunk in bytes (tgCollectCpAsync).
  int cpAsyncArg[kMaxArgs];
  int64_t cpAsyncBytes[kMaxArgs];
  int numCpAsync;
} Kernel;

typedef struct Lowering {
  const TesseraGpuVendor *vendor;
  const char *chip; // points into chipBuf
  char chipBuf[32];
  MlirOperation module;
  Kernel kernels[kMaxKernels];
  int numKernels;
  bool failed;
} Lowering;

/// A located error "<pass>: <fmt with a, b>"; marks the lowering failed.
void tgErrorAt(Lowering *l, MlirOperation op, const char *fmt, const char *a,
               const char *b);
/// The lowered kernel whose func is named `name`, or NULL.
const Kernel *tgFindKernel(const Lowering *l, MlirStringRef name);
/// Records the arguments k's cp.async copies read (k->cpAsync*); false,
/// with a located error, if a copy reads something else (its alignment
/// could not be checked before the launch).
bool tgCollectCpAsync(Lowering *l, Kernel *k);
/// Replaces the func.call `op` of kernel `k` by its launch (or the choice
/// between it and its fallback, LaunchCalls.c).
void tgRewriteCall(Lowering *l, MlirOperation op, const Kernel *k);

#endif // TESSERA_CONVERSION_TARGETTOGPU_LOWERING_H
