//===- GpuOpenCL.c - OpenCL through the ICD loader, opened with dlopen ---===//
//
// The third driver behind the mgpu* functions (GpuDriver.h): SPIR-V
// kernels on any OpenCL 3 device -- on this project's machines PoCL's CPU
// device, which runs blocks, threads, barriers and local memory for real.
// No OpenCL headers: the few types and enum values used are declared here
// (values from the Khronos cl.h; they are ABI).
//
//   - Memory is shared virtual memory (OpenCL 2.0 SVM; fine-grained where
//     the device has it), so device buffers are plain pointers, as the
//     memref descriptors the kernels and entries pass need.
//   - A module is an OpenCLBundle.h bundle: the program is built from its
//     SPIR-V where the device takes SPIR-V IL, else from SPIR 1.2 bitcode
//     made by llvm-spirv (PoCL 3.1, docs/targets/spirv.md).
//   - One in-order queue with profiling serves every "stream"; events are
//     markers on it.
//
//===----------------------------------------------------------------------===//
#include "GpuDriver.h"
#include "Runtime/OpenCLBundle.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t cl_int;
typedef uint32_t cl_uint;
typedef uint64_t cl_ulong;
typedef cl_ulong cl_bitfield;
typedef void *cl_platform_id, *cl_device_id, *cl_context, *cl_command_queue,
    *cl_program, *cl_kernel, *cl_event;

enum {
  CL_SUCCESS = 0,
  CL_TRUE = 1,
  CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004,
  CL_DEVICE_LOCAL_MEM_SIZE = 0x1023,
  CL_DEVICE_NAME = 0x102B,
  CL_DEVICE_VERSION = 0x102F,
  CL_DEVICE_SVM_CAPABILITIES = 0x1053,
  CL_DEVICE_IL_VERSION = 0x105B,
  CL_PROGRAM_BUILD_LOG = 0x1183,
  CL_QUEUE_PROPERTIES = 0x1093,
  CL_PROFILING_COMMAND_END = 0x1283,
};
static const cl_bitfield CL_DEVICE_TYPE_ALL = 0xFFFFFFFF;
static const cl_bitfield CL_QUEUE_PROFILING_ENABLE = 1 << 1;
static const cl_bitfield CL_MEM_READ_WRITE = 1 << 0;
static const cl_bitfield CL_MEM_SVM_FINE_GRAIN_BUFFER = 1 << 10;
static const cl_bitfield CL_DEVICE_SVM_COARSE_GRAIN_BUFFER = 1 << 0;
static const cl_bitfield CL_DEVICE_SVM_FINE_GRAIN_BUFFER = 1 << 1;

static struct {
  void *lib;
  bool ready;
  cl_device_id device;
  cl_context ctx;
  cl_command_queue queue;
  bool il;           // the device builds SPIR-V IL
  bool fineGrain;    // fine-grained SVM buffers
  cl_ulong localMem; // CL_DEVICE_LOCAL_MEM_SIZE
  size_t maxGroup;   // CL_DEVICE_MAX_WORK_GROUP_SIZE
  char name[128];
  cl_int (*clGetPlatformIDs)(cl_uint, cl_platform_id *, cl_uint *);
  cl_int (*clGetDeviceIDs)(cl_platform_id, cl_bitfield, cl_uint,
                           cl_device_id *, cl_uint *);
  cl_int (*clGetDeviceInfo)(cl_device_id, cl_uint, size_t, void *, size_t *);
  cl_context (*clCreateContext)(const intptr_t *, cl_uint,
                                const cl_device_id *, void *, void *,
                                cl_int *);
  cl_command_queue (*clCreateCommandQueueWithProperties)(
      cl_context, cl_device_id, const cl_bitfield *, cl_int *);
  cl_program (*clCreateProgramWithIL)(cl_context, const void *, size_t,
                                      cl_int *);
  cl_program (*clCreateProgramWithBinary)(cl_context, cl_uint,
                                          const cl_device_id *,
                                          const size_t *,
                                          const unsigned char **, cl_int *,
                                          cl_int *);
  cl_int (*clBuildProgram)(cl_program, cl_uint, const cl_device_id *,
                           const char *, void *, void *);
  cl_int (*clGetProgramBuildInfo)(cl_program, cl_device_id, cl_uint, size_t,
                                  void *, size_t *);
  cl_int (*clReleaseProgram)(cl_program);
  cl_int (*clReleaseKernel)(cl_kernel);
  cl_kernel (*clCreateKernel)(cl_program, const char *, cl_int *);
  cl_int (*clSetKernelArg)(cl_kernel, cl_uint, size_t, const void *);
  cl_int (*clSetKernelArgSVMPointer)(cl_kernel, cl_uint, const void *);
  cl_int (*clEnqueueNDRangeKernel)(cl_command_queue, cl_kernel, cl_uint,
                                   const size_t *, const size_t *,
                                   const size_t *, cl_uint, const cl_event *,
                                   cl_event *);
  cl_int (*clFinish)(cl_command_queue);
  void *(*clSVMAlloc)(cl_context, cl_bitfield, size_t, cl_uint);
  void (*clSVMFree)(cl_context, void *);
  cl_int (*clEnqueueSVMMemcpy)(cl_command_queue, cl_uint, void *,
                               const void *, size_t, cl_uint,
                               const cl_event *, cl_event *);
  cl_int (*clEnqueueSVMMemFill)(cl_command_queue, void *, const void *,
                                size_t, size_t, cl_uint, const cl_event *,
                                cl_event *);
  cl_int (*clEnqueueMarkerWithWaitList)(cl_command_queue, cl_uint,
                                        const cl_event *, cl_event *);
  cl_int (*clWaitForEvents)(cl_uint, const cl_event *);
  cl_int (*clGetEventProfilingInfo)(cl_event, cl_uint, size_t, void *,
                                    size_t *);
  cl_int (*clReleaseEvent)(cl_event);
} cl;

