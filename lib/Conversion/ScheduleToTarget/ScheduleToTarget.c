//===- ScheduleToTarget.c - tessera-lower-schedule{target=...} -----------===//
//
// Commits Schedule IR kernels to one chip (docs/dialects/target.md):
//   - `ttarget.target` on the module (chip, features, host cpu);
//   - `ttarget.kernel` on each kernel: instruction families, launch shape
//     and shared memory, from the planning step of the lowering that takes
//     the kernel's body (KernelGen.h: no code is generated here); the Target
//     lowering reads them back and builds exactly that;
//   - tsched.tile_matmul -> ttarget.mma and tsched.async_copy ->
//     ttarget.copy with the chosen family, instruction shape and warps.
//
//===----------------------------------------------------------------------===//
#include "Conversion/KernelFamilies.h"
#include "Conversion/DistributeTiles/DistributeTiles.h"
#include "Conversion/ScheduleToTarget/AssignLayouts.h"
#include "Conversion/TargetToHost/HostMatmul.h"
#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/Target/TargetUtils.h"
#include "Dialect/VerifyUtils.h"
#include "CAPI/SourceMgrShim.h"
#include "Pipeline/PassRegistry.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include "llvm-c/Core.h"
#include "llvm-c/TargetMachine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static bool isNvidia(const char *c) {
  return tesseraGenTargetOfChip(c) == TESSERA_GEN_NVVM;
}


static MlirAttribute str(MlirContext ctx, const char *s) {
  return mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(s));
}

static MlirNamedAttribute named(MlirContext ctx, const char *n,
                                MlirAttribute a) {
  return mlirNamedAttributeGet(
      mlirIdentifierGet(ctx, mlirStringRefCreateFromCString(n)), a);
}

static MlirAttribute i64(MlirContext ctx, int64_t v) {
  return mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), v);
}

static const char *const kCpuFeatures[] = {"native", "avx2", "avx512", NULL};

// Whether host kernels use AVX-512: this CPU's answer, or the option's.
static bool hostWide(int cpuFeatures) {
  return cpuFeatures == 0 ? tesseraHostHasAvx512() : cpuFeatures == 2;
}

static void setTargetAttr(MlirOperation module, const char *chip,
                          int cpuFeatures) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirNamedAttribute e[3];
  intptr_t n = 0;
  e[n++] = named(ctx, "chip", str(ctx, chip));
  MlirAttribute feats[4];
  intptr_t nf = 0;
  if (isNvidia(chip))
    feats[nf++] = str(ctx, "+ptx80");
  if (!strcmp(chip, "host")) {
    // "native" is resolved here, once: the IR names this CPU, so what
    // follows (and a later run elsewhere) reads a fixed commitment.
    char *native = cpuFeatures == 0 ? LLVMGetHostCPUName() : NULL;
    e[n++] = named(ctx, "cpu",
                   str(ctx, native              ? native
                            : cpuFeatures == 2 ? "x86-64-v4"
                                                : "x86-64-v3"));
    if (native)
      LLVMDisposeMessage(native);
    // Only the features host kernels depend on.
    feats[nf++] = str(ctx, "+avx2");
    feats[nf++] = str(ctx, "+fma");
    if (hostWide(cpuFeatures))
      feats[nf++] = str(ctx, "+avx512f");
  }
  e[n++] = named(ctx, "features", mlirArrayAttrGet(ctx, nf, feats));
  mlirOperationSetAttributeByName(
      module, mlirStringRefCreateFromCString("ttarget.target"),
      mlirDictionaryAttrGet(ctx, n, e));
}

// What a kernel commits to on a chip.
typedef struct Commit {
  const char *mma, *copy;
  int64_t shape[3];
  int64_t warps[2];
  int64_t blockThreads, sharedBytes, hostThreads;
  bool tf32;
  bool tmaArgs; // the arguments TMA copies read are passed as tensor maps
  bool perOpN;  // each ttarget.mma's instruction N is its tile's (wgmma)
} Commit;

