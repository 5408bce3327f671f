//===- GPUSerialize.c - gpu.module -> PTX / cubin / AMDGCN / hsaco -------===//
//
// One driver for both GPU vendors, around upstream's gpu-module-to-binary:
//
//   clone the input (callers keep their module)
//   keep only the gpu.modules asked for (host code would need the GPU
//     runtime's lowering, and is not what is being serialised)
//   give each one the vendor's target: --chip replaces whatever is attached;
//     without a chip the attached #nvvm.target / #rocdl.target is used
//   lower modules still above the LLVM level with upstream's defaults
//   gpu-module-to-binary{format=isa|bin|llvm toolkit=...}
//   hand every #gpu.object's payload to the callback
//
// Attaching targets by parsing the attribute (rather than running
// nvvm-attach-target) lets a chip replace a stale target instead of adding
// a second one, which would make gpu-module-to-binary emit two objects.
//
//===----------------------------------------------------------------------===//
#include "Target/TranslateUtils.h"

#include "Support/StrBuf.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Dialect/GPU.h"

#include "llvm-c/BitReader.h"
#include "llvm-c/Core.h"

#include <stdlib.h>
#include <string.h>

static bool opIs(MlirOperation op, const char *name) {
  return tesseraStrRefEquals(tesseraOpName(op), name);
}

static char *printAttr(MlirAttribute a) {
  TesseraStrBuf b = {0};
  mlirAttributePrint(a, tesseraStrBufCallback, &b);
  if (!b.data)
    tesseraStrBufAppend(&b, "", 0);
  return b.data;
}

// Keeps the vendor's targets of `gpuModule`, or replaces them all with the
// one for `chip`. Fails if none is left.
static MlirLogicalResult setTargets(MlirOperation gpuModule,
                                    const TesseraGPUVendor *vendor,
                                    const TesseraTranslateOptions *opts,
                                    const char *chip) {
  MlirContext ctx = mlirOperationGetContext(gpuModule);
  MlirStringRef targetsName = mlirStringRefCreateFromCString("targets");
  MlirStringRef name = tesseraSymName(gpuModule);
  if (chip) {
    char text[512];
    char *features = tesseraStrRefDup(opts->features);
    vendor->buildTarget(text, sizeof text, chip, features, opts->optLevel);
    free(features);
    MlirAttribute target =
        mlirAttributeParseGet(ctx, mlirStringRefCreateFromCString(text));
    if (mlirAttributeIsNull(target)) {
      tesseraTranslateError(ctx, "could not build the target '%s'", text);
      return mlirLogicalResultFailure();
    }
    mlirOperationSetInherentAttributeByName(
        gpuModule, targetsName, mlirArrayAttrGet(ctx, 1, &target));
    return mlirLogicalResultSuccess();
  }
  MlirAttribute targets =
      mlirOperationGetInherentAttributeByName(gpuModule, targetsName);
  intptr_t n = !mlirAttributeIsNull(targets) && mlirAttributeIsAArray(targets)
                   ? mlirArrayAttrGetNumElements(targets)
                   : 0;
  MlirAttribute *kept = calloc((size_t)n + 1, sizeof *kept);
  intptr_t nKept = 0;
  for (intptr_t i = 0; i < n; ++i) {
    MlirAttribute t = mlirArrayAttrGetElement(targets, i);
    char *text = printAttr(t);
    if (strncmp(text, vendor->targetPrefix, strlen(vendor->targetPrefix)) ==
        0)
      kept[nKept++] = t;
    free(text);
  }
  if (nKept == 0) {
    tesseraTranslateError(
        ctx,
        "gpu.module @%.*s has no %s; give a chip (e.g. --chip=%s)",
        (int)name.length, name.data, vendor->targetPrefix,
        vendor->kind == TesseraChipNVIDIA ? "sm_90a" : "gfx942");
    free(kept);
    return mlirLogicalResultFailure();
  }
  if (nKept != n)
    mlirOperationSetInherentAttributeByName(
        gpuModule, targetsName, mlirArrayAttrGet(ctx, nKept, kept));
  free(kept);
  return mlirLogicalResultSuccess();
}