// Records a failed call; true if `r` is CL_SUCCESS.
static bool check(cl_int r, const char *what) {
  if (r == CL_SUCCESS)
    return true;
  tesseraGpuSetError("%s failed: OpenCL error %d", what, (int)r);
  return false;
}

#define LOAD(field)                                                            \
  do {                                                                         \
    *(void **)&cl.field = dlsym(cl.lib, #field);                               \
    if (!cl.field) {                                                           \
      snprintf(err, cap, "libOpenCL.so.1 has no %s (an OpenCL 2.0+ ICD "       \
               "loader is needed)", #field);                                   \
      return false;                                                            \
    }                                                                          \
  } while (0)

static bool loadSymbols(char *err, size_t cap) {
  LOAD(clGetPlatformIDs);
  LOAD(clGetDeviceIDs);
  LOAD(clGetDeviceInfo);
  LOAD(clCreateContext);
  LOAD(clCreateCommandQueueWithProperties);
  LOAD(clCreateProgramWithIL);
  LOAD(clCreateProgramWithBinary);
  LOAD(clBuildProgram);
  LOAD(clGetProgramBuildInfo);
  LOAD(clReleaseProgram);
  LOAD(clReleaseKernel);
  LOAD(clCreateKernel);
  LOAD(clSetKernelArg);
  LOAD(clSetKernelArgSVMPointer);
  LOAD(clEnqueueNDRangeKernel);
  LOAD(clFinish);
  LOAD(clSVMAlloc);
  LOAD(clSVMFree);
  LOAD(clEnqueueSVMMemcpy);
  LOAD(clEnqueueSVMMemFill);
  LOAD(clEnqueueMarkerWithWaitList);
  LOAD(clWaitForEvents);
  LOAD(clGetEventProfilingInfo);
  LOAD(clReleaseEvent);
  return true;
}

// The first device of the first platform that has one.
static bool pickDevice(char *err, size_t cap) {
  cl_platform_id platforms[16];
  cl_uint np = 0;
  if (cl.clGetPlatformIDs(16, platforms, &np) != CL_SUCCESS || np == 0) {
    snprintf(err, cap, "no OpenCL platform (install an ICD, e.g. Debian's "
             "pocl-opencl-icd)");
    return false;
  }
  for (cl_uint i = 0; i < np && i < 16; ++i) {
    cl_uint nd = 0;
    if (cl.clGetDeviceIDs(platforms[i], CL_DEVICE_TYPE_ALL, 1, &cl.device,
                          &nd) == CL_SUCCESS && nd > 0)
      return true;
  }
  snprintf(err, cap, "no OpenCL device on any of %u platform(s)", np);
  return false;
}

static bool readDevice(char *err, size_t cap) {
  cl_bitfield svm = 0;
  char il[256] = {0};
  cl.clGetDeviceInfo(cl.device, CL_DEVICE_NAME, sizeof cl.name - 1, cl.name,
                     NULL);
  cl.clGetDeviceInfo(cl.device, CL_DEVICE_IL_VERSION, sizeof il - 1, il, NULL);
  cl.clGetDeviceInfo(cl.device, CL_DEVICE_SVM_CAPABILITIES, sizeof svm, &svm,
                     NULL);
  cl.clGetDeviceInfo(cl.device, CL_DEVICE_LOCAL_MEM_SIZE, sizeof cl.localMem,
                     &cl.localMem, NULL);
  cl.clGetDeviceInfo(cl.device, CL_DEVICE_MAX_WORK_GROUP_SIZE,
                     sizeof cl.maxGroup, &cl.maxGroup, NULL);
  cl.il = strstr(il, "SPIR-V") != NULL;
  cl.fineGrain = (svm & CL_DEVICE_SVM_FINE_GRAIN_BUFFER) != 0;
  if (!(svm & (CL_DEVICE_SVM_COARSE_GRAIN_BUFFER |
               CL_DEVICE_SVM_FINE_GRAIN_BUFFER))) {
    snprintf(err, cap, "OpenCL device '%s' has no shared virtual memory "
             "(OpenCL 2.0 SVM), which the kernels' pointer arguments need",
             cl.name);
    return false;
  }
  return true;
}

static bool init(char *err, size_t cap) {
  if (cl.ready)
    return true;
  if (!cl.lib)
    cl.lib = dlopen("libOpenCL.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!cl.lib) {
    snprintf(err, cap, "cannot open libOpenCL.so.1 (no OpenCL ICD loader; "
             "Debian: apt-get install ocl-icd-libopencl1 pocl-opencl-icd): "
             "%s", dlerror());
    return false;
  }
  if (!loadSymbols(err, cap) || !pickDevice(err, cap) ||
      !readDevice(err, cap))
    return false;
  cl_int r;
  cl.ctx = cl.clCreateContext(NULL, 1, &cl.device, NULL, NULL, &r);
  if (!cl.ctx) {
    snprintf(err, cap, "clCreateContext failed: OpenCL error %d", (int)r);
    return false;
  }
  const cl_bitfield props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE,
                               0};
  cl.queue = cl.clCreateCommandQueueWithProperties(cl.ctx, cl.device, props,
                                                   &r);
  if (!cl.queue) {
    snprintf(err, cap, "clCreateCommandQueueWithProperties failed: OpenCL "
             "error %d", (int)r);
    return false;
  }
  cl.ready = true;
  return true;
}

//===----------------------------------------------------------------------===//
// Modules and kernels
//===----------------------------------------------------------------------===//

typedef struct Kernel {
  cl_kernel kernel;
  const TclKernelSig *sig;
} Kernel;

typedef struct Module {
  cl_program program;
  TclBundle bundle;
  unsigned char *bytes; // the bundle (the signatures point into it)
  Kernel kernels[TCL_MAX_KERNELS]; // created on first lookup
} Module;

static void buildLog(cl_program p) {
  char log[2048] = {0};
  cl.clGetProgramBuildInfo(p, cl.device, CL_PROGRAM_BUILD_LOG,
                           sizeof log - 1, log, NULL);
  tesseraGpuSetError("building the kernels on '%s' failed: %s", cl.name, log);
}

// TESSERA_OPENCL_DUMP=DIR: each module's SPIR-V goes to DIR/<kernel>.spv,
// for spirv-val / spirv-dis when a device rejects it.
static void dumpSpirv(const TclBundle *b) {
  const char *dir = getenv("TESSERA_OPENCL_DUMP");
  if (!dir || !*dir || b->numKernels == 0)
    return;
  char path[512];
  snprintf(path, sizeof path, "%s/%s.spv", dir, b->kernels[0].name);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(b->spirv, 1, b->spirvSize, f);
    fclose(f);
  }
}

