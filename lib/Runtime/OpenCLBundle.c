//===- OpenCLBundle.c - Kernel signatures + SPIR-V, and SPIR for PoCL ----===//
//
// OpenCLBundle.h says what a bundle is. tclSpirvToSpir is the route of
// docs/targets/spirv.md for devices without SPIR-V IL: llvm-spirv-15 -r
// gives SPIR 1.2 bitcode, which clCreateProgramWithBinary builds with
// "-x spir -spir-std=1.2". llvm-spirv-15 asserts on a scalar
// OpConstantNull (which LLVM 22's backend emits for 0 and 0.0), so those
// become OpConstant 0 / OpConstantFalse first: the same values.
//
//===----------------------------------------------------------------------===//
#include "Runtime/OpenCLBundle.h"

#include "Support/Source.h"
#include "Support/StrBuf.h"
#include "Target/TranslateUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

//===----------------------------------------------------------------------===//
// Signatures
//===----------------------------------------------------------------------===//

static MlirAttribute attr(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op,
                                         mlirStringRefCreateFromCString(name));
}

// Bytes of a scalar (integer, float or index-lowered) type; 0 if none.
static uint32_t scalarBytes(MlirType t) {
  if (mlirTypeIsAInteger(t))
    return (mlirIntegerTypeGetWidth(t) + 7) / 8;
  if (mlirTypeIsAFloat(t))
    return mlirFloatTypeGetWidth(t) / 8;
  return 0;
}

static void printTo(MlirStringRef s, void *ud) {
  tesseraStrBufAppend(ud, s.data, s.length);
}

// #llvm.mlir.workgroup_attribution<N : i64, T> -> N * bytes(T); 0 if the
// attribute is not one.
static uint32_t workgroupBytes(MlirAttribute a) {
  TesseraStrBuf b = {0};
  mlirAttributePrint(a, printTo, &b);
  long long n = 0;
  char type[32] = {0};
  bool ok = b.data && sscanf(b.data, "#llvm.mlir.workgroup_attribution<%lld "
                                     ": i64, %31[^>]>", &n, type) == 2;
  tesseraStrBufFree(&b);
  static const struct { const char *name; uint32_t bytes; } kTypes[] = {
      {"i8", 1}, {"i16", 2}, {"f16", 2}, {"bf16", 2}, {"i32", 4},
      {"f32", 4}, {"i64", 8}, {"f64", 8}};
  for (size_t i = 0; ok && i < sizeof kTypes / sizeof *kTypes; ++i)
    if (!strcmp(type, kTypes[i].name))
      return (uint32_t)n * kTypes[i].bytes;
  return 0;
}

static bool readKernel(MlirOperation fn, TclKernelSig *k, char *err,
                       size_t cap) {
  MlirStringRef name = mlirStringAttrGetValue(attr(fn, "sym_name"));
  snprintf(k->name, sizeof k->name, "%.*s", (int)name.length, name.data);
  MlirType ft = mlirTypeAttrGetValue(attr(fn, "function_type"));
  MlirAttribute argAttrs = attr(fn, "arg_attrs");
  intptr_t n = mlirLLVMFunctionTypeGetNumInputs(ft);
  if (n > TCL_MAX_ARGS) {
    snprintf(err, cap, "kernel '%s' has more than %d arguments", k->name,
             TCL_MAX_ARGS);
    return false;
  }
  k->numArgs = (int)n;
  for (intptr_t i = 0; i < n; ++i) {
    MlirType t = mlirLLVMFunctionTypeGetInput(ft, i);
    MlirAttribute d = !mlirAttributeIsNull(argAttrs) &&
                              i < mlirArrayAttrGetNumElements(argAttrs)
                          ? mlirArrayAttrGetElement(argAttrs, i)
                          : mlirAttributeGetNull();
    MlirAttribute wg =
        mlirAttributeIsNull(d)
            ? d
            : mlirDictionaryAttrGetElementByName(
                  d, mlirStringRefCreateFromCString(
                         "llvm.workgroup_attribution"));
    if (mlirTypeIsALLVMPointerType(t) && !mlirAttributeIsNull(wg)) {
      k->kind[i] = TCL_ARG_LOCAL;
      k->bytes[i] = workgroupBytes(wg);
    } else if (mlirTypeIsALLVMPointerType(t) &&
               mlirLLVMPointerTypeGetAddressSpace(t) == 1) {
      k->kind[i] = TCL_ARG_GLOBAL;
      k->bytes[i] = sizeof(void *);
    } else {
      k->kind[i] = TCL_ARG_SCALAR;
      k->bytes[i] = scalarBytes(t);
    }
    if (!k->bytes[i]) {
      snprintf(err, cap, "kernel '%s': argument %d is neither a global "
               "pointer, a sized __local buffer nor a scalar", k->name,
               (int)i);
      return false;
    }
  }
  return true;
}

