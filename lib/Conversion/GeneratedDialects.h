//===- GeneratedDialects.h - Dialects that generated kernels may use -----===//
//
// Passes that parse generator output (KernelGen.h) declare these as
// dependent dialects, so they are loaded before the pass manager runs
// (loading a dialect while passes run is not allowed; an op of an unloaded
// dialect would be unregistered -- docs/design.md).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_GENERATEDDIALECTS_H
#define TESSERA_CONVERSION_GENERATEDDIALECTS_H

#include "mlir-c/Dialect/AMDGPU.h"
#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/GPU.h"
#include "mlir-c/Dialect/LLVM.h"
#include "mlir-c/Dialect/Math.h"
#include "mlir-c/Dialect/MemRef.h"
#include "mlir-c/Dialect/NVGPU.h"
#include "mlir-c/Dialect/NVVM.h"
#include "mlir-c/Dialect/ROCDL.h"
#include "mlir-c/Dialect/SCF.h"
#include "mlir-c/Dialect/Vector.h"

#define TESSERA_GENERATED_KERNEL_DIALECTS                                      \
  {mlirGetDialectHandle__gpu__,    mlirGetDialectHandle__nvgpu__,              \
   mlirGetDialectHandle__nvvm__,   mlirGetDialectHandle__amdgpu__,             \
   mlirGetDialectHandle__rocdl__,  mlirGetDialectHandle__vector__,             \
   mlirGetDialectHandle__scf__,    mlirGetDialectHandle__arith__,              \
   mlirGetDialectHandle__memref__, mlirGetDialectHandle__math__,               \
   mlirGetDialectHandle__llvm__,   mlirGetDialectHandle__func__}

/// What host code is made of (the host generators' output, the generic
/// lowering of Schedule IR).
#define TESSERA_HOST_KERNEL_DIALECTS                                           \
  {mlirGetDialectHandle__func__,  mlirGetDialectHandle__memref__,              \
   mlirGetDialectHandle__arith__, mlirGetDialectHandle__math__,                \
   mlirGetDialectHandle__scf__,   mlirGetDialectHandle__vector__}

#endif // TESSERA_CONVERSION_GENERATEDDIALECTS_H