// A kernel a family (KernelFamilies.h) takes -- the host's packed matmul:
// Target IR records its register tile.
static bool chooseFast(const TesseraKernelRecipe *r, const char *chip,
                       int cpuFeatures, Commit *c, char *err, size_t cap) {
  const TesseraKernelFamily *f = tesseraKernelFamily(r->kind);
  c->mma = "generic";
  c->copy = "plain";
  c->shape[0] = c->shape[1] = c->shape[2] = 1;
  c->warps[0] = c->warps[1] = 1;
  if (!strcmp(chip, "host")) {
    // The thread count is read at run time: the output must not depend on
    // the machine that compiled it.
    c->hostThreads = 0;
    if (f->usesMma) {
      // The host matmul lowering's register tile (HostMatmul.c): MR x NR.
      bool wide = hostWide(cpuFeatures);
      HostShape s = hostShape(wide ? 512 : 256);
      c->mma = wide ? "avx512" : "generic";
      c->shape[0] = s.MR;
      c->shape[1] = s.NR;
    }
    return true;
  }
  // No GPU has a whole-nest lowering (KernelFamilies.c): its kernels are
  // committed by chooseGeneric.
  snprintf(err, cap, "the whole-nest \"%s\" lowering has no form for %s",
           f->name, chip);
  return false;
}

// A body no fast lowering takes is compiled op by op: on the host by
// ScheduleToVector, on GPUs by DistributeTiles, with the instruction, warps
// and block planned here (AssignLayouts.c; the layouts and shared memory
// follow once the ops are committed).
static bool chooseGeneric(MlirOperation func, const TesseraKernelRecipe *r,
                          const char *chip, Commit *c,
                          TesseraDistributedPlan *plan, char *err,
                          size_t cap) {
  c->mma = "generic";
  c->copy = "plain";
  c->shape[0] = c->shape[1] = c->shape[2] = 1;
  c->warps[0] = c->warps[1] = 1;
  if (!strcmp(chip, "host"))
    return true;
  char why[400];
  if (!tesseraPlanDistributed(func, chip, plan, why, sizeof why)) {
    snprintf(err, cap, "no %s lowering takes this kernel body (%.200s), and it "
             "cannot be compiled op by op: %.200s", chip, r->generic, why);
    return false;
  }
  c->mma = plan->generic ? "generic"
           : plan->amd   ? "mfma"
           : plan->wgmma ? "wgmma"
                         : "mma.sync";
  c->perOpN = plan->wgmma;
  c->copy = plan->amd || plan->generic ? "plain"
            : plan->tma                 ? "tma"
                                        : "cp.async";
  c->tmaArgs = plan->tma;
  memcpy(c->shape, plan->shape, sizeof c->shape);
  memcpy(c->warps, plan->warps, sizeof c->warps);
  c->blockThreads = plan->blockThreads;
  c->tf32 = plan->tf32 && !plan->generic;
  return true;
}

// ttarget.stream on each store whose chain streams (TargetStream.c), where
// it helps. A chain with a load always: without it every register of the
// loaded tile is live beside the accumulator (no load may pass a store
// that might alias it): gfx942 f16 residual epilogue 210 VGPRs + 70 SGPR
// spills, streamed 138 and none. A chain of register ops only on AMD,
// where the compiler schedules the whole tile's ops first (f32 bias +
// gelu_tanh on gfx942: 230 VGPRs, streamed 124); on NVIDIA ptxas then
// aims for two blocks per SM and spills (f16 linear layer on sm_80: 155
// registers, 0 spills; streamed 128 registers, 12 bytes spilled), except
// in wgmma kernels, whose 2 warpgroups hold the tile in half the threads'
// registers (f16 bias + gelu_tanh on sm_90a: 234 registers, streamed 176;
// held to 128 for two blocks per SM, Distribute.c, it spills 436 bytes
// unstreamed and none streamed). Measured with stream.test's and matmuls.mlir's
// inputs, LLVM 22 and ptxas 13.
static MlirWalkResult markStream(MlirOperation op, void *user) {
  const bool *registerChains = user;
  MlirOperation ops[TT_MAX_STREAM_CHAIN];
  bool loads;
  const char *why;
  if (tsOpIs(op, "tsched.tile_store") &&
      ttStreamChain(op, ops, TT_MAX_STREAM_CHAIN, &loads, &why) &&
      (loads || *registerChains))
    mlirOperationSetAttributeByName(
        op, mlirStringRefCreateFromCString("ttarget.stream"),
        mlirUnitAttrGet(mlirOperationGetContext(op)));
  return MlirWalkResultAdvance;
}