// The chip of the (first) vendor target on `gpuModule`, malloc'ed, or NULL.
static char *attachedChip(MlirOperation gpuModule) {
  MlirAttribute targets = mlirOperationGetInherentAttributeByName(
      gpuModule, mlirStringRefCreateFromCString("targets"));
  if (mlirAttributeIsNull(targets) || !mlirAttributeIsAArray(targets) ||
      mlirArrayAttrGetNumElements(targets) == 0)
    return NULL;
  char *text = printAttr(mlirArrayAttrGetElement(targets, 0));
  // #nvvm.target<O = 3, chip = "sm_90a", ...>: no C API accessor exists for
  // the NVVM / ROCDL target attributes, so read the printed form.
  char *chip = NULL, *p = strstr(text, "chip = \"");
  if (p) {
    p += strlen("chip = \"");
    char *end = strchr(p, '"');
    if (end)
      chip = tesseraStrRefDup(mlirStringRefCreate(p, (size_t)(end - p)));
  }
  free(text);
  return chip;
}

static MlirWalkResult findNonLLVM(MlirOperation op, void *ud) {
  MlirStringRef name = tesseraOpName(op);
  if (tesseraStrRefEquals(name, "gpu.module") || tesseraStrRefHasPrefix(name, "llvm.") ||
      tesseraStrRefHasPrefix(name, "nvvm.") || tesseraStrRefHasPrefix(name, "rocdl."))
    return MlirWalkResultAdvance;
  *(bool *)ud = true;
  return MlirWalkResultInterrupt;
}

static MlirLogicalResult lowerIfNeeded(MlirOperation gpuModule,
                                       const TesseraGPUVendor *vendor) {
  bool needed = false;
  mlirOperationWalk(gpuModule, findNonLLVM, &needed, MlirWalkPreOrder);
  if (!needed)
    return mlirLogicalResultSuccess();
  char *chip = attachedChip(gpuModule);
  char pipeline[1024];
  vendor->buildLowering(pipeline, sizeof pipeline, chip);
  free(chip);
  return tesseraTranslateRunPipeline(gpuModule, "gpu.module", pipeline);
}

typedef struct Selection {
  MlirOperation *ops;
  size_t size;
} Selection;

// Erases every top-level op of `clone` but the requested gpu.modules, which
// it returns. Fails with an error when nothing is left.
static MlirLogicalResult selectGPUModules(MlirModule clone,
                                          const TesseraGPUVendor *vendor,
                                          MlirStringRef wanted,
                                          Selection *sel) {
  MlirContext ctx = mlirModuleGetContext(clone);
  MlirBlock body = mlirModuleGetBody(clone);
  size_t total = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(op);) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    bool isGPU = opIs(op, "gpu.module");
    total += isGPU;
    if (isGPU && (wanted.length == 0 ||
                  mlirStringRefEqual(tesseraSymName(op), wanted))) {
      sel->ops = realloc(sel->ops, (sel->size + 1) * sizeof *sel->ops);
      if (!sel->ops)
        abort();
      sel->ops[sel->size++] = op;
    } else {
      mlirOperationDestroy(op);
    }
    op = next;
  }
  if (sel->size)
    return mlirLogicalResultSuccess();
  if (total == 0)
    tesseraTranslateError(
        ctx,
        "the input has no gpu.module to translate to %s (host code: "
        "--to=obj|asm|llvmir)",
        vendor->isaName);
  else
    tesseraTranslateError(ctx, "the input has no gpu.module named @%.*s",
                          (int)wanted.length, wanted.data);
  return mlirLogicalResultFailure();
}

MlirLogicalResult tesseraBitcodeToText(MlirContext ctx, MlirStringRef bitcode,
                                       MlirStringRef name,
                                       TesseraTranslateCallback callback,
                                       void *userData) {
  LLVMContextRef llvmCtx = LLVMContextCreate();
  LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRange(
      bitcode.data, bitcode.length, "gpu-object", 0);
  LLVMModuleRef mod = NULL;
  MlirLogicalResult r = mlirLogicalResultSuccess();
  if (LLVMParseBitcodeInContext2(llvmCtx, buf, &mod)) {
    tesseraTranslateError(ctx, "gpu.module @%.*s: the device LLVM bitcode "
                          "does not parse", (int)name.length, name.data);
    r = mlirLogicalResultFailure();
  } else {
    char *text = LLVMPrintModuleToString(mod);
    callback(name, mlirStringRefCreateFromCString(text), userData);
    LLVMDisposeMessage(text);
    LLVMDisposeModule(mod);
  }
  LLVMDisposeMemoryBuffer(buf);
  LLVMContextDispose(llvmCtx);
  return r;
}

