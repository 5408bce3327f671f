//===- tessera-c/Translate.h - From lowered IR to PTX, cubin, hsaco, .o --===//
//
// Serialisation of lowered IR (upstream dialects only): `gpu.module`s
// carrying `#nvvm.target` / `#rocdl.target` become PTX, cubins, AMDGCN
// assembly or hsaco code objects; host code in the LLVM dialect becomes LLVM
// IR, assembly or a relocatable object for a CPU.
//
// Conventions are the MLIR C API's: MlirStringRef arguments are neither
// NUL-terminated nor owned (an empty one means "the default"); results come
// back through callbacks and are only valid during the call; failures are
// reported as diagnostics on the module's context and as a failed
// MlirLogicalResult. Errors that have no place in the IR (unknown chip,
// missing toolkit) are emitted at an unknown location.
//
// The input module is never modified: GPU formats work on a clone.
// Every function registers the LLVM IR translations and upstream passes it
// needs on the module's context, so any context with the upstream dialects
// registered works (tesseraContextCreate's does).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_C_TRANSLATE_H
#define TESSERA_C_TRANSLATE_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum TesseraTranslateFormat {
  /// LLVM IR text: of the host code, or (with a GPU chip) of each gpu.module.
  TesseraTranslateLLVMIR,
  /// PTX text of each gpu.module (NVIDIA).
  TesseraTranslatePTX,
  /// cubin ELF of each gpu.module, assembled by the CUDA toolkit's ptxas.
  TesseraTranslateCubin,
  /// AMDGCN assembly text of each gpu.module.
  TesseraTranslateAMDGCN,
  /// hsaco ELF code object of each gpu.module, linked by ld.lld.
  TesseraTranslateHSACO,
  /// Relocatable object (ELF) of the host code.
  TesseraTranslateObject,
  /// Assembly text of the host code.
  TesseraTranslateAssembly,
  /// SPIR-V binary module of each gpu.module (OpenCL devices), made by
  /// LLVM's SPIR-V backend (docs/targets/spirv.md).
  TesseraTranslateSPIRV,
} TesseraTranslateFormat;

/// The name of a format as `tessera-translate --to=` spells it ("ptx").
MlirStringRef tesseraTranslateFormatGetName(TesseraTranslateFormat format);
/// Looks a format up by its name; false if there is none.
bool tesseraTranslateFormatFromName(MlirStringRef name,
                                    TesseraTranslateFormat *format);
/// True for the formats whose result is binary (cubin, hsaco, obj).
bool tesseraTranslateFormatIsBinary(TesseraTranslateFormat format);
/// True for the formats that serialise gpu.modules (ptx, cubin, amdgcn,
/// hsaco); llvmir is a GPU format only when given a GPU chip.
bool tesseraTranslateFormatIsGPU(TesseraTranslateFormat format);

typedef enum TesseraChipKind {
  TesseraChipNVIDIA, // sm_*
  TesseraChipAMD,    // gfx*
  TesseraChipHost,   // CPU names of the host's LLVM target
} TesseraChipKind;

/// The chips Tessera knows (and has checked against the toolchain) for a
/// kind, as a NULL-terminated array of NUL-terminated names. For the host,
/// the x86-64 CPU names; any name is accepted when the host is not x86-64.
const char *const *tesseraTranslateKnownChips(TesseraChipKind kind);
/// True if `chip` is known for `kind` ("host" and "native" are host chips).
bool tesseraTranslateIsKnownChip(TesseraChipKind kind, MlirStringRef chip);

