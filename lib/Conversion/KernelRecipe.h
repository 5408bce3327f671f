//===- KernelRecipe.h - Reading a kernel generator config off IR ---------===//
//
// A Schedule or Target IR kernel (a func.func with `tsched.kernel`) whose
// shape a generator knows -- a matmul with a fused elementwise epilogue, or
// a row softmax -- is summarised as a generator config. The Target lowering
// passes instantiate generators from it; ScheduleToTarget uses it to ask the
// generator for the launch shape it commits to.
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
  TESSERA_KERNEL_MATMUL,
  TESSERA_KERNEL_SOFTMAX,
} TesseraKernelKind;

typedef struct TesseraKernelRecipe {
  TesseraKernelKind kind;
  char name[128];
  TesseraMatmulKernelConfig matmul;
  TesseraSoftmaxKernelConfig softmax;
} TesseraKernelRecipe;

/// True if `func` carries `tsched.kernel`.
bool tesseraIsKernel(MlirOperation func);

/// Reads the recipe of kernel `func` for `chip`. On failure returns false
/// with a one-line reason ("kernel of a shape no generator handles: ...").
bool tesseraKernelRecipe(MlirOperation func, const char *chip,
                         TesseraKernelRecipe *r, char *err, size_t cap);

/// Parses generator output and puts its top-level ops where `func` was,
/// then erases `func`. Returns false (diagnostics emitted) if it does not
/// parse.
bool tesseraReplaceWithGenerated(MlirOperation func, const char *text);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_KERNELRECIPE_H
