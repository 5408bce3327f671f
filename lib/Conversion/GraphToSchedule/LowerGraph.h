//===- LowerGraph.h - tessera-lower-graph internals -----------------------===//
//
// What the files of tessera-lower-graph share, one file per job:
//   GraphToSchedule.c  the pass: options, one function at a time;
//   Entry.c            the destination-passing entry that calls the kernels;
//   EntryValues.c      each Graph IR value's buffer and dims in the entry;
//   ShapeChecks.c      run-time checks of dynamic dims;
//   Families.c         the table of kernel families;
//   Fusion.c           which ops each family claims for one kernel;
//   MatmulSchedule.c, SoftmaxSchedule.c, AttentionSchedule.c,
//   ElementwiseSchedule.c, ViewCopySchedule.c, SliceSchedule.c,
//   NormSchedule.c, ReduceSchedule.c
//                      one schedule builder per family.
// Everything is built through the IR builder (IR/Builder.h), at the
// location of the Graph IR ops it comes from. No static state, no fixed
// limits: every list grows.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_GRAPHTOSCHEDULE_LOWERGRAPH_H
#define TESSERA_CONVERSION_GRAPHTOSCHEDULE_LOWERGRAPH_H

#include "Conversion/KernelGen.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "IR/ElementwiseFns.h"
#include "IR/ScheduleOps.h"
#include "Pipeline/PassRegistry.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// A dim of a value as the entry knows it: dim `v` of entry argument `arg`
/// (arg >= 0), the constant `v` (arg == GTS_DIM_CONST), or entry `v` of the
/// lowering's table of derived dims (arg == GTS_DIM_DERIVED: two dims
/// added, as a concat makes, or one divided exactly by a constant, as a
/// split makes). Dims are kept symbolic so the entry and the shape checker
/// can each materialise them.
typedef struct DimRef {
  int arg;
  int64_t v;
} DimRef;

enum { GTS_DIM_CONST = -1, GTS_DIM_DERIVED = -2 };

/// A derived dim: a + b (op '+') or a / b (op '/', b a constant that the
/// shape checks make divide a).
typedef struct DerivedDim {
  char op;
  DimRef a, b;
} DerivedDim;

static inline DimRef gtsConstDim(int64_t v) {
  return (DimRef){GTS_DIM_CONST, v};
}
static inline bool gtsDimIsConst(DimRef d) { return d.arg == GTS_DIM_CONST; }
static inline bool gtsDimEq(DimRef a, DimRef b) {
  return a.arg == b.arg && a.v == b.v;
}

struct Lowering;

/// The materialised dims of one function (the entry or the checker), made
/// once each at the point of first use (one block: it dominates the rest).
typedef struct DimCache {
  const struct Lowering *owner; // its table of sums
  MlirBlock block; // whose arguments are the entry's arguments
  struct {
    DimRef dim;
    MlirValue value;
  } *items;
  int n, cap;
} DimCache;

/// The entry's view of one Graph IR value.
typedef struct Value {
  MlirValue v;   // the Graph IR value (a ranked tensor)
  MlirValue buf; // its buffer in the entry; null until allocated
  int rank;
  DimRef *dims; // rank entries
  bool isArg;
  bool returned;
} Value;

typedef struct Params {
  int64_t blockM, blockN, blockK, stages, rowsPerBlock, kBytes, softmaxCols;
  int64_t attnBlockM, attnBlockN; // attention: query rows, keys per step
  bool linearTransposeWeight;     // linear: copy W to [K, N] first
} Params;

/// The relation a run-time shape check asks of a and b.
/// GTS_IDS_BELOW: every element of entry argument a.arg (an id tensor) lies
/// in [0, b).
typedef enum GtsRelation {
  GTS_EQUAL,
  GTS_AT_LEAST,
  GTS_MULTIPLE_OF,
  GTS_IDS_BELOW
} GtsRelation;

typedef struct Check {
  DimRef a, b;
  GtsRelation rel;
  char *message;
} Check;

struct GtsFamily;

