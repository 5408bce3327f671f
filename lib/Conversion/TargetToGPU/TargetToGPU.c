//===- TargetToGPU.c - Target IR -> gpu.module + gpu.launch_func ---------===//
//
// The shared body of tessera-lower-target-to-nvvm / -rocdl (TargetToGPU.h).
//
// Kernels: each kernel func is replaced by its generator's gpu.module (with
// the chip's target attached, so the module is ready for the upstream device
// pipeline and gpu-module-to-binary). Entry functions: everything they
// touch lives on the device, so allocations become gpu.alloc / gpu.dealloc,
// copies gpu.memcpy, and kernel calls gpu.launch_func; the synchronous forms
// are kept (no async tokens) so the IR reads like the host path's, and the
// host lowering (gpu-async-region + gpu-to-llvm) puts them on a stream.
//
// sm_90a wgmma kernels take two tensor maps; the entry makes them with the
// runtime's tesseraGpuTensorMap2D (NULL when TMA cannot be used: K or N not
// a multiple of 8, a base not 16-byte aligned, no driver support) and
// launches, when either is NULL, the kernel that ttarget.kernel's
// `fallback` names: the same Schedule IR committed op by op to mma.sync by
// tessera-lower-schedule (docs/targets/nvidia.md).
//
//===----------------------------------------------------------------------===//
#include "Conversion/TargetToGPU/TargetToGPU.h"

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

enum { kMaxKernels = 64, kMaxArgs = 32 };

typedef struct Kernel {
  char name[128];   // the kernel func's symbol (what the entries call)
  char module[160]; // gpu.module sym_name
  char fallback[128]; // launched when the operands are not aligned (or "")
  TesseraKernelRecipe recipe;
  TesseraLaunchInfo launch;
  bool tma; // sm_90a wgmma: two tensor-map arguments
  bool distributed; // compiled op by op (DistributeTiles.h)
  MlirOperation func;
} Kernel;

typedef struct Lowering {
  const TesseraGpuVendor *vendor;
  const char *chip; // points into chipBuf
  char chipBuf[32];
  MlirOperation module;
  Kernel kernels[kMaxKernels];
  int numKernels;
  bool failed;
} Lowering;

