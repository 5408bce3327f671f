//===- GpuCuda.c - The CUDA driver API, opened with dlopen ---------------===//
//
// No CUDA headers: the few types and enum values used are declared here
// (values from cuda.h of CUDA 13; they are ABI and never change). Versioned
// entry points are looked up under their newest name first (cuMemAlloc_v2)
// so that the same binary works with older and newer drivers.
//
//===----------------------------------------------------------------------===//
#include "GpuDriver.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef int CUresult;
typedef int CUdevice;
typedef void *CUcontext, *CUmodule, *CUfunction, *CUstream, *CUevent;
typedef unsigned long long CUdeviceptr;

enum {
  CUDA_SUCCESS = 0,
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
  CU_MEM_ATTACH_GLOBAL = 1,
  // cuTensorMapEncodeTiled arguments (nvidia.md "Kernel ABI").
  CU_TENSOR_MAP_INTERLEAVE_NONE = 0,
  // CU_TENSOR_MAP_SWIZZLE_{NONE, 32B, 64B, 128B} = 0 .. 3.
  CU_TENSOR_MAP_L2_PROMOTION_NONE = 0,
  CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE = 0,
};

static struct {
  void *lib;
  bool ready;
  CUcontext ctx;
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuFuncSetAttribute)(CUfunction, int, int);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, unsigned, CUstream,
                             void **, void **);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuStreamWaitEvent)(CUstream, CUevent, unsigned);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventDestroy)(CUevent);
  CUresult (*cuEventRecord)(CUevent, CUstream);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemAllocManaged)(CUdeviceptr *, size_t, unsigned);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
  CUresult (*cuMemsetD16Async)(CUdeviceptr, unsigned short, size_t,
                               CUstream);
  // Optional (CUDA 12+, sm_90 drivers): NULL means "no TMA".
  CUresult (*cuTensorMapEncodeTiled)(void *, int, unsigned, void *,
                                     const uint64_t *, const uint64_t *,
                                     const unsigned *, const unsigned *, int,
                                     int, int, int);
} cu;

static const char *errName(CUresult r) {
  const char *s = NULL;
  if (cu.cuGetErrorName)
    cu.cuGetErrorName(r, &s);
  return s ? s : "unknown CUDA error";
}

// Records a failed call; true if `r` is success.
static bool check(CUresult r, const char *what) {
  if (r == CUDA_SUCCESS)
    return true;
  tesseraGpuSetError("%s failed: %s", what, errName(r));
  return false;
}

// Looks up the first of `names` (NULL-terminated) that the library has.
static void *sym(const char *const *names) {
  for (int i = 0; names[i]; ++i) {
    void *p = dlsym(cu.lib, names[i]);
    if (p)
      return p;
  }
  return NULL;
}

#define LOAD(field, ...)                                                       \
  do {                                                                         \
    static const char *const n[] = {__VA_ARGS__, NULL};                        \
    *(void **)&cu.field = sym(n);                                              \
    if (!cu.field && required) {                                               \
      snprintf(err, cap, "libcuda.so.1 has no %s (driver too old?)", n[0]);    \
      return false;                                                            \
    }                                                                          \
  } while (0)

