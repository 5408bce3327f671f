//===- TargetToROCDL.c - tessera-lower-target-to-rocdl -------------------===//
//
// Target IR committed to an AMD chip -> gpu.module (the ROCDL generators:
// ROCDLMatmul.c, ROCDLSoftmax.c) + gpu.launch_func in the entry
// functions. The shared machinery is lib/Conversion/TargetToGPU.
//
//===----------------------------------------------------------------------===//
#include "Conversion/TargetToGPU/TargetToGPU.h"

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

#include <stdio.h>

static void targetAttr(char *buf, size_t cap, const char *chip) {
  snprintf(buf, cap, "#rocdl.target<O = 3, chip = \"%s\">", chip);
}

static const TesseraGpuVendor kROCDL = {
    .passName = "tessera-lower-target-to-rocdl",
    .chipPrefix = "gfx",
    .genMatmul = tesseraGenROCDLMatmul,
    .genSoftmax = tesseraGenROCDLSoftmax,
    .targetAttr = targetAttr,
    // amd.md: softmax tileN = 2^30 (one block along x), row blocks along y.
    .softmaxRowsAlongX = false,
};

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  (void)o;
  tesseraLowerTargetToGPU(module, pass, &kROCDL);
}

const TesseraPassDef tesseraLowerTargetToROCDLPassDef = {
    .info = {.argument = "tessera-lower-target-to-rocdl",
             .summary = "Target IR (gfx*) -> gpu.module kernels (amdgpu/rocdl) "
                        "+ gpu.launch_func and device buffers in the entries"},
    .opName = "builtin.module",
    .run = run,
    // Generated text may use any of these (see TestEmitKernel.c).
    .dependentDialects = {mlirGetDialectHandle__gpu__,
                          mlirGetDialectHandle__nvgpu__,
                          mlirGetDialectHandle__nvvm__,
                          mlirGetDialectHandle__amdgpu__,
                          mlirGetDialectHandle__rocdl__,
                          mlirGetDialectHandle__vector__,
                          mlirGetDialectHandle__scf__,
                          mlirGetDialectHandle__arith__,
                          mlirGetDialectHandle__memref__,
                          mlirGetDialectHandle__math__,
                          mlirGetDialectHandle__llvm__,
                          mlirGetDialectHandle__func__},
};
