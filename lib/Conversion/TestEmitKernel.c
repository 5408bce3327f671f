//===- TestEmitKernel.c - tessera-test-emit-kernel -----------------------===//
//
// Instantiates one kernel generator (KernelGen.h) from pass options and
// appends the result to the module, so that each generator can be tested on
// its own (ptxas, SASS, AMDGCN, host numerics) before and independently of
// the Graph -> Schedule -> Target lowering that normally drives it. In the
// spirit of upstream's -test-* passes.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GeneratedDialects.h"
#include "Conversion/KernelFamilies.h"
#include "Dialect/Target/TargetUtils.h"
#include "IR/Builder.h"
#include "Pipeline/PassRegistry.h"
#include "Support/Source.h"

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

static void setLaunchAttr(MlirOperation op, const TesseraLaunchInfo *l) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirType i64 = mlirIntegerTypeGet(ctx, 64);
  struct {
    const char *name;
    int64_t v;
  } f[] = {{"block_threads", l->blockThreads},
           {"shared_bytes", l->sharedBytes},
           {"tile_m", l->tileM},
           {"tile_n", l->tileN}};
  MlirNamedAttribute e[4];
  for (int i = 0; i < 4; ++i)
    e[i] = mlirNamedAttributeGet(
        mlirIdentifierGet(ctx, mlirStringRefCreateFromCString(f[i].name)),
        mlirIntegerAttrGet(i64, f[i].v));
  mlirOperationSetAttributeByName(op,
                                  mlirStringRefCreateFromCString(
                                      "tessera.launch"),
                                  mlirDictionaryAttrGet(ctx, 4, e));
}

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  TesseraStrBuf text = {0};
  TesseraLaunchInfo launch = {0};
  char err[512] = "";
  MlirContext ctx = mlirOperationGetContext(module);
  TesseraKernelRecipe r;
  const char *chip = ttChipNames[tesseraOptEnum(o, "chip")];
  bool gpu = isGpu(chip);
  bool ok = recipe(o, &r, err, sizeof err);
  if (ok && !gpu && buildHost(module, &r, err, sizeof err))
    return;
  ok = ok && gpu &&
       tesseraGenerateKernel(&r, tesseraGenTargetOfChip(chip), &text, &launch,
                             err, sizeof err);
  if (!ok) {
    char msg[600];
    snprintf(msg, sizeof msg, "tessera-test-emit-kernel: %s", err);
    mlirEmitError(mlirOperationGetLocation(module), msg);
    mlirExternalPassSignalFailure(pass);
    tesseraStrBufFree(&text);
    return;
  }
  // A generator may emit several top-level ops: parse them as a module and
  // move them over.
  MlirModule parsed = mlirModuleCreateParse(
      ctx, mlirStringRefCreate(tesseraStrBufStr(&text), text.size));
  tesseraStrBufFree(&text);
  if (mlirModuleIsNull(parsed)) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tessera-test-emit-kernel: the generated kernel does not "
                  "parse (see the errors above)");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  if (gpu)
    mlirOperationSetAttributeByName(
        module, mlirStringRefCreateFromCString("gpu.container_module"),
        mlirUnitAttrGet(ctx));
  if (gpu)
    for (MlirOperation op =
             mlirBlockGetFirstOperation(mlirModuleGetBody(parsed));
         !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
      setLaunchAttr(op, &launch);
  tesseraMoveModuleOps(
      parsed, mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0)),
      (MlirOperation){NULL});
}

const TesseraPassDef tesseraTestEmitKernelPassDef = {
    .info = {.argument = "tessera-test-emit-kernel",
             .summary = "Testing: append one generated kernel (a matmul "
                        "family's, any target) to the module",
             .options = kOptions,
             .numOptions = sizeof kOptions / sizeof kOptions[0]},
    .opName = "builtin.module",
    .run = run,
    .dependentDialects = TESSERA_GENERATED_KERNEL_DIALECTS,
};
