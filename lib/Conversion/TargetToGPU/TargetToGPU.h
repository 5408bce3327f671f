//===- TargetToGPU.h - Target IR -> gpu.module + gpu.launch_func ---------===//
//
// What tessera-lower-target-to-nvvm and tessera-lower-target-to-rocdl share:
// each kernel func becomes the generator's gpu.module, each call of it in an
// entry function a gpu.launch_func with the grid computed from the memref
// dims, and the entry's buffers move to the device (gpu.alloc/dealloc,
// gpu.memcpy). A vendor contributes which generators it runs, its target
// attribute and the launch-grid convention of its row-block kernels.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TARGETTOGPU_H
#define TESSERA_CONVERSION_TARGETTOGPU_H

#include "Conversion/KernelFamilies.h"
#include "Pipeline/PassRegistry.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TesseraGpuVendor {
  const char *passName;   // "tessera-lower-target-to-nvvm", for messages
  const char *chipPrefix; // "sm_" / "gfx": the chips this vendor accepts
  TesseraGenTarget target; // whose generators (KernelFamilies.h) it runs
  /// Writes the gpu.module target attribute for `chip` ("#nvvm.target<...>").
  void (*targetAttr)(char *buf, size_t cap, const char *chip);
  /// Optional: rewrites the kernel's gpu.module for the vendor's devices
  /// after the op-by-op lowering (SPIR-V: workgroup memory as attributions,
  /// shuffles through it). False after a located error.
  bool (*finishKernel)(MlirOperation gpuModule,
                       const TesseraLaunchInfo *launch);
} TesseraGpuVendor;

/// The whole pass body; signals failure on `pass` after located errors.
void tesseraLowerTargetToGPU(MlirOperation module, MlirExternalPass pass,
                             const TesseraGpuVendor *vendor);

/// The C symbols the entry functions call to make sm_90a tensor maps
/// (implemented by the GPU runtime, lib/Runtime/GpuCuda.c).
#define TESSERA_TMA_ENCODE_FN "tesseraGpuTensorMap"
#define TESSERA_TMA_FREE_FN "tesseraGpuTensorMapFree"

#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_TARGETTOGPU_H
