//===- GpuDriver.h - One GPU driver behind the mgpu* entry points --------===//
//
// Private to lib/Runtime. The CUDA driver (GpuCuda.c) and HIP (GpuHip.c)
// are opened with dlopen at run time (no link-time dependency, no vendor
// headers); GpuMgpu.c implements the mgpu* functions that upstream's
// gpu-to-llvm lowering calls on top of whichever driver is active;
// GpuOpenCL.c runs SPIR-V kernels through the OpenCL ICD loader, also
// opened with dlopen (OpenCLBundle.c: what the kernels it loads carry);
// GpuRuntime.c is the public API (tesseraGpuAvailable / tesseraGpuInvoke).
//
// Every call returns false / NULL on failure and records the driver's
// error (tesseraGpuSetError); the JIT-compiled code cannot take an error
// back, so tesseraGpuInvoke checks the record after the call.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_RUNTIME_GPUDRIVER_H
#define TESSERA_RUNTIME_GPUDRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// A tiled tensor map as the kernels ask for it (TargetToGPU's launches,
/// DistributeTiles/Tma.c): a 2-D (rank 2) or 3-D (rank 3: a batch) tensor
/// of `cols` x `rows` (x `batch`) elements with strides in elements, read
/// in boxes of boxCols x boxRows (x 1) with a swizzle of 0, 32, 64 or 128
/// bytes and zero fill outside. dtype: CUtensorMapDataType (FLOAT16 6,
/// FLOAT32 7, BFLOAT16 9).
typedef struct TesseraTensorMap {
  uint64_t base;
  int32_t dtype;
  int64_t rank, cols, rows, batch;
  int64_t colStride, rowStride, batchStride;
  int64_t boxCols, boxRows, swizzle;
} TesseraTensorMap;

typedef struct TesseraGpuDriver {
  const char *name; // "cuda" / "hip" / "opencl"
  /// Opens the library, initialises it and makes device 0 current
  /// (idempotent). False with a one-line reason.
  bool (*init)(char *err, size_t cap);
  void *(*moduleLoad)(const void *data, size_t size);
  void (*moduleUnload)(void *module);
  void *(*moduleGetFunction)(void *module, const char *name);
  bool (*launch)(void *fn, intptr_t gx, intptr_t gy, intptr_t gz,
                 intptr_t bx, intptr_t by, intptr_t bz, int32_t smem,
                 void *stream, void **params, void **extra, size_t nparams);
  void *(*streamCreate)(void);
  void (*streamDestroy)(void *stream);
  bool (*streamSynchronize)(void *stream);
  void (*streamWaitEvent)(void *stream, void *event);
  void *(*eventCreate)(void);
  void (*eventDestroy)(void *event);
  void (*eventSynchronize)(void *event);
  void (*eventRecord)(void *event, void *stream);
  float (*eventElapsed)(void *start, void *end);
  void *(*memAlloc)(uint64_t bytes, bool hostShared);
  void (*memFree)(void *ptr);
  /// Any direction (unified addressing), ordered on `stream` (NULL: the
  /// default stream) and complete on return.
  bool (*memcpy)(void *dst, const void *src, size_t bytes, void *stream);
  bool (*memset32)(void *dst, uint32_t value, size_t count, void *stream);
  bool (*memset16)(void *dst, uint16_t value, size_t count, void *stream);
  /// sm_90a: a tiled tensor map in device memory (nvidia.md), of `m`;
  /// NULL when TMA cannot be used (HIP: always).
  void *(*tensorMap)(const TesseraTensorMap *m);
} TesseraGpuDriver;

extern const TesseraGpuDriver tesseraGpuCudaDriver;
extern const TesseraGpuDriver tesseraGpuHipDriver;
extern const TesseraGpuDriver tesseraGpuOpenCLDriver;

/// The driver the mgpu* functions use (set by tesseraGpuInvoke).
void tesseraGpuSetActive(const TesseraGpuDriver *d);
const TesseraGpuDriver *tesseraGpuActive(void);

/// First error since the last tesseraGpuClearError (later ones are
/// dropped: the first is the cause).
void tesseraGpuSetError(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
const char *tesseraGpuError(void); // NULL if none
void tesseraGpuClearError(void);

/// Per-launch kernel timing: while enabled, mgpuLaunchKernel brackets each
/// launch with events; the sum is read after the streams are synchronised.
void tesseraGpuTimingBegin(void);
double tesseraGpuTimingEnd(void); // milliseconds, all launches

/// Name -> address of every symbol the JIT-compiled host code may call.
typedef struct TesseraGpuSymbol {
  const char *name;
  void *addr;
} TesseraGpuSymbol;
const TesseraGpuSymbol *tesseraGpuSymbols(int *count);

#endif // TESSERA_RUNTIME_GPUDRIVER_H
