//===- KernelMatch.h - Which fast lowering a kernel body can take --------===//
#ifndef TESSERA_CONVERSION_KERNELMATCH_H
#define TESSERA_CONVERSION_KERNELMATCH_H

#include "Conversion/KernelRecipe.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Reads kernel `func`'s body. If it is the loop nest of a fast lowering
/// (a tiled matmul with an elementwise epilogue, or the three-pass row
/// softmax), fills `r->kind` and the config's tiles, stages, dtypes and
/// epilogue from the ops and returns true. Otherwise sets `r->kind` to
/// TESSERA_KERNEL_GENERIC, writes why into `r->generic`, and returns false.
bool tesseraMatchKernel(MlirOperation func, TesseraKernelRecipe *r);

/// f32, f16 or bf16 as the element type of `shaped`.
bool tesseraDTypeOf(MlirType shaped, TesseraDType *t);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_KERNELMATCH_H