static cl_program createProgram(const TclBundle *b) {
  cl_int r;
  dumpSpirv(b);
  if (cl.il) {
    cl_program p = cl.clCreateProgramWithIL(cl.ctx, b->spirv, b->spirvSize, &r);
    check(r, "clCreateProgramWithIL");
    return p;
  }
  char why[512];
  size_t n = 0;
  unsigned char *spir = tclSpirvToSpir(b->spirv, b->spirvSize, &n, why,
                                       sizeof why);
  if (!spir) {
    tesseraGpuSetError("%s", why);
    return NULL;
  }
  const unsigned char *bin = spir;
  cl_int status;
  cl_program p = cl.clCreateProgramWithBinary(cl.ctx, 1, &cl.device, &n, &bin,
                                              &status, &r);
  free(spir);
  check(r, "clCreateProgramWithBinary");
  return p;
}

static void *moduleLoad(const void *data, size_t size) {
  Module *m = calloc(1, sizeof *m);
  if (!m || !(m->bytes = malloc(size ? size : 1))) {
    free(m);
    tesseraGpuSetError("out of memory");
    return NULL;
  }
  memcpy(m->bytes, data, size);
  if (!tclParseBundle(m->bytes, size, &m->bundle)) {
    tesseraGpuSetError("the kernel module is not an OpenCL bundle (compiled "
                       "for another device?)");
    free(m->bytes);
    free(m);
    return NULL;
  }
  m->program = createProgram(&m->bundle);
  const char *opts = cl.il ? "" : "-x spir -spir-std=1.2";
  if (m->program &&
      cl.clBuildProgram(m->program, 1, &cl.device, opts, NULL, NULL) !=
          CL_SUCCESS) {
    buildLog(m->program);
    cl.clReleaseProgram(m->program);
    m->program = NULL;
  }
  if (!m->program) {
    free(m->bytes);
    free(m);
    return NULL;
  }
  return m;
}

