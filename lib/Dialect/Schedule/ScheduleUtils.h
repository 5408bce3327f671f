//===- ScheduleUtils.h - Tile types and dictionary attributes ------------===//
//
// Helpers the tsched and ttarget verifiers share: the memory level of a tile
// type, the type rules of a tile matmul and of a tile copy (ttarget.mma and
// ttarget.copy refine tsched.tile_matmul and tsched.async_copy), and typed
// reads of dictionary-valued discardable attributes. Diagnostics use
// tvEmitError, so every failure is one located error in MLIR's wording.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_DIALECT_SCHEDULE_SCHEDULEUTILS_H
#define TESSERA_DIALECT_SCHEDULE_SCHEDULEUTILS_H

#include "Dialect/VerifyUtils.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Largest tile / memref rank the verifiers look at; beyond it they report an
/// error instead of overflowing fixed arrays.
enum { TS_MAX_RANK = 8 };

typedef enum TsLevel {
  TS_LEVEL_INVALID,   // not a tile type (or a memory space Tessera does not use)
  TS_LEVEL_GLOBAL,    // memref, no memory space or #gpu.address_space<global>
  TS_LEVEL_SHARED,    // memref in #gpu.address_space<workgroup>
  TS_LEVEL_REGISTERS, // vector
} TsLevel;

TsLevel tsTypeLevel(MlirType t);

/// Storage bytes of one element (tf32 counts as 4), 0 if unknown.
int64_t tsElemBytes(MlirType t);

/// Formats a static shape as "128x64" (dynamic dims as "?").
const char *tsShapeStr(const int64_t *shape, intptr_t rank, char *buf,
                       size_t cap);

/// Reads the shape of a shaped type; fails with "<what> has rank N; at most
/// TS_MAX_RANK is supported" if it does not fit.
MlirLogicalResult tsGetShape(MlirOperation op, MlirType t, const char *what,
                             int64_t *shape, intptr_t *rank);

/// Checks that a register tile is a fixed-size vector of rank >= 1.
MlirLogicalResult tsCheckRegisterTile(MlirOperation op, MlirType t,
                                      const char *what);

/// Nearest enclosing func.func or gpu.func; null if none.
MlirOperation tsEnclosingFunction(MlirOperation op);

/// Checks that `op` sits in a function carrying the discardable attribute
/// `kernelAttr` ("tsched.kernel" or "ttarget.kernel") and returns that
/// function.
MlirLogicalResult tsCheckInKernel(MlirOperation op, const char *kernelAttr,
                                  MlirOperation *func);

/// Checks a register or shared tile operand (vector, or static memref in
/// #gpu.address_space<workgroup>) and reads its shape.
MlirLogicalResult tsCheckTileOperand(MlirOperation op, MlirType t,
                                     const char *what, int64_t *shape,
                                     intptr_t *rank);

/// Type rules of a tile fetch: operand 0 is the source memref, the rest are
/// its offsets, result 0 is the tile at `level` (shared: a memref in
/// #gpu.address_space<workgroup> fetched from global memory; registers: a
/// vector fetched from global or shared memory), with the `tile` and `pad`
/// attributes. Used by tsched.tile_load, tsched.async_copy and ttarget.copy.
/// On success `tile[0..*tileRank)` holds the tile shape.
MlirLogicalResult tsCheckTileFetch(MlirOperation op, TsLevel level,
                                   int64_t *tile, intptr_t *tileRank);

/// True if the optional `pad` attribute is absent or zero.
bool tsPadIsZero(MlirOperation op);

/// Type rules of a tile matmul (tsched.tile_matmul, ttarget.mma). On success
/// `mnk` holds M, N, K and `*input` the element type the product is computed
/// in (the `compute` attribute if present, else the operands').
MlirLogicalResult tsCheckMatmul(MlirOperation op, int64_t mnk[3],
                                MlirType *input);

//===----------------------------------------------------------------------===//
// Dictionary-valued discardable attributes:
//   tsched.tile_loop = {kind = "reduction", stages = 3 : i64}
// Messages name the attribute and key: "attribute 'tsched.tile_loop' key
// 'stages' must be ...".
//===----------------------------------------------------------------------===//

/// True if `op` carries tsched.tile_loop with kind `kind` ("grid",
/// "reduction", "sequential"); lenient: a malformed attribute is false.
bool tsTileLoopIs(MlirOperation op, const char *kind);

typedef struct TsDict {
  MlirOperation op;   // where diagnostics go
  const char *name;   // the attribute's full name, for messages
  MlirAttribute dict; // a DictionaryAttr
} TsDict;

/// Checks that `attr` is a dictionary whose keys are all in `allowed`
/// (NULL-terminated) and fills `*d`.
MlirLogicalResult tsDictOpen(MlirOperation op, const char *name,
                             MlirAttribute attr, const char *const *allowed,
                             TsDict *d);
/// Null attribute if `key` is absent.
MlirAttribute tsDictGet(const TsDict *d, const char *key);
/// "attribute 'x' requires key 'k'".
MlirLogicalResult tsDictRequire(const TsDict *d, const char *key);
MlirLogicalResult tsDictI64(const TsDict *d, const char *key, bool *present,
                            int64_t *value);
/// Integer in [lo, hi].
MlirLogicalResult tsDictI64InRange(const TsDict *d, const char *key,
                                   int64_t lo, int64_t hi, bool *present,
                                   int64_t *value);
MlirLogicalResult tsDictEnum(const TsDict *d, const char *key,
                             const char *const *choices, bool *present,
                             int *index);
/// `array<i64: ...>` with `lo..hi` entries, each positive; `values` must
/// hold `hi` entries.
MlirLogicalResult tsDictDims(const TsDict *d, const char *key, intptr_t lo,
                             intptr_t hi, bool *present, int64_t *values,
                             intptr_t *count);
/// `["a", "b"]`; on success the array attribute (null if absent).
MlirLogicalResult tsDictStrings(const TsDict *d, const char *key,
                                MlirAttribute *array);
/// Emits "attribute '<name>' <message>".
MlirLogicalResult tsDictError(const TsDict *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/// Product of `n` positive dims, saturating at INT64_MAX.
int64_t tsProduct(const int64_t *v, intptr_t n);

/// True if `op`'s name is `name`.
bool tsOpIs(MlirOperation op, const char *name);
/// True if `op` is an op of the arith dialect.
bool tsOpIsArith(MlirOperation op);

//===----------------------------------------------------------------------===//
// Discardable attributes of tsched (ScheduleAttrs.c)
//===----------------------------------------------------------------------===//

MlirLogicalResult tsVerifyKernelAttr(MlirOperation op, MlirAttribute attr);
MlirLogicalResult tsVerifyTileLoopAttr(MlirOperation op, MlirAttribute attr);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_DIALECT_SCHEDULE_SCHEDULEUTILS_H
