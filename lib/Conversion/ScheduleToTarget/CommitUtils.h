//===- CommitUtils.h - Small predicates of the op-by-op commitment ---------===//
//
// Shared by PlanDistributed.c (instruction and warps) and AssignLayouts.c
// (layouts).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_SCHEDULETOTARGET_COMMITUTILS_H
#define TESSERA_CONVERSION_SCHEDULETOTARGET_COMMITUTILS_H

#include "Conversion/DistributeTiles/DistributeTiles.h"
#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinTypes.h"

#include <stdbool.h>
#include <string.h>

/// A 2-D register tile.
static inline bool tcIsTile(MlirValue v) {
  MlirType t = mlirValueGetType(v);
  return mlirTypeIsAVector(t) && mlirShapedTypeGetRank(t) == 2;
}

/// A value a register layout lays out: a 2-D tile, or a 1-D row (a bias,
/// broadcast over the rows of a tile: the 1 x N slice along dim 0).
static inline bool tcHasLayout(MlirValue v) {
  MlirType t = mlirValueGetType(v);
  return tcIsTile(v) ||
         (mlirTypeIsAVector(t) && mlirShapedTypeGetRank(t) == 1);
}

/// Bytes of one row of a 2-D tile.
static inline int64_t tcRowBytes(MlirType t) {
  return tesseraTileBytes(t) / mlirShapedTypeGetDimSize(t, 0);
}

/// A tile an async copy made (tsched.async_copy, or ttarget.copy).
static inline bool tcFromCopy(MlirValue v) {
  return mlirValueIsAOpResult(v) &&
         (tsOpIs(mlirOpResultGetOwner(v), "tsched.async_copy") ||
          tsOpIs(mlirOpResultGetOwner(v), "ttarget.copy"));
}

#endif // TESSERA_CONVERSION_SCHEDULETOTARGET_COMMITUTILS_H
