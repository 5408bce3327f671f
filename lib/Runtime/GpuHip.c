//===- GpuHip.c - HIP (ROCm), opened with dlopen -------------------------===//
//
// No HIP headers: the few types and values used are declared here (from
// hip_runtime_api.h; ABI). The hsaco modules come from gpu-module-to-binary
// / tessera-translate --to=hsaco.
//
//===----------------------------------------------------------------------===//
#include "GpuDriver.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef int hipError_t;
typedef void *hipModule_t, *hipFunction_t, *hipStream_t, *hipEvent_t;

enum {
  hipSuccess = 0,
  hipMemcpyDefault = 4, // direction inferred (unified addressing)
  hipMemAttachGlobal = 1,
};

static struct {
  void *lib;
  bool ready;
  hipError_t (*hipInit)(unsigned);
  hipError_t (*hipGetDeviceCount)(int *);
  hipError_t (*hipSetDevice)(int);
  const char *(*hipGetErrorName)(hipError_t);
  hipError_t (*hipModuleLoadData)(hipModule_t *, const void *);
  hipError_t (*hipModuleUnload)(hipModule_t);
  hipError_t (*hipModuleGetFunction)(hipFunction_t *, hipModule_t,
                                     const char *);
  hipError_t (*hipModuleLaunchKernel)(hipFunction_t, unsigned, unsigned,
                                      unsigned, unsigned, unsigned, unsigned,
                                      unsigned, hipStream_t, void **,
                                      void **);
  hipError_t (*hipStreamCreate)(hipStream_t *);
  hipError_t (*hipStreamDestroy)(hipStream_t);
  hipError_t (*hipStreamSynchronize)(hipStream_t);
  hipError_t (*hipStreamWaitEvent)(hipStream_t, hipEvent_t, unsigned);
  hipError_t (*hipEventCreate)(hipEvent_t *);
  hipError_t (*hipEventDestroy)(hipEvent_t);
  hipError_t (*hipEventRecord)(hipEvent_t, hipStream_t);
  hipError_t (*hipEventSynchronize)(hipEvent_t);
  hipError_t (*hipEventElapsedTime)(float *, hipEvent_t, hipEvent_t);
  hipError_t (*hipMalloc)(void **, size_t);
  hipError_t (*hipMallocManaged)(void **, size_t, unsigned);
  hipError_t (*hipFree)(void *);
  hipError_t (*hipMemcpyAsync)(void *, const void *, size_t, int,
                               hipStream_t);
  hipError_t (*hipMemsetD32Async)(void *, int, size_t, hipStream_t);
  hipError_t (*hipMemsetD16Async)(void *, unsigned short, size_t,
                                  hipStream_t);
} hip;

static bool check(hipError_t r, const char *what) {
  if (r == hipSuccess)
    return true;
  const char *s = hip.hipGetErrorName ? hip.hipGetErrorName(r) : NULL;
  tesseraGpuSetError("%s failed: %s", what, s ? s : "unknown HIP error");
  return false;
}