static MlirStringRef ref(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

static bool opIs(MlirOperation op, const char *name) {
  return tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

static void errorAt(Lowering *l, MlirOperation op, const char *fmt,
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

static void setLaunchAttr(MlirOperation op, const TesseraLaunchInfo *li) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirType i64 = mlirIntegerTypeGet(ctx, 64);
  const char *names[4] = {"block_threads", "shared_bytes", "tile_m",
                          "tile_n"};
  int64_t v[4] = {li->blockThreads, li->sharedBytes, li->tileM, li->tileN};
  MlirNamedAttribute e[4];
  for (int i = 0; i < 4; ++i)
    e[i] = mlirNamedAttributeGet(mlirIdentifierGet(ctx, ref(names[i])),
                                 mlirIntegerAttrGet(i64, v[i]));
  mlirOperationSetAttributeByName(op, ref("tessera.launch"),
                                  mlirDictionaryAttrGet(ctx, 4, e));
}

// Parses generator output, attaches the target and the launch shape, and
// inserts the gpu.module before `before`. Writes its sym_name to `sym`.
static bool spliceModule(Lowering *l, MlirOperation before, const char *text,
                         const TesseraLaunchInfo *li, char *sym,
                         size_t cap) {
  MlirContext ctx = mlirOperationGetContext(before);
  MlirModule m = mlirModuleCreateParse(ctx, ref(text));
  if (mlirModuleIsNull(m))
    return false;
  // The kernel's code is located where the kernel's source ops are.
  tsSetLocations(mlirModuleGetOperation(m), mlirOperationGetLocation(before));
  char tgt[256];
  l->vendor->targetAttr(tgt, sizeof tgt, l->chip);
  MlirAttribute target = mlirAttributeParseGet(ctx, ref(tgt));
  MlirBlock parent = mlirOperationGetBlock(before);
  MlirOperation n = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
  while (!mlirOperationIsNull(n)) {
    MlirOperation next = mlirOperationGetNextInBlock(n);
    mlirOperationRemoveFromParent(n);
    if (opIs(n, "gpu.module")) {
      mlirOperationSetAttributeByName(n, ref("targets"),
                                      mlirArrayAttrGet(ctx, 1, &target));
      setLaunchAttr(n, li);
      MlirStringRef s = mlirStringAttrGetValue(tvGetAttr(n, "sym_name"));
      snprintf(sym, cap, "%.*s", (int)s.length, s.data);
    }
    mlirBlockInsertOwnedOperationBefore(parent, before, n);
    n = next;
  }
  mlirModuleDestroy(m);
  return true;
}

// Runs the generator for `r` (chip and name already set) and splices the
// result in before `func`.
static bool generate(Lowering *l, MlirOperation func, TesseraKernelRecipe *r,
                     TesseraLaunchInfo *li, char *sym, size_t cap) {
  TesseraStrBuf text = {0};
  char err[512];
  bool ok = tesseraGenerateKernel(r, l->vendor->target, &text, li, err,
                                  sizeof err);
  if (ok && !spliceModule(l, func, tesseraStrBufStr(&text), li, sym, cap)) {
    snprintf(err, sizeof err, "the generated kernel does not parse (an "
             "internal error; see above)");
    ok = false;
  }
  tesseraStrBufFree(&text);
  if (!ok)
    errorAt(l, func, "kernel '%s': %s", r->name, err);
  return ok;
}

// A kernel no family takes, committed op by op (ttarget.layouts): built
// by DistributeTiles, then given the chip's target like a generator's.
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
  MlirStringRef sym = mlirStringAttrGetValue(tvGetAttr(mod, "sym_name"));
  snprintf(k->module, sizeof k->module, "%.*s", (int)sym.length, sym.data);
  k->distributed = true;
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
    errorAt(l, func, "kernel '%s': %s", k->name,
            "a TMA kernel needs ttarget.kernel's 'fallback' (the kernel "
            "launched when the operands are not aligned for TMA)");
  return !k->tma;
}

static void lowerKernel(Lowering *l, MlirOperation func) {
  if (l->numKernels == kMaxKernels) {
    errorAt(l, func, "more than %s kernels in one module", "64", "");
    return;
  }
  Kernel *k = &l->kernels[l->numKernels];
  memset(k, 0, sizeof *k);
  k->func = func;
  k->tma = !strcmp(l->chip, "sm_90a") && kernelCopyIsTma(func);
  char err[512];
  if (!tesseraKernelRecipe(func, l->chip, &k->recipe, err, sizeof err)) {
    errorAt(l, func, "kernel '%s': %s", k->recipe.name, err);
    return;
  }
  memcpy(k->name, k->recipe.name, sizeof k->name); // both 128 bytes
  if (!fallbackOf(l, func, k))
    return;
  if (k->recipe.kind == TESSERA_KERNEL_GENERIC) {
    distribute(l, func, k);
    return;
  }
  if (!k->recipe.committed) {
    errorAt(l, func, "kernel '%s': %s", k->name,
            "ttarget.kernel has no launch (block, shared_memory): run "
            "tessera-lower-schedule first");
    return;
  }
  if (!generate(l, func, &k->recipe, &k->launch, k->module, sizeof k->module))
    return;
  ++l->numKernels;
}

static const Kernel *findKernel(const Lowering *l, MlirStringRef name) {
  for (int i = 0; i < l->numKernels; ++i)
    if (tvStrEq(name, l->kernels[i].name))
      return &l->kernels[i];
  return NULL;
}

//===----------------------------------------------------------------------===//
// Building ops in the entry functions
//===----------------------------------------------------------------------===//

// The IR builder (lib/IR/Builder.h) at an insertion point of an entry.
typedef TsBuilder Builder;

// ceil(a / t) for a >= 0, t > 0, in index arithmetic.
static MlirValue ceilDiv(Builder *b, MlirValue a, int64_t t) {
  MlirValue sum = tsBinary(b, "arith.addi", a, tsConstIndex(b, t - 1));
  return tsBinary(b, "arith.divui", sum, tsConstIndex(b, t));
}

static MlirValue cast(Builder *b, const char *name, MlirValue v, MlirType t) {
  return tsResult(tsOp(b, name, 1, &v, 1, &t, 0, NULL, 0), 0);
}

//===----------------------------------------------------------------------===//
// Kernel calls -> gpu.launch_func
//===----------------------------------------------------------------------===//

static void grid(Builder *b, const Kernel *k,
                 const TesseraLaunchInfo *li, const MlirValue *args,
                 MlirValue g[3]) {
  if (k->distributed) {
    // Checked by rewriteCall.
    tesseraDistributedGrid(k->func, b, args, g);
    return;
  }
  int64_t r = k->recipe.matmul.batched ? 3 : 2;
  g[0] = ceilDiv(b, tsDim(b, args[1], r - 1), li->tileN);
  g[1] = ceilDiv(b, tsDim(b, args[0], r - 2), li->tileM);
  g[2] = r == 3 ? tsDim(b, args[0], 0) : tsConstIndex(b, 1);
}

static void launch(Builder *b, const Kernel *k,
                   const char *module, const TesseraLaunchInfo *li,
                   const MlirValue *args, intptr_t nargs) {
  MlirValue ops[10 + kMaxArgs];
  grid(b, k, li, args, ops);
  ops[3] = tsConstIndex(b, li->blockThreads);
  ops[4] = ops[5] = tsConstIndex(b, 1);
  ops[6] = tsConstInt(b, mlirIntegerTypeGet(b->ctx, 32), li->sharedBytes);
  for (intptr_t i = 0; i < nargs; ++i)
    ops[7 + i] = args[i];
  // The kernel symbol in a gpu.module is the module's name less
  // "_module".
  char fn[160];
  snprintf(fn, sizeof fn, "%s", module);
  size_t n = strlen(fn);
  if (n > 7 && !strcmp(fn + n - 7, "_module"))
    fn[n - 7] = '\0';
  MlirAttribute leaf = mlirFlatSymbolRefAttrGet(b->ctx, ref(fn));
  int32_t seg[13] = {0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, (int32_t)nargs, 0};
  MlirNamedAttribute attrs[2] = {
      tsNamed(b, "kernel",
            mlirSymbolRefAttrGet(b->ctx, ref(module), 1, &leaf)),
      tsNamed(b, "operandSegmentSizes",
            mlirDenseI32ArrayGet(b->ctx, 13, seg))};
  tsOp(b, "gpu.launch_func", 7 + nargs, ops, 0, NULL, 2, attrs, 0);
}

static MlirValue call(Builder *b, const char *callee, intptr_t n,
                      const MlirValue *ops, intptr_t nres, MlirType res) {
  MlirNamedAttribute a = tsNamed(b, "callee", mlirFlatSymbolRefAttrGet(b->ctx, ref(callee)));
  MlirOperation c = tsOp(b, "func.call", n, ops, nres, &res, 1, &a, 0);
  return nres ? mlirOperationGetResult(c, 0) : (MlirValue){NULL};
}

// memref.extract_strided_metadata of `memref`: base, offset, sizes, strides.
static MlirOperation stridedMetadata(Builder *b, MlirValue memref) {
  MlirType idx = mlirIndexTypeGet(b->ctx);
  MlirType t = mlirValueGetType(memref);
  intptr_t rank = mlirShapedTypeGetRank(t);
  MlirType res[2 + 2 * 8];
  res[0] = mlirMemRefTypeGet(mlirShapedTypeGetElementType(t), 0, NULL,
                             mlirAttributeGetNull(),
                             mlirMemRefTypeGetMemorySpace(t));
  for (intptr_t i = 1; i < 2 + 2 * rank; ++i)
    res[i] = idx;
  return tsOp(b, "memref.extract_strided_metadata", 1, &memref, 2 + 2 * rank,
              res, 0, NULL, 0);
}

// Byte address of a memref's first element, as an index.
static MlirValue baseIndex(Builder *b, MlirValue memref, MlirOperation md) {
  MlirType idx = mlirIndexTypeGet(b->ctx);
  int64_t eb = tsElemBytes(mlirShapedTypeGetElementType(mlirValueGetType(memref)));
  MlirValue aligned =
      cast(b, "memref.extract_aligned_pointer_as_index", memref, idx);
  MlirValue off = tsBinary(b, "arith.muli", mlirOperationGetResult(md, 1),
                           tsConstIndex(b, eb));
  return tsBinary(b, "arith.addi", aligned, off);
}

// The same as i64 (a tensor map's base).
static MlirValue baseAddress(Builder *b, MlirValue memref) {
  MlirValue a = baseIndex(b, memref, stridedMetadata(b, memref));
  return cast(b, "arith.index_cast", a, mlirIntegerTypeGet(b->ctx, 64));
}

static MlirValue tensorMap(Builder *b, MlirValue memref, TesseraDType t,
                           MlirValue cols, MlirValue rows, int64_t boxCols,
                           int64_t boxRows) {
  MlirType i64 = mlirIntegerTypeGet(b->ctx, 64);
  MlirValue ops[6] = {
      baseAddress(b, memref),
      // CUtensorMapDataType: FLOAT16 = 6, BFLOAT16 = 9.
      tsConstInt(b, mlirIntegerTypeGet(b->ctx, 32), t == TESSERA_BF16 ? 9 : 6),
      cast(b, "arith.index_cast", cols, i64),
      cast(b, "arith.index_cast", rows, i64), tsConstInt(b, i64, boxCols),
      tsConstInt(b, i64, boxRows)};
  return call(b, TESSERA_TMA_ENCODE_FN, 6, ops, 1,
              mlirLLVMPointerTypeGet(b->ctx, 0));
}

static MlirValue isNonNull(Builder *b, MlirValue p) {
  MlirType i64 = mlirIntegerTypeGet(b->ctx, 64);
  MlirValue v = cast(b, "llvm.ptrtoint", p, i64);
  MlirValue ops[2] = {v, tsConstInt(b, i64, 0)};
  MlirType i1 = mlirIntegerTypeGet(b->ctx, 1);
  MlirNamedAttribute pred =
      tsNamed(b, "predicate", mlirIntegerAttrGet(i64, 1)); // ne
  return mlirOperationGetResult(
      tsOp(b, "arith.cmpi", 2, ops, 1, &i1, 1, &pred, 0), 0);
}

// A region holding one block that ends in scf.yield; returns a builder
// inserting before the yield.
static Builder branch(Builder *outer, MlirRegion region) {
  MlirBlock blk = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(region, blk);
  Builder b = {outer->ctx, outer->loc, blk, {NULL}};
  MlirOperation y = tsOp(&b, "scf.yield", 0, NULL, 0, NULL, 0, NULL, 0);
  b.before = y;
  return b;
}

// scf.if `cond` { launch k (args + `extra`) } else { launch its fallback }.
static void launchEither(Builder *b, MlirValue cond, const Kernel *k,
                         const Kernel *fb, const MlirValue *args,
                         intptr_t nargs, const MlirValue *extra,
                         intptr_t nextra) {
  MlirOperationState st = mlirOperationStateGet(ref("scf.if"), b->loc);
  mlirOperationStateAddOperands(&st, 1, &cond);
  MlirRegion regions[2] = {mlirRegionCreate(), mlirRegionCreate()};
  mlirOperationStateAddOwnedRegions(&st, 2, regions);
  MlirOperation ifOp = mlirOperationCreate(&st);
  mlirBlockInsertOwnedOperationBefore(b->block, b->before, ifOp);
  Builder then = branch(b, mlirOperationGetRegion(ifOp, 0));
  MlirValue all[kMaxArgs + 2];
  for (intptr_t i = 0; i < nargs; ++i)
    all[i] = args[i];
  for (intptr_t i = 0; i < nextra; ++i)
    all[nargs + i] = extra[i];
  launch(&then, k, k->module, &k->launch, all, nargs + nextra);
  Builder els = branch(b, mlirOperationGetRegion(ifOp, 1));
  launch(&els, fb, fb->module, &fb->launch, args, nargs);
}

// sm_90a: tensor maps of A and B as [batch*rows, cols] (nvidia.md), the
// wgmma kernel when both exist, else the fallback.
static void launchTma(Builder *b, const Kernel *k, const Kernel *fb,
                      const MlirValue *args, intptr_t nargs) {
  const TesseraMatmulKernelConfig *c = &k->recipe.matmul;
  int64_t r = c->batched ? 3 : 2;
  MlirValue M = tsDim(b, args[0], r - 2), K = tsDim(b, args[0], r - 1);
  MlirValue N = tsDim(b, args[1], r - 1);
  MlirValue batch = r == 3 ? tsDim(b, args[0], 0) : tsConstIndex(b, 1);
  MlirValue desc[2] = {
      tensorMap(b, args[0], c->a, K, tsBinary(b, "arith.muli", batch, M), 64,
                c->tileM),
      tensorMap(b, args[1], c->b, N, tsBinary(b, "arith.muli", batch, K), 64,
                64)};
  MlirValue both = tsBinary(b, "arith.andi", isNonNull(b, desc[0]),
                            isNonNull(b, desc[1]));
  launchEither(b, both, k, fb, args, nargs, desc, 2);
  call(b, TESSERA_TMA_FREE_FN, 1, &desc[0], 0, (MlirType){NULL});
  call(b, TESSERA_TMA_FREE_FN, 1, &desc[1], 0, (MlirType){NULL});
}

// x % m == 0 for index x, as i1.
static MlirValue multipleOf(Builder *b, MlirValue x, int64_t m) {
  MlirValue ops[2] = {tsBinary(b, "arith.remui", x, tsConstIndex(b, m)),
                      tsConstIndex(b, 0)};
  MlirType i1 = mlirIntegerTypeGet(b->ctx, 1);
  MlirNamedAttribute eq = tsNamed(
      b, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), 0));
  return tsResult(tsOp(b, "arith.cmpi", 2, ops, 1, &i1, 1, &eq, 0), 0);
}