static void put(TesseraStrBuf *b, const void *p, size_t n) {
  tesseraStrBufAppend(b, p, n);
}

static void put32(TesseraStrBuf *b, uint32_t v) { put(b, &v, sizeof v); }

unsigned char *tclMakeBundle(MlirOperation gpuModule, const void *spirv,
                             size_t spirvSize, size_t *size, char *err,
                             size_t cap) {
  TclBundle bundle;
  memset(&bundle, 0, sizeof bundle);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(gpuModule, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (!tesseraStrRefEquals(mlirIdentifierStr(mlirOperationGetName(op)),
                             "llvm.func") ||
        mlirAttributeIsNull(attr(op, "gpu.kernel")))
      continue;
    if (bundle.numKernels == TCL_MAX_KERNELS) {
      snprintf(err, cap, "more than %d kernels in one gpu.module",
               TCL_MAX_KERNELS);
      return NULL;
    }
    if (!readKernel(op, &bundle.kernels[bundle.numKernels++], err, cap))
      return NULL;
  }
  TesseraStrBuf b = {0};
  put(&b, "TSCL", 4);
  put32(&b, 1);
  put32(&b, (uint32_t)bundle.numKernels);
  for (int i = 0; i < bundle.numKernels; ++i) {
    const TclKernelSig *k = &bundle.kernels[i];
    put32(&b, (uint32_t)strlen(k->name));
    put(&b, k->name, strlen(k->name));
    put32(&b, (uint32_t)k->numArgs);
    for (int a = 0; a < k->numArgs; ++a) {
      put(&b, &k->kind[a], 1);
      put32(&b, k->bytes[a]);
    }
  }
  uint64_t n = spirvSize;
  put(&b, &n, sizeof n);
  put(&b, spirv, spirvSize);
  *size = b.size;
  return (unsigned char *)b.data;
}

typedef struct Reader {
  const unsigned char *p, *end;
  bool ok;
} Reader;

static void take(Reader *r, void *out, size_t n) {
  if (!r->ok || (size_t)(r->end - r->p) < n) {
    r->ok = false;
    memset(out, 0, n);
    return;
  }
  memcpy(out, r->p, n);
  r->p += n;
}

static uint32_t take32(Reader *r) {
  uint32_t v;
  take(r, &v, sizeof v);
  return v;
}

bool tclParseBundle(const void *data, size_t size, TclBundle *b) {
  memset(b, 0, sizeof *b);
  Reader r = {data, (const unsigned char *)data + size, true};
  char magic[4];
  take(&r, magic, 4);
  if (!r.ok || memcmp(magic, "TSCL", 4) || take32(&r) != 1)
    return false;
  uint32_t nk = take32(&r);
  if (nk > TCL_MAX_KERNELS)
    return false;
  b->numKernels = (int)nk;
  for (uint32_t i = 0; i < nk && r.ok; ++i) {
    TclKernelSig *k = &b->kernels[i];
    uint32_t len = take32(&r);
    if (len >= sizeof k->name)
      return false;
    take(&r, k->name, len);
    uint32_t na = take32(&r);
    if (na > TCL_MAX_ARGS)
      return false;
    k->numArgs = (int)na;
    for (uint32_t a = 0; a < na; ++a) {
      take(&r, &k->kind[a], 1);
      k->bytes[a] = take32(&r);
    }
  }
  uint64_t n = 0;
  take(&r, &n, sizeof n);
  if (!r.ok || n != (uint64_t)(r.end - r.p))
    return false;
  b->spirv = r.p;
  b->spirvSize = (size_t)n;
  return true;
}

//===----------------------------------------------------------------------===//
// SPIR-V -> SPIR 1.2
//===----------------------------------------------------------------------===//

enum {
  kOpTypeBool = 20,
  kOpTypeInt = 21,
  kOpTypeFloat = 22,
  kOpConstantFalse = 41,
  kOpConstant = 43,
  kOpConstantNull = 46,
};

// Bits of the scalar type `id` (1 for bool), 0 if it is not a scalar.
static uint32_t scalarWidth(const uint32_t *bits, size_t nbits, uint32_t id) {
  return id < nbits ? bits[id] : 0;
}

