//===- Host.c - LLVM-dialect host code -> LLVM IR / assembly / object ----===//
//
// mlirTranslateModuleToLLVMIR, then LLVM's own C API: a target machine for
// the CPU (by default the host's, with its features, so AVX-512 is used
// where the machine has it), the new pass manager's default<O3> pipeline
// (mlir-translate stops at LLVM IR; an object for kernels wants the middle
// end's inlining and vectorisation), and code generation to memory.
// Objects are position independent so they can go into a shared library.
//
//===----------------------------------------------------------------------===//
#include "Target/TranslateUtils.h"

#include "Support/StrBuf.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Target/LLVMIR.h"

#include "llvm-c/Analysis.h"
#include "llvm-c/Core.h"
#include "llvm-c/Target.h"
#include "llvm-c/TargetMachine.h"
#include "llvm-c/Transforms/PassBuilder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// x86-64 CPU names of LLVM 22 (`llc-22 -mcpu=help`), 32-bit-only ones left
// out. LLVM's C API cannot validate a CPU name (an unknown one is ignored
// with a warning on stderr at code generation), hence the table.
const char *const tesseraX86Chips[] = {
    "alderlake", "amdfam10", "arrowlake", "arrowlake-s", "arrowlake_s",
    "athlon-fx", "athlon64", "athlon64-sse3", "atom", "atom_sse4_2",
    "atom_sse4_2_movbe", "barcelona", "bdver1", "bdver2", "bdver3",
    "bdver4", "bonnell", "broadwell", "btver1", "btver2", "cannonlake",
    "cascadelake", "clearwaterforest", "cooperlake", "core-avx-i",
    "core-avx2", "core2", "core_2_duo_sse4_1", "core_2_duo_ssse3",
    "core_2nd_gen_avx", "core_3rd_gen_avx", "core_4th_gen_avx",
    "core_4th_gen_avx_tsx", "core_5th_gen_avx", "core_5th_gen_avx_tsx",
    "core_aes_pclmulqdq", "core_i7_sse4_2", "corei7", "corei7-avx",
    "diamondrapids", "emeraldrapids", "generic", "goldmont",
    "goldmont-plus", "goldmont_plus", "gracemont", "grandridge",
    "graniterapids", "graniterapids-d", "graniterapids_d", "haswell",
    "icelake-client", "icelake-server", "icelake_client", "icelake_server",
    "ivybridge", "k8", "k8-sse3", "knl", "knm", "lunarlake", "meteorlake",
    "mic_avx512", "nehalem", "nocona", "novalake", "opteron",
    "opteron-sse3", "pantherlake", "penryn", "raptorlake", "rocketlake",
    "sandybridge", "sapphirerapids", "sierraforest", "silvermont", "skx",
    "skylake", "skylake-avx512", "skylake_avx512", "slm", "tigerlake",
    "tremont", "westmere", "wildcatlake", "x86-64", "x86-64-v2",
    "x86-64-v3", "x86-64-v4", "znver1", "znver2", "znver3", "znver4",
    "znver5", NULL
};

