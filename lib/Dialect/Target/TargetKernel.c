//===- TargetKernel.c - ttarget.kernel: ABI, launch shape, families ------===//
//
//   ttarget.kernel = {mma = "wgmma", copy = "tma",
//                     block = array<i64: 384>, grid = array<i64: 132>,
//                     cluster = array<i64: 2>, shared_memory = 196608,
//                     args = ["tma", "tma", "ptr", "scalar"],
//                     lowering = "ops"}
//
// Limits are the hardware's (CUDA programming guide, compute capabilities
// 8.0 / 9.0; AMD CDNA2/CDNA3 ISA and HSA dispatch packet), so a kernel that
// verifies can be launched.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Target/TargetUtils.h"

#include <stdio.h>

enum { kMaxThreadsPerBlock = 1024, kMaxClusterBlocks = 8, kMaxTmaRank = 5 };
static const char kDimNames[] = "xyz";

static bool isSm90(int chip) { return chip == TT_SM90 || chip == TT_SM90A; }

static MlirLogicalResult checkMma(const TsDict *d, TtTarget t, int mma) {
  const char *chip = ttChipNames[t.chip];
  TtVendor v = ttChipInfo[t.chip].vendor;
  if (mma == TT_MMA_WGMMA && t.chip != TT_SM90A)
    return tsDictError(d, "key 'mma' = \"wgmma\" requires chip \"sm_90a\", "
                          "got \"%s\"", chip);
  if (mma == TT_MMA_SYNC && v != TT_NVIDIA)
    return tsDictError(d, "key 'mma' = \"mma.sync\" requires an NVIDIA chip "
                          "(sm_80, sm_90, sm_90a), got \"%s\"", chip);
  if (mma == TT_MMA_MFMA && v != TT_AMD)
    return tsDictError(d, "key 'mma' = \"mfma\" requires an AMD gfx9 chip "
                          "(gfx90a, gfx942), got \"%s\"", chip);
  if (mma == TT_MMA_AVX512 && t.chip != TT_HOST)
    return tsDictError(d, "key 'mma' = \"avx512\" requires chip \"host\", "
                          "got \"%s\"", chip);
  if (mma == TT_MMA_AVX512 && !t.avx512f)
    return tsDictError(d, "key 'mma' = \"avx512\" requires the host feature "
                          "\"+avx512f\"");
  return tvSuccess();
}

static MlirLogicalResult checkCopy(const TsDict *d, TtTarget t, int copy) {
  const char *chip = ttChipNames[t.chip];
  if (copy == TT_COPY_TMA && !isSm90(t.chip))
    return tsDictError(d, "key 'copy' = \"tma\" requires chip \"sm_90\" or "
                          "\"sm_90a\", got \"%s\"", chip);
  if (copy == TT_COPY_CP_ASYNC && ttChipInfo[t.chip].vendor != TT_NVIDIA)
    return tsDictError(d, "key 'copy' = \"cp.async\" requires an NVIDIA chip "
                          "(sm_80, sm_90, sm_90a), got \"%s\"", chip);
  return tvSuccess();
}

/// Threads a block must be a multiple of for the matrix family to have whole
/// warps / warpgroups / wavefronts.
static int threadQuantum(int mma, const char **unit) {
  switch (mma) {
  case TT_MMA_SYNC:
    *unit = "whole warps";
    return 32;
  case TT_MMA_WGMMA:
    *unit = "whole warpgroups";
    return 128;
  case TT_MMA_MFMA:
    *unit = "whole wave64 wavefronts";
    return 64;
  default:
    *unit = "";
    return 1;
  }
}

static MlirLogicalResult checkBlock(const TsDict *d, int chip, int mma,
                                    int64_t block[3], intptr_t *n) {
  bool present;
  if (tvFailed(tsDictDims(d, "block", 1, 3, &present, block, n)))
    return mlirLogicalResultFailure();
  TtVendor v = ttChipInfo[chip].vendor;
  if (v == TT_CPU)
    return present ? tsDictError(d, "key 'block' applies to GPU chips; host "
                                    "kernels take 'threads'")
                   : tvSuccess();
  if (!present)
    return tsDictError(d, "requires key 'block' on chip \"%s\"",
                       ttChipNames[chip]);
  // NVIDIA limits block z to 64; x and y (and AMD's) to the block maximum.
  for (intptr_t i = 0; i < *n; ++i) {
    int64_t max = (v == TT_NVIDIA && i == 2) ? 64 : kMaxThreadsPerBlock;
    if (block[i] > max)
      return tsDictError(d, "key 'block' dimension %c = %lld exceeds %lld on "
                            "\"%s\"", kDimNames[i], (long long)block[i],
                         (long long)max, ttChipNames[chip]);
  }
  int64_t threads = tsProduct(block, *n);
  if (threads > kMaxThreadsPerBlock)
    return tsDictError(d, "key 'block' has %lld threads; \"%s\" allows at "
                          "most %d per block", (long long)threads,
                       ttChipNames[chip], (int)kMaxThreadsPerBlock);
  const char *unit;
  int q = threadQuantum(mma, &unit);
  if (threads % q)
    return tsDictError(d, "key 'block' has %lld threads; mma = \"%s\" needs "
                          "a multiple of %d (%s)", (long long)threads,
                       ttMmaNames[mma], q, unit);
  return tvSuccess();
}