// The words of `spirv` with each scalar OpConstantNull replaced; NULL if
// the module is malformed.
static uint32_t *replaceScalarNulls(const uint32_t *w, size_t n, size_t *out) {
  if (n < 5 || w[0] != 0x07230203)
    return NULL;
  size_t bound = w[3];
  uint32_t *width = calloc(bound + 1, sizeof *width);
  uint32_t *o = malloc((2 * n + 8) * sizeof *o); // each null grows by <= 2
  if (!width || !o) {
    free(width);
    free(o);
    return NULL;
  }
  size_t k = 0;
  for (size_t i = 0; i < 5; ++i)
    o[k++] = w[i];
  for (size_t i = 5; i < n;) {
    uint32_t count = w[i] >> 16, op = w[i] & 0xffff;
    if (count == 0 || i + count > n) {
      free(width);
      free(o);
      return NULL;
    }
    if (op == kOpTypeBool && count >= 2 && w[i + 1] <= bound)
      width[w[i + 1]] = 1;
    if ((op == kOpTypeInt || op == kOpTypeFloat) && count >= 3 &&
        w[i + 1] <= bound)
      width[w[i + 1]] = w[i + 2];
    uint32_t wd = op == kOpConstantNull && count == 3
                      ? scalarWidth(width, bound + 1, w[i + 1])
                      : 0;
    if (wd == 1) {
      o[k++] = (3u << 16) | kOpConstantFalse;
      o[k++] = w[i + 1];
      o[k++] = w[i + 2];
    } else if (wd) {
      uint32_t words = wd > 32 ? 2 : 1;
      o[k++] = ((3u + words) << 16) | kOpConstant;
      o[k++] = w[i + 1];
      o[k++] = w[i + 2];
      for (uint32_t j = 0; j < words; ++j)
        o[k++] = 0;
    } else {
      memcpy(o + k, w + i, count * sizeof *w);
      k += count;
    }
    i += count;
  }
  free(width);
  *out = k;
  return o;
}

static bool writeFile(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return false;
  bool ok = fwrite(data, 1, n, f) == n;
  return fclose(f) == 0 && ok;
}

static char *findLlvmSpirv(void) {
  const char *env = getenv("TESSERA_LLVM_SPIRV");
  if (env && *env)
    return strdup(env);
  char *p = tesseraFindOnPath("llvm-spirv-15");
  return p ? p : tesseraFindOnPath("llvm-spirv");
}

// Runs `tool -r in -o out`; false with a reason.
static bool runTool(const char *tool, const char *in, const char *out,
                    char *err, size_t cap) {
  char *argv[] = {(char *)tool, "-r", (char *)in, "-o", (char *)out, NULL};
  pid_t pid;
  int rc = posix_spawn(&pid, tool, NULL, NULL, argv, environ);
  if (rc != 0) {
    snprintf(err, cap, "cannot run %s: %s", tool, strerror(rc));
    return false;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    snprintf(err, cap, "%s -r failed on the kernels' SPIR-V (status %d)",
             tool, status);
    return false;
  }
  return true;
}

unsigned char *tclSpirvToSpir(const unsigned char *spirv, size_t size,
                              size_t *outSize, char *err, size_t cap) {
  char *tool = findLlvmSpirv();
  if (!tool) {
    snprintf(err, cap, "the OpenCL device takes no SPIR-V, and llvm-spirv "
             "(to make SPIR 1.2 from it) is not on PATH: apt-get install "
             "llvm-spirv-15, or set TESSERA_LLVM_SPIRV");
    return NULL;
  }
  size_t nw = size / 4, fixedWords = 0;
  uint32_t *words = malloc(size + 4);
  uint32_t *fixed = NULL;
  if (words && size % 4 == 0) {
    memcpy(words, spirv, size);
    fixed = replaceScalarNulls(words, nw, &fixedWords);
  }
  free(words);
  unsigned char *result = NULL;
  const char *tmp = getenv("TMPDIR");
  char in[512], out[560];
  snprintf(in, sizeof in, "%s/tessera-cl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = fixed ? mkstemp(in) : -1;
  if (!fixed) {
    snprintf(err, cap, "the kernels' SPIR-V is malformed");
  } else if (fd < 0) {
    snprintf(err, cap, "cannot make a temporary file in %s: %s",
             tmp && *tmp ? tmp : "/tmp", strerror(errno));
  } else {
    close(fd);
    snprintf(out, sizeof out, "%s.bc", in);
    if (!writeFile(in, fixed, fixedWords * 4))
      snprintf(err, cap, "cannot write %s", in);
    else if (runTool(tool, in, out, err, cap))
      result = (unsigned char *)tesseraReadFile(out, outSize, err, cap);
    unlink(in);
    unlink(out);
  }
  free(fixed);
  free(tool);
  return result;
}
