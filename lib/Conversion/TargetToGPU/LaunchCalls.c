//===- LaunchCalls.c - Kernel calls -> gpu.launch_func --------------------===//
//
// A call of a kernel in an entry function becomes a gpu.launch_func with
// the grid computed from the call's arguments. A kernel with a `fallback`
// (ttarget.kernel) is launched only when the operands suit its copies:
// for sm_90a's TMA kernel, when the runtime could make both tensor maps;
// for a cp.async kernel, when every copied argument's base, row strides
// and row length are multiples of the copy's chunk. Else the fallback runs
// (docs/targets/nvidia.md, "Fallbacks for unaligned operands").
//
//===----------------------------------------------------------------------===//
#include "Conversion/TargetToGPU/Lowering.h"

#include "Conversion/DistributeTiles/DistributeTiles.h"
#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/Target/TargetUtils.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdio.h>
#include <string.h>

static MlirStringRef ref(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

//===----------------------------------------------------------------------===//
// Building ops in the entry functions
//===----------------------------------------------------------------------===//

// The IR builder (lib/IR/Builder.h) at an insertion point of an entry.
typedef TsBuilder Builder;

static MlirValue cast(Builder *b, const char *name, MlirValue v, MlirType t) {
  return tsResult(tsOp(b, name, 1, &v, 1, &t, 0, NULL, 0), 0);
}

//===----------------------------------------------------------------------===//
// Kernel calls -> gpu.launch_func
//===----------------------------------------------------------------------===//

static void launch(Builder *b, const Kernel *k,
                   const char *module, const TesseraLaunchInfo *li,
                   const MlirValue *args, intptr_t nargs) {
  MlirValue ops[10 + kMaxArgs];
  // One block per iteration of the grid loop (checked by tgRewriteCall).
  tesseraDistributedGrid(k->func, b, args, ops);
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

// The tensor map of kernel argument `m` for TMA copies with a's box and
// swizzle (Tma.c): its sizes and strides as the call sees them, so that
// any strided view works or, when TMA cannot read it, the runtime returns
// NULL (GpuCuda.c) and the fallback runs.
static MlirValue tensorMap(Builder *b, MlirValue m, const TesseraTmaArg *a) {
  MlirType i64 = mlirIntegerTypeGet(b->ctx, 64);
  intptr_t r = mlirShapedTypeGetRank(mlirValueGetType(m));
  MlirOperation md = stridedMetadata(b, m);
  // Results: base, offset, sizes[r], strides[r].
#define SIZE(d) mlirOperationGetResult(md, 2 + (d))
#define STRIDE(d) mlirOperationGetResult(md, 2 + r + (d))
  MlirValue v[6] = {SIZE(r - 1),   SIZE(r - 2),
                    r == 3 ? SIZE(0) : (MlirValue){NULL},
                    STRIDE(r - 1), STRIDE(r - 2),
                    r == 3 ? STRIDE(0) : (MlirValue){NULL}};
#undef SIZE
#undef STRIDE
  // CUtensorMapDataType: FLOAT16 = 6, FLOAT32 = 7, BFLOAT16 = 9.
  int dtype = mlirTypeIsABF16(a->elem) ? 9 : mlirTypeIsAF32(a->elem) ? 7 : 6;
  MlirValue ops[12];
  ops[0] = cast(b, "arith.index_cast", baseIndex(b, m, md), i64);
  ops[1] = tsConstInt(b, mlirIntegerTypeGet(b->ctx, 32), dtype);
  ops[2] = tsConstInt(b, i64, r);
  // A 2-D map's batch: one, stride 0.
  for (int i = 0; i < 6; ++i)
    ops[3 + i] = mlirValueIsNull(v[i])
                     ? tsConstInt(b, i64, i == 2 ? 1 : 0)
                     : cast(b, "arith.index_cast", v[i], i64);
  ops[9] = tsConstInt(b, i64, a->box[1]);
  ops[10] = tsConstInt(b, i64, a->box[0]);
  ops[11] = tsConstInt(b, i64, a->swizzle);
  return call(b, TESSERA_TMA_ENCODE_FN, 12, ops, 1,
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

// sm_90a: the tensor map of every argument k's TMA copies read, in
// argument order after the kernel's own arguments (Tma.c); the TMA kernel
// when all exist, else the fallback.
static void launchTma(Lowering *l, Builder *b, MlirOperation call_,
                      const Kernel *k, const Kernel *fb,
                      const MlirValue *args, intptr_t nargs) {
  TesseraTmaArg ta[TESSERA_MAX_TMA_ARGS];
  char why[200];
  int n = tesseraTmaArgs(k->func, ta, why, sizeof why);
  if (n <= 0) {
    tgErrorAt(l, call_, "call of '%s': %s", k->name,
              n < 0 ? why : "a TMA kernel without TMA copies");
    return;
  }
  MlirValue desc[TESSERA_MAX_TMA_ARGS], all = {NULL};
  for (int i = 0; i < n; ++i) {
    desc[i] = tensorMap(b, args[ta[i].arg], &ta[i]);
    MlirValue ok = isNonNull(b, desc[i]);
    all = i ? tsBinary(b, "arith.andi", all, ok) : ok;
  }
  launchEither(b, all, k, fb, args, nargs, desc, n);
  for (int i = 0; i < n; ++i)
    call(b, TESSERA_TMA_FREE_FN, 1, &desc[i], 0, (MlirType){NULL});
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

typedef struct CpAsyncWalk {
  Kernel *k;
  MlirOperation notArgument; // a copy that reads something else
} CpAsyncWalk;

static MlirWalkResult collectCpAsync(MlirOperation op, void *ud) {
  CpAsyncWalk *w = ud;
  Kernel *k = w->k;
  if (!ttOpHasFamily(op, "ttarget.copy", "cp.async"))
    return MlirWalkResultAdvance;
  MlirValue src = mlirOperationGetOperand(op, 0);
  // A block argument of the kernel's entry block.
  if (!mlirValueIsABlockArgument(src) ||
      !tsOpIs(mlirBlockGetParentOperation(mlirBlockArgumentGetOwner(src)),
              "func.func")) {
    w->notArgument = op;
    return MlirWalkResultInterrupt;
  }
  MlirAttribute vb = tvGetAttr(op, "vector_bytes");
  int64_t bytes = mlirAttributeIsNull(vb) ? 16 : mlirIntegerAttrGetValueInt(vb);
  int a = (int)mlirBlockArgumentGetArgNumber(src), i = 0;
  while (i < k->numCpAsync && k->cpAsyncArg[i] != a)
    ++i;
  if (i == k->numCpAsync && i < kMaxArgs) {
    k->cpAsyncArg[k->numCpAsync++] = a;
    k->cpAsyncBytes[i] = 0;
  }
  if (i < k->numCpAsync && bytes > k->cpAsyncBytes[i])
    k->cpAsyncBytes[i] = bytes;
  return MlirWalkResultAdvance;
}

bool tgCollectCpAsync(Lowering *l, Kernel *k) {
  CpAsyncWalk w = {k, {NULL}};
  k->numCpAsync = 0;
  mlirOperationWalk(k->func, collectCpAsync, &w, MlirWalkPreOrder);
  if (!mlirOperationIsNull(w.notArgument))
    tgErrorAt(l, w.notArgument, "kernel '%s': a cp.async copy of a kernel "
              "with a fallback reads a value that is not a kernel argument, "
              "so its alignment cannot be checked before the launch%s",
              k->name, "");
  return mlirOperationIsNull(w.notArgument);
}

// `v` x `bytes` (index) is a multiple of `m`, as i1.
static MlirValue bytesMultipleOf(Builder *b, MlirValue v, int64_t bytes,
                                 int64_t m) {
  return multipleOf(b, tsBinary(b, "arith.muli", v, tsConstIndex(b, bytes)),
                    m);
}

// Whether this call's operands are aligned for kernel k's cp.async copies:
// for each source, its base address, each stride but the innermost and its
// innermost size, in bytes, are multiples of the copies' chunk, so that no
// chunk starts at a misaligned address or runs past the end of a row.
static MlirValue copiesAligned(Builder *b, const Kernel *k,
                               const MlirValue *args) {
  MlirValue all = {NULL};
  for (int i = 0; i < k->numCpAsync; ++i) {
    MlirValue m = args[k->cpAsyncArg[i]];
    int64_t chunk = k->cpAsyncBytes[i];
    MlirType t = mlirValueGetType(m);
    intptr_t rank = mlirShapedTypeGetRank(t);
    int64_t eb = tsElemBytes(mlirShapedTypeGetElementType(t));
    MlirOperation md = stridedMetadata(b, m);
    MlirValue ok = multipleOf(b, baseIndex(b, m, md), chunk);
    // Results: base, offset, sizes[rank], strides[rank].
    for (intptr_t d = 0; d + 1 < rank; ++d)
      ok = tsBinary(b, "arith.andi", ok,
                    bytesMultipleOf(b, mlirOperationGetResult(md, 2 + rank + d),
                                    eb, chunk));
    ok = tsBinary(b, "arith.andi", ok,
                  bytesMultipleOf(b, mlirOperationGetResult(md, 1 + rank), eb,
                                  chunk));
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
    tgErrorAt(l, call, "call of '%s': the grid loop's bounds are not computed "
            "from the kernel's arguments by index arithmetic", k->name, "");
  return ok;
}

void tgRewriteCall(Lowering *l, MlirOperation op, const Kernel *k) {
  intptr_t nargs = mlirOperationGetNumOperands(op);
  if (nargs > kMaxArgs) {
    tgErrorAt(l, op, "call of '%s' has too many arguments", k->name, "");
    return;
  }
  MlirValue args[kMaxArgs];
  for (intptr_t i = 0; i < nargs; ++i)
    args[i] = mlirOperationGetOperand(op, i);
  if (!gridComputable(l, op, k, args))
    return;
  const Kernel *fb = NULL;
  if (k->fallback[0]) {
    fb = tgFindKernel(l, mlirStringRefCreateFromCString(k->fallback));
    if (!fb) {
      tgErrorAt(l, op, "call of '%s': its fallback '%s' is not a kernel "
              "compiled op by op in this module", k->name, k->fallback);
      return;
    }
    if (!gridComputable(l, op, fb, args))
      return;
  }
  Builder b = {mlirOperationGetContext(op), mlirOperationGetLocation(op),
               mlirOperationGetBlock(op), op};
  if (k->tma) {
    launchTma(l, &b, op, k, fb, args, nargs);
  } else if (fb) {
    launchEither(&b, copiesAligned(&b, k, args), k, fb, args, nargs, NULL, 0);
  } else {
    launch(&b, k, k->module, &k->launch, args, nargs);
  }
  mlirOperationDestroy(op);
}
