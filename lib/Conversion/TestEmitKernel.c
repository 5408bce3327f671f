//===- TestEmitKernel.c - tessera-test-emit-kernel -----------------------===//
//
// Instantiates the host's whole-nest matmul (KernelFamilies.h) from pass
// options and appends it to the module, so that it can be tested on its
// own (host numerics) independently of the Graph -> Schedule -> Target
// lowering that normally drives it. In the spirit of upstream's -test-*
// passes. GPU kernels have no such form: they are compiled op by op.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GeneratedDialects.h"
#include "Conversion/KernelFamilies.h"
#include "Dialect/Target/TargetUtils.h"
#include "IR/Builder.h"
#include "Pipeline/PassRegistry.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"

#include <stdio.h>
#include <string.h>

static const char *const kTypes[] = {"f32", "f16", "bf16", NULL};

static const TesseraPassOptionInfo kOptions[] = {
    {"kind", TesseraPassOptionEnum, "matmul", "Kernel family to generate",
     tesseraKernelFamilyNames},
    {"chip", TesseraPassOptionEnum, "host", "Target chip", ttChipNames},
    {"name", TesseraPassOptionString, "kernel", "Kernel symbol", NULL},
    {"a", TesseraPassOptionEnum, "f32", "A element type", kTypes},
    {"b", TesseraPassOptionEnum, "f32", "B element type", kTypes},
    {"c", TesseraPassOptionEnum, "f32", "C element type", kTypes},
    {"batched", TesseraPassOptionBool, "false", "Rank-3 (batched) operands",
     NULL},
    {"tile-m", TesseraPassOptionInt, "128", "Rows of C per block", NULL},
    {"tile-n", TesseraPassOptionInt, "128", "Columns of C per block", NULL},
    {"tile-k", TesseraPassOptionInt, "32", "K step of the main loop", NULL},
    {"stages", TesseraPassOptionInt, "3", "Pipeline stages of the K loop",
     NULL},
    {"warps", TesseraPassOptionInt, "4", "Warps / waves per block", NULL},
    {"epilogue", TesseraPassOptionString, "",
     "Comma-separated fused ops: bias, residual, or an activation of the "
     "elementwise function table (relu, gelu, gelu_tanh, silu)",
     NULL},
    {"epilogue-type", TesseraPassOptionEnum, "f32",
     "Element type of bias / residual operands", kTypes},
};

static bool parseEpilogue(const char *s, TesseraDType t,
                          TesseraMatmulKernelConfig *cfg, char *err,
                          size_t cap) {
  cfg->numEpilogue = 0;
  while (*s) {
    size_t n = strcspn(s, ",");
    TesseraEpilogueKind kind;
    const struct TesseraElementwiseFn *fn = NULL;
    bool found = true;
    if (n == 4 && !strncmp(s, "bias", 4))
      kind = TESSERA_EPI_BIAS;
    else if (n == 8 && !strncmp(s, "residual", 8))
      kind = TESSERA_EPI_RESIDUAL;
    else
      found = tesseraEpilogueActivation(s, n, &kind, &fn);
    if (found) {
      if (cfg->numEpilogue == TESSERA_MAX_EPILOGUE) {
        snprintf(err, cap, "at most %d epilogue ops", TESSERA_MAX_EPILOGUE);
        return false;
      }
      cfg->epilogue[cfg->numEpilogue++] = (TesseraEpilogueOp){kind, t, fn};
    }
    if (!found) {
      snprintf(err, cap, "unknown epilogue op '%.*s'", (int)n, s);
      return false;
    }
    s += n + (s[n] == ',');
  }
  return true;
}

static bool isGpu(const char *chip) {
  return tesseraGenTargetOfChip(chip) != TESSERA_GEN_HOST;
}

// The recipe the options describe.
static bool recipe(const TesseraPassOptions *o, TesseraKernelRecipe *rp,
                   char *err, size_t cap) {
  const char *chip = ttChipNames[tesseraOptEnum(o, "chip")];
  TesseraKernelRecipe r;
  memset(&r, 0, sizeof r);
  r.kind = tesseraKernelFamilies[tesseraOptEnum(o, "kind")].kind;
  r.matmul = (TesseraMatmulKernelConfig){
      .name = tesseraOptString(o, "name"),
      .chip = chip,
      .a = (TesseraDType)tesseraOptEnum(o, "a"),
      .b = (TesseraDType)tesseraOptEnum(o, "b"),
      .c = (TesseraDType)tesseraOptEnum(o, "c"),
      .batched = tesseraOptBool(o, "batched"),
      .tileM = tesseraOptInt(o, "tile-m"),
      .tileN = tesseraOptInt(o, "tile-n"),
      .tileK = tesseraOptInt(o, "tile-k"),
      .stages = tesseraOptInt(o, "stages"),
      .warps = tesseraOptInt(o, "warps")};
  if (r.kind == TESSERA_KERNEL_MATMUL &&
      !parseEpilogue(tesseraOptString(o, "epilogue"),
                     (TesseraDType)tesseraOptEnum(o, "epilogue-type"),
                     &r.matmul, err, cap))
    return false;
  *rp = r;
  return true;
}

// The host lowering is built, not written: it replaces a placeholder
// declaration at the end of the module.
static bool buildHost(MlirOperation module, const TesseraKernelRecipe *r,
                      char *err, size_t cap) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  TsBuilder b = tsBuilderAtEnd(body, mlirOperationGetLocation(module));
  MlirOperation placeholder = tsFuncDecl(
      &b, r->matmul.name, mlirFunctionTypeGet(b.ctx, 0, NULL, 0, NULL));
  if (tesseraBuildKernel(r, TESSERA_GEN_HOST, placeholder, err, cap))
    return true;
  mlirOperationDestroy(placeholder);
  return false;
}

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  char err[512] = "";
  TesseraKernelRecipe r;
  const char *chip = ttChipNames[tesseraOptEnum(o, "chip")];
  bool ok = recipe(o, &r, err, sizeof err);
  if (ok && isGpu(chip)) {
    // The GPU templates are retired: GPU kernels are Schedule IR compiled
    // op by op (DistributeTiles.h).
    snprintf(err, sizeof err, "there is no whole-nest \"%s\" kernel for "
             "%s: GPU kernels are compiled op by op (lower Graph or Schedule "
             "IR with tessera-lower-to-nvvm / tessera-lower-to-rocdl)",
             tesseraKernelFamilyNames[tesseraOptEnum(o, "kind")], chip);
    ok = false;
  }
  if (ok && buildHost(module, &r, err, sizeof err))
    return;
  char msg[600];
  snprintf(msg, sizeof msg, "tessera-test-emit-kernel: %s", err);
  mlirEmitError(mlirOperationGetLocation(module), msg);
  mlirExternalPassSignalFailure(pass);
}

const TesseraPassDef tesseraTestEmitKernelPassDef = {
    .info = {.argument = "tessera-test-emit-kernel",
             .summary = "Testing: append the host's whole-nest kernel of a "
                        "family (matmul) to the module",
             .options = kOptions,
             .numOptions = sizeof kOptions / sizeof kOptions[0]},
    .opName = "builtin.module",
    .run = run,
    .dependentDialects = TESSERA_GENERATED_KERNEL_DIALECTS,
};