// Host code is the module's llvm.* ops; gpu.module (device code, skipped by
// the translation) and gpu.binary (embedded by it) may sit beside them.
static MlirLogicalResult checkHostCode(MlirModule module,
                                       TesseraTranslateFormat format) {
  MlirContext ctx = mlirModuleGetContext(module);
  bool any = false;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirStringRef name = tesseraOpName(op);
    if (tesseraStrRefHasPrefix(name, "llvm.")) {
      any = true;
    } else if (!tesseraStrRefEquals(name, "gpu.module") &&
               !tesseraStrRefEquals(name, "gpu.binary")) {
      tesseraTranslateError(
          ctx,
          "host code must be in the LLVM dialect, but the input has '%.*s' "
          "at the top level (lower it first, e.g. tessera-opt "
          "--convert-to-llvm)",
          (int)name.length, name.data);
      return mlirLogicalResultFailure();
    }
  }
  if (!any) {
    MlirStringRef f = tesseraTranslateFormatGetName(format);
    tesseraTranslateError(
        ctx,
        "the input has no host code (llvm.func) to translate to %.*s; "
        "gpu.modules go to --to=ptx|cubin|amdgcn|hsaco, or to --to=llvmir "
        "with --chip=sm_*|gfx*",
        (int)f.length, f.data);
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

void tesseraInitLLVMTargets(void) {
  // Idempotent in LLVM; every target the libLLVM build has, so that a
  // module with another triple (aarch64 cross builds) works too.
  LLVMInitializeAllTargetInfos();
  LLVMInitializeAllTargets();
  LLVMInitializeAllTargetMCs();
  LLVMInitializeAllAsmPrinters();
  LLVMInitializeAllAsmParsers();
}

static bool isHostChip(MlirStringRef chip) {
  return chip.length == 0 || tesseraStrRefEquals(chip, "host") ||
         tesseraStrRefEquals(chip, "native");
}

static bool sameTriple(const char *a, const char *b) {
  char *na = LLVMNormalizeTargetTriple(a), *nb = LLVMNormalizeTargetTriple(b);
  bool same = strcmp(na, nb) == 0;
  LLVMDisposeMessage(na);
  LLVMDisposeMessage(nb);
  return same;
}

static LLVMCodeGenOptLevel codeGenLevel(int o) {
  return o <= 0   ? LLVMCodeGenLevelNone
         : o == 1 ? LLVMCodeGenLevelLess
         : o == 2 ? LLVMCodeGenLevelDefault
                  : LLVMCodeGenLevelAggressive;
}

// Makes the target machine for `m`'s triple (the module's, else the
// host's) and the chosen CPU; stamps triple and data layout on `m`.
static LLVMTargetMachineRef createTargetMachine(
    MlirContext ctx, LLVMModuleRef m, const TesseraTranslateOptions *opts) {
  char *hostTriple = LLVMGetDefaultTargetTriple();
  const char *modTriple = LLVMGetTarget(m);
  char *triple = strdup(modTriple && *modTriple ? modTriple : hostTriple);
  bool forHost = sameTriple(triple, hostTriple);
  LLVMDisposeMessage(hostTriple);

  char *cpu = NULL, *features = NULL;
  if (isHostChip(opts->chip)) {
    if (forHost) {
      cpu = LLVMGetHostCPUName();
      features = LLVMGetHostCPUFeatures();
    } else if (opts->chip.length) {
      tesseraTranslateError(ctx, "--chip=%.*s: the module's triple '%s' is "
                            "not the host's; name a CPU of that target",
                            (int)opts->chip.length, opts->chip.data, triple);
      free(triple);
      return NULL;
    }
  } else {
    if (strncmp(triple, "x86_64", 6) == 0 &&
        !tesseraTranslateIsKnownChip(TesseraChipHost, opts->chip)) {
      tesseraTranslateError(
          ctx, "unknown chip '%.*s' for the host (%s); give an x86-64 CPU "
          "name such as x86-64-v4, znver5, sapphirerapids, or 'host'",
          (int)opts->chip.length, opts->chip.data, triple);
      free(triple);
      return NULL;
    }
    cpu = tesseraStrRefDup(opts->chip);
  }
  if (opts->features.length) {
    if (features)
      LLVMDisposeMessage(features);
    features = NULL;
  }
  char *userFeatures = tesseraStrRefDup(opts->features);

  LLVMTargetRef target;
  char *err = NULL;
  LLVMTargetMachineRef tm = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &err)) {
    tesseraTranslateError(ctx, "no LLVM target for triple '%s': %s", triple,
                          err ? err : "");
    LLVMDisposeMessage(err);
  } else {
    tm = LLVMCreateTargetMachine(
        target, triple, cpu ? cpu : "",
        opts->features.length ? userFeatures : (features ? features : ""),
        codeGenLevel(opts->optLevel), LLVMRelocPIC, LLVMCodeModelDefault);
    if (!tm)
      tesseraTranslateError(ctx, "could not create a target machine for '%s'",
                            triple);
  }
  if (tm) {
    LLVMSetTarget(m, triple);
    LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
    char *dlText = LLVMCopyStringRepOfTargetData(dl);
    LLVMSetDataLayout(m, dlText);
    LLVMDisposeMessage(dlText);
    LLVMDisposeTargetData(dl);
  }
  // cpu/features come from LLVM (LLVMDisposeMessage) or from malloc; both
  // are plain free()able on this platform, but keep the pairs honest.
  if (isHostChip(opts->chip) && forHost)
    LLVMDisposeMessage(cpu);
  else
    free(cpu);
  if (features)
    LLVMDisposeMessage(features);
  free(userFeatures);
  free(triple);
  return tm;
}

