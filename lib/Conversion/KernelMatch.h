//===- KernelMatch.h - Which fast lowering a kernel body can take --------===//
#ifndef TESSERA_CONVERSION_KERNELMATCH_H
#define TESSERA_CONVERSION_KERNELMATCH_H

#include "Conversion/KernelRecipe.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Reads kernel `func`'s body. If it is the loop nest of a kernel family
/// (KernelFamilies.h), fills `r->kind` and the config's tiles, stages,
/// dtypes and epilogue from the ops and returns true. Otherwise sets
/// `r->kind` to TESSERA_KERNEL_GENERIC, writes each family's reason into
/// `r->generic`, and returns false.
bool tesseraMatchKernel(MlirOperation func, TesseraKernelRecipe *r);

/// The matcher of the matmul family (KernelFamilies.h): true if `func`'s
/// body is a tiled matmul with an elementwise epilogue, with the config
/// filled in; else false with the reason in `why`.
bool tesseraMatchMatmulKernel(MlirOperation func, TesseraKernelRecipe *r,
                              char *why, size_t cap);

/// f32, f16 or bf16 as the element type of `shaped`.
bool tesseraDTypeOf(MlirType shaped, TesseraDType *t);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_KERNELMATCH_H
