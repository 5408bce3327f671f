//===- TargetChips.c - Chip table and lenient attribute reads ------------===//
#include "Dialect/Target/TargetUtils.h"

#include <string.h>

// The one list of chips: every pass option and verifier that names a chip
// takes it from here (the vendor lists are the pipelines' choices).
const char *const ttChipNames[] = {"sm_80",  "sm_90",  "sm_90a", "gfx90a",
                                   "gfx942", "host",   "spirv", NULL};
const char *const ttNvidiaChipNames[] = {"sm_80", "sm_90", "sm_90a", NULL};
const char *const ttAmdChipNames[] = {"gfx90a", "gfx942", NULL};

int ttChipByName(const char *name) {
  for (int i = 0; ttChipNames[i]; ++i)
    if (!strcmp(ttChipNames[i], name))
      return i;
  return -1;
}

int64_t ttChipMaxShared(const char *name) {
  int c = ttChipByName(name);
  return c < 0 ? 0 : ttChipInfo[c].maxShared;
}

// Shared memory: the per-block opt-in maximum (cudaFuncAttribute
// MaxDynamicSharedMemorySize), which is 1 KiB below the per-SM capacity on
// NVIDIA (228 KiB on sm_90, 164 KiB on sm_80) because the driver reserves
// 1 KiB per block; a kernel asking for the SM capacity fails to launch.
// gfx9 has 64 KiB of LDS per workgroup. "spirv" is any OpenCL 3 device
// with 64 KiB of local memory (Intel Xe has 64 KiB of SLM per workgroup;
// PoCL's CPU device 2 MiB); the OpenCL runtime checks the device's
// CL_DEVICE_LOCAL_MEM_SIZE before a launch.
const TtChipInfo ttChipInfo[TT_NUM_CHIPS] = {
    [TT_SM80] = {TT_NVIDIA, 163 * 1024, "163 KiB", 70},
    [TT_SM90] = {TT_NVIDIA, 227 * 1024, "227 KiB", 78},
    [TT_SM90A] = {TT_NVIDIA, 227 * 1024, "227 KiB", 80},
    [TT_GFX90A] = {TT_AMD, 64 * 1024, "64 KiB", 0},
    [TT_GFX942] = {TT_AMD, 64 * 1024, "64 KiB", 0},
    [TT_HOST] = {TT_CPU, 0, "", 0},
    [TT_SPIRV] = {TT_OPENCL, 64 * 1024, "64 KiB", 0},
};

const char *const ttMmaNames[] = {"wgmma", "mma.sync", "mfma", "avx512",
                                  "generic", NULL};
const char *const ttCopyNames[] = {"tma", "cp.async", "plain", NULL};
const char *const ttArgAbiNames[] = {"memref", "ptr", "scalar", "tma", NULL};

static int lookup(MlirAttribute a, const char *const *names) {
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a))
    return -1;
  MlirStringRef s = mlirStringAttrGetValue(a);
  for (int i = 0; names[i]; ++i)
    if (tvStrEq(s, names[i]))
      return i;
  return -1;
}

static MlirAttribute entry(MlirAttribute dict, const char *key) {
  return mlirDictionaryAttrGetElementByName(
      dict, mlirStringRefCreateFromCString(key));
}

static bool hasFeature(MlirAttribute features, const char *name) {
  if (mlirAttributeIsNull(features) || !mlirAttributeIsAArray(features))
    return false;
  for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(features); ++i) {
    MlirAttribute f = mlirArrayAttrGetElement(features, i);
    if (mlirAttributeIsAString(f) &&
        tvStrEq(mlirStringAttrGetValue(f), name))
      return true;
  }
  return false;
}

TtTarget ttFindTarget(MlirOperation op) {
  TtTarget t = {-1, false};
  for (MlirOperation p = op; !mlirOperationIsNull(p);
       p = mlirOperationGetParentOperation(p)) {
    MlirAttribute a = tvGetAttr(p, "ttarget.target");
    if (mlirAttributeIsNull(a))
      continue;
    if (!mlirAttributeIsADictionary(a))
      return t;
    t.chip = lookup(entry(a, "chip"), ttChipNames);
    t.avx512f = hasFeature(entry(a, "features"), "+avx512f");
    return t;
  }
  return t;
}

TtKernel ttReadKernel(MlirOperation func) {
  TtKernel k = {func, ttFindTarget(func), -1, -1, 0, {NULL}};
  MlirAttribute a = tvGetAttr(func, "ttarget.kernel");
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADictionary(a))
    return k;
  k.mma = lookup(entry(a, "mma"), ttMmaNames);
  k.copy = lookup(entry(a, "copy"), ttCopyNames);
  MlirAttribute block = entry(a, "block");
  if (!mlirAttributeIsNull(block) && mlirAttributeIsADenseI64Array(block)) {
    intptr_t n = mlirDenseArrayGetNumElements(block);
    k.threads = n > 0 ? 1 : 0;
    for (intptr_t i = 0; i < n && i < 3; ++i) {
      int64_t d = mlirDenseI64ArrayGetElement(block, i);
      k.threads = (d > 0 && d <= 1024 && k.threads <= 1024) ? k.threads * d
                                                            : 0;
    }
  }
  MlirAttribute args = entry(a, "args");
  if (!mlirAttributeIsNull(args) && mlirAttributeIsAArray(args))
    k.args = args;
  return k;
}