typedef struct CpAsyncSources {
  int arg[kMaxArgs];    // kernel argument copied from
  int64_t bytes[kMaxArgs]; // its copies' widest chunk
  int n;
  bool notArgument; // a source that is not a kernel argument
} CpAsyncSources;

static MlirWalkResult collectCpAsync(MlirOperation op, void *ud) {
  CpAsyncSources *s = ud;
  MlirAttribute f = tvGetAttr(op, "family");
  if (!opIs(op, "ttarget.copy") || mlirAttributeIsNull(f) ||
      !tvStrEq(mlirStringAttrGetValue(f), "cp.async"))
    return MlirWalkResultAdvance;
  MlirValue src = mlirOperationGetOperand(op, 0);
  // A block argument of the kernel's entry block.
  bool isArg = mlirValueIsABlockArgument(src) &&
               opIs(mlirBlockGetParentOperation(mlirBlockArgumentGetOwner(src)),
                    "func.func");
  if (!isArg) {
    s->notArgument = true;
    return MlirWalkResultInterrupt;
  }
  MlirAttribute vb = tvGetAttr(op, "vector_bytes");
  int64_t bytes = mlirAttributeIsNull(vb) ? 16 : mlirIntegerAttrGetValueInt(vb);
  int a = (int)mlirBlockArgumentGetArgNumber(src), i = 0;
  while (i < s->n && s->arg[i] != a)
    ++i;
  if (i == s->n && s->n < kMaxArgs)
    s->arg[s->n++] = a, s->bytes[i] = 0;
  if (i < s->n && bytes > s->bytes[i])
    s->bytes[i] = bytes;
  return MlirWalkResultAdvance;
}