typedef enum EpiKind { EPI_BIAS, EPI_RESIDUAL, EPI_ACTIVATION } EpiKind;

/// One fused op after a kernel's root op.
typedef struct Epi {
  EpiKind kind;
  MlirOperation op;
  MlirValue operand;              // bias (rank 1) or residual
  const TesseraElementwiseFn *fn; // EPI_ACTIVATION: its table entry
} Epi;

/// The ops of one kernel: a root op and what its family fused after it.
typedef struct KernelGroup {
  const struct GtsFamily *family;
  MlirOperation root;
  MlirOperation last; // the op whose result the kernel writes
  Epi *epi;
  int numEpi, capEpi;
  bool batched; // matmul: batch_matmul
  bool linear;  // matmul: tgraph.linear (B is the weight [N, K])
  bool kMajorB; // B is [N, K], read with transpose_b (else [K, N])
} KernelGroup;

/// A kernel family: which ops it claims (fusion) and the schedule builder
/// that writes their kernel and its call (Families.c).
typedef struct GtsFamily {
  const char *name;
  /// True if `root` starts a kernel of this family: fills `g` with the ops
  /// it fuses (root, epi, last).
  bool (*claim)(MlirOperation root, KernelGroup *g);
  /// Builds the kernel of `g` and its call in the entry, at g->last.
  void (*build)(struct Lowering *l, const KernelGroup *g);
} GtsFamily;

typedef struct Lowering {
  MlirContext ctx;
  MlirOperation func; // the Graph IR function
  char *funcName;
  Params params;
  TsBuilder top;         // new functions go before `func`
  MlirOperation *made;   // the new functions (erased if lowering fails)
  int numMade, capMade;
  MlirOperation entryFn; // the new entry
  TsBuilder entry;       // the end of its body
  DimCache entryDims;
  Value **vals; // each allocated on its own: pointers to them stay valid
  int numVals, capVals;
  Check *checks;
  int numChecks, capChecks;
  DerivedDim *derived; // GTS_DIM_DERIVED dims
  int numDerived, capDerived;
  int numKernels;
  int numConsts; // memref.globals made for tgraph.constant
  bool failed;
} Lowering;

/// Grows `*items` (of `*cap` items of `size` bytes) to hold one more.
void gtsGrow(void **items, int *cap, int n, size_t size);

