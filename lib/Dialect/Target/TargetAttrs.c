//===- TargetAttrs.c - ttarget.target and ttarget.kernel -----------------===//
//
// The target descriptor sits on the module that is compiled for one chip;
// the kernel attribute on each function that is launched, saying how it is
// launched (block, grid, cluster, shared memory), how its arguments are passed
// and which instruction families it commits to. See docs/dialects/target.md.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Target/TargetUtils.h"

#include <stdio.h>
#include <string.h>

//===----------------------------------------------------------------------===//
// ttarget.target = {chip = "sm_90a", features = ["+ptx80"], cpu = "znver5"}
//===----------------------------------------------------------------------===//

/// "+ptx80" -> 80; -1 if `f` is not a PTX ISA feature.
static int ptxVersion(MlirStringRef f) {
  if (f.length < 5 || f.length > 8 || memcmp(f.data, "+ptx", 4))
    return -1;
  int v = 0;
  for (size_t i = 4; i < f.length; ++i) {
    if (f.data[i] < '0' || f.data[i] > '9')
      return -1;
    v = v * 10 + (f.data[i] - '0');
  }
  return v;
}

static MlirLogicalResult checkFeatures(const TsDict *d, int chip) {
  MlirAttribute fs;
  if (tvFailed(tsDictStrings(d, "features", &fs)))
    return mlirLogicalResultFailure();
  if (mlirAttributeIsNull(fs))
    return tvSuccess();
  for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(fs); ++i) {
    MlirStringRef f = mlirStringAttrGetValue(mlirArrayAttrGetElement(fs, i));
    if (f.data[0] != '+' && f.data[0] != '-')
      return tsDictError(d, "feature \"%.*s\" must start with '+' or '-'",
                         (int)f.length, f.data);
    int ptx = ptxVersion(f);
    if (ptx < 0)
      continue;
    const TtChipInfo *info = &ttChipInfo[chip];
    if (info->vendor != TT_NVIDIA)
      return tsDictError(d, "feature \"%.*s\" is a PTX ISA version; chip "
                            "\"%s\" is not an NVIDIA GPU",
                         (int)f.length, f.data, ttChipNames[chip]);
    if (ptx < info->minPtx)
      return tsDictError(d, "chip \"%s\" needs PTX ISA %d.%d or newer "
                            "(+ptx%d), got \"%.*s\"",
                         ttChipNames[chip], info->minPtx / 10,
                         info->minPtx % 10, info->minPtx, (int)f.length,
                         f.data);
  }
  return tvSuccess();
}

MlirLogicalResult ttVerifyTargetAttr(MlirOperation op, MlirAttribute attr) {
  static const char *const keys[] = {"chip", "features", "cpu", NULL};
  if (!tsOpIs(op, "builtin.module") && !tsOpIs(op, "gpu.module"))
    return tvEmitError(op, "attribute 'ttarget.target' must be on a "
                           "builtin.module or gpu.module");
  TsDict d;
  bool present;
  int chip = 0;
  if (tvFailed(tsDictOpen(op, "ttarget.target", attr, keys, &d)) ||
      tvFailed(tsDictRequire(&d, "chip")) ||
      tvFailed(tsDictEnum(&d, "chip", ttChipNames, &present, &chip)) ||
      tvFailed(checkFeatures(&d, chip)))
    return mlirLogicalResultFailure();
  MlirAttribute cpu = tsDictGet(&d, "cpu");
  char buf[128];
  if (!mlirAttributeIsNull(cpu) && chip != TT_HOST)
    return tsDictError(&d, "key 'cpu' applies to chip \"host\"");
  if (!mlirAttributeIsNull(cpu) &&
      (!mlirAttributeIsAString(cpu) ||
       mlirStringAttrGetValue(cpu).length == 0))
    return tsDictError(&d, "key 'cpu' must be a CPU name (e.g. \"znver5\"), "
                           "got %s", tvAttrStr(cpu, buf, sizeof buf));
  return tvSuccess();
}

bool ttOpHasFamily(MlirOperation op, const char *opName, const char *family) {
  MlirAttribute f = tvGetAttr(op, "family");
  return tsOpIs(op, opName) && !mlirAttributeIsNull(f) &&
         mlirAttributeIsAString(f) &&
         tvStrEq(mlirStringAttrGetValue(f), family);
}
