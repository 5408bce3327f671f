//===- GpuRuntime.c - Running lowered GPU programs (public API) ----------===//
//
// tesseraGpuInvoke takes the output of tessera-lower-to-nvvm / -rocdl (or
// the same module already lowered further) and, on a clone:
//   1. serialises each gpu.module (tesseraTranslate: cubin / hsaco, with
//      the toolkit search tessera-translate uses) into a gpu.binary;
//   2. lowers the host code to the LLVM dialect with upstream passes
//      (gpu-async-region + gpu-to-llvm: mgpu* calls on one stream per
//      launch, synchronised before the entry goes on);
//   3. JIT-compiles it, registering GpuMgpu.c's mgpu* functions, and runs
//      the global constructors (mgpuModuleLoad of each binary).
// Then it copies the inputs to the device, calls the entry's C interface
// with device memref descriptors, and copies the results back.
//
//===----------------------------------------------------------------------===//
#include "GpuDriver.h"
#include "IR/Builder.h"
#include "Runtime/Descriptors.h"
#include "Runtime/OpenCLBundle.h"

#include "Support/StrBuf.h"
#include "Target/TranslateUtils.h"
#include "tessera-c/Runtime.h"
#include "tessera-c/Translate.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Dialect/GPU.h"
#include "mlir-c/ExecutionEngine.h"
#include "mlir-c/RegisterEverything.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The host side of a lowered GPU module -> LLVM dialect.
static const char kHostToLLVM[] =
    "builtin.module(func.func(gpu-async-region),convert-scf-to-cf,expand-strided-metadata,"
    "lower-affine,convert-index-to-llvm,convert-arith-to-llvm,"
    "convert-cf-to-llvm,finalize-memref-to-llvm,convert-func-to-llvm,"
    "gpu-to-llvm,reconcile-unrealized-casts)";

static const TesseraGpuDriver *driverFor(TesseraDevice device, char *err,
                                         size_t cap) {
  if (device == TesseraDeviceCuda)
    return &tesseraGpuCudaDriver;
  if (device == TesseraDeviceHip)
    return &tesseraGpuHipDriver;
  if (device == TesseraDeviceOpenCL)
    return &tesseraGpuOpenCLDriver;
  snprintf(err, cap, "the host is not a GPU device (use the host runtime)");
  return NULL;
}

bool tesseraGpuAvailable(TesseraDevice device, char *err, size_t cap) {
  const TesseraGpuDriver *d = driverFor(device, err, cap);
  return d && d->init(err, cap);
}

//===----------------------------------------------------------------------===//
// gpu.module -> gpu.binary
//===----------------------------------------------------------------------===//

static bool opIs(MlirOperation op, const char *name) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length == strlen(name) && !memcmp(n.data, name, n.length);
}

// gpu::CompilationTarget::Binary (GPUOpsEnums.h.inc): the object is an
// executable binary (cubin, hsaco), printed `bin = "..."`.
enum { kGpuObjectBinary = 3 };

typedef struct Binaries {
  MlirModule module;
  const char *vendorPrefix; // "#nvvm.target" / "#rocdl.target" / "#spirv..."
  bool bundle; // OpenCL: the kernels' signatures go with the SPIR-V
  bool failed;
  char *err;
  size_t cap;
} Binaries;

static void printTo(MlirStringRef s, void *ud) {
  tesseraStrBufAppend(ud, s.data, s.length);
}

static MlirOperation findGpuModule(MlirModule m, MlirStringRef name) {
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (!opIs(op, "gpu.module"))
      continue;
    MlirStringRef s = mlirStringAttrGetValue(mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("sym_name")));
    if (s.length == name.length && !memcmp(s.data, name.data, s.length))
      return op;
  }
  return (MlirOperation){NULL};
}