// After commitOps: the layouts, the shared memory they need, and which
// stores stream.
static bool commitLayouts(MlirOperation func, const char *chip, Commit *c,
                          const TesseraDistributedPlan *plan, char *err,
                          size_t cap) {
  if (!tesseraAssignLayouts(func, plan, err, cap))
    return false;
  bool registerChains = !strncmp(chip, "gfx", 3) || plan->wgmma;
  mlirOperationWalk(func, markStream, &registerChains, MlirWalkPreOrder);
  c->sharedBytes = tesseraDistributedSharedBytes(func);
  int64_t max = ttChipMaxShared(chip);
  if (max > 0 && c->sharedBytes > max) {
    snprintf(err, cap, "its copies and layout conversions need %lld bytes "
             "of shared memory (max %lld on %s)", (long long)c->sharedBytes,
             (long long)max, chip);
    return false;
  }
  return true;
}

// Whether a TMA copy reads kernel argument `arg` (the host then passes its
// tensor map).
static bool readByTma(MlirValue arg) {
  for (MlirOpOperand u = mlirValueGetFirstUse(arg); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    MlirOperation user = mlirOpOperandGetOwner(u);
    if ((tsOpIs(user, "ttarget.copy") || tsOpIs(user, "tsched.async_copy")) &&
        mlirOpOperandGetOperandNumber(u) == 0)
      return true;
  }
  return false;
}

// ttarget.kernel; `fallback`: the symbol of the kernel's fallback, or NULL.
static void setKernelAttr(MlirOperation func, const char *chip,
                          const Commit *c, const char *lowering,
                          MlirOperation fallback) {
  MlirContext ctx = mlirOperationGetContext(func);
  MlirNamedAttribute e[8];
  intptr_t n = 0;
  e[n++] = named(ctx, "lowering", str(ctx, lowering));
  if (!mlirOperationIsNull(fallback))
    e[n++] = named(ctx, "fallback",
                   mlirFlatSymbolRefAttrGet(
                       ctx, mlirStringAttrGetValue(
                                tvGetAttr(fallback, "sym_name"))));
  e[n++] = named(ctx, "mma", str(ctx, c->mma));
  e[n++] = named(ctx, "copy", str(ctx, c->copy));
  if (!strcmp(chip, "host")) {
    // No `threads`: as many as the machine running the kernel has.
    if (c->hostThreads > 0)
      e[n++] = named(ctx, "threads", i64(ctx, c->hostThreads));
  } else {
    int64_t block[1] = {c->blockThreads};
    e[n++] = named(ctx, "block", mlirDenseI64ArrayGet(ctx, 1, block));
    e[n++] = named(ctx, "shared_memory", i64(ctx, c->sharedBytes));
  }
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  intptr_t nargs = mlirBlockGetNumArguments(entry);
  MlirAttribute *args = malloc((size_t)(nargs ? nargs : 1) * sizeof *args);
  if (!args)
    abort();
  for (intptr_t i = 0; i < nargs; ++i)
    args[i] = str(ctx, c->tmaArgs && readByTma(mlirBlockGetArgument(entry, i))
                           ? "tma"
                           : "memref");
  e[n++] = named(ctx, "args", mlirArrayAttrGet(ctx, nargs, args));
  free(args);
  mlirOperationSetAttributeByName(
      func, mlirStringRefCreateFromCString("ttarget.kernel"),
      mlirDictionaryAttrGet(ctx, n, e));
}