MlirLogicalResult tesseraOptimizeLLVM(MlirContext ctx, LLVMModuleRef m,
                                      LLVMTargetMachineRef tm, int optLevel) {
  if (optLevel <= 0)
    return mlirLogicalResultSuccess();
  char pipeline[32];
  snprintf(pipeline, sizeof pipeline, "default<O%d>",
           optLevel > 3 ? 3 : optLevel);
  LLVMPassBuilderOptionsRef pbo = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(m, pipeline, tm, pbo);
  LLVMDisposePassBuilderOptions(pbo);
  if (e) {
    char *msg = LLVMGetErrorMessage(e);
    tesseraTranslateError(ctx, "LLVM %s pipeline failed: %s", pipeline, msg);
    LLVMDisposeErrorMessage(msg);
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tesseraTranslateHost(MlirModule module,
                                       TesseraTranslateFormat format,
                                       const TesseraTranslateOptions *opts,
                                       TesseraTranslateCallback callback,
                                       void *userData) {
  MlirContext ctx = mlirModuleGetContext(module);
  tesseraTranslateRegister(ctx);
  if (mlirLogicalResultIsFailure(checkHostCode(module, format)))
    return mlirLogicalResultFailure();
  MlirOperation op = mlirModuleGetOperation(module);
  MlirAttribute symAttr = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString("sym_name"));
  MlirStringRef name = !mlirAttributeIsNull(symAttr) &&
                               mlirAttributeIsAString(symAttr)
                           ? mlirStringAttrGetValue(symAttr)
                           : mlirStringRefCreate("", 0);

  LLVMContextRef llvmCtx = LLVMContextCreate();
  LLVMModuleRef m = mlirTranslateModuleToLLVMIR(op, llvmCtx);
  MlirLogicalResult r = mlirLogicalResultFailure();
  LLVMTargetMachineRef tm = NULL;
  if (!m) {
    tesseraTranslateError(ctx, "translation to LLVM IR failed");
    goto done;
  }
  if (format == TesseraTranslateLLVMIR) {
    char *text = LLVMPrintModuleToString(m);
    callback(name, mlirStringRefCreateFromCString(text), userData);
    LLVMDisposeMessage(text);
    r = mlirLogicalResultSuccess();
    goto done;
  }

  tesseraInitLLVMTargets();
  tm = createTargetMachine(ctx, m, opts);
  if (!tm)
    goto done;
  char *msg = NULL;
  if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) {
    tesseraTranslateError(ctx, "the translated LLVM IR is invalid: %s", msg);
    LLVMDisposeMessage(msg);
    goto done;
  }
  LLVMDisposeMessage(msg);
  if (mlirLogicalResultIsFailure(tesseraOptimizeLLVM(ctx, m, tm, opts->optLevel)))
    goto done;
  LLVMMemoryBufferRef buf = NULL;
  char *err = NULL;
  if (LLVMTargetMachineEmitToMemoryBuffer(
          tm, m,
          format == TesseraTranslateAssembly ? LLVMAssemblyFile
                                             : LLVMObjectFile,
          &err, &buf)) {
    tesseraTranslateError(ctx, "LLVM code generation failed: %s",
                          err ? err : "");
    LLVMDisposeMessage(err);
    goto done;
  }
  callback(name,
           mlirStringRefCreate(LLVMGetBufferStart(buf), LLVMGetBufferSize(buf)),
           userData);
  LLVMDisposeMemoryBuffer(buf);
  r = mlirLogicalResultSuccess();
done:
  if (tm)
    LLVMDisposeTargetMachine(tm);
  if (m)
    LLVMDisposeModule(m);
  LLVMContextDispose(llvmCtx);
  return r;
}