// Replaces gpu.module `name` by `gpu.binary @name [#gpu.object<target,
// bin = "...">]` holding `data`.
static void embedBinary(MlirStringRef name, MlirStringRef data, void *ud) {
  Binaries *b = ud;
  MlirOperation gm = findGpuModule(b->module, name);
  MlirAttribute targets = mlirOperationIsNull(gm)
                              ? mlirAttributeGetNull()
                              : mlirOperationGetAttributeByName(
                                    gm, mlirStringRefCreateFromCString(
                                            "targets"));
  if (b->failed || mlirAttributeIsNull(targets) ||
      mlirArrayAttrGetNumElements(targets) != 1) {
    if (!b->failed)
      snprintf(b->err, b->cap, "gpu.module @%.*s has no single target",
               (int)name.length, name.data);
    b->failed = true;
    return;
  }
  MlirAttribute target = mlirArrayAttrGetElement(targets, 0);
  TesseraStrBuf t = {0};
  mlirAttributePrint(target, printTo, &t);
  bool ours = !strncmp(tesseraStrBufStr(&t), b->vendorPrefix,
                       strlen(b->vendorPrefix));
  if (!ours)
    snprintf(b->err, b->cap, "gpu.module @%.*s is compiled for %s, not for "
             "this device", (int)name.length, name.data,
             tesseraStrBufStr(&t));
  tesseraStrBufFree(&t);
  if (!ours) {
    b->failed = true;
    return;
  }
  // gpu.binary @name [#gpu.object<target, bin = data>], built through the
  // builder (the data is binary: no text round trip).
  MlirContext ctx = mlirModuleGetContext(b->module);
  TsBuilder at = tsBuilderBefore(gm);
  unsigned char *bundle = NULL;
  if (b->bundle) {
    size_t n = 0;
    bundle = tclMakeBundle(gm, data.data, data.length, &n, b->err, b->cap);
    if (!bundle) {
      b->failed = true;
      return;
    }
    data = mlirStringRefCreate((const char *)bundle, n);
  }
  MlirAttribute object =
      mlirGPUObjectAttrGet(ctx, target, kGpuObjectBinary, data,
                           mlirAttributeGetNull());
  free(bundle);
  // The handler the parser gives a gpu.binary that names none (the LLVM
  // translation needs one).
  MlirNamedAttribute attrs[3] = {
      tsNamed(&at, "sym_name", mlirStringAttrGet(ctx, name)),
      tsNamed(&at, "objects", mlirArrayAttrGet(ctx, 1, &object)),
      tsNamed(&at, "offloadingHandler", tsAttr(&at, "#gpu.select_object"))};
  tsOp(&at, "gpu.binary", 0, NULL, 0, NULL, 3, attrs, 0);
  mlirOperationDestroy(gm);
}

static bool hasOp(MlirModule m, const char *name) {
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (opIs(op, name))
      return true;
  return false;
}

static bool serialise(MlirModule m, const TesseraGpuDriver *d, char *err,
                      size_t cap) {
  if (!hasOp(m, "gpu.module"))
    return true; // already gpu.binary (or no kernels at all)
  bool cuda = d == &tesseraGpuCudaDriver, cl = d == &tesseraGpuOpenCLDriver;
  Binaries b = {m, cuda ? "#nvvm.target" : cl ? "#spirv.target_env"
                                               : "#rocdl.target",
                cl, false, err, cap};
  TesseraTranslateOptions o = tesseraTranslateOptionsGetDefault();
  TesseraTranslateFormat f = cuda ? TesseraTranslateCubin
                             : cl ? TesseraTranslateSPIRV
                                  : TesseraTranslateHSACO;
  if (mlirLogicalResultIsFailure(
          tesseraTranslate(m, f, &o, embedBinary, &b))) {
    MlirStringRef name = tesseraTranslateFormatGetName(f);
    if (!b.failed)
      snprintf(err, cap, "cannot serialise the kernels to %.*s (see the "
               "diagnostics above)", (int)name.length, name.data);
    return false;
  }
  return !b.failed;
}

//===----------------------------------------------------------------------===//
// JIT
//===----------------------------------------------------------------------===//

static MlirExecutionEngine jit(MlirModule lowered, const TesseraGpuDriver *d,
                               char *err, size_t cap) {
  MlirExecutionEngine e = {NULL};
  MlirContext ctx = mlirModuleGetContext(lowered);
  MlirModule m =
      mlirModuleFromOperation(mlirOperationClone(mlirModuleGetOperation(
          lowered)));
  tesseraTranslateRegister(ctx);
  if (!serialise(m, d, err, cap))
    goto done;
  if (hasOp(m, "func.func") &&
      mlirLogicalResultIsFailure(tesseraTranslateRunPipeline(
          mlirModuleGetOperation(m), "builtin.module", kHostToLLVM))) {
    snprintf(err, cap, "cannot lower the host code to the LLVM dialect (see "
             "the diagnostics above)");
    goto done;
  }
  mlirRegisterAllLLVMTranslations(ctx);
  e = mlirExecutionEngineCreate(m, 2, 0, NULL, false, false);
  if (mlirExecutionEngineIsNull(e)) {
    snprintf(err, cap, "JIT compilation of the host code failed");
    goto done;
  }
  int n;
  const TesseraGpuSymbol *syms = tesseraGpuSymbols(&n);
  for (int i = 0; i < n; ++i)
    mlirExecutionEngineRegisterSymbol(
        e, mlirStringRefCreateFromCString(syms[i].name), syms[i].addr);
  // Global constructors: mgpuModuleLoad of every gpu.binary.
  mlirExecutionEngineInitialize(e);
done:
  mlirModuleDestroy(m);
  return e;
}