// EntryValues.c
MlirLogicalResult gtsOpError(MlirOperation op, const char *msg);
bool gtsNameIs(MlirOperation op, const char *name);
Value *gtsLookup(Lowering *l, MlirValue v);
Value *gtsAddValue(Lowering *l, MlirValue v);
int gtsUseCount(MlirValue v);
MlirOperation gtsSingleUser(MlirValue v);
/// The memref type of a ranked tensor type (same shape and element type).
MlirType gtsMemrefType(MlirType tensor);
/// memref<?x...x?xE> of a shaped type's rank and element type: kernels take
/// fully dynamic memrefs, so one kernel serves every static shape and the
/// entry casts its buffers at the call.
MlirType gtsDynMemrefType(MlirType shaped);
/// The dim a + b: a constant if both are, else a GTS_DIM_DERIVED dim.
DimRef gtsSumDim(Lowering *l, DimRef a, DimRef b);
/// The dim a / n (n > 0; the caller checks that n divides a): a constant if
/// a is, else a GTS_DIM_DERIVED dim.
DimRef gtsQuotientDim(Lowering *l, DimRef a, int64_t n);
/// The dim `d` as an SSA value of the function `c` belongs to, built at `b`.
MlirValue gtsDimValue(DimCache *c, const TsBuilder *b, DimRef d);
/// Allocates the buffer of op result `x`, whose dims are set: static dims
/// of its type override them.
void gtsAllocate(Lowering *l, Value *x);
/// A new buffer like `x`'s (same type and dims), allocated at the entry's
/// current point.
MlirValue gtsAllocLike(Lowering *l, const Value *x);
/// Materialised value for an operand, or an error at `user`.
Value *gtsOperandValue(Lowering *l, MlirOperation user, MlirValue v);
/// A 2-D view (rows x last dim) of `x`'s buffer, as memref<?x?xE>: rank 1
/// is one row, higher ranks collapse their leading dims.
MlirValue gtsRowsView(Lowering *l, const Value *x);
/// A 2-D view of `x`'s buffer as memref<?x?xE>: dims [0, split) collapse
/// into the rows, dims [split, rank) into the columns (split 0: one row;
/// split == rank: one column; rank 0: 1 x 1).
MlirValue gtsSplitView(Lowering *l, const Value *x, int split);
/// tgraph.constant: a private memref.global holding its value, copied into
/// the value's buffer where the op stands (a family with no kernel).
void gtsBuildConstant(Lowering *l, const KernelGroup *g);
/// An `n`-D view of `x`'s buffer as memref<?x...x?xE>: dims
/// [ends[g-1], ends[g]) collapse into dim g (ends[n-1] == rank).
MlirValue gtsCollapseView(Lowering *l, const Value *x, int n, const int *ends);
/// A 3-D view [batch, rows, columns] of `x`'s buffer (rank >= 2) as
/// memref<?x?x?xE>: dims [0, rank-2) collapse into the batch (rank 2: a
/// batch of 1).
MlirValue gtsBatchView(Lowering *l, const Value *x);
/// `x`'s buffer cast to the fully dynamic memref type kernels take.
MlirValue gtsDynamicBuffer(Lowering *l, const Value *x);
/// The location of a kernel's source ops: one op's, or theirs fused.
MlirLocation gtsGroupLoc(const KernelGroup *g);
/// Starts kernel function `<entry>_k<N>` of `type` for group `g` at the
/// group's location; names it in `name` (malloc'ed) and returns the body.
MlirOperation gtsStartKernel(Lowering *l, const KernelGroup *g, MlirType type,
                             char **name, TsBuilder *body);

// Families.c
/// The families, in the order they are tried; NULL-terminated by name.
extern const GtsFamily gtsFamilies[];

// Fusion.c
bool gtsClaimMatmul(MlirOperation root, KernelGroup *g);
/// Is `v` a tgraph.broadcast of a rank-1 tensor along the last dim (a row
/// broadcast)? Sets its source.
bool gtsRowBroadcast(MlirValue v, MlirValue *src);
bool gtsClaimSoftmax(MlirOperation root, KernelGroup *g);
bool gtsClaimAttention(MlirOperation root, KernelGroup *g);
bool gtsClaimElementwise(MlirOperation root, KernelGroup *g);
bool gtsClaimNorm(MlirOperation root, KernelGroup *g);
bool gtsClaimReduce(MlirOperation root, KernelGroup *g);
bool gtsClaimReshape(MlirOperation root, KernelGroup *g);
bool gtsClaimPermute(MlirOperation root, KernelGroup *g);
bool gtsClaimConstant(MlirOperation root, KernelGroup *g);
bool gtsClaimSlice(MlirOperation root, KernelGroup *g);
bool gtsClaimPad(MlirOperation root, KernelGroup *g);
bool gtsClaimSplit(MlirOperation root, KernelGroup *g);
bool gtsClaimIota(MlirOperation root, KernelGroup *g);
bool gtsClaimEmbedding(MlirOperation root, KernelGroup *g);
bool gtsClaimConcat(MlirOperation root, KernelGroup *g);
/// The elementwise table's function a tgraph op computes (tgraph.gelu with
/// approximate = "tanh" is gelu_tanh), with its arity; NULL if none.
const TesseraElementwiseFn *gtsElementwiseFn(MlirOperation op);
/// `x` (a tile) widened to f32 unless it is f32.
MlirValue gtsToF32(const TsBuilder *b, MlirValue x);