static void moduleUnload(void *module) {
  Module *m = module;
  if (!m)
    return;
  for (int i = 0; i < TCL_MAX_KERNELS; ++i)
    if (m->kernels[i].kernel)
      cl.clReleaseKernel(m->kernels[i].kernel);
  cl.clReleaseProgram(m->program);
  free(m->bytes);
  free(m);
}

static void *moduleGetFunction(void *module, const char *name) {
  Module *m = module;
  int i = 0;
  while (m && i < m->bundle.numKernels && strcmp(m->bundle.kernels[i].name, name))
    ++i;
  if (!m || i == m->bundle.numKernels) {
    tesseraGpuSetError("no kernel '%s' in the module", name);
    return NULL;
  }
  Kernel *k = &m->kernels[i];
  if (!k->kernel) {
    cl_int r;
    k->kernel = cl.clCreateKernel(m->program, name, &r);
    if (!k->kernel) {
      tesseraGpuSetError("clCreateKernel('%s') failed: OpenCL error %d", name,
                         (int)r);
      return NULL;
    }
  }
  k->sig = &m->bundle.kernels[i];
  return k;
}

// Arguments in the kernel's order: the host passes the global pointers and
// scalars (params[i] points at each value); __local buffers get their size.
static bool setArgs(const Kernel *k, void **params, size_t nparams) {
  size_t p = 0;
  cl_ulong local = 0;
  for (int i = 0; i < k->sig->numArgs; ++i) {
    char kind = k->sig->kind[i];
    uint32_t bytes = k->sig->bytes[i];
    bool ok;
    if (kind == TCL_ARG_LOCAL) {
      local += bytes;
      ok = check(cl.clSetKernelArg(k->kernel, (cl_uint)i, bytes, NULL),
                 "clSetKernelArg (local)");
    } else if (p == nparams) {
      tesseraGpuSetError("kernel '%s' takes more arguments than the launch "
                         "passes (%zu)", k->sig->name, nparams);
      return false;
    } else if (kind == TCL_ARG_GLOBAL) {
      ok = check(cl.clSetKernelArgSVMPointer(k->kernel, (cl_uint)i,
                                             *(void **)params[p++]),
                 "clSetKernelArgSVMPointer");
    } else {
      ok = check(cl.clSetKernelArg(k->kernel, (cl_uint)i, bytes, params[p++]),
                 "clSetKernelArg");
    }
    if (!ok)
      return false;
  }
  if (p != nparams) {
    tesseraGpuSetError("the launch of '%s' passes %zu arguments; the kernel "
                       "takes %zu", k->sig->name, nparams, p);
    return false;
  }
  if (local > cl.localMem) {
    tesseraGpuSetError("kernel '%s' needs %llu bytes of local memory; '%s' "
                       "has %llu", k->sig->name, (unsigned long long)local,
                       cl.name, (unsigned long long)cl.localMem);
    return false;
  }
  return true;
}