// Whether this call's operands are aligned for kernel k's cp.async copies:
// for each source, its base address, each stride but the innermost and its
// innermost size, in bytes, are multiples of the copies' chunk, so that no
// chunk starts at a misaligned address or runs past the end of a row. NULL
// if a copy's source is not a kernel argument.
static MlirValue copiesAligned(Builder *b, const Kernel *k,
                               const MlirValue *args) {
  CpAsyncSources s = {{0}, {0}, 0, false};
  mlirOperationWalk(k->func, collectCpAsync, &s, MlirWalkPreOrder);
  if (s.notArgument)
    return (MlirValue){NULL};
  MlirValue all = {NULL};
  for (int i = 0; i < s.n; ++i) {
    MlirValue m = args[s.arg[i]];
    MlirType t = mlirValueGetType(m);
    intptr_t rank = mlirShapedTypeGetRank(t);
    int64_t eb = tsElemBytes(mlirShapedTypeGetElementType(t));
    MlirOperation md = stridedMetadata(b, m);
    MlirValue ok = multipleOf(b, baseIndex(b, m, md), s.bytes[i]);
    for (intptr_t d = 0; d + 1 < rank; ++d)
      ok = tsBinary(b, "arith.andi", ok,
                    multipleOf(b, tsBinary(b, "arith.muli",
                                           mlirOperationGetResult(md, 2 + rank + d),
                                           tsConstIndex(b, eb)),
                               s.bytes[i]));
    ok = tsBinary(b, "arith.andi", ok,
                  multipleOf(b, tsBinary(b, "arith.muli",
                                         mlirOperationGetResult(md, 2 + rank - 1),
                                         tsConstIndex(b, eb)),
                             s.bytes[i]));
    all = mlirValueIsNull(all) ? ok : tsBinary(b, "arith.andi", all, ok);
  }
  return mlirValueIsNull(all) ? tsConstInt(b, mlirIntegerTypeGet(b->ctx, 1), 1)
                              : all;
}

