//===- ScheduleAttrs.c - tsched.kernel and tsched.tile_loop --------------===//
//
// Kernels and tile loops are upstream func.func / scf.for / scf.forall ops
// carrying these dictionaries (docs/design.md: IRDL ops cannot own blocks
// with their own terminators). See docs/dialects/schedule.md.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Schedule/ScheduleUtils.h"

#include <string.h>

enum { kMaxStages = 8, kMaxGridDims = 3 };

static bool isFunction(MlirOperation op) {
  return tsOpIs(op, "func.func") || tsOpIs(op, "gpu.func");
}

//===----------------------------------------------------------------------===//
// tsched.kernel = {fused = ["tgraph.matmul", ...]}
//
// `fused` records provenance (for messages, profiles and tuning caches); no
// lowering reads it. Tiles, stages and the loop structure are the body's.
//===----------------------------------------------------------------------===//

/// Kernels are called in destination-passing style: buffers and scalars in,
/// nothing out, so every target can pass them by its argument ABI.
static MlirLogicalResult checkKernelSignature(MlirOperation op) {
  MlirAttribute ft = tvGetAttr(op, "function_type");
  char buf[256];
  if (mlirAttributeIsNull(ft) || !mlirAttributeIsAType(ft))
    return tvEmitError(op, "attribute 'tsched.kernel' needs a function type");
  MlirType t = mlirTypeAttrGetValue(ft);
  intptr_t results = mlirFunctionTypeGetNumResults(t);
  if (results != 0)
    return tvEmitError(op,
                       "a kernel returns nothing (outputs are memref "
                       "arguments), got %ld results", (long)results);
  for (intptr_t i = 0; i < mlirFunctionTypeGetNumInputs(t); ++i) {
    MlirType in = mlirFunctionTypeGetInput(t, i);
    if (!mlirTypeIsAMemRef(in) && !mlirTypeIsAIndex(in) &&
        !mlirTypeIsAInteger(in) && !mlirTypeIsAFloat(in))
      return tvEmitError(op,
                         "kernel argument %ld must be a memref, index, integer "
                         "or float, got %s",
                         (long)i, tvTypeStr(in, buf, sizeof buf));
  }
  return tvSuccess();
}

bool tsTileLoopIs(MlirOperation op, const char *kind) {
  MlirAttribute a = tvGetAttr(op, "tsched.tile_loop");
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADictionary(a))
    return false;
  MlirAttribute k = mlirDictionaryAttrGetElementByName(
      a, mlirStringRefCreateFromCString("kind"));
  return !mlirAttributeIsNull(k) && mlirAttributeIsAString(k) &&
         tvStrEq(mlirStringAttrGetValue(k), kind);
}

/// A kernel is one launch: its grid is its (single) grid loop.
static MlirLogicalResult checkKernelBody(MlirOperation op) {
  MlirBlock body = mlirOperationGetNumRegions(op) > 0
                       ? mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0))
                       : (MlirBlock){NULL};
  if (mlirBlockIsNull(body))
    return tvEmitError(op, "attribute 'tsched.kernel' needs a function with "
                           "a body");
  int grids = 0;
  for (MlirOperation c = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(c); c = mlirOperationGetNextInBlock(c))
    grids += tsTileLoopIs(c, "grid");
  if (grids > 1)
    return tvEmitError(op,
                       "a kernel has at most one grid loop (it is one "
                       "launch), found %d", grids);
  return tvSuccess();
}

MlirLogicalResult tsVerifyKernelAttr(MlirOperation op, MlirAttribute attr) {
  static const char *const keys[] = {"fused", NULL};
  TsDict d;
  MlirAttribute fused;
  if (!isFunction(op))
    return tvEmitError(op, "attribute 'tsched.kernel' must be on a func.func "
                           "or gpu.func");
  if (tvFailed(tsDictOpen(op, "tsched.kernel", attr, keys, &d)) ||
      tvFailed(tsDictStrings(&d, "fused", &fused)) ||
      tvFailed(checkKernelSignature(op)))
    return mlirLogicalResultFailure();
  return checkKernelBody(op);
}

//===----------------------------------------------------------------------===//
// tsched.tile_loop = {kind = "grid" | "reduction" | "sequential",
//                     stages = N (scf.for), group_m = N (grid)}
//===----------------------------------------------------------------------===//

