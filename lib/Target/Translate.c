//===- Translate.c - tessera-c/Translate.h: formats, chips, dispatch -----===//
#include "Target/TranslateUtils.h"

#include <string.h>

static const char *const kFormatNames[] = {
    [TesseraTranslateLLVMIR] = "llvmir", [TesseraTranslatePTX] = "ptx",
    [TesseraTranslateCubin] = "cubin",   [TesseraTranslateAMDGCN] = "amdgcn",
    [TesseraTranslateHSACO] = "hsaco",   [TesseraTranslateObject] = "obj",
    [TesseraTranslateAssembly] = "asm",  [TesseraTranslateSPIRV] = "spirv",
};
enum { kNumFormats = sizeof kFormatNames / sizeof *kFormatNames };

MlirStringRef tesseraTranslateFormatGetName(TesseraTranslateFormat format) {
  if ((unsigned)format >= kNumFormats)
    return mlirStringRefCreate("", 0);
  return mlirStringRefCreateFromCString(kFormatNames[format]);
}

bool tesseraTranslateFormatFromName(MlirStringRef name,
                                    TesseraTranslateFormat *format) {
  for (int i = 0; i < kNumFormats; ++i)
    if (tesseraStrRefEquals(name, kFormatNames[i])) {
      *format = (TesseraTranslateFormat)i;
      return true;
    }
  return false;
}

bool tesseraTranslateFormatIsBinary(TesseraTranslateFormat format) {
  return format == TesseraTranslateCubin || format == TesseraTranslateHSACO ||
         format == TesseraTranslateObject || format == TesseraTranslateSPIRV;
}

bool tesseraTranslateFormatIsGPU(TesseraTranslateFormat format) {
  return format == TesseraTranslatePTX || format == TesseraTranslateCubin ||
         format == TesseraTranslateAMDGCN || format == TesseraTranslateHSACO ||
         format == TesseraTranslateSPIRV;
}

const char *const *tesseraTranslateKnownChips(TesseraChipKind kind) {
  switch (kind) {
  case TesseraChipNVIDIA:
    return tesseraNVIDIAChips;
  case TesseraChipAMD:
    return tesseraAMDChips;
  case TesseraChipHost:
    return tesseraX86Chips;
  }
  return tesseraX86Chips;
}

bool tesseraTranslateIsKnownChip(TesseraChipKind kind, MlirStringRef chip) {
  if (kind == TesseraChipHost && (tesseraStrRefEquals(chip, "host") ||
                                  tesseraStrRefEquals(chip, "native")))
    return true;
  for (const char *const *c = tesseraTranslateKnownChips(kind); *c; ++c)
    if (tesseraStrRefEquals(chip, *c))
      return true;
  return false;
}

TesseraTranslateOptions tesseraTranslateOptionsGetDefault(void) {
  TesseraTranslateOptions o;
  memset(&o, 0, sizeof o);
  o.optLevel = 3;
  return o;
}

MlirLogicalResult tesseraTranslate(MlirModule module,
                                   TesseraTranslateFormat format,
                                   const TesseraTranslateOptions *options,
                                   TesseraTranslateCallback callback,
                                   void *userData) {
  TesseraTranslateOptions opts =
      options ? *options : tesseraTranslateOptionsGetDefault();
  if (opts.optLevel < 0 || opts.optLevel > 3)
    opts.optLevel = 3;
  switch (format) {
  case TesseraTranslatePTX:
  case TesseraTranslateCubin:
    return tesseraTranslateNVIDIA(module, format, &opts, callback, userData);
  case TesseraTranslateAMDGCN:
  case TesseraTranslateHSACO:
    return tesseraTranslateAMD(module, format, &opts, callback, userData);
  case TesseraTranslateLLVMIR:
    // A GPU chip selects the device code (docs/tools/tessera-translate.md:
    // llvmir of a gpu.module for sm_* / gfx*); anything else is the host's.
    if (tesseraStrRefHasPrefix(opts.chip, "sm_"))
      return tesseraTranslateNVIDIA(module, format, &opts, callback, userData);
    if (tesseraStrRefHasPrefix(opts.chip, "gfx"))
      return tesseraTranslateAMD(module, format, &opts, callback, userData);
    if (tesseraStrRefEquals(opts.chip, "spirv"))
      return tesseraTranslateSPIRV(module, format, &opts, callback, userData);
    return tesseraTranslateHost(module, format, &opts, callback, userData);
  case TesseraTranslateSPIRV:
    return tesseraTranslateSPIRV(module, format, &opts, callback, userData);
  case TesseraTranslateObject:
  case TesseraTranslateAssembly:
    return tesseraTranslateHost(module, format, &opts, callback, userData);
  }
  tesseraTranslateError(mlirModuleGetContext(module),
                        "unknown translation format %d", (int)format);
  return mlirLogicalResultFailure();
}

//===----------------------------------------------------------------------===//
// Conveniences: the same, with a plain MlirStringCallback.
//===----------------------------------------------------------------------===//

typedef struct Forward {
  MlirStringCallback callback;
  void *userData;
} Forward;

static void forward(MlirStringRef name, MlirStringRef data, void *ud) {
  (void)name;
  Forward *f = ud;
  f->callback(data, f->userData);
}

static MlirLogicalResult translateWith(MlirModule module,
                                       TesseraTranslateFormat format,
                                       MlirStringRef chip,
                                       MlirStringRef features,
                                       MlirStringRef toolkit,
                                       MlirStringCallback callback,
                                       void *userData) {
  TesseraTranslateOptions o = tesseraTranslateOptionsGetDefault();
  o.chip = chip;
  o.features = features;
  o.toolkitPath = toolkit;
  Forward f = {callback, userData};
  return tesseraTranslate(module, format, &o, forward, &f);
}

static MlirStringRef none(void) { return mlirStringRefCreate("", 0); }

MlirLogicalResult tesseraTranslateToLLVMIR(MlirModule module,
                                           MlirStringCallback callback,
                                           void *userData) {
  return translateWith(module, TesseraTranslateLLVMIR, none(), none(), none(),
                       callback, userData);
}

MlirLogicalResult tesseraTranslateToPTX(MlirModule module, MlirStringRef chip,
                                        MlirStringCallback callback,
                                        void *userData) {
  return translateWith(module, TesseraTranslatePTX, chip, none(), none(),
                       callback, userData);
}

MlirLogicalResult tesseraTranslateToCubin(MlirModule module,
                                          MlirStringRef chip,
                                          MlirStringRef cudaRoot,
                                          MlirStringCallback callback,
                                          void *userData) {
  return translateWith(module, TesseraTranslateCubin, chip, none(), cudaRoot,
                       callback, userData);
}

MlirLogicalResult tesseraTranslateToAMDGCN(MlirModule module,
                                           MlirStringRef chip,
                                           MlirStringCallback callback,
                                           void *userData) {
  return translateWith(module, TesseraTranslateAMDGCN, chip, none(), none(),
                       callback, userData);
}

MlirLogicalResult tesseraTranslateToHSACO(MlirModule module,
                                          MlirStringRef chip,
                                          MlirStringRef rocmPath,
                                          MlirStringCallback callback,
                                          void *userData) {
  return translateWith(module, TesseraTranslateHSACO, chip, none(), rocmPath,
                       callback, userData);
}

MlirLogicalResult tesseraTranslateToObject(MlirModule module,
                                           MlirStringRef cpu,
                                           MlirStringRef features,
                                           MlirStringCallback callback,
                                           void *userData) {
  return translateWith(module, TesseraTranslateObject, cpu, features, none(),
                       callback, userData);
}
