//===- Dist.h - Shared state of the op-by-op GPU lowering ----------------===//
//
// Private to lib/Conversion/DistributeTiles (see DistributeTiles.h).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_DISTRIBUTETILES_DIST_H
#define TESSERA_CONVERSION_DISTRIBUTETILES_DIST_H

#include "Conversion/DistributeTiles/DistributeTiles.h"
#include "Dialect/Target/TargetUtils.h"
#include "IR/Builder.h"

typedef struct Dt Dt;
typedef struct DtTile DtTile;
/// Makes register r of lazy tile `t` at `b` (Stream.c).
typedef MlirValue (*DtRegFn)(Dt *d, TsBuilder *b, const DtTile *t, int r);

/// A register tile in one thread: its layout, shape and registers (one
/// scalar value each, in the order of dtLayoutRegs). A tile an op makes
/// register by register (dtMadeTile) keeps `make`, its op and `ctx`; if it
/// is `lazy` (a link of a streamed chain, Stream.c) it has no registers
/// yet: `make` makes register r where its one user asks (dtReg).
struct DtTile {
  TtLayout layout;
  int64_t rows, cols;
  int n;
  MlirValue *regs;
  DtRegFn make;
  MlirOperation op;
  void *ctx;
  bool lazy;
};

/// A Target IR value and what it became: a scalar value, a tile, or (for
/// ttarget.copy's results) a shared buffer and its cp.async group.
typedef struct DtEntry {
  MlirValue from;
  MlirValue to;
  DtTile *tile;
} DtEntry;

/// A shared buffer (SharedPlan.c) of a ttarget.copy (`slots` consecutive
/// tiles) or of a wgmma's staged A operand; `swizzle`: its rows are stored
/// with TMA's XOR pattern of that span (bytes), 0 if plain.
typedef struct DtBuffer {
  MlirOperation op;
  int operand; // a staged operand of `op` (ttarget.mma); -1: a copy's
  int64_t offset, bytes, slots, swizzle;
} DtBuffer;

enum { DT_MAX_BUFFERS = 32, DT_MAX_PIPE = 8 };

typedef struct DtSharedPlan {
  int64_t scratchBytes; // at offset 0
  DtBuffer buffers[DT_MAX_BUFFERS];
  int n;
  int64_t top; // bytes in all
  // Some buffer's swizzle is the hardware's (TMA, wgmma): the kernel
  // rounds the dynamic base up to 1024 bytes, within `top`.
  bool rebase;
} DtSharedPlan;

/// The cp.async ring of one pipelined tile loop (docs/dialects/schedule.md
/// §5): the slot this iteration reads, and the group its wait waits for.
typedef struct DtPipe {
  MlirOperation loop;
  int64_t stages;
  MlirValue lb, ub, step; // the lowered loop's bounds
  MlirValue slot;  // index of this iteration's slot
  MlirValue group; // the newest cp.async group
  MlirValue iter;  // this iteration's number (from 0)
  bool tma;        // TMA copies: one mbarrier per slot (Tma.c)
  MlirValue bars;  // the mbarrier group
  int64_t txBytes; // bytes one iteration's copies credit to its mbarrier
} DtPipe;

struct Dt {
  MlirContext ctx;
  MlirOperation func;
  const char *chip;
  bool failed;
  DtEntry *map;
  int nmap, capmap;
  // Per thread, built at the kernel's entry.
  MlirValue tid;              // gpu.thread_id x
  MlirValue warp, lane, g, t; // warp index; lane; lane / 4; lane % 4
  int64_t threads, waveSize;  // waveSize: 32 (NVIDIA warps), 64 (AMD)
  MlirValue smem; // gpu.dynamic_shared_memory (i8)
  int64_t sharedCommitted;
  DtSharedPlan shared;
  DtPipe pipes[DT_MAX_PIPE];
  int npipes;
  int loopDepth;
  bool wgmma; // the kernel has wgmma: waits fence copies for the async proxy
  // The kernel has a `fallback` (ttarget.kernel): its caller launches it
  // only on operands whose rows are whole, aligned cp.async chunks.
  bool alignedOperands;
  // The arguments TMA copies read, their tensor maps (Tma.c), and whether
  // this thread is the one that issues TMA copies (thread 0).
  TesseraTmaArg tma[TESSERA_MAX_TMA_ARGS];
  MlirValue tmaDesc[TESSERA_MAX_TMA_ARGS];
  int ntma;
  MlirValue leader;
  // Allocations freed with the lowering.
  void **owned;
  int nowned, capowned;
  // The ops of streamed chains and their stores (Stream.c).
  MlirOperation *streamed;
  int nstreamed, capstreamed;
};