static bool launch(void *fn, intptr_t gx, intptr_t gy, intptr_t gz,
                   intptr_t bx, intptr_t by, intptr_t bz, int32_t smem,
                   void *stream, void **params, void **extra, size_t nparams) {
  (void)smem; // workgroup memory is the kernels' __local arguments
  (void)stream;
  (void)extra;
  const Kernel *k = fn;
  if ((size_t)(bx * by * bz) > cl.maxGroup) {
    tesseraGpuSetError("kernel '%s': a block of %lld threads exceeds '%s''s "
                       "%zu", k->sig->name, (long long)(bx * by * bz),
                       cl.name, cl.maxGroup);
    return false;
  }
  if (!setArgs(k, params, nparams))
    return false;
  size_t local[3] = {(size_t)bx, (size_t)by, (size_t)bz};
  size_t global[3] = {(size_t)(gx * bx), (size_t)(gy * by), (size_t)(gz * bz)};
  return check(cl.clEnqueueNDRangeKernel(cl.queue, k->kernel, 3, NULL, global,
                                         local, 0, NULL, NULL),
               "clEnqueueNDRangeKernel");
}

//===----------------------------------------------------------------------===//
// Streams, events, memory
//===----------------------------------------------------------------------===//

// Every stream is the one in-order queue.
static void *streamCreate(void) { return cl.queue; }
static void streamDestroy(void *stream) { (void)stream; }
static bool streamSynchronize(void *stream) {
  (void)stream;
  return check(cl.clFinish(cl.queue), "clFinish");
}
static void streamWaitEvent(void *stream, void *event) {
  (void)stream;
  (void)event; // in order already
}

typedef struct Event {
  cl_event event;
} Event;

static void *eventCreate(void) { return calloc(1, sizeof(Event)); }
static void eventDestroy(void *e) {
  Event *ev = e;
  if (ev && ev->event)
    cl.clReleaseEvent(ev->event);
  free(ev);
}
static void eventRecord(void *e, void *stream) {
  (void)stream;
  Event *ev = e;
  if (ev->event)
    cl.clReleaseEvent(ev->event);
  ev->event = NULL;
  check(cl.clEnqueueMarkerWithWaitList(cl.queue, 0, NULL, &ev->event),
        "clEnqueueMarkerWithWaitList");
}
static void eventSynchronize(void *e) {
  Event *ev = e;
  if (ev && ev->event)
    check(cl.clWaitForEvents(1, &ev->event), "clWaitForEvents");
}
static float eventElapsed(void *start, void *end) {
  cl_ulong t[2] = {0, 0};
  Event *ev[2] = {start, end};
  for (int i = 0; i < 2; ++i)
    if (ev[i] && ev[i]->event) {
      cl.clWaitForEvents(1, &ev[i]->event);
      cl.clGetEventProfilingInfo(ev[i]->event, CL_PROFILING_COMMAND_END,
                                 sizeof t[i], &t[i], NULL);
    }
  return (float)((double)(t[1] - t[0]) / 1e6);
}

static void *memAlloc(uint64_t bytes, bool hostShared) {
  (void)hostShared; // SVM is shared already
  cl_bitfield flags = CL_MEM_READ_WRITE |
                      (cl.fineGrain ? CL_MEM_SVM_FINE_GRAIN_BUFFER : 0);
  void *p = cl.clSVMAlloc(cl.ctx, flags, bytes ? (size_t)bytes : 1, 128);
  if (!p)
    tesseraGpuSetError("clSVMAlloc of %llu bytes failed",
                       (unsigned long long)bytes);
  return p;
}
static void memFree(void *ptr) {
  if (ptr) {
    cl.clFinish(cl.queue); // kernels may still use it
    cl.clSVMFree(cl.ctx, ptr);
  }
}
static bool memcpyAny(void *dst, const void *src, size_t bytes, void *stream) {
  (void)stream;
  return bytes == 0 ||
         check(cl.clEnqueueSVMMemcpy(cl.queue, CL_TRUE, dst, src, bytes, 0,
                                     NULL, NULL),
               "clEnqueueSVMMemcpy");
}
static bool memset32(void *dst, uint32_t value, size_t count, void *stream) {
  (void)stream;
  return count == 0 ||
         check(cl.clEnqueueSVMMemFill(cl.queue, dst, &value, 4, count * 4, 0,
                                      NULL, NULL),
               "clEnqueueSVMMemFill");
}
static bool memset16(void *dst, uint16_t value, size_t count, void *stream) {
  (void)stream;
  return count == 0 ||
         check(cl.clEnqueueSVMMemFill(cl.queue, dst, &value, 2, count * 2, 0,
                                      NULL, NULL),
               "clEnqueueSVMMemFill");
}
static void *tensorMap(const TesseraTensorMap *m) {
  (void)m;
  return NULL; // no TMA
}

const TesseraGpuDriver tesseraGpuOpenCLDriver = {
    .name = "opencl",
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
