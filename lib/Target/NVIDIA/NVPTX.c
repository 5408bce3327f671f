//===- NVPTX.c - gpu.module -> PTX / cubin / device LLVM IR (NVIDIA) ------===//
//
// PTX comes from LLVM's NVPTX back end inside gpu-module-to-binary; cubins
// from the CUDA toolkit's ptxas, which upstream runs as <cuda root>/bin/ptxas
// (libdevice, <cuda root>/nvvm/libdevice, is linked when the kernel calls
// it). So the CUDA root is the one thing to find, and a missing ptxas is
// caught here with one clear message instead of upstream's failed exec.
//
//===----------------------------------------------------------------------===//
#include "Target/TranslateUtils.h"

#include "Support/StrBuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Each checked with LLVM 22's NVPTX back end and CUDA 13's ptxas (which has
// dropped everything before sm_75).
const char *const tesseraNVIDIAChips[] = {
    "sm_75",  "sm_80",   "sm_86",  "sm_87",  "sm_89",  "sm_90",
    "sm_90a", "sm_100",  "sm_100a", "sm_103", "sm_110", "sm_120",
    "sm_120a", "sm_121", NULL};

static void buildTarget(char *buf, size_t cap, const char *chip,
                        const char *features, int optLevel) {
  // docs/build-facts.md: sm_90a (wgmma, setmaxnreg) needs PTX ISA 8.0. LLVM would
  // pick it as the minimum anyway; saying it keeps the PTX's .version
  // independent of LLVM's defaults.
  if (!*features && strcmp(chip, "sm_90a") == 0)
    features = "+ptx80";
  if (*features)
    snprintf(buf, cap, "#nvvm.target<O = %d, chip = \"%s\", features = \"%s\">",
             optLevel, chip, features);
  else
    snprintf(buf, cap, "#nvvm.target<O = %d, chip = \"%s\">", optLevel, chip);
}

static void buildLowering(char *buf, size_t cap, const char *chip) {
  (void)chip;
  snprintf(buf, cap,
           "gpu.module(convert-scf-to-cf,convert-nvgpu-to-nvvm,"
           "convert-gpu-to-nvvm,reconcile-unrealized-casts)");
}

static const TesseraGPUVendor kNVIDIA = {
    .kind = TesseraChipNVIDIA,
    .targetPrefix = "#nvvm.target",
    .isaName = "ptx",
    .buildTarget = buildTarget,
    .buildLowering = buildLowering,
};

static char *ptxasIn(const char *root) {
  TesseraStrBuf b = {0};
  tesseraStrBufPrintf(&b, "%s/bin/ptxas", root);
  if (tesseraIsExecutable(b.data))
    return b.data;
  tesseraStrBufFree(&b);
  return NULL;
}

static bool hasToolkit(const char *root) {
  char *ptxas = ptxasIn(root);
  free(ptxas);
  return ptxas != NULL;
}

// The CUDA root: --cuda-root, then CUDA_HOME / CUDA_PATH / CUDA_ROOT, then
// the parent of the directory of `ptxas` on PATH, then the root this build
// was configured with (TESSERA_CUDA_ROOT: scripts/bootstrap.sh passes the
// machine's toolkit or, where there is none, the pip wheels' nvidia/cu13),
// then /usr/local/cuda. NULL if none holds bin/ptxas. *given says the caller
// named it.
static char *findCudaRoot(const TesseraTranslateOptions *opts, bool *given) {
  *given = opts->toolkitPath.length != 0;
  if (*given)
    return tesseraStrRefDup(opts->toolkitPath);
  static const char *const vars[] = {"CUDA_HOME", "CUDA_PATH", "CUDA_ROOT"};
  for (size_t i = 0; i < sizeof vars / sizeof *vars; ++i) {
    const char *v = getenv(vars[i]);
    if (v && *v && hasToolkit(v))
      return strdup(v);
  }
  char *ptxas = tesseraFindOnPath("ptxas");
  if (ptxas) {
    // <root>/bin/ptxas -> <root>
    for (int up = 0; up < 2; ++up) {
      char *slash = strrchr(ptxas, '/');
      if (slash)
        *slash = 0;
    }
    if (*ptxas && hasToolkit(ptxas))
      return ptxas;
    free(ptxas);
  }
#ifdef TESSERA_CUDA_ROOT_DEFAULT
  if (*TESSERA_CUDA_ROOT_DEFAULT && hasToolkit(TESSERA_CUDA_ROOT_DEFAULT))
    return strdup(TESSERA_CUDA_ROOT_DEFAULT);
#endif
  if (hasToolkit("/usr/local/cuda"))
    return strdup("/usr/local/cuda");
  return NULL;
}

MlirLogicalResult tesseraTranslateNVIDIA(MlirModule module,
                                         TesseraTranslateFormat format,
                                         const TesseraTranslateOptions *opts,
                                         TesseraTranslateCallback callback,
                                         void *userData) {
  MlirContext ctx = mlirModuleGetContext(module);
  bool given;
  char *root = findCudaRoot(opts, &given);
  const char *upstreamFormat = "isa";
  if (format == TesseraTranslateCubin) {
    upstreamFormat = "bin";
    if (!root || !hasToolkit(root)) {
      if (given)
        tesseraTranslateError(ctx, "cubin needs ptxas, but there is no "
                              "executable '%s/bin/ptxas'", root);
      else
        tesseraTranslateError(
            ctx, "cubin needs the CUDA toolkit's ptxas: none found (looked "
            "at --cuda-root, CUDA_HOME, CUDA_PATH, CUDA_ROOT, PATH, the "
            "build's TESSERA_CUDA_ROOT and /usr/local/cuda)");
      free(root);
      return mlirLogicalResultFailure();
    }
  } else if (format == TesseraTranslateLLVMIR) {
    upstreamFormat = "llvm";
  }
  // For PTX and LLVM IR the root only supplies libdevice; without one,
  // upstream falls back to its own defaults.
  MlirLogicalResult r = tesseraSerializeGPUModules(
      module, &kNVIDIA, opts, upstreamFormat, root,
      format == TesseraTranslateLLVMIR, callback, userData);
  free(root);
  return r;
}
