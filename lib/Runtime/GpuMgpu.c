//===- GpuMgpu.c - The mgpu* functions upstream's GPU lowering calls -----===//
//
// Debian's MLIR ships no libmlir_cuda_runtime / libmlir_rocm_runtime, so
// Tessera implements the functions that gpu-to-llvm and the gpu.binary /
// gpu.launch_func LLVM translation call, with the signatures of upstream's
// mlir/lib/ExecutionEngine/{Cuda,Rocm}RuntimeWrappers.cpp as the LLVM IR
// declares them (mgpuLaunchKernel(ptr, i64 x6, i32, ptr, ptr, ptr, i64),
// mgpuMemAlloc(i64, ptr, i8), ...), on top of the active driver.
//
// They are static and reach the JIT through mlirExecutionEngineRegisterSymbol
// (tesseraGpuSymbols), so libTessera exports no mgpu* names that could clash
// with upstream's wrapper libraries in the same process.
//
// Unlike upstream's wrappers, which print and carry on, a failure is
// recorded (tesseraGpuSetError) and later calls of the same entry become
// no-ops where continuing would fault (a launch after a failed load).
//
//===----------------------------------------------------------------------===//
#include "GpuDriver.h"

#include "Conversion/TargetToGPU/TargetToGPU.h"

#include <stdarg.h>
#include <stdio.h>

static const TesseraGpuDriver *active;
static char errorText[512];
static bool hasError;

void tesseraGpuSetActive(const TesseraGpuDriver *d) { active = d; }
const TesseraGpuDriver *tesseraGpuActive(void) { return active; }

void tesseraGpuSetError(const char *fmt, ...) {
  if (hasError)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(errorText, sizeof errorText, fmt, ap);
  va_end(ap);
  hasError = true;
}

const char *tesseraGpuError(void) { return hasError ? errorText : NULL; }
void tesseraGpuClearError(void) { hasError = false; }

// Every entry point needs a driver; without one (JIT code run outside
// tesseraGpuInvoke) it records why and does nothing.
static bool ready(const char *fn) {
  if (active)
    return true;
  tesseraGpuSetError("%s called with no GPU driver active", fn);
  return false;
}

//===----------------------------------------------------------------------===//
// Kernel timing
//===----------------------------------------------------------------------===//

enum { kMaxTimed = 256 };
static struct {
  bool on;
  int n;
  void *start[kMaxTimed], *end[kMaxTimed];
} timing;

void tesseraGpuTimingBegin(void) {
  timing.on = true;
  timing.n = 0;
}

double tesseraGpuTimingEnd(void) {
  double ms = 0;
  for (int i = 0; i < timing.n; ++i) {
    if (timing.start[i] && timing.end[i] && !hasError) {
      active->eventSynchronize(timing.end[i]);
      ms += active->eventElapsed(timing.start[i], timing.end[i]);
    }
    active->eventDestroy(timing.start[i]);
    active->eventDestroy(timing.end[i]);
  }
  timing.on = false;
  timing.n = 0;
  return ms;
}

//===----------------------------------------------------------------------===//
// Modules and launches
//===----------------------------------------------------------------------===//

static void *mgpuModuleLoad(void *data, size_t size) {
  return ready("mgpuModuleLoad") ? active->moduleLoad(data, size) : NULL;
}

// gpu-module-to-binary{format=isa}: PTX text, which cuModuleLoadData
// JIT-compiles (the optimisation level is the driver's default).
static void *mgpuModuleLoadJIT(void *data, int optLevel) {
  (void)optLevel;
  return ready("mgpuModuleLoadJIT") ? active->moduleLoad(data, 0) : NULL;
}

static void mgpuModuleUnload(void *module) {
  if (ready("mgpuModuleUnload"))
    active->moduleUnload(module);
}

static void *mgpuModuleGetFunction(void *module, const char *name) {
  return ready("mgpuModuleGetFunction")
             ? active->moduleGetFunction(module, name)
             : NULL;
}

static void mgpuLaunchKernel(void *fn, intptr_t gx, intptr_t gy, intptr_t gz,
                             intptr_t bx, intptr_t by, intptr_t bz,
                             int32_t smem, void *stream, void **params,
                             void **extra, size_t paramsCount) {
  if (!ready("mgpuLaunchKernel") || !fn)
    return; // a failed load or lookup has already said why
  // An empty tensor gives an empty grid: nothing to do, and CUDA/HIP reject
  // a zero grid dimension.
  if (gx <= 0 || gy <= 0 || gz <= 0)
    return;
  bool timed = timing.on && timing.n < kMaxTimed;
  if (timed) {
    timing.start[timing.n] = active->eventCreate();
    timing.end[timing.n] = active->eventCreate();
    active->eventRecord(timing.start[timing.n], stream);
  }
  active->launch(fn, gx, gy, gz, bx, by, bz, smem, stream, params, extra,
                 paramsCount);
  if (timed)
    active->eventRecord(timing.end[timing.n++], stream);
}