typedef struct TesseraTranslateOptions {
  /// sm_* / gfx* / CPU name. Empty: for GPU formats, the chip of the target
  /// attribute already on each gpu.module; for host formats, the host CPU.
  /// A chip given here replaces the gpu.modules' targets.
  MlirStringRef chip;
  /// LLVM target features. Empty: the chip's default (+ptx80 for sm_90a;
  /// the host CPU's features when `chip` is empty, "host" or "native").
  MlirStringRef features;
  /// CUDA root (holding bin/ptxas and nvvm/libdevice) for NVIDIA formats;
  /// ROCm root (holding llvm/bin/ld.lld and amdgcn/bitcode) for AMD ones.
  /// Empty: searched (CUDA_HOME, CUDA_PATH, CUDA_ROOT, ptxas on PATH, the
  /// root configured at build time (TESSERA_CUDA_ROOT), /usr/local/cuda;
  /// ROCM_PATH, else a temporary root made of LLVM's ld.lld and the
  /// system's device-library bitcode).
  MlirStringRef toolkitPath;
  /// The sym_name of the only gpu.module to translate. Empty: all of them.
  MlirStringRef gpuModule;
  /// Optimisation level 0-3 (LLVM's -O).
  int optLevel;
} TesseraTranslateOptions;

/// chip/features/toolkitPath/gpuModule empty, optLevel 3.
TesseraTranslateOptions tesseraTranslateOptionsGetDefault(void);

/// Receives one result: `name` is the gpu.module's sym_name for GPU
/// formats, the module's sym_name (possibly empty) for host formats.
typedef void (*TesseraTranslateCallback)(MlirStringRef name,
                                         MlirStringRef data, void *userData);

/// Translates `module` to `format`. For GPU formats `callback` is called
/// once per translated gpu.module, in order; for host formats once. Fails
/// (with diagnostics) if the module holds nothing of the expected kind.
/// GPU modules still in upstream dialects above the LLVM level (gpu, arith,
/// memref, scf, math, nvgpu / amdgpu, ...) are lowered with the upstream
/// defaults first (convert-gpu-to-nvvm / convert-gpu-to-rocdl); host code
/// must already be in the LLVM dialect.
MlirLogicalResult tesseraTranslate(MlirModule module,
                                   TesseraTranslateFormat format,
                                   const TesseraTranslateOptions *options,
                                   TesseraTranslateCallback callback,
                                   void *userData);

//===----------------------------------------------------------------------===//
// One-call conveniences. Each calls `callback` once per result (per
// gpu.module for GPU formats), with the whole result.
//===----------------------------------------------------------------------===//

/// LLVM IR text of the host code (mlirTranslateModuleToLLVMIR).
MlirLogicalResult tesseraTranslateToLLVMIR(MlirModule module,
                                           MlirStringCallback callback,
                                           void *userData);
/// PTX for `chip` (sm_80, sm_90, sm_90a, ...; empty: the attached target's).
MlirLogicalResult tesseraTranslateToPTX(MlirModule module, MlirStringRef chip,
                                        MlirStringCallback callback,
                                        void *userData);
/// cubin for `chip`; `cudaRoot` empty: searched (see toolkitPath above).
MlirLogicalResult tesseraTranslateToCubin(MlirModule module,
                                          MlirStringRef chip,
                                          MlirStringRef cudaRoot,
                                          MlirStringCallback callback,
                                          void *userData);
/// AMDGCN assembly for `chip` (gfx90a, gfx942, ...).
MlirLogicalResult tesseraTranslateToAMDGCN(MlirModule module,
                                           MlirStringRef chip,
                                           MlirStringCallback callback,
                                           void *userData);
/// hsaco for `chip`; `rocmPath` empty: searched (see toolkitPath above).
MlirLogicalResult tesseraTranslateToHSACO(MlirModule module,
                                          MlirStringRef chip,
                                          MlirStringRef rocmPath,
                                          MlirStringCallback callback,
                                          void *userData);
/// Host object for `cpu` with `features` (both empty: the host CPU and its
/// features, so AVX-512 is used where the machine has it).
MlirLogicalResult tesseraTranslateToObject(MlirModule module,
                                           MlirStringRef cpu,
                                           MlirStringRef features,
                                           MlirStringCallback callback,
                                           void *userData);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_C_TRANSLATE_H
