//===- DistributeTiles.h - Target IR kernels compiled op by op on GPUs ----===//
//
// A kernel that no whole-loop-nest lowering takes (KernelFamilies.h) is
// compiled for a GPU op by op, the way Triton lowers TritonGPU: every
// register tile of the kernel carries a layout (ttarget.layouts, decided by
// tessera-lower-schedule), and each op is lowered for the layouts of its
// operands, to upstream `gpu`, `nvgpu`, `arith`, `math`, `memref`, `vector`
// and `scf` ops built with lib/IR/Builder.h:
//
//   - a tile in a layout becomes, in each thread, the list of its registers
//     (one scalar SSA value each, ordered as Layout.c says);
//   - the grid loop (scf.forall, tsched.tile_loop kind "grid") becomes the
//     block index, the reduction loops stay scf.for with their tiles'
//     registers as loop-carried values;
//   - async copies with a `stages = S` tile loop become the S-slot ring of
//     docs/dialects/schedule.md §5: cp.async groups, or TMA copies with
//     one mbarrier per slot.
//
// Files: Layout.c (which thread and register hold which element),
// Distribute.c (the kernel, the value map, loops), LaunchGrid.c (the grid,
// in the caller), SharedPlan.c (where each shared buffer lives),
// TileMemory.c (loads, stores, copies, waits, the ring), Tma.c (tensor
// maps and mbarriers of TMA copies), TileCompute.c
// (constants, elementwise and arith ops, reductions, layout conversions,
// staging), and ttarget.mma per family: MmaSync.c, Wgmma.c, Mfma.c,
// GenericMma.c.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_DISTRIBUTETILES_H
#define TESSERA_CONVERSION_DISTRIBUTETILES_H

#include "IR/Builder.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What the op-by-op lowering of a kernel needs and builds.
typedef struct TesseraDistributedKernel {
  int64_t blockThreads;
  int64_t sharedBytes; // dynamic shared memory the kernel uses
  int gridRank;        // dims of the grid loop (1 to 3: x, y, z)
  MlirOperation module; // the gpu.module built
} TesseraDistributedKernel;

/// The launch grid of the op-by-op kernel `func` (one block per iteration
/// of its grid loop: ceil((ub - lb) / step) per dim, dim 0 along x) built
/// at `b` in a caller whose call passes `args`. False if the loop's bounds
/// are not computed from the arguments by index arithmetic.
bool tesseraDistributedGrid(MlirOperation func, TsBuilder *b,
                            const MlirValue *args, MlirValue grid[3]);

/// Bytes of a statically shaped tile (vector or memref).
int64_t tesseraTileBytes(MlirType shaped);

/// Bytes of shared memory the op-by-op lowering of `func` allocates (its
/// copies' buffers, with their stages, conversion scratch, wgmma staging;
/// SharedPlan.c): what tessera-lower-schedule commits as `shared_memory`.
int64_t tesseraDistributedSharedBytes(MlirOperation func);

/// True if mma.sync's lowering reads operand `a` (else b) of a tile
/// matmul with instruction k `k` from the shared buffer type `mem` with
/// ldmatrix (MmaSync.c); `transpose`: the buffer holds it transposed.
bool tesseraLdmatrixReads(MlirType mem, bool a, bool transpose, int64_t k);

/// A kernel argument that TMA copies read (Tma.c): the host encodes its
/// tensor map with this box (rows, columns in elements: one swizzle span
/// wide) and swizzle (bytes, 0: none), and passes it after the kernel's
/// own arguments, as a pointer.
typedef struct TesseraTmaArg {
  int arg;  // the argument's number
  int rank; // its rank: 2, or 3 (a batch first)
  int64_t box[2];
  int64_t swizzle, elemBytes;
  MlirType elem;
} TesseraTmaArg;
enum { TESSERA_MAX_TMA_ARGS = 8 };

/// The arguments `func`'s TMA copies read, in argument order (at most
/// TESSERA_MAX_TMA_ARGS); -1 with why in `why` if two copies of one
/// argument need different boxes.
int tesseraTmaArgs(MlirOperation func, TesseraTmaArg *out, char *why,
                   size_t cap);

/// Builds `gpu.module @<name>_module { gpu.func @<name> kernel }` before
/// `func` from `func`'s Target IR, op by op. False after a located error.
bool tesseraDistributeKernel(MlirOperation func, const char *chip,
                             TesseraDistributedKernel *out);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_DISTRIBUTETILES_H