static bool loadSymbols(char *err, size_t cap) {
  bool required = true;
  LOAD(cuInit, "cuInit");
  LOAD(cuDeviceGetCount, "cuDeviceGetCount");
  LOAD(cuDeviceGet, "cuDeviceGet");
  LOAD(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
  LOAD(cuCtxSetCurrent, "cuCtxSetCurrent");
  LOAD(cuGetErrorName, "cuGetErrorName");
  LOAD(cuModuleLoadData, "cuModuleLoadData");
  LOAD(cuModuleUnload, "cuModuleUnload");
  LOAD(cuModuleGetFunction, "cuModuleGetFunction");
  LOAD(cuFuncSetAttribute, "cuFuncSetAttribute");
  LOAD(cuLaunchKernel, "cuLaunchKernel");
  LOAD(cuStreamCreate, "cuStreamCreate");
  LOAD(cuStreamDestroy, "cuStreamDestroy_v2", "cuStreamDestroy");
  LOAD(cuStreamSynchronize, "cuStreamSynchronize");
  LOAD(cuStreamWaitEvent, "cuStreamWaitEvent");
  LOAD(cuEventCreate, "cuEventCreate");
  LOAD(cuEventDestroy, "cuEventDestroy_v2", "cuEventDestroy");
  LOAD(cuEventRecord, "cuEventRecord");
  LOAD(cuEventSynchronize, "cuEventSynchronize");
  LOAD(cuEventElapsedTime, "cuEventElapsedTime_v2", "cuEventElapsedTime");
  LOAD(cuMemAlloc, "cuMemAlloc_v2");
  LOAD(cuMemAllocManaged, "cuMemAllocManaged");
  LOAD(cuMemFree, "cuMemFree_v2");
  LOAD(cuMemcpyAsync, "cuMemcpyAsync");
  LOAD(cuMemsetD32Async, "cuMemsetD32Async");
  LOAD(cuMemsetD16Async, "cuMemsetD16Async");
  required = false;
  LOAD(cuTensorMapEncodeTiled, "cuTensorMapEncodeTiled");
  return true;
}

static bool init(char *err, size_t cap) {
  if (cu.ready)
    return true;
  if (!cu.lib)
    cu.lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!cu.lib) {
    snprintf(err, cap, "cannot run on cuda: libcuda.so.1 not found (no "
             "NVIDIA driver on this machine)");
    return false;
  }
  if (!loadSymbols(err, cap))
    return false;
  int n = 0;
  CUdevice dev;
  CUresult r = cu.cuInit(0);
  if (r == CUDA_SUCCESS)
    r = cu.cuDeviceGetCount(&n);
  if (r != CUDA_SUCCESS || n == 0) {
    snprintf(err, cap, "cannot run on cuda: no CUDA device (%s)",
             r != CUDA_SUCCESS ? errName(r) : "device count is 0");
    return false;
  }
  if ((r = cu.cuDeviceGet(&dev, 0)) != CUDA_SUCCESS ||
      (r = cu.cuDevicePrimaryCtxRetain(&cu.ctx, dev)) != CUDA_SUCCESS ||
      (r = cu.cuCtxSetCurrent(cu.ctx)) != CUDA_SUCCESS) {
    snprintf(err, cap, "cannot run on cuda: device 0: %s", errName(r));
    return false;
  }
  cu.ready = true;
  return true;
}

static void *moduleLoad(const void *data, size_t size) {
  (void)size; // cubins and PTX carry their own size / terminator
  CUmodule m = NULL;
  return check(cu.cuModuleLoadData(&m, data), "cuModuleLoadData") ? m : NULL;
}

static void moduleUnload(void *m) {
  if (m)
    check(cu.cuModuleUnload(m), "cuModuleUnload");
}

static void *moduleGetFunction(void *m, const char *name) {
  CUfunction f = NULL;
  if (!m)
    return NULL; // the load already failed and said why
  return check(cu.cuModuleGetFunction(&f, m, name), "cuModuleGetFunction")
             ? f
             : NULL;
}

static bool launch(void *fn, intptr_t gx, intptr_t gy, intptr_t gz,
                   intptr_t bx, intptr_t by, intptr_t bz, int32_t smem,
                   void *stream, void **params, void **extra,
                   size_t nparams) {
  (void)nparams;
  // Above 48 KiB of dynamic shared memory a kernel must opt in.
  if (smem > 48 * 1024 &&
      !check(cu.cuFuncSetAttribute(
                 fn, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem),
             "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES)"))
    return false;
  return check(cu.cuLaunchKernel(fn, (unsigned)gx, (unsigned)gy, (unsigned)gz,
                                 (unsigned)bx, (unsigned)by, (unsigned)bz,
                                 (unsigned)smem, stream, params, extra),
               "cuLaunchKernel");
}

// Flags 0: blocking w.r.t. the legacy default stream, so that copies and
// events on stream 0 are ordered with the JIT code's streams.
static void *streamCreate(void) {
  CUstream s = NULL;
  return check(cu.cuStreamCreate(&s, 0), "cuStreamCreate") ? s : NULL;
}
static void streamDestroy(void *s) {
  if (s)
    check(cu.cuStreamDestroy(s), "cuStreamDestroy");
}
static bool streamSynchronize(void *s) {
  return check(cu.cuStreamSynchronize(s), "cuStreamSynchronize");
}
static void streamWaitEvent(void *s, void *e) {
  check(cu.cuStreamWaitEvent(s, e, 0), "cuStreamWaitEvent");
}
static void *eventCreate(void) {
  CUevent e = NULL;
  return check(cu.cuEventCreate(&e, 0), "cuEventCreate") ? e : NULL;
}
static void eventDestroy(void *e) {
  if (e)
    check(cu.cuEventDestroy(e), "cuEventDestroy");
}
static void eventSynchronize(void *e) {
  check(cu.cuEventSynchronize(e), "cuEventSynchronize");
}
static void eventRecord(void *e, void *s) {
  check(cu.cuEventRecord(e, s), "cuEventRecord");
}
static float eventElapsed(void *a, void *b) {
  float ms = 0;
  check(cu.cuEventElapsedTime(&ms, a, b), "cuEventElapsedTime");
  return ms;
}