// The schedule builders (*Schedule.c)
void gtsBuildMatmul(Lowering *l, const KernelGroup *g);
void gtsBuildSoftmax(Lowering *l, const KernelGroup *g);
void gtsBuildAttention(Lowering *l, const KernelGroup *g);
void gtsBuildElementwise(Lowering *l, const KernelGroup *g);
/// The kernel argument for chain input `v` (a tensor of the result's shape,
/// or a row broadcast): the 2-D view of `v` split at `split`, or its
/// source's one-row view (with a run-time check that its length is
/// `last`). Null on error (reported at `user`).
MlirValue gtsChainInputView(Lowering *l, MlirOperation user, MlirValue v,
                            int split, DimRef last);
/// The f32 tile of kernel argument `arg` (a 2-D view of a chain input) at
/// row `r`, column `j`: a `tile` tile, or for a row broadcast (`row`) a
/// 1 x tile[1] row at (0, j). Past the end it reads 0.
MlirValue gtsLoadChainInput(const TsBuilder *b, MlirValue arg, bool row,
                            MlirValue r, MlirValue j, const int64_t tile[2]);
/// The end of a row kernel's write pass (softmax, the norms): g's epilogue
/// chain on the f32 tile `y` (its inputs the kernel arguments E, 2-D views
/// like the output), the narrowing to Y's type, the store at (r, j).
void gtsStoreRowTile(const TsBuilder *b, const KernelGroup *g, MlirValue y,
                     const MlirValue *E, int numE, MlirValue Y, MlirValue r,
                     MlirValue j, const int64_t tile[2]);
/// The tensors g's epilogue chain (g->epi, after the root) reads besides
/// the chain's own value, each once, in order of first use (malloc'ed).
MlirValue *gtsEpilogueInputs(const KernelGroup *g, int *n);
/// g's epilogue chain applied in a kernel to `cur` (the root's value, an
/// f32 tile of type tileT); `in` holds the f32 tiles of
/// gtsEpilogueInputs' tensors at the same place.
MlirValue gtsApplyEpilogue(const TsBuilder *b, const KernelGroup *g,
                           MlirValue cur, const MlirValue *in,
                           MlirType tileT);
void gtsBuildNorm(Lowering *l, const KernelGroup *g);
/// (x - mean)^2 of a tile read twice, past the end as 0 (x0) and as 1
/// (x1), and 0 past the end: x1 - x0 is 1 there and exactly 0 inside, so
/// (x0 - mean) + (x1 - x0) * mean is exact either way. (A row holding an
/// inf or NaN gives NaN, as numpy and PyTorch do.)
MlirValue gtsCentredSquare(const TsBuilder *b, MlirValue x0, MlirValue x1,
                           MlirValue mean, MlirType tileT);
/// Index `n` as an f32 tile of type `t` (every element n).
MlirValue gtsCountTile(const TsBuilder *b, MlirValue n, MlirType t);
void gtsBuildReduce(Lowering *l, const KernelGroup *g);
void gtsBuildReshape(Lowering *l, const KernelGroup *g); // ElementwiseSchedule.c
/// The copy kernel of the data-movement ops (ViewCopySchedule.c): views of
/// its input X and result Y made at `b`, over the grid's `n` dims `dims`.
typedef MlirValue (*GtsViewFn)(const TsBuilder *b, MlirValue X, MlirValue Y,
                               const MlirValue *dims, int n, const void *ctx);
typedef struct GtsCopyViews {
  GtsViewFn src, dst; // null: X, Y themselves
  bool overSource;    // the grid walks X's dims (a piece of Y), else Y's
  const void *ctx;
  /// Null, or edits the walked dims in place before the views are made
  /// (the grid then walks a part of them).
  void (*walk)(const TsBuilder *b, MlirValue *dims, int n, const void *ctx);
  double pad; // the value read outside src (tile_load's pad)
  /// Null, or makes each tile instead of loading it (src unused): the tile
  /// of type tileT at the walked dims' indices idx[0..n).
  MlirValue (*make)(const TsBuilder *b, const MlirValue *idx, int n,
                    MlirType tileT, const void *ctx);
} GtsCopyViews;
/// Kernel (X: memref of inRank dims, Y: of outRank dims) copying tile by
/// tile from v->src's view to v->dst's, on a 3-D grid over the walked dims
/// (>= 2 of them): their flattened leading dims, then tiles of the last
/// two. With v->make the kernel has no X: it takes Y alone.
/// A buffer as a copy kernel takes it: itself (rank >= 2) or one row
/// (1 x N), of gtsCopyRank(rank) dims.
MlirValue gtsCopyView(Lowering *l, const Value *x);
int gtsCopyRank(int rank);
void gtsBuildCopyKernel(Lowering *l, const KernelGroup *g, MlirType elem,
                        int inRank, int outRank, const GtsCopyViews *v,
                        char **kname);