//===----------------------------------------------------------------------===//
// Arguments and results
//===----------------------------------------------------------------------===//

static size_t tensorBytes(const TesseraTensor *t) {
  return (size_t)tesseraTensorNumElements(t) * tesseraElementSize(t->type);
}

// Copies result descriptor `w` (device memory) into a new host tensor.
static bool fetchResult(const TesseraGpuDriver *d, const int64_t *w,
                        const TesseraArgSpec *spec, TesseraTensor *t,
                        int index, char *err, size_t cap) {
  int64_t shape[TESSERA_MAX_RANK], stride = 1;
  for (int i = spec->rank - 1; i >= 0; --i) {
    shape[i] = w[3 + i];
    if (shape[i] > 1 && w[3 + spec->rank + i] != stride) {
      snprintf(err, cap, "result %d is not contiguous", index);
      return false;
    }
    stride *= shape[i];
  }
  if (!tesseraTensorAlloc(t, spec->type, spec->rank, shape, err, cap))
    return false;
  size_t es = tesseraElementSize(spec->type);
  const char *src = (const char *)(intptr_t)w[1] + w[2] * (int64_t)es;
  if (!d->memcpy(t->data, src, tensorBytes(t), NULL)) {
    tesseraTensorFree(t);
    snprintf(err, cap, "copying result %d to the host: %s", index,
             tesseraGpuError() ? tesseraGpuError() : "failed");
    return false;
  }
  return true;
}

typedef struct Call {
  const TesseraGpuDriver *d;
  MlirModule module; // for the messages of the entry's shape checks
  void *inputDev[TESSERA_MAX_ARGS];
  int64_t inputDesc[TESSERA_MAX_ARGS][kDescWords];
  // The inputs in host memory, for the shape checker (which may read ids).
  int64_t hostDesc[TESSERA_MAX_ARGS][kDescWords];
  int64_t resultWords[TESSERA_MAX_ARGS * kDescWords];
} Call;

static bool uploadInputs(Call *c, const TesseraSignature *sig,
                         const TesseraTensor *inputs, char *err, size_t cap) {
  for (int i = 0; i < sig->numInputs; ++i) {
    if (!tesseraRtCheckInput(&sig->inputs[i], &inputs[i], i, err, cap))
      return false;
    size_t n = tensorBytes(&inputs[i]);
    c->inputDev[i] = c->d->memAlloc(n, false);
    if (!c->inputDev[i] ||
        !c->d->memcpy(c->inputDev[i], inputs[i].data, n, NULL)) {
      snprintf(err, cap, "copying input %d to the device: %s", i,
               tesseraGpuError() ? tesseraGpuError() : "failed");
      return false;
    }
    tesseraRtFillDescriptor(c->inputDesc[i], c->inputDev[i], &inputs[i]);
    tesseraRtFillDescriptor(c->hostDesc[i], inputs[i].data, &inputs[i]);
  }
  return true;
}

static bool isInput(const Call *c, const TesseraSignature *sig, void *p) {
  for (int i = 0; i < sig->numInputs; ++i)
    if (c->inputDev[i] == p)
      return true;
  return false;
}

// Frees the device results (each allocation once; never an input's).
static void freeResults(Call *c, const TesseraSignature *sig) {
  void *freed[TESSERA_MAX_ARGS];
  int numFreed = 0;
  size_t at = 0;
  for (int i = 0; i < sig->numResults; ++i) {
    void *p = (void *)(intptr_t)c->resultWords[at];
    bool skip = isInput(c, sig, p);
    for (int k = 0; k < numFreed && !skip; ++k)
      skip = freed[k] == p;
    if (!skip) {
      c->d->memFree(p);
      freed[numFreed++] = p;
    }
    at += 3 + 2 * (size_t)sig->results[i].rank;
  }
}

