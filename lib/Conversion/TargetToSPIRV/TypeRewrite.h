//===- TypeRewrite.h - Kernel types an OpenCL device can take --*- C -*-===//
//
// Private to lib/Conversion/TargetToSPIRV (TypeRewrite.c says why).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TARGETTOSPIRV_TYPEREWRITE_H
#define TESSERA_CONVERSION_TARGETTOSPIRV_TYPEREWRITE_H

#include "mlir-c/IR.h"

#include <stdbool.h>

/// In the gpu.func `func` with `nargs` arguments: workgroup memory in
/// address space 3, and bf16 as i16 with its conversions in integer
/// arithmetic. False after a located error.
bool tspvRewriteTypes(MlirOperation func, intptr_t nargs);

#endif // TESSERA_CONVERSION_TARGETTOSPIRV_TYPEREWRITE_H
