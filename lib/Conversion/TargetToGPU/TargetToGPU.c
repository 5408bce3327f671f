//===- TargetToGPU.c - Target IR -> gpu.module + gpu.launch_func ---------===//
//
// The shared body of tessera-lower-target-to-nvvm / -rocdl (TargetToGPU.h).
//
// Kernels: each kernel func is replaced by its gpu.module, compiled op by op
// (DistributeTiles), with the chip's target attached, so the module is
// ready for the upstream device pipeline and gpu-module-to-binary. Entry functions: everything they
// touch lives on the device, so allocations become gpu.alloc / gpu.dealloc,
// copies gpu.memcpy, and kernel calls gpu.launch_func; the synchronous forms
// are kept (no async tokens) so the IR reads like the host path's, and the
// host lowering (gpu-async-region + gpu-to-llvm) puts them on a stream.
//
// Kernel calls, and the choice between a kernel and its fallback for
// unaligned operands, are LaunchCalls.c's.
//
//===----------------------------------------------------------------------===//
#include "Conversion/TargetToGPU/TargetToGPU.h"
#include "Conversion/TargetToGPU/Lowering.h"

#include "Conversion/DistributeTiles/DistributeTiles.h"
#include "Conversion/KernelRecipe.h"
#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static MlirStringRef ref(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

static bool opIs(MlirOperation op, const char *name) {
  return tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

void tgErrorAt(Lowering *l, MlirOperation op, const char *fmt,
                    const char *a, const char *b) {
  char msg[800], full[900];
  snprintf(msg, sizeof msg, fmt, a, b);
  snprintf(full, sizeof full, "%s: %s", l->vendor->passName, msg);
  mlirEmitError(mlirOperationGetLocation(op), full);
  l->failed = true;
}

//===----------------------------------------------------------------------===//
// Kernels -> gpu.modules
//===----------------------------------------------------------------------===//

// tessera.launch on the gpu.module: what a launch needs besides the grid
// (which is the grid loop's, LaunchGrid.c), for tools and the runtime.
static void setLaunchAttr(MlirOperation op, const TesseraLaunchInfo *li) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirType i64 = mlirIntegerTypeGet(ctx, 64);
  const char *names[2] = {"block_threads", "shared_bytes"};
  int64_t v[2] = {li->blockThreads, li->sharedBytes};
  MlirNamedAttribute e[2];
  for (int i = 0; i < 2; ++i)
    e[i] = mlirNamedAttributeGet(mlirIdentifierGet(ctx, ref(names[i])),
                                 mlirIntegerAttrGet(i64, v[i]));
  mlirOperationSetAttributeByName(op, ref("tessera.launch"),
                                  mlirDictionaryAttrGet(ctx, 2, e));
}

// A kernel committed op by op (ttarget.layouts): built by
// DistributeTiles, then given the chip's target and its launch shape.
static void distribute(Lowering *l, MlirOperation func, Kernel *k) {
  TesseraDistributedKernel dk;
  if (!tesseraDistributeKernel(func, l->chip, &dk)) {
    l->failed = true;
    return;
  }
  MlirOperation mod = dk.module;
  k->launch.blockThreads = dk.blockThreads;
  k->launch.sharedBytes = dk.sharedBytes;
  char tgt[256];
  l->vendor->targetAttr(tgt, sizeof tgt, l->chip);
  MlirContext ctx = mlirOperationGetContext(func);
  MlirAttribute target = mlirAttributeParseGet(ctx, ref(tgt));
  mlirOperationSetAttributeByName(mod, ref("targets"),
                                  mlirArrayAttrGet(ctx, 1, &target));
  setLaunchAttr(mod, &k->launch);
  if (l->vendor->finishKernel && !l->vendor->finishKernel(mod, &k->launch)) {
    mlirOperationDestroy(mod);
    l->failed = true;
    return;
  }
  MlirStringRef sym = mlirStringAttrGetValue(tvGetAttr(mod, "sym_name"));
  snprintf(k->module, sizeof k->module, "%.*s", (int)sym.length, sym.data);
  ++l->numKernels;
}