static bool runEntry(Call *c, MlirExecutionEngine e, const char *entry,
                     const TesseraSignature *sig, TesseraTensor *results,
                     double *millis, char *err, size_t cap) {
  void *descPtr[TESSERA_MAX_ARGS + 1], *args[TESSERA_MAX_ARGS + 1];
  int n = 0;
  if (sig->numResults > 0) {
    descPtr[n] = c->resultWords;
    args[n] = &descPtr[n];
    ++n;
  }
  for (int i = 0; i < sig->numInputs; ++i) {
    descPtr[n] = c->inputDesc[i];
    args[n] = &descPtr[n];
    ++n;
  }
  // Shapes (and ids) first, on the host copies of the inputs: the checker
  // is host code, and it may read the values of id inputs.
  void *hostPtr[TESSERA_MAX_ARGS], *hostArgs[TESSERA_MAX_ARGS];
  for (int i = 0; i < sig->numInputs; ++i) {
    hostPtr[i] = c->hostDesc[i];
    hostArgs[i] = &hostPtr[i];
  }
  int64_t failed = tesseraRtRunShapeChecker(e, entry, sig->numInputs,
                                            hostArgs, err, cap);
  if (failed != 0) {
    if (failed > 0) {
      MlirAttribute msgs = tesseraRtShapeCheckMessages(c->module, entry);
      tesseraRtShapeError(
          err, cap, entry,
          !mlirAttributeIsNull(msgs) && failed <= mlirArrayAttrGetNumElements(msgs)
              ? mlirStringAttrGetValue(
                    mlirArrayAttrGetElement(msgs, (intptr_t)failed - 1))
              : mlirStringRefCreateFromCString("a dimension does not match"));
    }
    return false;
  }
  tesseraGpuTimingBegin();
  bool called = mlirLogicalResultIsSuccess(mlirExecutionEngineInvokePacked(
      e, mlirStringRefCreateFromCString(entry), args));
  double ms = tesseraGpuTimingEnd();
  if (!called || tesseraGpuError()) {
    snprintf(err, cap, "running '%s' on %s: %s", entry, c->d->name,
             called ? tesseraGpuError() : "the call failed");
    if (called)
      freeResults(c, sig);
    return false;
  }
  if (millis)
    *millis = ms;
  size_t at = 0;
  int fetched = 0;
  while (fetched < sig->numResults &&
         fetchResult(c->d, c->resultWords + at, &sig->results[fetched],
                     &results[fetched], fetched, err, cap)) {
    at += 3 + 2 * (size_t)sig->results[fetched].rank;
    ++fetched;
  }
  bool ok = fetched == sig->numResults;
  for (int i = 0; !ok && i < fetched; ++i)
    tesseraTensorFree(&results[i]);
  freeResults(c, sig);
  return ok;
}

bool tesseraGpuInvoke(TesseraDevice device, MlirModule lowered,
                      const char *entry, const TesseraSignature *sig,
                      const TesseraTensor *inputs, TesseraTensor *results,
                      double *millis, char *err, size_t cap) {
  const TesseraGpuDriver *d = driverFor(device, err, cap);
  if (!d || !d->init(err, cap))
    return false;
  tesseraGpuSetActive(d);
  tesseraGpuClearError();
  MlirExecutionEngine e = jit(lowered, d, err, cap);
  if (mlirExecutionEngineIsNull(e))
    return false;
  char sym[256];
  snprintf(sym, sizeof sym, "_mlir_ciface_%s", entry);
  bool ok = true;
  if (tesseraGpuError()) {
    snprintf(err, cap, "loading the kernels on %s: %s", d->name,
             tesseraGpuError());
    ok = false;
  } else if (!mlirExecutionEngineLookup(e,
                                        mlirStringRefCreateFromCString(sym))) {
    snprintf(err, cap, "no entry function '%s' with a C interface in the "
             "compiled module", entry);
    ok = false;
  }
  Call *c = ok ? calloc(1, sizeof *c) : NULL;
  if (ok && !c) {
    snprintf(err, cap, "out of memory");
    ok = false;
  }
  if (c) {
    c->d = d;
    c->module = lowered;
    ok = uploadInputs(c, sig, inputs, err, cap) &&
         runEntry(c, e, entry, sig, results, millis, err, cap);
    for (int i = 0; i < sig->numInputs; ++i)
      d->memFree(c->inputDev[i]);
    free(c);
  }
  // Global destructors: mgpuModuleUnload.
  mlirExecutionEngineDestroy(e);
  return ok;
}
