//===- TranslateUtils.h - Shared pieces of lib/Target's serialisers ------===//
//
// Private to lib/Target: the GPU serialisation driver that NVIDIA/ and AMD/
// parameterise, the LLVM-IR helpers Host/ and the GPU llvmir path share,
// and small file-system helpers for finding toolkits.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_TARGET_TRANSLATEUTILS_H
#define TESSERA_TARGET_TRANSLATEUTILS_H

#include "tessera-c/Translate.h"

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Emits one error at an unknown location (no place in the IR to blame).
void tesseraTranslateError(MlirContext ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/// Registers the upstream passes and the LLVM IR translations that the
/// serialisers need. Cheap and idempotent.
void tesseraTranslateRegister(MlirContext ctx);

/// Runs a textual upstream pipeline (anchored at `anchor`) on `op`.
MlirLogicalResult tesseraTranslateRunPipeline(MlirOperation op,
                                              const char *anchor,
                                              const char *pipeline);

/// NUL-terminated, malloc'ed copy (free it).
char *tesseraStrRefDup(MlirStringRef s);
bool tesseraStrRefEquals(MlirStringRef s, const char *c);
bool tesseraStrRefHasPrefix(MlirStringRef s, const char *prefix);
/// The op's name ("gpu.module"), and its sym_name ("" if none).
MlirStringRef tesseraOpName(MlirOperation op);
MlirStringRef tesseraSymName(MlirOperation op);

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

bool tesseraIsDirectory(const char *path);
bool tesseraIsExecutable(const char *path);
bool tesseraIsFile(const char *path);
/// The full path of `exe` found on PATH (malloc'ed), or NULL.
char *tesseraFindOnPath(const char *exe);

//===----------------------------------------------------------------------===//
// GPU serialisation
//===----------------------------------------------------------------------===//

/// What a vendor contributes to tesseraSerializeGPUModules.
typedef struct TesseraGPUVendor {
  TesseraChipKind kind;
  /// The target attribute's mnemonic as printed, "#nvvm.target".
  const char *targetPrefix;
  /// "ptx" / "amdgcn": for messages.
  const char *isaName;
  /// Writes the target attribute for `chip` (validated) into buf.
  void (*buildTarget)(char *buf, size_t cap, const char *chip,
                      const char *features, int optLevel);
  /// Writes the gpu.module-anchored pipeline that lowers a module still
  /// above the LLVM level, for `chip` (NULL: unknown).
  void (*buildLowering)(char *buf, size_t cap, const char *chip);
} TesseraGPUVendor;

/// Serialises the gpu.modules of `module` (a clone is modified, never the
/// input) with gpu-module-to-binary{format=`format` toolkit=`toolkit`}
/// and hands each object to `callback`. `format` is an upstream format name
/// ("isa", "bin", "llvm"). With `toText`, llvm-format objects (bitcode) are
/// printed as LLVM IR text first.
MlirLogicalResult tesseraSerializeGPUModules(
    MlirModule module, const TesseraGPUVendor *vendor,
    const TesseraTranslateOptions *options, const char *format,
    const char *toolkit, bool bitcodeToText,
    TesseraTranslateCallback callback, void *userData);

/// Prints LLVM bitcode as LLVM IR text through `callback`.
MlirLogicalResult tesseraBitcodeToText(MlirContext ctx, MlirStringRef bitcode,
                                       MlirStringRef name,
                                       TesseraTranslateCallback callback,
                                       void *userData);

/// The chip tables behind tesseraTranslateKnownChips (NULL-terminated).
extern const char *const tesseraNVIDIAChips[];
extern const char *const tesseraAMDChips[];
extern const char *const tesseraX86Chips[];

//===----------------------------------------------------------------------===//
// Per-target entry points (NVIDIA/, AMD/, Host/)
//===----------------------------------------------------------------------===//

MlirLogicalResult tesseraTranslateNVIDIA(MlirModule module,
                                         TesseraTranslateFormat format,
                                         const TesseraTranslateOptions *opts,
                                         TesseraTranslateCallback callback,
                                         void *userData);
MlirLogicalResult tesseraTranslateAMD(MlirModule module,
                                      TesseraTranslateFormat format,
                                      const TesseraTranslateOptions *opts,
                                      TesseraTranslateCallback callback,
                                      void *userData);
MlirLogicalResult tesseraTranslateHost(MlirModule module,
                                       TesseraTranslateFormat format,
                                       const TesseraTranslateOptions *opts,
                                       TesseraTranslateCallback callback,
                                       void *userData);

MlirLogicalResult tesseraTranslateSPIRV(MlirModule module,
                                        TesseraTranslateFormat format,
                                        const TesseraTranslateOptions *opts,
                                        TesseraTranslateCallback callback,
                                        void *userData);

//===----------------------------------------------------------------------===//
// LLVM IR (Host/Host.c)
//===----------------------------------------------------------------------===//

typedef struct LLVMOpaqueModule *LLVMModuleRef;
typedef struct LLVMOpaqueTargetMachine *LLVMTargetMachineRef;

/// Initialises every target libLLVM has (idempotent).
void tesseraInitLLVMTargets(void);
/// The new pass manager's default<O`optLevel`> pipeline on `m` (nothing
/// at 0); false after an error on `ctx`.
MlirLogicalResult tesseraOptimizeLLVM(MlirContext ctx, LLVMModuleRef m,
                                      LLVMTargetMachineRef tm, int optLevel);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_TARGET_TRANSLATEUTILS_H
