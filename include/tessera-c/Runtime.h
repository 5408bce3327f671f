//===- tessera-c/Runtime.h - Running compiled Tessera programs -----------===//
//
// Tensors in host memory, .npy files, and host executables (JIT-compiled
// from lowered IR). Usable from C with no Python. Functions that can fail
// return false and write a one-line reason into `err` (of `cap` bytes).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_C_RUNTIME_H
#define TESSERA_C_RUNTIME_H

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { TESSERA_MAX_RANK = 8, TESSERA_MAX_ARGS = 32 };

typedef enum TesseraElementType {
  TesseraF32,
  TesseraF16,
  TesseraBF16, // stored as its 16 bits (uint16 in numpy, or ml_dtypes)
  TesseraF64,
  TesseraI32,
  TesseraI64,
} TesseraElementType;

size_t tesseraElementSize(TesseraElementType t);
const char *tesseraElementTypeName(TesseraElementType t);

/// A dense row-major tensor in host memory.
typedef struct TesseraTensor {
  void *data;
  void *owner; // what to free() (NULL: not owned)
  TesseraElementType type;
  int rank;
  int64_t shape[TESSERA_MAX_RANK];
} TesseraTensor;

int64_t tesseraTensorNumElements(const TesseraTensor *t);
bool tesseraTensorAlloc(TesseraTensor *t, TesseraElementType type, int rank,
                        const int64_t *shape, char *err, size_t cap);
void tesseraTensorFree(TesseraTensor *t);

/// .npy (format 1.0-3.0, C order). bf16 is read from '<u2' (raw bits) or
/// '<V2' (what numpy writes for ml_dtypes.bfloat16) and written as '<u2'.
bool tesseraNpyRead(const char *path, TesseraTensor *out, char *err,
                    size_t cap);
bool tesseraNpyWrite(const char *path, const TesseraTensor *t, char *err,
                     size_t cap);

/// Argument or result of an entry function: element type and dims
/// (-1 for a dynamic dim).
typedef struct TesseraArgSpec {
  TesseraElementType type;
  int rank;
  int64_t dims[TESSERA_MAX_RANK];
} TesseraArgSpec;

typedef struct TesseraSignature {
  int numInputs, numResults;
  TesseraArgSpec inputs[TESSERA_MAX_ARGS], results[TESSERA_MAX_ARGS];
} TesseraSignature;

/// Reads the signature of a func.func whose arguments and results are
/// ranked tensors or memrefs.
bool tesseraSignatureFromFunc(MlirOperation func, TesseraSignature *sig,
                              char *err, size_t cap);

/// A module lowered to the LLVM dialect, JIT-compiled for this CPU (its
/// features, AVX-512 where present), with the OpenMP runtime loaded for the
/// host kernels' parallel loops.
typedef struct TesseraHostModule TesseraHostModule;

TesseraHostModule *tesseraHostModuleCreate(MlirModule lowered, int optLevel,
                                           char *err, size_t cap);
void tesseraHostModuleDestroy(TesseraHostModule *m);

/// Calls `entry` (compiled with llvm.emit_c_interface, memrefs in, memrefs
/// out) on `inputs`; fills `results` (owned by the caller afterwards: free
/// with tesseraTensorFree). Shapes are checked against `sig`.
bool tesseraHostInvoke(TesseraHostModule *m, const char *entry,
                       const TesseraSignature *sig,
                       const TesseraTensor *inputs, TesseraTensor *results,
                       char *err, size_t cap);

//===----------------------------------------------------------------------===//
// GPUs (lib/Runtime/Gpu*.c): the driver is opened with dlopen at run time;
// without one, these fail with a clear message and never crash.
//===----------------------------------------------------------------------===//

typedef enum TesseraDevice {
  TesseraDeviceHost,
  TesseraDeviceCuda,
  TesseraDeviceHip,
  TesseraDeviceOpenCL, // SPIR-V kernels through the OpenCL ICD loader
} TesseraDevice;

/// True if the driver for `device` can be opened and has a device; else
/// false with the reason (e.g. "libcuda.so.1 not found: no NVIDIA driver").
bool tesseraGpuAvailable(TesseraDevice device, char *err, size_t cap);

/// Runs `entry` of a module lowered by tessera-lower-to-nvvm / -rocdl and
/// then to the LLVM dialect (host code calling the mgpu* runtime functions,
/// kernels embedded as gpu.binary): copies `inputs` to the device, calls
/// the entry, copies the results back into host tensors (owned by the
/// caller). `millis`, if not NULL, receives the device time of the call.
bool tesseraGpuInvoke(TesseraDevice device, MlirModule lowered,
                      const char *entry, const TesseraSignature *sig,
                      const TesseraTensor *inputs, TesseraTensor *results,
                      double *millis, char *err, size_t cap);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_C_RUNTIME_H