// Replaces `op` by an op named `name` with the same operands, results and
// attributes plus `extra`.
static void recreate(MlirOperation op, const char *name,
                     MlirNamedAttribute *extra, intptr_t nExtra) {
  MlirOperationState st = mlirOperationStateGet(
      mlirStringRefCreateFromCString(name), mlirOperationGetLocation(op));
  intptr_t nOps = mlirOperationGetNumOperands(op);
  MlirValue operands[16];
  for (intptr_t i = 0; i < nOps && i < 16; ++i)
    operands[i] = mlirOperationGetOperand(op, i);
  mlirOperationStateAddOperands(&st, nOps < 16 ? nOps : 16, operands);
  intptr_t nRes = mlirOperationGetNumResults(op);
  MlirType types[4];
  for (intptr_t i = 0; i < nRes && i < 4; ++i)
    types[i] = mlirValueGetType(mlirOperationGetResult(op, i));
  mlirOperationStateAddResults(&st, nRes < 4 ? nRes : 4, types);
  intptr_t nAttr = mlirOperationGetNumAttributes(op);
  MlirNamedAttribute attrs[16];
  intptr_t k = 0;
  for (intptr_t i = 0; i < nAttr && k < 12; ++i)
    attrs[k++] = mlirOperationGetAttribute(op, i);
  for (intptr_t i = 0; i < nExtra && k < 16; ++i)
    attrs[k++] = extra[i];
  mlirOperationStateAddAttributes(&st, k, attrs);
  MlirOperation n = mlirOperationCreate(&st);
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(op), op, n);
  for (intptr_t i = 0; i < nRes; ++i)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, i),
                                  mlirOperationGetResult(n, i));
  mlirOperationDestroy(op);
}

struct Rewrite {
  const Commit *c;
  MlirOperation ops[256];
  int n;
};

static MlirWalkResult collect(MlirOperation op, void *ud) {
  struct Rewrite *r = ud;
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  if ((tvStrEq(n, "tsched.tile_matmul") || tvStrEq(n, "tsched.async_copy")) &&
      r->n < 256)
    r->ops[r->n++] = op;
  return MlirWalkResultAdvance;
}

static void commitOps(MlirOperation func, const Commit *c) {
  MlirContext ctx = mlirOperationGetContext(func);
  struct Rewrite r = {c, {{0}}, 0};
  mlirOperationWalk(func, collect, &r, MlirWalkPreOrder);
  for (int i = 0; i < r.n; ++i) {
    MlirOperation op = r.ops[i];
    if (tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)),
                "tsched.tile_matmul")) {
      MlirNamedAttribute extra[4];
      intptr_t n = 0;
      extra[n++] = named(ctx, "family", str(ctx, c->mma));
      int64_t shape[3] = {c->shape[0], c->shape[1], c->shape[2]};
      if (c->perOpN)
        shape[1] = mlirShapedTypeGetDimSize(
            mlirValueGetType(mlirOperationGetResult(op, 0)), 1);
      extra[n++] = named(ctx, "shape", mlirDenseI64ArrayGet(ctx, 3, shape));
      extra[n++] = named(ctx, "warps", mlirDenseI64ArrayGet(ctx, 2, c->warps));
      if (c->tf32)
        extra[n++] = named(ctx, "compute",
                           mlirTypeAttrGet(mlirTF32TypeGet(ctx)));
      recreate(op, "ttarget.mma", extra, n);
    } else {
      MlirNamedAttribute extra[1] = {named(ctx, "family", str(ctx, c->copy))};
      recreate(op, "ttarget.copy", extra, 1);
    }
  }
}

