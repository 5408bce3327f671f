//===- TargetToROCDL.c - tessera-lower-target-to-rocdl -------------------===//
//
// Target IR committed to an AMD chip -> gpu.modules + gpu.launch_func in
// the entry functions. Every AMD kernel is compiled op by op
// (lib/Conversion/DistributeTiles: MFMA, LDS copies, streamed epilogues);
// the shared machinery is lib/Conversion/TargetToGPU.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GeneratedDialects.h"
#include "Conversion/TargetToGPU/TargetToGPU.h"


#include <stdio.h>

static void targetAttr(char *buf, size_t cap, const char *chip) {
  snprintf(buf, cap, "#rocdl.target<O = 3, chip = \"%s\">", chip);
}

static const TesseraGpuVendor kROCDL = {
    .passName = "tessera-lower-target-to-rocdl",
    .chipPrefix = "gfx",
    .target = TESSERA_GEN_ROCDL,
    .targetAttr = targetAttr,
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
    .dependentDialects = TESSERA_GENERATED_KERNEL_DIALECTS,
};
