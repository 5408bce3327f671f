//===- fake-cuda-driver.c - A libcuda.so.1 stand-in for runtime tests ----===//
//
// No GPU here: this library answers the CUDA driver calls the runtime makes
// (lib/Runtime/GpuCuda.c) with host memory, checks that modules are ELF
// cubins, runs no kernel, and prints every module load, function lookup,
// attribute, launch and tensor map, so that test/CAPI/gpu-runtime.c can
// check the whole host side of a launch (serialisation, host lowering, JIT,
// grids, shared memory, copies) with FileCheck. Device memory is host
// memory (calloc), so results come back as zeros.
//
//===----------------------------------------------------------------------===//
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

static int liveModules, liveAllocs;

CUresult cuInit(unsigned f) { (void)f; return 0; }
CUresult cuDeviceGetCount(int *n) { *n = 1; return 0; }
CUresult cuDeviceGet(int *d, int i) { *d = i; return 0; }
CUresult cuDevicePrimaryCtxRetain(void **c, int d) {
  (void)d;
  *c = (void *)0x1;
  return 0;
}
CUresult cuCtxSetCurrent(void *c) { (void)c; return 0; }
CUresult cuGetErrorName(CUresult r, const char **s) {
  *s = r == 0 ? "CUDA_SUCCESS" : "CUDA_ERROR_FAKE";
  return 0;
}

CUresult cuModuleLoadData(void **m, const void *data) {
  if (memcmp(data, "\x7f" "ELF", 4) != 0) {
    printf("fake-cuda: module is not an ELF cubin\n");
    return 1;
  }
  ++liveModules;
  *m = malloc(1);
  printf("fake-cuda: load module (cubin)\n");
  return 0;
}
CUresult cuModuleUnload(void *m) {
  --liveModules;
  free(m);
  printf("fake-cuda: unload module (%d left)\n", liveModules);
  return 0;
}
CUresult cuModuleGetFunction(void **f, void *m, const char *name) {
  (void)m;
  printf("fake-cuda: function %s\n", name);
  *f = (void *)0x2;
  return 0;
}
CUresult cuFuncSetAttribute(void *f, int attr, int v) {
  (void)f;
  printf("fake-cuda: attribute %d = %d\n", attr, v);
  return 0;
}
CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned smem,
                        void *s, void **params, void **extra) {
  (void)f, (void)s, (void)extra;
  printf("fake-cuda: launch grid (%u, %u, %u) block (%u, %u, %u) smem %u "
         "params %s\n", gx, gy, gz, bx, by, bz, smem,
         params ? "yes" : "no");
  return 0;
}

CUresult cuStreamCreate(void **s, unsigned f) {
  (void)f;
  *s = (void *)0x3;
  return 0;
}
CUresult cuStreamDestroy_v2(void *s) { (void)s; return 0; }
CUresult cuStreamSynchronize(void *s) { (void)s; return 0; }
CUresult cuStreamWaitEvent(void *s, void *e, unsigned f) {
  (void)s, (void)e, (void)f;
  return 0;
}
CUresult cuEventCreate(void **e, unsigned f) {
  (void)f;
  *e = malloc(1);
  return 0;
}
CUresult cuEventDestroy_v2(void *e) { free(e); return 0; }
CUresult cuEventRecord(void *e, void *s) { (void)e, (void)s; return 0; }
CUresult cuEventSynchronize(void *e) { (void)e; return 0; }
CUresult cuEventElapsedTime(float *ms, void *a, void *b) {
  (void)a, (void)b;
  *ms = 0.25f;
  return 0;
}

CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t n) {
  ++liveAllocs;
  *p = (CUdeviceptr)(uintptr_t)calloc(1, n);
  return 0;
}
CUresult cuMemAllocManaged(CUdeviceptr *p, size_t n, unsigned f) {
  (void)f;
  return cuMemAlloc_v2(p, n);
}
CUresult cuMemFree_v2(CUdeviceptr p) {
  --liveAllocs;
  free((void *)(uintptr_t)p);
  return 0;
}
CUresult cuMemcpyAsync(CUdeviceptr d, CUdeviceptr s, size_t n, void *st) {
  (void)st;
  memcpy((void *)(uintptr_t)d, (const void *)(uintptr_t)s, n);
  return 0;
}
CUresult cuMemsetD32Async(CUdeviceptr d, unsigned v, size_t n, void *s) {
  (void)s;
  for (size_t i = 0; i < n; ++i)
    ((unsigned *)(uintptr_t)d)[i] = v;
  return 0;
}
CUresult cuMemsetD16Async(CUdeviceptr d, unsigned short v, size_t n,
                          void *s) {
  (void)s;
  for (size_t i = 0; i < n; ++i)
    ((unsigned short *)(uintptr_t)d)[i] = v;
  return 0;
}

CUresult cuTensorMapEncodeTiled(void *map, int dtype, unsigned rank,
                                void *base, const uint64_t *dims,
                                const uint64_t *strides, const unsigned *box,
                                const unsigned *elem, int interleave,
                                int swizzle, int l2, int oob) {
  (void)base, (void)elem;
  memset(map, 0, 128);
  printf("fake-cuda: tensor map dtype %d rank %u dims (%llu, %llu) stride "
         "%llu box (%u, %u) interleave %d swizzle %d l2 %d oob %d\n",
         dtype, rank, (unsigned long long)dims[0],
         (unsigned long long)dims[1], (unsigned long long)strides[0], box[0],
         box[1], interleave, swizzle, l2, oob);
  return 0;
}

// Reported by the test at the end: every allocation and module released.
__attribute__((destructor)) static void report(void) {
  printf("fake-cuda: %d allocations, %d modules live at exit\n", liveAllocs,
         liveModules);
}