// Kernels whose copies need aligned operands get a fallback, named by
// ttarget.kernel's `fallback` and launched by the entry when the operands
// of a call are not aligned (TargetToGPU/LaunchCalls.c):
//   - a kernel with TMA copies (sm_90a): tensor maps exist only for
//     16-byte aligned bases and row strides (the runtime's
//     tesseraGpuTensorMap returns NULL otherwise);
//   - an op-by-op kernel with cp.async copies: a 16-byte cp.async reads an
//     aligned 16-byte chunk (CUDA faults on a misaligned one).
// The fallback is the same Schedule IR (`fb`, a clone of the kernel taken
// before it was committed) named "<name>_unaligned" and committed op by
// op to mma.sync with plain copies (masked element by element at the
// edges), planned as on sm_90 for sm_90a (the same SM without wgmma and
// TMA). Inserted after `after`; NULL with a reason (and `fb` destroyed) if
// it cannot be committed.
static MlirOperation commitFallback(MlirOperation fb, MlirOperation after,
                                    const char *name, const char *chip,
                                    char *err, size_t cap) {
  MlirContext ctx = mlirOperationGetContext(fb);
  char sym[160];
  snprintf(sym, sizeof sym, "%.120s_unaligned", name);
  mlirOperationSetAttributeByName(fb, mlirStringRefCreateFromCString("sym_name"),
                                  str(ctx, sym));
  TesseraKernelRecipe r;
  memset(&r, 0, sizeof r);
  snprintf(r.name, sizeof r.name, "%.120s", sym);
  r.kind = TESSERA_KERNEL_GENERIC;
  snprintf(r.generic, sizeof r.generic, "the fallback of a kernel whose "
           "copies need aligned operands");
  const char *plan = !strcmp(chip, "sm_90a") ? "sm_90" : chip;
  TesseraDistributedPlan dp;
  Commit c;
  memset(&c, 0, sizeof c);
  bool ok = chooseGeneric(fb, &r, plan, &c, &dp, err, cap);
  if (ok) {
    c.copy = "plain";
    commitOps(fb, &c);
    ok = commitLayouts(fb, plan, &c, &dp, err, cap);
  }
  if (!ok) {
    mlirOperationDestroy(fb);
    return (MlirOperation){NULL};
  }
  setKernelAttr(fb, chip, &c, "ops", (MlirOperation){NULL});
  mlirBlockInsertOwnedOperationAfter(mlirOperationGetBlock(after), after, fb);
  return fb;
}

static MlirWalkResult findCpAsync(MlirOperation op, void *ud) {
  if (ttOpHasFamily(op, "ttarget.copy", "cp.async")) {
    *(bool *)ud = true;
    return MlirWalkResultInterrupt;
  }
  return MlirWalkResultAdvance;
}