static bool kernelCopyIsTma(MlirOperation func) {
  MlirAttribute k = tvGetAttr(func, "ttarget.kernel");
  MlirAttribute copy =
      mlirAttributeIsNull(k)
          ? k
          : mlirDictionaryAttrGetElementByName(k, ref("copy"));
  return !mlirAttributeIsNull(copy) && mlirAttributeIsAString(copy) &&
         tvStrEq(mlirStringAttrGetValue(copy), "tma");
}

// ttarget.kernel's `fallback` (none: empty): a kernel of the module with
// the same arguments and plain copies (the Target IR verifier checks it).
// A TMA kernel must have one.
static bool fallbackOf(Lowering *l, MlirOperation func, Kernel *k) {
  MlirAttribute kd = tvGetAttr(func, "ttarget.kernel");
  MlirAttribute fb = mlirDictionaryAttrGetElementByName(kd, ref("fallback"));
  if (!mlirAttributeIsNull(fb) && mlirAttributeIsAFlatSymbolRef(fb)) {
    MlirStringRef s = mlirFlatSymbolRefAttrGetValue(fb);
    snprintf(k->fallback, sizeof k->fallback, "%.*s", (int)s.length, s.data);
    return true;
  }
  if (k->tma)
    tgErrorAt(l, func, "kernel '%s': %s", k->name,
            "a TMA kernel needs ttarget.kernel's 'fallback' (the kernel "
            "launched when the operands are not aligned for TMA)");
  return !k->tma;
}

static void lowerKernel(Lowering *l, MlirOperation func) {
  if (l->numKernels == kMaxKernels) {
    tgErrorAt(l, func, "more than %s kernels in one module", "64", "");
    return;
  }
  Kernel *k = &l->kernels[l->numKernels];
  memset(k, 0, sizeof *k);
  k->func = func;
  k->tma = !strcmp(l->chip, "sm_90a") && kernelCopyIsTma(func);
  char err[512];
  if (!tesseraKernelRecipe(func, l->chip, &k->recipe, err, sizeof err)) {
    tgErrorAt(l, func, "kernel '%s': %s", k->recipe.name, err);
    return;
  }
  memcpy(k->name, k->recipe.name, sizeof k->name); // both 128 bytes
  if (!fallbackOf(l, func, k) ||
      (k->fallback[0] && !k->tma && !tgCollectCpAsync(l, k)))
    return;
  // Every GPU kernel is compiled op by op (no family has a GPU lowering,
  // KernelFamilies.c; tesseraKernelRecipe refuses Target IR that asks for
  // one).
  distribute(l, func, k);
}

const Kernel *tgFindKernel(const Lowering *l, MlirStringRef name) {
  for (int i = 0; i < l->numKernels; ++i)
    if (tvStrEq(name, l->kernels[i].name))
      return &l->kernels[i];
  return NULL;
}

//===----------------------------------------------------------------------===//
// Entry buffers -> device
//===----------------------------------------------------------------------===//

// gpu.alloc (synchronous): operands = the alloc's dynamic sizes.
static void rewriteAlloc(MlirOperation op) {
  TsBuilder b = {mlirOperationGetContext(op), mlirOperationGetLocation(op),
               mlirOperationGetBlock(op), op};
  intptr_t n = mlirOperationGetNumOperands(op);
  MlirValue ops[8];
  for (intptr_t i = 0; i < n && i < 8; ++i)
    ops[i] = mlirOperationGetOperand(op, i);
  int32_t seg[3] = {0, (int32_t)n, 0};
  MlirNamedAttribute a =
      tsNamed(&b, "operandSegmentSizes", mlirDenseI32ArrayGet(b.ctx, 3, seg));
  MlirType t = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirOperation g = tsOp(&b, "gpu.alloc", n, ops, 1, &t, 1, &a, 0);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0),
                                mlirOperationGetResult(g, 0));
  mlirOperationDestroy(op);
}

