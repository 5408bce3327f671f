//===- ScheduleOps.h - Building Schedule IR ops ---------------------------===//
//
// One call per tsched op (docs/dialects/schedule.md), over the IR builder:
// what a schedule builder (tessera-lower-graph's, a test's, a tuner's) uses
// to write a kernel. The ops are checked by the Schedule IR verifier, not
// here.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_IR_SCHEDULEOPS_H
#define TESSERA_IR_SCHEDULEOPS_H

#include "IR/Builder.h"

#ifdef __cplusplus
extern "C" {
#endif

/// vector<shape x elem>.
MlirType tsVectorType(MlirType elem, intptr_t rank, const int64_t *shape);
/// memref<rows x cols x elem, #gpu.address_space<workgroup>>: a tile staged
/// on chip.
MlirType tsWorkgroupTile(const TsBuilder *b, int64_t rows, int64_t cols,
                         MlirType elem);
/// memref<?x...x?xelem> of `rank` dims.
MlirType tsDynamicMemRef(MlirType elem, intptr_t rank);

/// tsched.tile_load of a `rank`-dim `tile` at `idx` into registers as
/// `result` (a vector type); `pad` (null: zero) fills what lies outside.
MlirValue tsTileLoad(const TsBuilder *b, MlirValue src, intptr_t nIdx,
                     const MlirValue *idx, intptr_t rank, const int64_t *tile,
                     MlirAttribute pad, MlirType result);
/// tsched.tile_store of register tile `tile` at `idx` of `dst`.
void tsTileStore(const TsBuilder *b, MlirValue tile, MlirValue dst,
                 intptr_t nIdx, const MlirValue *idx);
/// tsched.async_copy of a 2-D `tile` at `idx` into a buffer of type
/// `result`; returns the buffer and sets `*token`.
MlirValue tsAsyncCopy(const TsBuilder *b, MlirValue src, intptr_t nIdx,
                      const MlirValue *idx, const int64_t tile[2],
                      MlirType result, MlirValue *token);
/// tsched.wait on `n` tokens.
void tsWait(const TsBuilder *b, intptr_t n, const MlirValue *tokens);
/// tsched.tile_matmul: acc + a x bb.
MlirValue tsTileMatmul(const TsBuilder *b, MlirValue a, MlirValue bb,
                       MlirValue acc);
/// tsched.elementwise of table function `fn` (rhs null for a unary one).
MlirValue tsElementwise(const TsBuilder *b, const char *fn, MlirValue lhs,
                        MlirValue rhs, MlirType result);
/// tsched.reduce of `kind` ("sum", "max") to `result`.
MlirValue tsReduce(const TsBuilder *b, const char *kind, MlirValue x,
                   MlirType result);

/// tsched.reduce of `kind` over dim 0 (a column reduction: M x N -> 1 x N).
MlirValue tsReduceColumns(const TsBuilder *b, const char *kind, MlirValue x,
                          MlirType result);

/// tsched.iota: offset + each element's coordinate along `dim`, as the i32
/// tile `result`.
MlirValue tsIota(const TsBuilder *b, MlirValue offset, int64_t dim,
                 MlirType result);

/// Marks `loop` with tsched.tile_loop = {kind[, stages]} (stages 0: none).
void tsMarkTileLoop(MlirOperation loop, const char *kind, int64_t stages);
/// Marks `func` as a kernel: tsched.kernel = {fused = [names...]}.
void tsMarkKernel(MlirOperation func, intptr_t n, const char *const *fused);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_IR_SCHEDULEOPS_H