//===- Distribute.c --------------------------------------------------------===//

/// Reports `fmt` at `op` as "tessera-lower-target-to-<vendor>: ..." and
/// marks the lowering failed. Returns false.
bool dtError(Dt *d, MlirOperation op, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void *dtAlloc(Dt *d, size_t bytes); // zeroed; freed with the lowering
void dtMap(Dt *d, MlirValue from, MlirValue to);
void dtMapTile(Dt *d, MlirValue from, DtTile *tile);
/// The scalar a value became (null if none, with an error at `user`).
MlirValue dtLookup(Dt *d, MlirOperation user, MlirValue from);
/// The tile a vector value became (NULL, with an error at `user`).
DtTile *dtLookupTile(Dt *d, MlirOperation user, MlirValue from);
/// A new tile of `layout` over the shape of vector type `t`, registers unset.
DtTile *dtNewTile(Dt *d, const TtLayout *layout, MlirType t);
/// The layout that `op` gives its `i`-th vector result (ttarget.layouts).
bool dtResultLayout(Dt *d, MlirOperation op, intptr_t i, TtLayout *l);
/// Lowers the ops of `block` in order at `b`.
void dtLowerBlock(Dt *d, TsBuilder *b, MlirBlock block);
MlirValue dtIdx(TsBuilder *b, int64_t v);
/// A bool attribute of `op` (false when absent): transpose_a, transpose_b.
bool dtBoolAttr(MlirOperation op, const char *name);
MlirValue dtAdd(TsBuilder *b, MlirValue x, MlirValue y);
MlirValue dtMul(TsBuilder *b, MlirValue x, int64_t k);
/// Element i of the 1-D vector v.
MlirValue dtExtract1(TsBuilder *b, MlirValue v, int64_t i);
void dtBarrier(TsBuilder *b);

//===- Layout.c ------------------------------------------------------------===//

/// The registers of a rows x cols tile in layout `l`: their count, and for
/// each its row and column relative to the thread's base (either array may
/// be NULL).
int dtLayoutRegs(const TtLayout *l, int64_t rows, int64_t cols,
                 int64_t *rowOff, int64_t *colOff);
/// This thread's base row and column of a rows x cols tile in layout `l`.
void dtLayoutBase(Dt *d, TsBuilder *b, const TtLayout *l, int64_t rows,
                  int64_t cols, MlirValue *rowBase, MlirValue *colBase);
/// A number that dtLayoutBase's coordinate along `dim` (0: row, 1: col) is
/// always a multiple of, for every thread: what vector accesses of a
/// thread's consecutive registers may assume about their alignment.
int64_t dtLayoutBaseAlign(const TtLayout *l, int dim);
/// The lane xor-masks that reach every lane holding other elements of the
/// same row (dim 1) or column (dim 0); returns their count (at most 6: a
/// wave64's lane bits). `*warps`: how
/// many warps split that dim (> 1 needs shared memory).
int dtLayoutLaneMasks(const TtLayout *l, int dim, int masks[6],
                      int64_t *warps);

//===- TileMemory.c --------------------------------------------------------===//

void dtLowerTileLoad(Dt *d, TsBuilder *b, MlirOperation op);
void dtLowerTileStore(Dt *d, TsBuilder *b, MlirOperation op);
void dtLowerCopy(Dt *d, TsBuilder *b, MlirOperation op);
void dtLowerWait(Dt *d, TsBuilder *b, MlirOperation op);
/// Sets up the cp.async ring of tile loop `loop` (stages >= 2): allocates
/// the slots of its copies and issues the prologue copies at `b` (before
/// the loop). `lb`, `ub`, `step` are the lowered bounds.
bool dtPipelineBegin(Dt *d, TsBuilder *b, MlirOperation loop, int64_t stages,
                     MlirValue lb, MlirValue ub, MlirValue step);
/// At the start of the lowered body (iv: its induction variable): the
/// copies of the iteration stages-1 ahead.
void dtPipelineIterate(Dt *d, TsBuilder *b, MlirValue iv);
void dtPipelineEnd(Dt *d);

//===- Tma.c ---------------------------------------------------------------===//

/// Reads the tensor maps `func` needs (d->tma); false after an error.
bool dtTmaSignature(Dt *d, MlirOperation func);
/// Casts the tensor-map pointers (arguments firstMap.. of `entry`) and
/// prefetches them.
void dtTmaEntry(Dt *d, TsBuilder *b, MlirBlock entry, intptr_t firstMap);
/// The mbarriers of ring `p` whose copies (`n` of them) are TMA.
bool dtTmaRingBegin(Dt *d, TsBuilder *b, DtPipe *p, MlirOperation *copies,
                    int n);
/// Thread 0, if `valid`: the bytes slot `slot` is to receive.
void dtTmaExpect(Dt *d, TsBuilder *b, DtPipe *p, MlirValue slot,
                 MlirValue valid);
/// Thread 0, if `valid`: the TMA loads of `copy` into slot `slot` of `buf`.
bool dtTmaIssue(Dt *d, TsBuilder *b, DtPipe *p, MlirOperation copy,
                const DtBuffer *buf, MlirValue slot, const MlirValue *off,
                intptr_t rank, MlirValue valid);
/// Every thread: waits for this iteration's slot of ring `p`.
void dtTmaWait(Dt *d, TsBuilder *b, const DtPipe *p);

//===- SharedPlan.c --------------------------------------------------------===//

void dtPlanShared(MlirOperation func, DtSharedPlan *p);
const DtBuffer *dtBufferOf(Dt *d, MlirOperation op); // a copy's
const DtBuffer *dtOperandBuffer(Dt *d, MlirOperation op, int operand);
int64_t dtTileBytes(MlirType shaped);
int64_t dtCopySwizzle(MlirOperation copy);
/// True if `copy` stores its tile column-major (`transpose`).
bool dtCopyTransposed(MlirOperation copy);
/// The same shared bytes as `view` (a memref.view of a rows x cols tile)
/// seen as cols x rows: where a transposed copy's elements are (null, with
/// an error at `op`, if `view` is not a view of the shared buffer).
MlirValue dtTransposedView(Dt *d, TsBuilder *b, MlirOperation op,
                           MlirValue view);
/// `v`'s copy if it is a ttarget.copy's buffer, else null.
MlirOperation dtCopyOf(MlirValue v);
/// Slots of a copy's buffer: its tile loop's stages if pipelined, else 1.
int64_t dtCopySlots(MlirOperation copy);
/// True if operand `i` of ttarget.mma `mma` is a register tile that its
/// instructions read from shared memory (staged there first): wgmma's a,
/// a generic matmul's a and b.
bool dtMmaStages(MlirOperation mma, int i);
/// Stores register tile `t` into `buf` (row-major, swizzled as `buf`
/// says) between barriers; with `asyncProxy` the stores are fenced for
/// wgmma. Returns the buffer as a memref of the tile's shape.
MlirValue dtStageTile(Dt *d, TsBuilder *b, const DtTile *t,
                      const DtBuffer *buf, MlirType elem, bool asyncProxy);
/// Where to stage `t`, the tile of `v` used by `user`: right after its
/// registers are made when `v` is defined outside the tile loop around
/// `user` (a loop-invariant operand is staged once, not every iteration;
/// its buffer is its own), else at `b`.
TsBuilder dtStagingPoint(TsBuilder *b, MlirOperation user, MlirValue v,
                         const DtTile *t);
/// The physical column of element (row, col) of a buffer whose rows are
/// `swizzle` bytes stored XOR-swizzled (16-byte chunks), elements of
/// `elemBytes`; `col` itself when swizzle is 0.
MlirValue dtSwizzleCol(TsBuilder *b, MlirValue row, MlirValue col,
                       int64_t swizzle, int64_t elemBytes);

//===- TileCompute.c -------------------------------------------------------===//

/// Scratch bytes a tsched.reduce of an operand in layout `in` to `result`
/// along `dim` needs to combine the partials of the warps the layout puts
/// along `dim` (0 when one warp holds the whole extent).
int64_t dtReduceScratchBytes(const TtLayout *in, MlirType result, int dim);
/// The dim a tsched.reduce reduces: 1 if its result has one column (and
/// its operand more), else 0.
int dtReduceDim(MlirOperation reduce);

void dtLowerConstant(Dt *d, TsBuilder *b, MlirOperation op);
/// vector.broadcast of a scalar to a tile.
void dtLowerSplat(Dt *d, TsBuilder *b, MlirOperation op);
void dtLowerIota(Dt *d, TsBuilder *b, MlirOperation op);
/// An arith op on tiles (arith.truncf / extf between precisions, or any
/// other elementwise arith op): the same op on each register; every tile
/// operand in the result's layout.
void dtLowerArith(Dt *d, TsBuilder *b, MlirOperation op);
void dtLowerElementwise(Dt *d, TsBuilder *b, MlirOperation op);
void dtLowerReduce(Dt *d, TsBuilder *b, MlirOperation op);
void dtLowerConvertLayout(Dt *d, TsBuilder *b, MlirOperation op);
/// True if converting layout `a` to `b` is a renaming of each thread's
/// registers (no data moves, no scratch).
bool dtConvertIsRenaming(const TtLayout *a, const TtLayout *b);
/// Moves `src` into layout `to`: a renaming, or through shared memory.
DtTile *dtConvert(Dt *d, TsBuilder *b, MlirOperation at, const DtTile *src,
                  const TtLayout *to, MlirType type);

//===- Stream.c ------------------------------------------------------------===//

/// Finds the tile_stores of `func` to stream and the chains they stream.
void dtPlanStreams(Dt *d, MlirOperation func);
/// True if `op` is a streamed store or a link of a streamed chain.
bool dtStreamed(const Dt *d, MlirOperation op);
/// Register r of `t`: made now, at `b` (with its op's location), if `t` is
/// lazy.
MlirValue dtReg(Dt *d, TsBuilder *b, const DtTile *t, int r);
/// The tile of `op`'s result (type `t`, layout `layout`) whose registers
/// `make` makes from `ctx`: lazy if `op` is a link of a streamed chain.
DtTile *dtMadeTile(Dt *d, MlirOperation op, const TtLayout *layout,
                   MlirType t, DtRegFn make, void *ctx);
/// Makes every register of `t` at `b`, unless it is lazy.
void dtMakeRegs(Dt *d, TsBuilder *b, DtTile *t);

//===- MmaSync.c -----------------------------------------------------------===//

void dtLowerMmaSync(Dt *d, TsBuilder *b, MlirOperation op);

//===- Mfma.c --------------------------------------------------------------===//

void dtLowerMfma(Dt *d, TsBuilder *b, MlirOperation op);

//===- GenericMma.c --------------------------------------------------------===//

void dtLowerGenericMma(Dt *d, TsBuilder *b, MlirOperation op);

//===- Wgmma.c -------------------------------------------------------------===//

void dtLowerWgmma(Dt *d, TsBuilder *b, MlirOperation op);
/// fence.proxy.async.shared::cta: this thread's shared-memory writes
/// become visible to the async proxy (wgmma's operand reads).
void dtFenceAsyncProxy(TsBuilder *b);

//===- shared by MmaSync.c and Mfma.c --------------------------------------===//

/// Operand `i` (0: a, 1: b) of ttarget.mma `op` in layout `l` (rows x cols
/// as the instruction sees it): its registers, or its fragments read from
/// shared memory (transpose_a / transpose_b swap the indices).
DtTile *dtMmaOperand(Dt *d, TsBuilder *b, MlirOperation op, int i,
                     const TtLayout *l, int64_t rows, int64_t cols);
/// The accumulator layout of ttarget.mma `op` (its family, shape, warps).
TtLayout dtMmaAccLayout(MlirOperation op, int kind);
/// The accumulator tile of `op`, checked to be in `acc` and its warps
/// (`unitThreads` each: 32, 64, 128) to fit the block; NULL after an error.
DtTile *dtMmaAccumulator(Dt *d, MlirOperation op, const TtLayout *acc,
                         int64_t unitThreads, const char *unit);
/// A fragment-based tile matmul's tiles (mma.sync, MFMA): the accumulator
/// and the operands in the instruction's A / B layouts (aKind, bKind), with
/// M, N, K.
typedef struct DtMmaTiles {
  DtTile *a, *b, *c;
  int64_t M, N, K;
} DtMmaTiles;
bool dtMmaFragments(Dt *d, TsBuilder *b, MlirOperation op, const TtLayout *acc,
                    int aKind, int bKind, int64_t unitThreads,
                    const char *unit, DtMmaTiles *t);

#endif // TESSERA_CONVERSION_DISTRIBUTETILES_DIST_H