//===----------------------------------------------------------------------===//
// Streams and events
//===----------------------------------------------------------------------===//

static void *mgpuStreamCreate(void) {
  return ready("mgpuStreamCreate") ? active->streamCreate() : NULL;
}
static void mgpuStreamDestroy(void *s) {
  if (ready("mgpuStreamDestroy"))
    active->streamDestroy(s);
}
static void mgpuStreamSynchronize(void *s) {
  if (ready("mgpuStreamSynchronize"))
    active->streamSynchronize(s);
}
static void mgpuStreamWaitEvent(void *s, void *e) {
  if (ready("mgpuStreamWaitEvent"))
    active->streamWaitEvent(s, e);
}
static void *mgpuEventCreate(void) {
  return ready("mgpuEventCreate") ? active->eventCreate() : NULL;
}
static void mgpuEventDestroy(void *e) {
  if (ready("mgpuEventDestroy"))
    active->eventDestroy(e);
}
static void mgpuEventSynchronize(void *e) {
  if (ready("mgpuEventSynchronize"))
    active->eventSynchronize(e);
}
static void mgpuEventRecord(void *e, void *s) {
  if (ready("mgpuEventRecord"))
    active->eventRecord(e, s);
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

// The stream is ignored: allocation is synchronous (cuMemAlloc / hipMalloc).
static void *mgpuMemAlloc(uint64_t bytes, void *stream, bool hostShared) {
  (void)stream;
  return ready("mgpuMemAlloc") ? active->memAlloc(bytes, hostShared) : NULL;
}

// Stream-ordered in the IR (gpu-async-region puts the free after the last
// launch on the stream): wait for that stream before the memory goes.
static void mgpuMemFree(void *ptr, void *stream) {
  if (!ready("mgpuMemFree"))
    return;
  active->streamSynchronize(stream);
  active->memFree(ptr);
}

static void mgpuMemcpy(void *dst, void *src, size_t bytes, void *stream) {
  if (ready("mgpuMemcpy"))
    active->memcpy(dst, src, bytes, stream);
}
static void mgpuMemset32(void *dst, unsigned value, size_t count,
                         void *stream) {
  if (ready("mgpuMemset32"))
    active->memset32(dst, value, count, stream);
}
static void mgpuMemset16(void *dst, unsigned short value, size_t count,
                         void *stream) {
  if (ready("mgpuMemset16"))
    active->memset16(dst, value, count, stream);
}

// Tessera runs on device 0; any other request is an error, not a crash.
static void mgpuSetDefaultDevice(int32_t device) {
  if (device != 0)
    tesseraGpuSetError("mgpuSetDefaultDevice(%d): only device 0 is used",
                       (int)device);
}

//===----------------------------------------------------------------------===//
// sm_90a tensor maps (TargetToGPU.c calls these from the entry functions)
//===----------------------------------------------------------------------===//

// The entry's call: the fields of TesseraTensorMap, in order.
static void *tensorMap(uint64_t base, int32_t dtype, int64_t rank,
                       int64_t cols, int64_t rows, int64_t batch,
                       int64_t colStride, int64_t rowStride,
                       int64_t batchStride, int64_t boxCols, int64_t boxRows,
                       int64_t swizzle) {
  TesseraTensorMap m = {base,      dtype,     rank,        cols,
                        rows,      batch,     colStride,   rowStride,
                        batchStride, boxCols, boxRows,     swizzle};
  return ready(TESSERA_TMA_ENCODE_FN) ? active->tensorMap(&m) : NULL;
}

static void tensorMapFree(void *map) {
  if (map && ready(TESSERA_TMA_FREE_FN))
    active->memFree(map);
}

#define SYM(f) {#f, (void *)f}
static const TesseraGpuSymbol kSymbols[] = {
    SYM(mgpuModuleLoad),
    SYM(mgpuModuleLoadJIT),
    SYM(mgpuModuleUnload),
    SYM(mgpuModuleGetFunction),
    SYM(mgpuLaunchKernel),
    SYM(mgpuStreamCreate),
    SYM(mgpuStreamDestroy),
    SYM(mgpuStreamSynchronize),
    SYM(mgpuStreamWaitEvent),
    SYM(mgpuEventCreate),
    SYM(mgpuEventDestroy),
    SYM(mgpuEventSynchronize),
    SYM(mgpuEventRecord),
    SYM(mgpuMemAlloc),
    SYM(mgpuMemFree),
    SYM(mgpuMemcpy),
    SYM(mgpuMemset32),
    SYM(mgpuMemset16),
    SYM(mgpuSetDefaultDevice),
    {TESSERA_TMA_ENCODE_FN, (void *)tensorMap},
    {TESSERA_TMA_FREE_FN, (void *)tensorMapFree},
};

const TesseraGpuSymbol *tesseraGpuSymbols(int *count) {
  *count = (int)(sizeof kSymbols / sizeof kSymbols[0]);
  return kSymbols;
}
