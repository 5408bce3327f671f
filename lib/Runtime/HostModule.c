//===- HostModule.c - JIT-compiled host programs -------------------------===//
//
// Entry functions are compiled with llvm.emit_c_interface: memrefs are
// passed as pointers to descriptors {allocated, aligned, offset, sizes[r],
// strides[r]} and results come back through a pointer to (a struct of)
// descriptors passed first. mlirExecutionEngineInvokePacked calls the
// `_mlir_ciface_` wrapper with one pointer per argument.
//
//===----------------------------------------------------------------------===//
#include "Runtime/Descriptors.h"
#include "Runtime/HostThreads.h"
#include "tessera-c/Runtime.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/ExecutionEngine.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TESSERA_LLVM_LIBDIR
#define TESSERA_LLVM_LIBDIR "/usr/lib/llvm-22/lib"
#endif

// The messages of an entry's runtime shape checks (tessera.shape_checks,
// written by tessera-lower-graph), kept so that a failing check can be
// reported by name after the IR is gone.
typedef struct ShapeChecks {
  char *entry;
  char **messages;
  intptr_t count;
} ShapeChecks;

struct TesseraHostModule {
  MlirExecutionEngine engine;
  ShapeChecks *checks;
  intptr_t numChecks;
};

static char *copyRef(MlirStringRef s) {
  char *r = malloc(s.length + 1);
  if (r) {
    memcpy(r, s.data, s.length);
    r[s.length] = 0;
  }
  return r;
}

static void collectShapeChecks(TesseraHostModule *m, MlirModule module) {
  MlirStringRef key = mlirStringRefCreateFromCString("tessera.shape_checks");
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, key);
    MlirAttribute name = mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("sym_name"));
    if (mlirAttributeIsNull(a) || !mlirAttributeIsAArray(a) ||
        mlirAttributeIsNull(name))
      continue;
    ShapeChecks *grown =
        realloc(m->checks, (size_t)(m->numChecks + 1) * sizeof *grown);
    if (!grown)
      return;
    m->checks = grown;
    ShapeChecks *c = &m->checks[m->numChecks++];
    c->entry = copyRef(mlirStringAttrGetValue(name));
    c->count = mlirArrayAttrGetNumElements(a);
    c->messages = calloc((size_t)c->count, sizeof *c->messages);
    for (intptr_t i = 0; c->messages && i < c->count; ++i)
      c->messages[i] =
          copyRef(mlirStringAttrGetValue(mlirArrayAttrGetElement(a, i)));
  }
}

static const char *checkMessage(const TesseraHostModule *m, const char *entry,
                                int64_t failed) {
  for (intptr_t i = 0; i < m->numChecks; ++i)
    if (m->checks[i].entry && !strcmp(m->checks[i].entry, entry) &&
        failed >= 1 && failed <= m->checks[i].count &&
        m->checks[i].messages && m->checks[i].messages[failed - 1])
      return m->checks[i].messages[failed - 1];
  return "a dimension does not match";
}

static bool elementType(MlirType t, TesseraElementType *out) {
  if (mlirTypeIsAF32(t))
    *out = TesseraF32;
  else if (mlirTypeIsAF16(t))
    *out = TesseraF16;
  else if (mlirTypeIsABF16(t))
    *out = TesseraBF16;
  else if (mlirTypeIsAF64(t))
    *out = TesseraF64;
  else if (mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 32)
    *out = TesseraI32;
  else if (mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 64)
    *out = TesseraI64;
  else
    return false;
  return true;
}

static bool argSpec(MlirType t, TesseraArgSpec *spec, const char *what,
                    int index, char *err, size_t cap) {
  if (!(mlirTypeIsARankedTensor(t) || mlirTypeIsAMemRef(t)) ||
      !elementType(mlirShapedTypeGetElementType(t), &spec->type)) {
    snprintf(err, cap, "%s %d must be a ranked tensor or memref of f32, f16, "
             "bf16, f64, i32 or i64", what, index);
    return false;
  }
  spec->rank = (int)mlirShapedTypeGetRank(t);
  if (spec->rank > TESSERA_MAX_RANK) {
    snprintf(err, cap, "%s %d has rank %d; at most %d is supported", what,
             index, spec->rank, TESSERA_MAX_RANK);
    return false;
  }
  for (int d = 0; d < spec->rank; ++d) {
    int64_t s = mlirShapedTypeGetDimSize(t, d);
    spec->dims[d] = mlirShapedTypeIsDynamicSize(s) ? -1 : s;
  }
  return true;
}