static void *memAlloc(uint64_t bytes, bool hostShared) {
  CUdeviceptr p = 0;
  if (bytes == 0)
    bytes = 1; // a valid, freeable pointer for empty tensors
  CUresult r = hostShared
                   ? cu.cuMemAllocManaged(&p, bytes, CU_MEM_ATTACH_GLOBAL)
                   : cu.cuMemAlloc(&p, bytes);
  return check(r, "cuMemAlloc") ? (void *)(uintptr_t)p : NULL;
}
static void memFree(void *p) {
  if (p)
    check(cu.cuMemFree((CUdeviceptr)(uintptr_t)p), "cuMemFree");
}

static bool memcpyAny(void *dst, const void *src, size_t n, void *stream) {
  if (n == 0)
    return true;
  return check(cu.cuMemcpyAsync((CUdeviceptr)(uintptr_t)dst,
                                (CUdeviceptr)(uintptr_t)src, n, stream),
               "cuMemcpyAsync") &&
         streamSynchronize(stream);
}
static bool memset32(void *dst, uint32_t v, size_t count, void *stream) {
  return check(cu.cuMemsetD32Async((CUdeviceptr)(uintptr_t)dst, v, count,
                                   stream),
               "cuMemsetD32Async");
}
static bool memset16(void *dst, uint16_t v, size_t count, void *stream) {
  return check(cu.cuMemsetD16Async((CUdeviceptr)(uintptr_t)dst, v, count,
                                   stream),
               "cuMemsetD16Async");
}

// The tensor map of a row-major [rows, cols] matrix of 2-byte elements
// (nvidia.md: globalDim {cols, rows}, stride cols*2 bytes, 128B swizzle,
// zero fill out of bounds), copied to a fresh device buffer: the kernel
// takes its generic address. NULL (the entry then launches the mma.sync
// kernel) when TMA's alignment rules do not hold or the driver has no TMA.
// TMA's rules (CUDA driver API, cuTensorMapEncodeTiled): a 16-byte
// aligned base, contiguous rows, and strides (bytes) that are multiples of
// 16 below 2^40. Anything else: NULL, and the caller launches the
// kernel's fallback.
static void *tensorMap(const TesseraTensorMap *m) {
  int64_t eb = m->dtype == 7 ? 4 : 2;
  int64_t rs = m->rowStride * eb, bs = m->batchStride * eb;
  int swz = m->swizzle == 128 ? 3 : m->swizzle == 64 ? 2 : m->swizzle == 32 ? 1 : 0;
  bool strides = rs % 16 == 0 && rs > 0 && rs < (1LL << 40) &&
                 (m->rank == 2 || (bs % 16 == 0 && bs > 0 && bs < (1LL << 40)));
  if (!cu.cuTensorMapEncodeTiled || m->base % 16 != 0 || m->colStride != 1 ||
      !strides || m->cols <= 0 || m->rows <= 0 || m->batch <= 0 ||
      (m->rank != 2 && m->rank != 3))
    return NULL;
  _Alignas(64) unsigned char map[128];
  uint64_t dims[3] = {(uint64_t)m->cols, (uint64_t)m->rows, (uint64_t)m->batch};
  uint64_t st[2] = {(uint64_t)rs, (uint64_t)bs};
  unsigned box[3] = {(unsigned)m->boxCols, (unsigned)m->boxRows, 1};
  unsigned elem[3] = {1, 1, 1};
  if (cu.cuTensorMapEncodeTiled(map, m->dtype, (unsigned)m->rank,
                                (void *)(uintptr_t)m->base, dims, st, box,
                                elem, CU_TENSOR_MAP_INTERLEAVE_NONE, swz,
                                CU_TENSOR_MAP_L2_PROMOTION_NONE,
                                CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) !=
      CUDA_SUCCESS)
    return NULL;
  void *d = memAlloc(sizeof map, false); // cuMemAlloc: 256-byte aligned
  if (d && !memcpyAny(d, map, sizeof map, NULL)) {
    memFree(d);
    return NULL;
  }
  return d;
}

const TesseraGpuDriver tesseraGpuCudaDriver = {
    .name = "cuda",
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