// Whether the grid loop of op-by-op kernel `k` has a trip count computed
// from the call's arguments (tried on a scratch block, so that a failure
// leaves the entry as it was).
static bool gridComputable(Lowering *l, MlirOperation call, const Kernel *k,
                           const MlirValue *args) {
  MlirBlock scratch = mlirBlockCreate(0, NULL, NULL);
  Builder sb = tsBuilderAtEnd(scratch, mlirOperationGetLocation(call));
  MlirValue g[3];
  bool ok = tesseraDistributedGrid(k->func, &sb, args, g);
  mlirBlockDestroy(scratch);
  if (!ok)
    errorAt(l, call, "call of '%s': the grid loop's bounds are not computed "
            "from the kernel's arguments by index arithmetic", k->name, "");
  return ok;
}

static void rewriteCall(Lowering *l, MlirOperation op, const Kernel *k) {
  intptr_t nargs = mlirOperationGetNumOperands(op);
  if (nargs > kMaxArgs) {
    errorAt(l, op, "call of '%s' has too many arguments", k->name, "");
    return;
  }
  MlirValue args[kMaxArgs];
  for (intptr_t i = 0; i < nargs; ++i)
    args[i] = mlirOperationGetOperand(op, i);
  if (k->distributed && !gridComputable(l, op, k, args))
    return;
  const Kernel *fb = NULL;
  if (k->fallback[0]) {
    fb = findKernel(l, mlirStringRefCreateFromCString(k->fallback));
    if (!fb || !fb->distributed) {
      errorAt(l, op, "call of '%s': its fallback '%s' is not a kernel "
              "compiled op by op in this module", k->name, k->fallback);
      return;
    }
    if (!gridComputable(l, op, fb, args))
      return;
  }
  Builder b = {mlirOperationGetContext(op), mlirOperationGetLocation(op),
               mlirOperationGetBlock(op), op};
  if (k->tma) {
    launchTma(&b, k, fb, args, nargs);
  } else if (fb) {
    // Checked on a scratch block first, like the grid.
    MlirBlock scratch = mlirBlockCreate(0, NULL, NULL);
    Builder sb = tsBuilderAtEnd(scratch, mlirOperationGetLocation(op));
    bool checkable = !mlirValueIsNull(copiesAligned(&sb, k, args));
    mlirBlockDestroy(scratch);
    if (!checkable) {
      errorAt(l, op, "call of '%s': a cp.async copy's source is not a "
              "kernel argument, so its alignment cannot be checked before "
              "the launch%s", k->name, "");
      return;
    }
    launchEither(&b, copiesAligned(&b, k, args), k, fb, args, nargs, NULL, 0);
  } else {
    launch(&b, k, k->module, &k->launch, args, nargs);
  }
  mlirOperationDestroy(op);
}