// memref.dealloc -> gpu.dealloc; memref.copy(src, dst) -> gpu.memcpy(dst,
// src).
static void rewriteSimple(MlirOperation op, const char *name, bool swap) {
  TsBuilder b = {mlirOperationGetContext(op), mlirOperationGetLocation(op),
               mlirOperationGetBlock(op), op};
  intptr_t n = mlirOperationGetNumOperands(op);
  MlirValue ops[2];
  for (intptr_t i = 0; i < n && i < 2; ++i)
    ops[swap ? n - 1 - i : i] = mlirOperationGetOperand(op, i);
  tsOp(&b, name, n, ops, 0, NULL, 0, NULL, 0);
  mlirOperationDestroy(op);
}

// Ops an entry may keep: they compute on indices or descriptors and never
// dereference a (now device) buffer on the host.
static bool hostSafe(MlirOperation op) {
  static const char *const kOps[] = {
      "memref.dim", "memref.cast", "memref.collapse_shape",
      "memref.expand_shape", "memref.reinterpret_cast", "memref.subview",
      "memref.extract_strided_metadata",
      "memref.extract_aligned_pointer_as_index", "func.return", NULL};
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  static const char *const kDialects[] = {"arith.", "index.", "scf.", "cf.",
                                          "gpu.", NULL};
  for (int i = 0; kDialects[i]; ++i)
    if (n.length > strlen(kDialects[i]) &&
        !strncmp(n.data, kDialects[i], strlen(kDialects[i])))
      return true;
  for (int i = 0; kOps[i]; ++i)
    if (tvStrEq(n, kOps[i]))
      return true;
  return false;
}

typedef struct Collect {
  MlirOperation ops[1024];
  int n;
  bool overflow;
} Collect;

static MlirWalkResult collectOp(MlirOperation op, void *ud) {
  Collect *c = ud;
  if (c->n == 1024) {
    c->overflow = true;
    return MlirWalkResultInterrupt;
  }
  c->ops[c->n++] = op;
  return MlirWalkResultAdvance;
}

static void rewriteOp(Lowering *l, MlirOperation op) {
  if (opIs(op, "func.call")) {
    MlirAttribute callee = tvGetAttr(op, "callee");
    const Kernel *k =
        tgFindKernel(l, mlirFlatSymbolRefAttrGetValue(callee));
    if (k)
      tgRewriteCall(l, op, k);
    else {
      char name[128];
      MlirStringRef s = mlirFlatSymbolRefAttrGetValue(callee);
      snprintf(name, sizeof name, "%.*s", (int)s.length, s.data);
      tgErrorAt(l, op, "call of '%s' in an entry function: only kernels can "
              "be called on a GPU target (its buffers are on the device)%s",
              name, "");
    }
  } else if (opIs(op, "memref.alloc")) {
    rewriteAlloc(op);
  } else if (opIs(op, "memref.dealloc")) {
    rewriteSimple(op, "gpu.dealloc", false);
  } else if (opIs(op, "memref.copy")) {
    rewriteSimple(op, "gpu.memcpy", true);
  } else if (opIs(op, "memref.get_global")) {
    // Host data (a tgraph.constant's): only a copy into a device buffer
    // may read it, which becomes a host-to-device gpu.memcpy.
    MlirValue g = mlirOperationGetResult(op, 0);
    for (MlirOpOperand u = mlirValueGetFirstUse(g); !mlirOpOperandIsNull(u);
         u = mlirOpOperandGetNextUse(u))
      if (!opIs(mlirOpOperandGetOwner(u), "memref.copy") ||
          mlirOpOperandGetOperandNumber(u) != 0) {
        tgErrorAt(l, op, "a memref.get_global in an entry function is host "
                  "memory: on GPU targets it may only be the source of a "
                  "memref.copy%s%s", "", "");
        break;
      }
  } else if (!hostSafe(op)) {
    char name[128];
    tgErrorAt(l, op, "'%s' in an entry function would touch device memory "
            "on the host; not supported on GPU targets%s",
            tvOpName(op, name, sizeof name), "");
  }
}