static MlirLogicalResult checkThreads(const TsDict *d, int chip) {
  bool present;
  int64_t threads;
  if (tvFailed(tsDictI64InRange(d, "threads", 1, 65536, &present, &threads)))
    return mlirLogicalResultFailure();
  if (present && chip != TT_HOST)
    return tsDictError(d, "key 'threads' applies to chip \"host\"; GPU "
                          "kernels take 'block'");
  return tvSuccess();
}

static MlirLogicalResult checkGrid(const TsDict *d, int chip,
                                   const int64_t block[3], intptr_t nblock,
                                   int64_t grid[3], intptr_t *n) {
  bool present;
  if (tvFailed(tsDictDims(d, "grid", 1, 3, &present, grid, n)))
    return mlirLogicalResultFailure();
  TtVendor v = ttChipInfo[chip].vendor;
  for (intptr_t i = 0; i < *n; ++i) {
    // NVIDIA: 2^31-1 blocks in x, 65535 in y and z. AMD: the HSA dispatch
    // packet counts work-items per dimension in 32 bits.
    int64_t max = i == 0 ? 2147483647 : 65535;
    if (v == TT_NVIDIA && grid[i] > max)
      return tsDictError(d, "key 'grid' dimension %c = %lld exceeds %lld on "
                            "\"%s\"", kDimNames[i], (long long)grid[i],
                         (long long)max, ttChipNames[chip]);
    int64_t b = i < nblock ? block[i] : 1;
    if (v == TT_AMD && grid[i] > 4294967295LL / b)
      return tsDictError(d, "key 'grid' dimension %c has more than "
                            "4294967295 work-items (grid x block)",
                         kDimNames[i]);
  }
  return tvSuccess();
}

static MlirLogicalResult checkCluster(const TsDict *d, int chip,
                                      const int64_t grid[3], intptr_t ngrid) {
  bool present;
  int64_t c[3];
  intptr_t n;
  if (tvFailed(tsDictDims(d, "cluster", 1, 3, &present, c, &n)))
    return mlirLogicalResultFailure();
  if (!present)
    return tvSuccess();
  if (!isSm90(chip))
    return tsDictError(d, "key 'cluster' requires chip \"sm_90\" or "
                          "\"sm_90a\", got \"%s\"", ttChipNames[chip]);
  int64_t blocks = tsProduct(c, n);
  if (blocks > kMaxClusterBlocks)
    return tsDictError(d, "key 'cluster' has %lld blocks; at most %d (the "
                          "portable cluster size)", (long long)blocks,
                       (int)kMaxClusterBlocks);
  for (intptr_t i = 0; i < ngrid; ++i) {
    int64_t ci = i < n ? c[i] : 1;
    if (grid[i] % ci)
      return tsDictError(d, "key 'grid' dimension %c = %lld is not a "
                            "multiple of the cluster's %lld", kDimNames[i],
                         (long long)grid[i], (long long)ci);
  }
  return tvSuccess();
}

