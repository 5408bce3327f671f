//===- KernelRecipe.c - Reading a kernel generator config off IR ---------===//
#include "Conversion/KernelRecipe.h"
#include "Conversion/KernelFamilies.h"
#include "Conversion/KernelMatch.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "Support/Source.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

bool tesseraIsKernel(MlirOperation func) {
  return !mlirAttributeIsNull(tvGetAttr(func, "tsched.kernel"));
}

// ttarget.kernel's `threads` (host): 0 when absent, i.e. at run time.
static int64_t hostThreads(MlirOperation func) {
  MlirAttribute k = tvGetAttr(func, "ttarget.kernel");
  MlirAttribute t =
      mlirAttributeIsNull(k) || !mlirAttributeIsADictionary(k)
          ? k
          : mlirDictionaryAttrGetElementByName(
                k, mlirStringRefCreateFromCString("threads"));
  return !mlirAttributeIsNull(t) && mlirAttributeIsAInteger(t)
             ? mlirIntegerAttrGetValueInt(t)
             : 0;
}

// The host vector width the module is committed to: 512 if its
// ttarget.target lists +avx512f, else 256; 0 (this CPU) without a target.
static int hostVectorBits(MlirOperation func) {
  MlirOperation module = mlirOperationGetParentOperation(func);
  MlirAttribute target = mlirOperationIsNull(module)
                             ? (MlirAttribute){NULL}
                             : tvGetAttr(module, "ttarget.target");
  if (mlirAttributeIsNull(target))
    return 0;
  MlirAttribute feats = mlirDictionaryAttrGetElementByName(
      target, mlirStringRefCreateFromCString("features"));
  if (mlirAttributeIsNull(feats) || !mlirAttributeIsAArray(feats))
    return 256;
  for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(feats); ++i)
    if (tvStrEq(mlirStringAttrGetValue(mlirArrayAttrGetElement(feats, i)),
                "+avx512f"))
      return 512;
  return 256;
}

static MlirAttribute dictGet(MlirAttribute d, const char *key) {
  return mlirAttributeIsNull(d) || !mlirAttributeIsADictionary(d)
             ? (MlirAttribute){NULL}
             : mlirDictionaryAttrGetElementByName(
                   d, mlirStringRefCreateFromCString(key));
}

static bool i64s(MlirAttribute a, int64_t *v, intptr_t n) {
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseI64Array(a) ||
      mlirDenseArrayGetNumElements(a) != n)
    return false;
  for (intptr_t i = 0; i < n; ++i)
    v[i] = mlirDenseI64ArrayGetElement(a, i);
  return true;
}

static MlirWalkResult findMma(MlirOperation op, void *ud) {
  if (!tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), "ttarget.mma"))
    return MlirWalkResultAdvance;
  *(MlirOperation *)ud = op;
  return MlirWalkResultInterrupt;
}

// What Target IR committed a GPU kernel to: ttarget.kernel's block and
// shared_memory, and for a matmul its ttarget.mma's shape and warps.
static bool readCommit(MlirOperation func, TesseraKernelRecipe *r, char *err,
                       size_t cap) {
  MlirAttribute k = tvGetAttr(func, "ttarget.kernel");
  MlirAttribute block = dictGet(k, "block");
  if (mlirAttributeIsNull(block))
    return true; // host, or not committed yet
  MlirAttribute smem = dictGet(k, "shared_memory");
  TesseraLaunchInfo *c = &r->commit;
  if (!i64s(block, &c->blockThreads, 1) || mlirAttributeIsNull(smem) ||
      !mlirAttributeIsAInteger(smem)) {
    snprintf(err, cap, "ttarget.kernel needs a 1-D 'block' and "
             "'shared_memory'");
    return false;
  }
  c->sharedBytes = mlirIntegerAttrGetValueInt(smem);
  const TesseraKernelFamily *f = tesseraKernelFamily(r->kind);
  if (f && f->usesMma) {
    MlirOperation mma = {NULL};
    mlirOperationWalk(func, findMma, &mma, MlirWalkPreOrder);
    if (mlirOperationIsNull(mma) ||
        !i64s(tvGetAttr(mma, "shape"), c->mmaShape, 3) ||
        !i64s(tvGetAttr(mma, "warps"), c->warpGrid, 2)) {
      snprintf(err, cap, "the kernel's ttarget.mma needs 'shape' and "
               "'warps'");
      return false;
    }
  }
  r->committed = true;
  r->matmul.commit = c;
  return true;
}