static void lowerEntry(Lowering *l, MlirOperation func) {
  Collect *c = calloc(1, sizeof *c);
  if (!c)
    return;
  MlirRegion body = mlirOperationGetRegion(func, 0);
  for (MlirBlock blk = mlirRegionGetFirstBlock(body); !mlirBlockIsNull(blk);
       blk = mlirBlockGetNextInRegion(blk))
    for (MlirOperation op = mlirBlockGetFirstOperation(blk);
         !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
      mlirOperationWalk(op, collectOp, c, MlirWalkPreOrder);
  if (c->overflow)
    tgErrorAt(l, func, "entry function too large (more than %s ops)", "1024",
            "");
  for (int i = 0; i < c->n && !c->overflow; ++i)
    rewriteOp(l, c->ops[i]);
  free(c);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

static bool chipOf(Lowering *l) {
  MlirAttribute target = tvGetAttr(l->module, "ttarget.target");
  MlirAttribute chip =
      mlirAttributeIsNull(target)
          ? target
          : mlirDictionaryAttrGetElementByName(target, ref("chip"));
  if (!mlirAttributeIsNull(chip) && mlirAttributeIsAString(chip)) {
    MlirStringRef s = mlirStringAttrGetValue(chip);
    snprintf(l->chipBuf, sizeof l->chipBuf, "%.*s", (int)s.length, s.data);
    const char *p = l->vendor->chipPrefix;
    if (!strncmp(l->chipBuf, p, strlen(p))) {
      l->chip = l->chipBuf;
      return true;
    }
  }
  char msg[300];
  snprintf(msg, sizeof msg,
           "%s: the module is not committed to a %s* chip (run "
           "tessera-lower-schedule{target=<chip>} first)",
           l->vendor->passName, l->vendor->chipPrefix);
  mlirEmitError(mlirOperationGetLocation(l->module), msg);
  return false;
}

static void addRuntimeDecls(MlirOperation module) {
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  TsBuilder b = tsBuilderAtEnd(top, mlirOperationGetLocation(module));
  tsFuncDecl(&b, TESSERA_TMA_ENCODE_FN,
             tsType(&b, "(i64, i32, i64, i64, i64, i64, i64, i64, i64, i64, "
                        "i64, i64) -> !llvm.ptr"));
  tsFuncDecl(&b, TESSERA_TMA_FREE_FN, tsType(&b, "(!llvm.ptr) -> ()"));
}

void tesseraLowerTargetToGPU(MlirOperation module, MlirExternalPass pass,
                             const TesseraGpuVendor *vendor) {
  Lowering *l = calloc(1, sizeof *l);
  if (!l) {
    mlirExternalPassSignalFailure(pass);
    return;
  }
  l->vendor = vendor;
  l->module = module;
  if (!chipOf(l)) {
    free(l);
    mlirExternalPassSignalFailure(pass);
    return;
  }
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(top);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (opIs(op, "func.func") && tesseraIsKernel(op))
      lowerKernel(l, op);
  bool anyTma = false;
  for (MlirOperation op = mlirBlockGetFirstOperation(top);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (!l->failed && opIs(op, "func.func") && !tesseraIsKernel(op) &&
        // A shape checker runs on the host copies of the inputs.
        mlirAttributeIsNull(tvGetAttr(op, "tessera.host_checker")) &&
        !mlirBlockIsNull(
            mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0))))
      lowerEntry(l, op);
  for (int i = 0; i < l->numKernels; ++i) {
    anyTma |= l->kernels[i].tma;
    mlirOperationDestroy(l->kernels[i].func);
  }
  if (anyTma)
    addRuntimeDecls(module);
  MlirContext ctx = mlirOperationGetContext(module);
  mlirOperationSetAttributeByName(module, ref("gpu.container_module"),
                                  mlirUnitAttrGet(ctx));
  mlirOperationRemoveAttributeByName(module, ref("ttarget.target"));
  if (l->failed)
    mlirExternalPassSignalFailure(pass);
  free(l);
}