// Hands the payload of every #gpu.object of every gpu.binary to `callback`.
static MlirLogicalResult emitObjects(MlirModule clone, bool bitcodeToText,
                                     TesseraTranslateCallback callback,
                                     void *userData) {
  MlirContext ctx = mlirModuleGetContext(clone);
  size_t emitted = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(clone));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (!opIs(op, "gpu.binary"))
      continue;
    MlirStringRef name = tesseraSymName(op);
    MlirAttribute objects = mlirOperationGetInherentAttributeByName(
        op, mlirStringRefCreateFromCString("objects"));
    intptr_t n = !mlirAttributeIsNull(objects) && mlirAttributeIsAArray(objects)
                     ? mlirArrayAttrGetNumElements(objects)
                     : 0;
    for (intptr_t i = 0; i < n; ++i) {
      MlirAttribute obj = mlirArrayAttrGetElement(objects, i);
      if (!mlirAttributeIsAGPUObjectAttr(obj))
        continue;
      MlirStringRef data = mlirGPUObjectAttrGetObject(obj);
      if (bitcodeToText) {
        if (mlirLogicalResultIsFailure(
                tesseraBitcodeToText(ctx, data, name, callback, userData)))
          return mlirLogicalResultFailure();
      } else {
        callback(name, data, userData);
      }
      ++emitted;
    }
  }
  if (!emitted) {
    tesseraTranslateError(ctx, "gpu-module-to-binary produced no object");
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tesseraSerializeGPUModules(
    MlirModule module, const TesseraGPUVendor *vendor,
    const TesseraTranslateOptions *opts, const char *format,
    const char *toolkit, bool bitcodeToText,
    TesseraTranslateCallback callback, void *userData) {
  MlirContext ctx = mlirModuleGetContext(module);
  tesseraTranslateRegister(ctx);

  char *chip = NULL;
  if (opts->chip.length) {
    bool otherVendor =
        vendor->kind == TesseraChipNVIDIA
            ? tesseraTranslateIsKnownChip(TesseraChipAMD, opts->chip)
            : tesseraTranslateIsKnownChip(TesseraChipNVIDIA, opts->chip);
    if (otherVendor) {
      tesseraTranslateError(
          ctx, "chip '%.*s' is not for %s; use %s", (int)opts->chip.length,
          opts->chip.data, vendor->isaName,
          vendor->kind == TesseraChipNVIDIA ? "--to=amdgcn|hsaco"
                                            : "--to=ptx|cubin");
      return mlirLogicalResultFailure();
    }
    if (!tesseraTranslateIsKnownChip(vendor->kind, opts->chip)) {
      TesseraStrBuf known = {0};
      const char *const *c = tesseraTranslateKnownChips(vendor->kind);
      for (int i = 0; c[i]; ++i)
        tesseraStrBufPrintf(&known, "%s%s", i ? ", " : "", c[i]);
      tesseraTranslateError(ctx, "unknown chip '%.*s' for %s (known: %s)",
                            (int)opts->chip.length, opts->chip.data,
                            vendor->isaName, tesseraStrBufStr(&known));
      tesseraStrBufFree(&known);
      return mlirLogicalResultFailure();
    }
    chip = tesseraStrRefDup(opts->chip);
  }

  MlirOperation cloneOp = mlirOperationClone(mlirModuleGetOperation(module));
  MlirModule clone = mlirModuleFromOperation(cloneOp);
  Selection sel = {0};
  MlirLogicalResult r =
      selectGPUModules(clone, vendor, opts->gpuModule, &sel);
  for (size_t i = 0; i < sel.size && mlirLogicalResultIsSuccess(r); ++i) {
    r = setTargets(sel.ops[i], vendor, opts, chip);
    if (mlirLogicalResultIsSuccess(r))
      r = lowerIfNeeded(sel.ops[i], vendor);
  }
  if (mlirLogicalResultIsSuccess(r)) {
    TesseraStrBuf pipeline = {0};
    tesseraStrBufPrintf(&pipeline,
                        "builtin.module(gpu-module-to-binary{format=%s",
                        format);
    if (toolkit && *toolkit)
      tesseraStrBufPrintf(&pipeline, " toolkit=\"%s\"", toolkit);
    tesseraStrBufPrintf(&pipeline, "})");
    r = tesseraTranslateRunPipeline(cloneOp, "builtin.module",
                                    tesseraStrBufStr(&pipeline));
    tesseraStrBufFree(&pipeline);
  }
  if (mlirLogicalResultIsSuccess(r))
    r = emitObjects(clone, bitcodeToText, callback, userData);
  free(sel.ops);
  free(chip);
  mlirModuleDestroy(clone);
  return r;
}
