//===- TargetToNVVM.c - tessera-lower-target-to-nvvm ---------------------===//
//
// Target IR committed to an NVIDIA chip -> gpu.modules (op by op through
// DistributeTiles: mma.sync, and wgmma + TMA on sm_90a) + gpu.launch_func
// in the entry functions. The shared machinery is lib/Conversion/TargetToGPU.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GeneratedDialects.h"
#include "Conversion/TargetToGPU/TargetToGPU.h"


#include <stdio.h>

// sm_90a PTX needs ISA 8.0; +ptx80 serves every chip Tessera targets and
// matches what ttarget.target records.
static void targetAttr(char *buf, size_t cap, const char *chip) {
  snprintf(buf, cap, "#nvvm.target<O = 3, chip = \"%s\", features = "
           "\"+ptx80\">", chip);
}

static const TesseraGpuVendor kNVVM = {
    .passName = "tessera-lower-target-to-nvvm",
    .chipPrefix = "sm_",
    .target = TESSERA_GEN_NVVM,
    .targetAttr = targetAttr,
};

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  (void)o;
  tesseraLowerTargetToGPU(module, pass, &kNVVM);
}

const TesseraPassDef tesseraLowerTargetToNVVMPassDef = {
    .info = {.argument = "tessera-lower-target-to-nvvm",
             .summary = "Target IR (sm_*) -> gpu.module kernels (nvgpu/nvvm) "
                        "+ gpu.launch_func and device buffers in the entries"},
    .opName = "builtin.module",
    .run = run,
    .dependentDialects = TESSERA_GENERATED_KERNEL_DIALECTS,
};