#define LOAD(field)                                                            \
  do {                                                                         \
    *(void **)&hip.field = dlsym(hip.lib, #field);                             \
    if (!hip.field) {                                                          \
      snprintf(err, cap, "the HIP library has no %s (ROCm too old?)", #field); \
      return false;                                                            \
    }                                                                          \
  } while (0)

static bool loadSymbols(char *err, size_t cap) {
  LOAD(hipInit);
  LOAD(hipGetDeviceCount);
  LOAD(hipSetDevice);
  LOAD(hipGetErrorName);
  LOAD(hipModuleLoadData);
  LOAD(hipModuleUnload);
  LOAD(hipModuleGetFunction);
  LOAD(hipModuleLaunchKernel);
  LOAD(hipStreamCreate);
  LOAD(hipStreamDestroy);
  LOAD(hipStreamSynchronize);
  LOAD(hipStreamWaitEvent);
  LOAD(hipEventCreate);
  LOAD(hipEventDestroy);
  LOAD(hipEventRecord);
  LOAD(hipEventSynchronize);
  LOAD(hipEventElapsedTime);
  LOAD(hipMalloc);
  LOAD(hipMallocManaged);
  LOAD(hipFree);
  LOAD(hipMemcpyAsync);
  LOAD(hipMemsetD32Async);
  LOAD(hipMemsetD16Async);
  return true;
}

static bool init(char *err, size_t cap) {
  if (hip.ready)
    return true;
  static const char *const names[] = {"libamdhip64.so", "libamdhip64.so.6",
                                      "libamdhip64.so.5", NULL};
  for (int i = 0; names[i] && !hip.lib; ++i)
    hip.lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  if (!hip.lib) {
    snprintf(err, cap, "cannot run on hip: libamdhip64.so not found (no "
             "ROCm runtime on this machine)");
    return false;
  }
  if (!loadSymbols(err, cap))
    return false;
  int n = 0;
  hipError_t r = hip.hipInit(0);
  if (r == hipSuccess)
    r = hip.hipGetDeviceCount(&n);
  if (r != hipSuccess || n == 0) {
    snprintf(err, cap, "cannot run on hip: no AMD GPU (%s)",
             r != hipSuccess ? hip.hipGetErrorName(r) : "device count is 0");
    return false;
  }
  if ((r = hip.hipSetDevice(0)) != hipSuccess) {
    snprintf(err, cap, "cannot run on hip: device 0: %s",
             hip.hipGetErrorName(r));
    return false;
  }
  hip.ready = true;
  return true;
}

static void *moduleLoad(const void *data, size_t size) {
  (void)size; // an hsaco is an ELF: its size is in its headers
  hipModule_t m = NULL;
  return check(hip.hipModuleLoadData(&m, data), "hipModuleLoadData") ? m
                                                                     : NULL;
}
static void moduleUnload(void *m) {
  if (m)
    check(hip.hipModuleUnload(m), "hipModuleUnload");
}
static void *moduleGetFunction(void *m, const char *name) {
  hipFunction_t f = NULL;
  if (!m)
    return NULL;
  return check(hip.hipModuleGetFunction(&f, m, name), "hipModuleGetFunction")
             ? f
             : NULL;
}

static bool launch(void *fn, intptr_t gx, intptr_t gy, intptr_t gz,
                   intptr_t bx, intptr_t by, intptr_t bz, int32_t smem,
                   void *stream, void **params, void **extra,
                   size_t nparams) {
  (void)nparams;
  return check(hip.hipModuleLaunchKernel(
                   fn, (unsigned)gx, (unsigned)gy, (unsigned)gz, (unsigned)bx,
                   (unsigned)by, (unsigned)bz, (unsigned)smem, stream, params,
                   extra),
               "hipModuleLaunchKernel");
}

static void *streamCreate(void) {
  hipStream_t s = NULL;
  return check(hip.hipStreamCreate(&s), "hipStreamCreate") ? s : NULL;
}
static void streamDestroy(void *s) {
  if (s)
    check(hip.hipStreamDestroy(s), "hipStreamDestroy");
}
static bool streamSynchronize(void *s) {
  return check(hip.hipStreamSynchronize(s), "hipStreamSynchronize");
}
static void streamWaitEvent(void *s, void *e) {
  check(hip.hipStreamWaitEvent(s, e, 0), "hipStreamWaitEvent");
}
static void *eventCreate(void) {
  hipEvent_t e = NULL;
  return check(hip.hipEventCreate(&e), "hipEventCreate") ? e : NULL;
}
static void eventDestroy(void *e) {
  if (e)
    check(hip.hipEventDestroy(e), "hipEventDestroy");
}
static void eventSynchronize(void *e) {
  check(hip.hipEventSynchronize(e), "hipEventSynchronize");
}
static void eventRecord(void *e, void *s) {
  check(hip.hipEventRecord(e, s), "hipEventRecord");
}
static float eventElapsed(void *a, void *b) {
  float ms = 0;
  check(hip.hipEventElapsedTime(&ms, a, b), "hipEventElapsedTime");
  return ms;
}

static void *memAlloc(uint64_t bytes, bool hostShared) {
  void *p = NULL;
  if (bytes == 0)
    bytes = 1;
  hipError_t r = hostShared ? hip.hipMallocManaged(&p, bytes,
                                                   hipMemAttachGlobal)
                            : hip.hipMalloc(&p, bytes);
  return check(r, "hipMalloc") ? p : NULL;
}
static void memFree(void *p) {
  if (p)
    check(hip.hipFree(p), "hipFree");
}
static bool memcpyAny(void *dst, const void *src, size_t n, void *stream) {
  if (n == 0)
    return true;
  return check(hip.hipMemcpyAsync(dst, src, n, hipMemcpyDefault, stream),
               "hipMemcpyAsync") &&
         streamSynchronize(stream);
}
static bool memset32(void *dst, uint32_t v, size_t count, void *stream) {
  return check(hip.hipMemsetD32Async(dst, (int)v, count, stream),
               "hipMemsetD32Async");
}
static bool memset16(void *dst, uint16_t v, size_t count, void *stream) {
  return check(hip.hipMemsetD16Async(dst, v, count, stream),
               "hipMemsetD16Async");
}

// Tensor maps are an NVIDIA sm_90 feature; AMD code never asks for one.
static void *tensorMap(const TesseraTensorMap *m) {
  (void)m;
  return NULL;
}

const TesseraGpuDriver tesseraGpuHipDriver = {
    .name = "hip",
    .init = init,
    .moduleLoad = moduleLoad,
    .moduleUnload = moduleUnload,
    .moduleGetFunction = moduleGetFunction,
    .launch = launch,
    .streamCreate = streamCreate,
    .streamDestroy = streamDestroy,
    .streamSynchronize = streamSynchronize,
    .streamWaitEvent = streamWaitEvent,
    .eventCreate = eventCreate,
    .eventDestroy = eventDestroy,
    .eventSynchronize = eventSynchronize,
    .eventRecord = eventRecord,
    .eventElapsed = eventElapsed,
    .memAlloc = memAlloc,
    .memFree = memFree,
    .memcpy = memcpyAny,
    .memset32 = memset32,
    .memset16 = memset16,
    .tensorMap = tensorMap,
};