/// gtsBuildCopyKernel, then its call from the entry on X and Y (on Y alone
/// with v->make).
void gtsCallCopyKernel(Lowering *l, const KernelGroup *g, MlirType elem,
                       int inRank, int outRank, const GtsCopyViews *v,
                       MlirValue X, MlirValue Y);
/// memref.reinterpret_cast of row-major `m` with `n` dims of `sizes`: dim j
/// steps over m's dim from[j] (-1: stride 0; from null: dim j) by step[j]
/// elements (step null: 1), starting at element offsets off[i] of m's dims
/// (off null, or an entry null: 0).
MlirValue gtsStridedView(const TsBuilder *b, MlirValue m, int n,
                         const MlirValue *sizes, const int *from,
                         const int64_t *step, const MlirValue *off);
void gtsBuildPermute(Lowering *l, const KernelGroup *g); // ViewCopySchedule.c
/// The copy kernel of a 2-D transpose: (X [A, B], Y [B, A]).
void gtsBuildTransposeKernel(Lowering *l, const KernelGroup *g,
                             MlirType elem, char **kname);
void gtsBuildSlice(Lowering *l, const KernelGroup *g);
void gtsBuildPad(Lowering *l, const KernelGroup *g);   // SliceSchedule.c
void gtsBuildSplit(Lowering *l, const KernelGroup *g); // SliceSchedule.c
void gtsBuildIota(Lowering *l, const KernelGroup *g);  // GeneratorSchedule.c
void gtsBuildEmbedding(Lowering *l, const KernelGroup *g); // GatherSchedule.c
void gtsBuildConcat(Lowering *l, const KernelGroup *g);  // SliceSchedule.c
/// The buffer of tgraph.broadcast `op`'s result, made by a copy kernel
/// where a kernel reads it unfolded; a dynamic result dim that no input dim
/// gives is `like`'s (the dims of a tensor of the result's shape the reader
/// has; NULL: none, an error). NULL on error (reported).
Value *gtsMaterializeBroadcast(Lowering *l, MlirOperation op,
                               const DimRef *like);

// ShapeChecks.c
/// Records that two dims must be equal at run time. The verifier has already
/// checked static pairs; dynamic ones are checked by `<entry>_check_shapes`,
/// which the runtime calls before the entry, so inconsistent inputs are
/// refused with this message instead of producing a wrong result.
void gtsRequireEqual(Lowering *l, DimRef a, DimRef b, const char *what);
/// Records that dim `a` must be at least `b` at run time (a slice's reach).
void gtsRequireAtLeast(Lowering *l, DimRef a, DimRef b, const char *what);
/// A run-time check that constant n divides dim a.
void gtsRequireMultiple(Lowering *l, DimRef a, int64_t n, const char *what);
/// A run-time check that every id of `ids` lies in [0, bound), made when
/// ids is an entry argument (the checker reads it on the host before any
/// kernel runs); ids made inside the graph are not checked.
void gtsRequireIdsBelow(Lowering *l, const Value *ids, DimRef bound,
                        const char *what);
/// `<entry>_check_shapes(args) -> i64`: 0 if every runtime shape check
/// holds, else 1 + the index of the first that fails (its message is item
/// index of the entry's tessera.shape_checks).
void gtsBuildShapeChecker(Lowering *l);

// Entry.c
/// Lowers l->func: false if it has no Graph IR or on error (l->failed).
bool gtsLowerFunc(Lowering *l);

#endif // TESSERA_CONVERSION_GRAPHTOSCHEDULE_LOWERGRAPH_H
