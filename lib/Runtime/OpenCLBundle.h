//===- OpenCLBundle.h - What an OpenCL kernel module carries ---*- C -*-===//
//
// Private to lib/Runtime. CUDA and HIP modules know their kernels'
// parameters; an OpenCL program does not tell a pointer from an i64, and
// its __local arguments are sized by the caller. So the runtime embeds
// each gpu.module as a bundle: the kernels' argument kinds (read off the
// spir_kernel llvm.funcs), then the SPIR-V module.
//
//   "TSCL" u32 version (1) u32 kernels
//   per kernel: u32 name bytes, name, u32 args, per arg: u8 kind, u32 bytes
//   u64 SPIR-V bytes, SPIR-V
//
// (host byte order: a bundle is made and used in one process).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_RUNTIME_OPENCLBUNDLE_H
#define TESSERA_RUNTIME_OPENCLBUNDLE_H

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { TCL_MAX_ARGS = 128, TCL_MAX_KERNELS = 8 };

typedef enum TclArgKind {
  TCL_ARG_GLOBAL = 'g', // a global pointer: an SVM pointer
  TCL_ARG_SCALAR = 's', // a value of `bytes` bytes
  TCL_ARG_LOCAL = 'l',  // __local memory of `bytes` (not passed by the host)
} TclArgKind;

typedef struct TclKernelSig {
  char name[128];
  int numArgs;
  char kind[TCL_MAX_ARGS];
  uint32_t bytes[TCL_MAX_ARGS];
} TclKernelSig;

typedef struct TclBundle {
  TclKernelSig kernels[TCL_MAX_KERNELS];
  int numKernels;
  const unsigned char *spirv; // points into the bundle's bytes
  size_t spirvSize;
} TclBundle;

/// The bundle of `gpuModule` (LLVM dialect, tessera-lower-to-spirv) and its
/// SPIR-V, malloc'ed; NULL with a reason.
unsigned char *tclMakeBundle(MlirOperation gpuModule, const void *spirv,
                             size_t spirvSize, size_t *size, char *err,
                             size_t cap);
/// Reads a bundle (made by tclMakeBundle); false if it is not one.
bool tclParseBundle(const void *data, size_t size, TclBundle *b);

/// SPIR-V -> SPIR 1.2 bitcode for devices that take no SPIR-V IL (PoCL
/// 3.1), with llvm-spirv (TESSERA_LLVM_SPIRV, else llvm-spirv-15 or
/// llvm-spirv on PATH). Malloc'ed; NULL with a reason.
unsigned char *tclSpirvToSpir(const unsigned char *spirv, size_t size,
                              size_t *outSize, char *err, size_t cap);

#endif // TESSERA_RUNTIME_OPENCLBUNDLE_H
