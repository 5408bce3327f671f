//===- KernelRecipe.h - Reading a kernel generator config off IR ---------===//
//
// A Schedule or Target IR kernel (a func.func with `tsched.kernel`) whose
// body a fast lowering implements -- a matmul with a fused elementwise
// epilogue -- is summarised as a generator config, read
// from the body and from Target IR. ScheduleToTarget plans with it; the
// Target lowering passes instantiate generators from it.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_KERNELRECIPE_H
#define TESSERA_CONVERSION_KERNELRECIPE_H

#include "Conversion/KernelGen.h"

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum TesseraKernelKind {
  TESSERA_KERNEL_MATMUL,  // the tiled matmul + epilogue lowering
  TESSERA_KERNEL_GENERIC, // neither: compiled op by op
} TesseraKernelKind;

typedef struct TesseraKernelRecipe {
  TesseraKernelKind kind;
  char name[128];
  TesseraMatmulKernelConfig matmul;
  char generic[256];        // GENERIC: why no fast lowering takes the body
  TesseraLaunchInfo commit; // GPUs: what Target IR committed the kernel to
  bool committed;           // `commit` was read (configs point at it)
} TesseraKernelRecipe;

/// True if `func` carries `tsched.kernel`.
bool tesseraIsKernel(MlirOperation func);

/// Reads kernel `func` for `chip`: which fast lowering its body takes
/// (KernelMatch.h), with tiles, stages and epilogue from the body; and, once
/// the kernel is committed to a GPU (ttarget.kernel `block`), the launch,
/// MMA shape and warp grid Target IR holds. Returns false with a one-line
/// reason only if that commitment is malformed.
bool tesseraKernelRecipe(MlirOperation func, const char *chip,
                         TesseraKernelRecipe *r, char *err, size_t cap);


#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_KERNELRECIPE_H
