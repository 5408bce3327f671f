//===- Descriptors.h - Calling JIT-compiled entries (host and GPU) -------===//
//
// Shared by HostModule.c and GpuRuntime.c: memref descriptors as int64
// words, input checks against a signature, and the runtime shape checker
// that tessera-lower-graph emits next to each entry.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_RUNTIME_DESCRIPTORS_H
#define TESSERA_RUNTIME_DESCRIPTORS_H

#include "tessera-c/Runtime.h"

#include "mlir-c/ExecutionEngine.h"

// A memref descriptor as int64 words: allocated, aligned, offset,
// sizes[rank], strides[rank] (pointers and indices are 64-bit on every host
// Tessera targets).
enum { kDescWords = 3 + 2 * TESSERA_MAX_RANK };

/// Describes contiguous row-major `t` with its data at `data`.
void tesseraRtFillDescriptor(int64_t *words, void *data,
                             const TesseraTensor *t);

/// Checks element type, rank and static dims of input `index`.
bool tesseraRtCheckInput(const TesseraArgSpec *spec, const TesseraTensor *t,
                         int index, char *err, size_t cap);

/// Runs `<entry>_check_shapes` if the engine has it, with `inputArgs` (one
/// pointer per input descriptor pointer, as InvokePacked takes them).
/// Returns 0 when the shapes are consistent (or there is no checker), the
/// 1-based index of the failed check (its message is that item of the
/// entry's tessera.shape_checks), or -1 if the call failed (`err` says so).
int64_t tesseraRtRunShapeChecker(MlirExecutionEngine e, const char *entry,
                                 int numInputs, void **inputArgs, char *err,
                                 size_t cap);

/// "inputs of '<entry>' have inconsistent shapes: <message>".
void tesseraRtShapeError(char *err, size_t cap, const char *entry,
                         MlirStringRef message);

/// The `tessera.shape_checks` attribute of function `entry` in `module`, or
/// a null attribute.
MlirAttribute tesseraRtShapeCheckMessages(MlirModule module,
                                          const char *entry);

#endif // TESSERA_RUNTIME_DESCRIPTORS_H
