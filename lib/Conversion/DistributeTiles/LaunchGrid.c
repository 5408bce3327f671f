//===- LaunchGrid.c - The launch grid of an op-by-op kernel, in its caller -===//
//
// An op-by-op kernel runs one block per iteration of its grid loop; the
// caller (an entry function, TargetToGPU.c) computes the trip count from
// the call's arguments by rebuilding the loop bounds' index arithmetic.
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <string.h>

static bool hasVector(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (mlirTypeIsAVector(mlirValueGetType(mlirOperationGetResult(op, i))))
      return true;
  return false;
}


// `v` (a value of the kernel `func`) rebuilt at `b` from the call's `args`:
// function arguments map to them, and the uniform scalar ops that compute
// the grid loop's bounds (memref.dim, index arithmetic, constants) are
// cloned. False if `v` depends on anything else.
static bool rebuild(TsBuilder *b, MlirOperation func, MlirValue v,
                    const MlirValue *args, int depth, MlirValue *out) {
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  if (mlirValueIsABlockArgument(v)) {
    if (!mlirBlockEqual(mlirBlockArgumentGetOwner(v), entry))
      return false;
    *out = args[mlirBlockArgumentGetArgNumber(v)];
    return true;
  }
  MlirOperation def = mlirOpResultGetOwner(v);
  bool scalar = tsOpIsArith(def) || tsOpIs(def, "memref.dim");
  if (depth > 32 || !scalar || mlirOperationGetNumRegions(def) ||
      mlirOperationGetNumResults(def) != 1 || hasVector(def))
    return false;
  MlirOperation c = mlirOperationClone(def);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(def); ++i) {
    MlirValue o;
    if (!rebuild(b, func, mlirOperationGetOperand(def, i), args, depth + 1, &o)) {
      mlirOperationDestroy(c);
      return false;
    }
    mlirOperationSetOperand(c, i, o);
  }
  mlirOperationSetLocation(c, b->loc);
  if (mlirOperationIsNull(b->before))
    mlirBlockAppendOwnedOperation(b->block, c);
  else
    mlirBlockInsertOwnedOperationBefore(b->block, b->before, c);
  *out = mlirOperationGetResult(c, 0);
  return true;
}

static MlirOperation gridLoop(MlirOperation func) {
  MlirBlock fb = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(fb); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (tsOpIs(op, "scf.forall"))
      return op;
  return (MlirOperation){NULL};
}

bool tesseraDistributedGrid(MlirOperation func, TsBuilder *b,
                            const MlirValue *args, MlirValue grid[3]) {
  MlirOperation loop = gridLoop(func);
  if (mlirOperationIsNull(loop))
    return false;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  intptr_t rank = mlirBlockGetNumArguments(body);
  MlirAttribute lbs = tvGetAttr(loop, "staticLowerBound");
  MlirAttribute ubs = tvGetAttr(loop, "staticUpperBound");
  MlirAttribute steps = tvGetAttr(loop, "staticStep");
  MlirAttribute seg = tvGetAttr(loop, "operandSegmentSizes");
  if (rank > 3 || mlirAttributeIsNull(seg))
    return false;
  intptr_t firstUb = mlirDenseI32ArrayGetElement(seg, 0), dyn = 0;
  for (intptr_t i = 0; i < 3; ++i)
    grid[i] = dtIdx(b, 1);
  for (intptr_t i = 0; i < rank; ++i) {
    int64_t lb = mlirDenseI64ArrayGetElement(lbs, i);
    int64_t st = mlirDenseI64ArrayGetElement(steps, i);
    int64_t ubc = mlirDenseI64ArrayGetElement(ubs, i);
    if (lb == INT64_MIN || st == INT64_MIN || st <= 0)
      return false;
    MlirValue ub;
    if (ubc != INT64_MIN)
      ub = dtIdx(b, ubc);
    else if (!rebuild(b, func, mlirOperationGetOperand(loop, firstUb + dyn++),
                      args, 0, &ub))
      return false;
    // ceil((ub - lb) / step) blocks, none if ub <= lb.
    MlirValue span = tsBinary(b, "arith.subi", tsBinary(b, "arith.maxsi", ub, dtIdx(b, lb)),
                              dtIdx(b, lb));
    grid[i] = tsBinary(b, "arith.divui", dtAdd(b, span, dtIdx(b, st - 1)),
                       dtIdx(b, st));
  }
  return true;
}