enum LoopKind { kGrid, kReduction, kSequential };

static bool hasAsyncCopy(MlirOperation loop) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  for (MlirOperation c = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(c); c = mlirOperationGetNextInBlock(c))
    if (tsOpIs(c, "tsched.async_copy") || tsOpIs(c, "ttarget.copy"))
      return true;
  return false;
}

static intptr_t forallRank(MlirOperation loop) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  // Block arguments are the induction variables, then one per shared_out.
  return mlirBlockGetNumArguments(body) - mlirOperationGetNumResults(loop);
}

static MlirLogicalResult checkGrid(const TsDict *d, bool isFor) {
  MlirOperation op = d->op;
  MlirOperation parent = mlirOperationGetParentOperation(op);
  if (isFor)
    return tsDictError(d, "kind \"grid\" needs an scf.forall");
  if (!mlirAttributeIsNull(tsDictGet(d, "stages")))
    return tsDictError(d, "key 'stages' applies to scf.for loops");
  if (mlirOperationIsNull(parent) || !isFunction(parent) ||
      mlirAttributeIsNull(tvGetAttr(parent, "tsched.kernel")))
    return tsDictError(d, "kind \"grid\" must be directly in the body of a "
                          "function carrying 'tsched.kernel'");
  intptr_t rank = forallRank(op);
  if (rank > kMaxGridDims)
    return tsDictError(d, "kind \"grid\" has at most %d dimensions, got %ld",
                       (int)kMaxGridDims, (long)rank);
  bool present;
  int64_t groupM;
  if (tvFailed(tsDictI64InRange(d, "group_m", 1, INT64_MAX, &present,
                                &groupM)))
    return mlirLogicalResultFailure();
  if (present && rank < 2)
    return tsDictError(d, "key 'group_m' needs a grid of at least 2 "
                          "dimensions");
  return tvSuccess();
}

static MlirLogicalResult checkSerialLoop(const TsDict *d, int kind,
                                         bool isFor) {
  MlirOperation op = d->op, func = tsEnclosingFunction(op);
  if (!isFor)
    return tsDictError(d, "on an scf.forall must have kind \"grid\"");
  if (mlirOperationIsNull(func) ||
      mlirAttributeIsNull(tvGetAttr(func, "tsched.kernel")))
    return tsDictError(d, "must be inside a function carrying "
                          "'tsched.kernel'");
  if (!mlirAttributeIsNull(tsDictGet(d, "group_m")))
    return tsDictError(d, "key 'group_m' applies to grid loops");
  if (kind == kReduction && mlirOperationGetNumResults(op) == 0)
    return tsDictError(d, "kind \"reduction\" needs loop-carried values "
                          "(iter_args)");
  bool present;
  int64_t stages = 1;
  if (tvFailed(tsDictI64InRange(d, "stages", 1, kMaxStages, &present,
                                &stages)))
    return mlirLogicalResultFailure();
  if (stages > 1 && !hasAsyncCopy(op))
    return tsDictError(d, "key 'stages' = %lld pipelines async copies, but "
                          "the loop body has no tsched.async_copy or "
                          "ttarget.copy", (long long)stages);
  return tvSuccess();
}

MlirLogicalResult tsVerifyTileLoopAttr(MlirOperation op, MlirAttribute attr) {
  static const char *const keys[] = {"kind", "stages", "group_m", NULL};
  static const char *const kinds[] = {"grid", "reduction", "sequential",
                                      NULL};
  bool isFor = tsOpIs(op, "scf.for");
  if (!isFor && !tsOpIs(op, "scf.forall"))
    return tvEmitError(op, "attribute 'tsched.tile_loop' must be on an "
                           "scf.for or scf.forall");
  TsDict d;
  bool present;
  int kind = 0;
  if (tvFailed(tsDictOpen(op, "tsched.tile_loop", attr, keys, &d)) ||
      tvFailed(tsDictRequire(&d, "kind")) ||
      tvFailed(tsDictEnum(&d, "kind", kinds, &present, &kind)))
    return mlirLogicalResultFailure();
  if (kind == kGrid)
    return checkGrid(&d, isFor);
  return checkSerialLoop(&d, kind, isFor);
}