static MlirLogicalResult checkSharedMemory(const TsDict *d, int chip) {
  bool present;
  int64_t bytes;
  if (tvFailed(tsDictI64InRange(d, "shared_memory", 0, INT64_MAX, &present,
                                &bytes)))
    return mlirLogicalResultFailure();
  const TtChipInfo *info = &ttChipInfo[chip];
  if (present && info->maxShared && bytes > info->maxShared)
    return tsDictError(d, "key 'shared_memory' = %lld bytes exceeds \"%s\"'s "
                          "%lld (%s per block)", (long long)bytes,
                       ttChipNames[chip], (long long)info->maxShared,
                       info->sharedText);
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Argument ABI
//===----------------------------------------------------------------------===//

static MlirLogicalResult checkMemrefAbi(const TsDict *d, intptr_t i, int abi,
                                        MlirType t, int copy) {
  char buf[256];
  if (!mlirTypeIsAMemRef(t))
    return tsDictError(d, "key 'args' entry %ld is \"%s\" but argument %ld "
                          "is %s, not a memref", (long)i, ttArgAbiNames[abi],
                       (long)i, tvTypeStr(t, buf, sizeof buf));
  if (abi == TT_ABI_PTR && !mlirShapedTypeHasStaticShape(t))
    return tsDictError(d, "key 'args' entry %ld is \"ptr\", which passes only "
                          "the aligned pointer, but argument %ld has a "
                          "dynamic shape: %s", (long)i, (long)i,
                       tvTypeStr(t, buf, sizeof buf));
  if (abi != TT_ABI_TMA)
    return tvSuccess();
  if (copy != TT_COPY_TMA)
    return tsDictError(d, "key 'args' entry %ld is \"tma\" but the kernel's "
                          "copy is \"%s\"", (long)i, ttCopyNames[copy]);
  if (tsTypeLevel(t) != TS_LEVEL_GLOBAL)
    return tsDictError(d, "key 'args' entry %ld is \"tma\" but argument %ld "
                          "is not in global memory: %s", (long)i, (long)i,
                       tvTypeStr(t, buf, sizeof buf));
  if (mlirShapedTypeGetRank(t) > kMaxTmaRank)
    return tsDictError(d, "key 'args' entry %ld is \"tma\" but argument %ld "
                          "has rank %ld; TMA handles at most %d", (long)i,
                       (long)i, (long)mlirShapedTypeGetRank(t),
                       (int)kMaxTmaRank);
  return tvSuccess();
}

static MlirLogicalResult checkArgs(const TsDict *d, int copy) {
  MlirAttribute args;
  char buf[256];
  if (tvFailed(tsDictStrings(d, "args", &args)))
    return mlirLogicalResultFailure();
  if (mlirAttributeIsNull(args))
    return tvSuccess();
  MlirAttribute ft = tvGetAttr(d->op, "function_type");
  if (mlirAttributeIsNull(ft) || !mlirAttributeIsAType(ft))
    return tsDictError(d, "key 'args' needs a function type");
  MlirType fn = mlirTypeAttrGetValue(ft);
  intptr_t n = mlirArrayAttrGetNumElements(args);
  intptr_t inputs = mlirFunctionTypeGetNumInputs(fn);
  if (n != inputs)
    return tsDictError(d, "key 'args' has %ld entries but the function has "
                          "%ld arguments", (long)n, (long)inputs);
  for (intptr_t i = 0; i < n; ++i) {
    MlirStringRef s = mlirStringAttrGetValue(mlirArrayAttrGetElement(args, i));
    MlirType t = mlirFunctionTypeGetInput(fn, i);
    int abi = -1;
    for (int j = 0; ttArgAbiNames[j] && abi < 0; ++j)
      abi = tvStrEq(s, ttArgAbiNames[j]) ? j : -1;
    if (abi < 0)
      return tsDictError(d, "key 'args' entry %ld must be one of \"memref\", "
                            "\"ptr\", \"scalar\", \"tma\", got \"%.*s\"",
                         (long)i, (int)s.length, s.data);
    if (abi == TT_ABI_SCALAR && !mlirTypeIsAIndex(t) &&
        !mlirTypeIsAInteger(t) && !mlirTypeIsAFloat(t))
      return tsDictError(d, "key 'args' entry %ld is \"scalar\" but argument "
                            "%ld is %s", (long)i, (long)i,
                         tvTypeStr(t, buf, sizeof buf));
    if (abi != TT_ABI_SCALAR &&
        tvFailed(checkMemrefAbi(d, i, abi, t, copy)))
      return mlirLogicalResultFailure();
  }
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Fallback
//===----------------------------------------------------------------------===//

// `fallback` names the kernel the caller launches when the operands are
// not aligned as the kernel's copies need (TMA, cp.async): a sibling
// kernel with the same function type whose copies are plain.
static MlirLogicalResult checkFallback(const TsDict *d, int copy) {
  MlirAttribute fb = tsDictGet(d, "fallback");
  if (mlirAttributeIsNull(fb))
    return tvSuccess();
  if (!mlirAttributeIsAFlatSymbolRef(fb))
    return tsDictError(d, "key 'fallback' must be a symbol (@kernel)");
  if (copy == TT_COPY_PLAIN)
    return tsDictError(d, "key 'fallback' is for a kernel whose copies need "
                          "aligned operands (copy \"tma\" or \"cp.async\"); "
                          "this one's is \"plain\"");
  MlirStringRef name = mlirFlatSymbolRefAttrGetValue(fb);
  MlirOperation f = mlirBlockGetFirstOperation(mlirOperationGetBlock(d->op));
  while (!mlirOperationIsNull(f) &&
         !(tsOpIs(f, "func.func") &&
           !mlirAttributeIsNull(tvGetAttr(f, "sym_name")) &&
           mlirStringRefEqual(mlirStringAttrGetValue(tvGetAttr(f, "sym_name")),
                              name)))
    f = mlirOperationGetNextInBlock(f);
  if (mlirOperationIsNull(f))
    return tsDictError(d, "key 'fallback' names @%.*s, which is not a "
                          "function of this module", (int)name.length,
                       name.data);
  MlirAttribute fk = tvGetAttr(f, "ttarget.kernel");
  MlirAttribute fc = mlirAttributeIsNull(fk) || !mlirAttributeIsADictionary(fk)
                         ? fk
                         : mlirDictionaryAttrGetElementByName(
                               fk, mlirStringRefCreateFromCString("copy"));
  if (mlirAttributeIsNull(fc) || !mlirAttributeIsAString(fc) ||
      !tvStrEq(mlirStringAttrGetValue(fc), "plain"))
    return tsDictError(d, "key 'fallback' names @%.*s, which is not a "
                          "kernel with plain copies", (int)name.length,
                       name.data);
  if (!mlirAttributeEqual(tvGetAttr(f, "function_type"),
                          tvGetAttr(d->op, "function_type")))
    return tsDictError(d, "key 'fallback' names @%.*s, whose function type "
                          "differs from this kernel's", (int)name.length,
                       name.data);
  return tvSuccess();
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

static MlirLogicalResult checkLaunch(const TsDict *d, int chip, int mma) {
  int64_t block[3], grid[3];
  intptr_t nblock = 0, ngrid = 0;
  if (tvFailed(checkBlock(d, chip, mma, block, &nblock)) ||
      tvFailed(checkThreads(d, chip)) ||
      tvFailed(checkGrid(d, chip, block, nblock, grid, &ngrid)) ||
      tvFailed(checkCluster(d, chip, grid, ngrid)))
    return mlirLogicalResultFailure();
  return checkSharedMemory(d, chip);
}

MlirLogicalResult ttVerifyKernelAttr(MlirOperation op, MlirAttribute attr) {
  static const char *const keys[] = {"mma",     "copy",    "block",
                                     "threads", "grid",    "cluster",
                                     "shared_memory", "args", "lowering",
                                     "fallback", NULL};
  if (!tsOpIs(op, "func.func") && !tsOpIs(op, "gpu.func"))
    return tvEmitError(op, "attribute 'ttarget.kernel' must be on a "
                           "func.func or gpu.func");
  TsDict d;
  bool present;
  int mma = 0, copy = 0;
  if (tvFailed(tsDictOpen(op, "ttarget.kernel", attr, keys, &d)) ||
      tvFailed(tsDictRequire(&d, "mma")) ||
      tvFailed(tsDictEnum(&d, "mma", ttMmaNames, &present, &mma)) ||
      tvFailed(tsDictRequire(&d, "copy")) ||
      tvFailed(tsDictEnum(&d, "copy", ttCopyNames, &present, &copy)))
    return mlirLogicalResultFailure();
  // Which lowering compiles the kernel: "ops" (op by op) or a whole-nest
  // family's name; the lowering passes check the name against their table.
  MlirAttribute lowering = tsDictGet(&d, "lowering");
  if (!mlirAttributeIsNull(lowering) &&
      (!mlirAttributeIsAString(lowering) ||
       !mlirStringAttrGetValue(lowering).length))
    return tsDictError(&d, "key 'lowering' must be a non-empty string "
                           "(\"ops\" or a whole-nest family such as "
                           "\"matmul\")");
  bool found = false;
  for (MlirOperation p = op; !found && !mlirOperationIsNull(p);
       p = mlirOperationGetParentOperation(p))
    found = !mlirAttributeIsNull(tvGetAttr(p, "ttarget.target"));
  if (!found)
    return tsDictError(&d, "needs an enclosing 'ttarget.target' (on a "
                           "builtin.module or gpu.module)");
  TtTarget t = ttFindTarget(op);
  if (t.chip < 0)
    return tvSuccess(); // the malformed descriptor reports itself
  if (tvFailed(checkMma(&d, t, mma)) || tvFailed(checkCopy(&d, t, copy)) ||
      tvFailed(checkLaunch(&d, t.chip, mma)) ||
      tvFailed(checkFallback(&d, copy)))
    return mlirLogicalResultFailure();
  return checkArgs(&d, copy);
}