bool tesseraSignatureFromFunc(MlirOperation func, TesseraSignature *sig,
                              char *err, size_t cap) {
  memset(sig, 0, sizeof *sig);
  MlirAttribute ft = mlirOperationGetAttributeByName(
      func, mlirStringRefCreateFromCString("function_type"));
  if (mlirAttributeIsNull(ft) || !mlirAttributeIsAType(ft)) {
    snprintf(err, cap, "not a function");
    return false;
  }
  MlirType t = mlirTypeAttrGetValue(ft);
  sig->numInputs = (int)mlirFunctionTypeGetNumInputs(t);
  sig->numResults = (int)mlirFunctionTypeGetNumResults(t);
  if (sig->numInputs > TESSERA_MAX_ARGS || sig->numResults > TESSERA_MAX_ARGS) {
    snprintf(err, cap, "too many arguments or results (at most %d)",
             TESSERA_MAX_ARGS);
    return false;
  }
  for (int i = 0; i < sig->numInputs; ++i)
    if (!argSpec(mlirFunctionTypeGetInput(t, i), &sig->inputs[i], "argument",
                 i, err, cap))
      return false;
  for (int i = 0; i < sig->numResults; ++i)
    if (!argSpec(mlirFunctionTypeGetResult(t, i), &sig->results[i], "result",
                 i, err, cap))
      return false;
  return true;
}