//===----------------------------------------------------------------------===//
// Entry buffers -> device
//===----------------------------------------------------------------------===//

// gpu.alloc (synchronous): operands = the alloc's dynamic sizes.
static void rewriteAlloc(MlirOperation op) {
  Builder b = {mlirOperationGetContext(op), mlirOperationGetLocation(op),
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
  Builder b = {mlirOperationGetContext(op), mlirOperationGetLocation(op),
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
        findKernel(l, mlirFlatSymbolRefAttrGetValue(callee));
    if (k)
      rewriteCall(l, op, k);
    else {
      char name[128];
      MlirStringRef s = mlirFlatSymbolRefAttrGetValue(callee);
      snprintf(name, sizeof name, "%.*s", (int)s.length, s.data);
      errorAt(l, op, "call of '%s' in an entry function: only kernels can "
              "be called on a GPU target (its buffers are on the device)%s",
              name, "");
    }
  } else if (opIs(op, "memref.alloc")) {
    rewriteAlloc(op);
  } else if (opIs(op, "memref.dealloc")) {
    rewriteSimple(op, "gpu.dealloc", false);
  } else if (opIs(op, "memref.copy")) {
    rewriteSimple(op, "gpu.memcpy", true);
  } else if (!hostSafe(op)) {
    char name[128];
    errorAt(l, op, "'%s' in an entry function would touch device memory "
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
    errorAt(l, func, "entry function too large (more than %s ops)", "1024",
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
             tsType(&b, "(i64, i32, i64, i64, i64, i64) -> !llvm.ptr"));
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