// ttarget.kernel's `lowering`, where Target IR has one, decides: "ops" is
// op by op whatever the body; a family's name must be the family the body
// matches (the whole-nest lowering implements that loop nest and nothing
// else). Without the key (hand-written Target IR) the body's match decides.
static bool obeyLowering(MlirOperation func, const char *chip,
                         TesseraKernelRecipe *r, char *err, size_t cap) {
  MlirAttribute l = dictGet(tvGetAttr(func, "ttarget.kernel"), "lowering");
  if (mlirAttributeIsNull(l) || !mlirAttributeIsAString(l))
    return true;
  MlirStringRef name = mlirStringAttrGetValue(l);
  if (tvStrEq(name, "ops")) {
    if (r->kind != TESSERA_KERNEL_GENERIC)
      snprintf(r->generic, sizeof r->generic,
               "Target IR commits it op by op (lowering = \"ops\")");
    r->kind = TESSERA_KERNEL_GENERIC;
    return true;
  }
  const TesseraKernelFamily *f = tesseraKernelFamilies;
  while (f->name && !tvStrEq(name, f->name))
    ++f;
  if (!f->name) {
    snprintf(err, cap, "ttarget.kernel's lowering \"%.*s\" is neither "
             "\"ops\" nor a whole-nest family", (int)name.length, name.data);
    return false;
  }
  // No lowering for the target family at all (AMD), the body not the
  // family's loop nest, or a lowering that does not take this kernel on
  // this chip: in that order, the most basic first.
  TesseraGenTarget t = tesseraGenTargetOfChip(chip);
  bool anyForm = f->build[t] != NULL;
  if (anyForm && r->kind != f->kind) {
    snprintf(err, cap, "ttarget.kernel's lowering is \"%s\" but the body "
             "is not that loop nest: %s", f->name,
             r->kind == TESSERA_KERNEL_GENERIC ? r->generic : "another family");
    return false;
  }
  if (!tesseraFamilyServes(f, r, chip, NULL)) {
    snprintf(err, cap, "ttarget.kernel's lowering \"%s\" has no form for "
             "%s (its kernels are compiled op by op: lowering = \"ops\")",
             f->name, chip);
    return false;
  }
  return true;
}

bool tesseraKernelRecipe(MlirOperation func, const char *chip,
                         TesseraKernelRecipe *r, char *err, size_t cap) {
  memset(r, 0, sizeof *r);
  MlirStringRef sym = mlirStringAttrGetValue(tvGetAttr(func, "sym_name"));
  snprintf(r->name, sizeof r->name, "%.*s", (int)sym.length, sym.data);
  tesseraMatchKernel(func, r);
  if (!obeyLowering(func, chip, r, err, cap))
    return false;
  // A family with no lowering for the chip leaves its kernels to the
  // op-by-op lowering (the MFMA, mma.sync and wgmma templates were retired
  // when op by op matched them, docs/targets/amd.md, nvidia.md).
  const TesseraKernelFamily *fam = tesseraKernelFamily(r->kind);
  const char *why = NULL;
  if (r->kind != TESSERA_KERNEL_GENERIC && fam &&
      !tesseraFamilyServes(fam, r, chip, &why)) {
    snprintf(r->generic, sizeof r->generic, "the whole-nest \"%s\" "
             "lowering has no form for %s: %s", fam->name, chip, why);
    r->kind = TESSERA_KERNEL_GENERIC;
  }
  int vectorBits = hostVectorBits(func);
  TesseraMatmulKernelConfig *c = &r->matmul;
  c->name = r->name;
  c->chip = chip;
  c->warps = 4; // planning default: ScheduleToTarget's choice
  c->hostVectorBits = vectorBits;
  c->hostThreads = hostThreads(func);
  return readCommit(func, r, err, cap);
}