// LLVM legalises bf16 vector values on x86 without AVX512-BF16 through f32
// and calls compiler-rt's __truncsfbf2 for the way back; neither libgcc of
// Debian 12 nor the process provides it, so the JIT gets this one:
// f32 -> bf16, round to nearest even, NaNs kept quiet. Returned in xmm0 like
// a _Float16 (the ABI class of __bf16).
#if defined(__x86_64__)
static _Float16 truncSFBF2(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  uint16_t h;
  if ((u & 0x7fffffffu) > 0x7f800000u)
    h = (uint16_t)((u >> 16) | 0x40); // quiet NaN
  else
    h = (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
  _Float16 r;
  memcpy(&r, &h, sizeof r);
  return r;
}
#endif

TesseraHostModule *tesseraHostModuleCreate(MlirModule lowered, int optLevel,
                                           char *err, size_t cap) {
  // The host kernels' scf.parallel loops become OpenMP calls (libomp).
  MlirStringRef libs[] = {
      mlirStringRefCreateFromCString(TESSERA_LLVM_LIBDIR "/libomp.so")};
  MlirExecutionEngine e =
      mlirExecutionEngineCreate(lowered, optLevel, 1, libs, false, false);
  if (mlirExecutionEngineIsNull(e)) {
    snprintf(err, cap, "JIT compilation failed (is the module lowered to the "
             "LLVM dialect? is %s/libomp.so installed: apt-get install "
             "libomp-22-dev)", TESSERA_LLVM_LIBDIR);
    return NULL;
  }
#if defined(__x86_64__)
  mlirExecutionEngineRegisterSymbol(
      e, mlirStringRefCreateFromCString("__truncsfbf2"), (void *)truncSFBF2);
#endif
  TesseraHostModule *m = malloc(sizeof *m);
  if (!m) {
    mlirExecutionEngineDestroy(e);
    snprintf(err, cap, "out of memory");
    return NULL;
  }
  m->engine = e;
  m->checks = NULL;
  m->numChecks = 0;
  collectShapeChecks(m, lowered);
  return m;
}

void tesseraHostPauseOpenMP(void) {
  void *sym = dlsym(RTLD_DEFAULT, "omp_pause_resource_all");
  if (!sym)
    return;
  int (*pause)(int);
  memcpy(&pause, &sym, sizeof pause);
  pause(2);
}

void tesseraHostModuleDestroy(TesseraHostModule *m) {
  if (!m)
    return;
  tesseraHostPauseOpenMP();
  mlirExecutionEngineDestroy(m->engine);
  for (intptr_t i = 0; i < m->numChecks; ++i) {
    for (intptr_t j = 0; m->checks[i].messages && j < m->checks[i].count; ++j)
      free(m->checks[i].messages[j]);
    free(m->checks[i].messages);
    free(m->checks[i].entry);
  }
  free(m->checks);
  free(m);
}

// Takes a result descriptor over: data stays owned by the JIT's malloc.
static bool takeResult(const int64_t *d, const TesseraArgSpec *spec,
                       TesseraTensor *t, int index, char *err, size_t cap) {
  memset(t, 0, sizeof *t);
  t->type = spec->type;
  t->rank = spec->rank;
  t->owner = (void *)(intptr_t)d[0];
  t->data = (char *)(intptr_t)d[1] +
            d[2] * (int64_t)tesseraElementSize(spec->type);
  int64_t stride = 1;
  for (int i = spec->rank - 1; i >= 0; --i) {
    t->shape[i] = d[3 + i];
    if (t->shape[i] > 1 && d[3 + spec->rank + i] != stride) {
      snprintf(err, cap, "result %d is not contiguous", index);
      return false;
    }
    stride *= t->shape[i];
  }
  return true;
}

// Runs the entry's shape checker; the messages come from this module's
// cache (the IR it was compiled from may be gone by now).
static bool checkShapes(TesseraHostModule *m, const char *entry,
                        const TesseraSignature *sig, void **inputArgs,
                        char *err, size_t cap) {
  int64_t failed = tesseraRtRunShapeChecker(m->engine, entry, sig->numInputs,
                                            inputArgs, err, cap);
  if (failed > 0)
    tesseraRtShapeError(err, cap, entry, mlirStringRefCreateFromCString(
                                             checkMessage(m, entry, failed)));
  return failed == 0;
}

bool tesseraHostInvoke(TesseraHostModule *m, const char *entry,
                       const TesseraSignature *sig,
                       const TesseraTensor *inputs, TesseraTensor *results,
                       char *err, size_t cap) {
  for (int i = 0; i < sig->numInputs; ++i)
    if (!tesseraRtCheckInput(&sig->inputs[i], &inputs[i], i, err, cap))
      return false;
  char sym[256];
  snprintf(sym, sizeof sym, "_mlir_ciface_%s", entry);
  if (!mlirExecutionEngineLookup(m->engine,
                                 mlirStringRefCreateFromCString(sym))) {
    snprintf(err, cap, "no entry function '%s' with a C interface in the "
             "compiled module", entry);
    return false;
  }
  // Results: consecutive descriptors of their ranks, as LLVM lays out a
  // struct of structs of 64-bit fields.
  int64_t resultWords[TESSERA_MAX_ARGS * kDescWords];
  int64_t inputDesc[TESSERA_MAX_ARGS][kDescWords];
  void *descPtr[TESSERA_MAX_ARGS + 1];
  void *args[TESSERA_MAX_ARGS + 1];
  int n = 0;
  if (sig->numResults > 0) {
    descPtr[n] = resultWords;
    args[n] = &descPtr[n];
    ++n;
  }
  for (int i = 0; i < sig->numInputs; ++i) {
    tesseraRtFillDescriptor(inputDesc[i], inputs[i].data, &inputs[i]);
    descPtr[n] = inputDesc[i];
    args[n] = &descPtr[n];
    ++n;
  }
  if (!checkShapes(m, entry, sig, args + (sig->numResults > 0), err, cap))
    return false;
  if (mlirLogicalResultIsFailure(mlirExecutionEngineInvokePacked(
          m->engine, mlirStringRefCreateFromCString(entry), args))) {
    snprintf(err, cap, "calling '%s' failed", entry);
    return false;
  }
  size_t at = 0;
  for (int i = 0; i < sig->numResults; ++i) {
    if (!takeResult(resultWords + at, &sig->results[i], &results[i], i, err,
                    cap))
      return false;
    at += 3 + 2 * (size_t)sig->results[i].rank;
  }
  return true;
}