// Whether committed kernel `func` needs an aligned-operand fallback.
static bool needsFallback(MlirOperation func, const Commit *c) {
  if (c->tmaArgs)
    return true;
  bool cpAsync = false;
  mlirOperationWalk(func, findCpAsync, &cpAsync, MlirWalkPreOrder);
  return cpAsync;
}

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  const char *chip = ttChipNames[tesseraOptEnum(o, "target")];
  int cpuFeatures = tesseraOptEnum(o, "cpu-features");
  bool explain = tesseraOptBool(o, "explain");
  bool wholeNest = tesseraOptBool(o, "whole-nest");
  setTargetAttr(module, chip, cpuFeatures);
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  bool failed = false;
  for (MlirOperation op = mlirBlockGetFirstOperation(top);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (!tesseraIsKernel(op))
      continue;
    TesseraKernelRecipe r;
    TesseraDistributedPlan plan;
    Commit c;
    memset(&c, 0, sizeof c);
    char err[512];
    bool ok = tesseraKernelRecipe(op, chip, &r, err, sizeof err);
    if (ok && !wholeNest && r.kind != TESSERA_KERNEL_GENERIC) {
      r.kind = TESSERA_KERNEL_GENERIC;
      snprintf(r.generic, sizeof r.generic,
               "the whole-nest lowerings are off (whole-nest=false)");
    }
    bool generic = ok && r.kind == TESSERA_KERNEL_GENERIC;
    bool distributed = generic && strcmp(chip, "host");
    ok = ok && (generic ? chooseGeneric(op, &r, chip, &c, &plan, err,
                                        sizeof err)
                        : chooseFast(&r, chip, cpuFeatures, &c, err,
                                     sizeof err));
    // The uncommitted Schedule IR, for a fallback (commitFallback), where
    // the chosen copies may need one.
    MlirOperation pristine =
        ok && isNvidia(chip) && (c.tmaArgs || !strcmp(c.copy, "cp.async"))
            ? mlirOperationClone(op)
            : (MlirOperation){NULL};
    if (ok && distributed) {
      commitOps(op, &c);
      ok = commitLayouts(op, chip, &c, &plan, err, sizeof err);
    }
    MlirOperation fallback = {NULL};
    if (ok && !mlirOperationIsNull(pristine) && needsFallback(op, &c)) {
      fallback = commitFallback(pristine, op, r.name, chip, err, sizeof err);
      pristine = (MlirOperation){NULL};
      if (mlirOperationIsNull(fallback)) {
        char msg[700];
        snprintf(msg, sizeof msg, "tessera-lower-schedule: cannot commit the "
                 "fallback of kernel '%.120s' (for unaligned operands) to %s: "
                 "%.400s", r.name, chip, err);
        mlirEmitError(mlirOperationGetLocation(op), msg);
        failed = true;
        continue;
      }
    }
    if (!mlirOperationIsNull(pristine))
      mlirOperationDestroy(pristine);
    if (!ok) {
      char msg[700];
      snprintf(msg, sizeof msg, "tessera-lower-schedule: cannot commit "
               "kernel '%s' to %s: %s", r.name, chip, err);
      mlirEmitError(mlirOperationGetLocation(op), msg);
      failed = true;
      continue;
    }
    setKernelAttr(op, chip, &c,
                  generic ? "ops" : tesseraKernelFamily(r.kind)->name,
                  fallback);
    if (!distributed)
      commitOps(op, &c);
    if (generic && explain) {
      char msg[900];
      snprintf(msg, sizeof msg, "tessera-lower-schedule: kernel '%s' is "
               "compiled op by op on %s (mma = \"%s\"): no whole-nest "
               "lowering takes its body (%s)", r.name, chip, c.mma,
               r.generic);
      tesseraEmitRemark(mlirOperationGetLocation(op), msg);
    }
    if (!mlirOperationIsNull(fallback))
      op = fallback; // committed: go on after it
  }
  if (failed)
    mlirExternalPassSignalFailure(pass);
}

static const TesseraPassOptionInfo kOptions[] = {
    {"target", TesseraPassOptionEnum, "host", "Chip to commit to", ttChipNames},
    {"cpu-features", TesseraPassOptionEnum, "native",
     "Host only: the vector ISA kernels commit to (native: this CPU's; "
     "avx2; avx512)",
     kCpuFeatures},
    {"explain", TesseraPassOptionBool, "false",
     "Remark, for each kernel compiled op by op, why no whole-nest lowering "
     "takes it", NULL},
    {"whole-nest", TesseraPassOptionBool, "true",
     "Let a whole-nest lowering (KernelFamilies.h) take the kernels whose "
     "body it implements; false compiles every kernel op by op", NULL},
};

const TesseraPassDef tesseraLowerSchedulePassDef = {
    .info = {.argument = "tessera-lower-schedule",
             .summary = "Schedule IR -> Target IR: commit kernels to a chip "
                        "(instruction families, launch shape, copies)",
             .options = kOptions,
             .numOptions = sizeof kOptions / sizeof kOptions[0]},
    .opName = "builtin.module",
    .run = run,
};
