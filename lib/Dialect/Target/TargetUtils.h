//===- TargetUtils.h - Chips, families and kernels of ttarget ------------===//
#ifndef TESSERA_DIALECT_TARGET_TARGETUTILS_H
#define TESSERA_DIALECT_TARGET_TARGETUTILS_H

#include "Dialect/Schedule/ScheduleUtils.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum TtChip {
  TT_SM80,
  TT_SM90,
  TT_SM90A,
  TT_GFX90A,
  TT_GFX942,
  TT_HOST,
  TT_SPIRV, // an OpenCL 3 device through SPIR-V (docs/targets/spirv.md)
  TT_NUM_CHIPS
} TtChip;

typedef enum TtVendor { TT_NVIDIA, TT_AMD, TT_CPU, TT_OPENCL } TtVendor;

typedef struct TtChipInfo {
  TtVendor vendor;
  /// Shared memory (LDS) one block may use, in bytes; 0 = no limit.
  int64_t maxShared;
  /// The limit as users know it, for messages.
  const char *sharedText;
  /// Oldest PTX ISA version (x10) that knows the chip; 0 for non-NVIDIA.
  int minPtx;
} TtChipInfo;

extern const char *const ttChipNames[];        // NULL-terminated, by TtChip
extern const char *const ttNvidiaChipNames[];  // the TT_NVIDIA ones
extern const char *const ttAmdChipNames[];     // the TT_AMD ones
extern const TtChipInfo ttChipInfo[TT_NUM_CHIPS];

/// The TtChip named `name`, or -1.
int ttChipByName(const char *name);
/// ttChipInfo's maxShared of chip `name` (0: no limit or unknown chip).
int64_t ttChipMaxShared(const char *name);

typedef enum TtMma {
  TT_MMA_WGMMA,
  TT_MMA_SYNC,
  TT_MMA_MFMA,
  TT_MMA_AVX512,
  TT_MMA_GENERIC
} TtMma;
extern const char *const ttMmaNames[]; // NULL-terminated, by TtMma

typedef enum TtCopy { TT_COPY_TMA, TT_COPY_CP_ASYNC, TT_COPY_PLAIN } TtCopy;
extern const char *const ttCopyNames[]; // NULL-terminated, by TtCopy

extern const char *const ttArgAbiNames[]; // "memref", "ptr", "scalar", "tma"
enum { TT_ABI_MEMREF, TT_ABI_PTR, TT_ABI_SCALAR, TT_ABI_TMA };

/// Where a chip's target attribute was read without diagnostics: malformed
/// descriptors are reported by their own verifier, and ops below them skip
/// the checks that need the chip.
typedef struct TtTarget {
  int chip;     // TtChip, or -1 if there is no readable ttarget.target
  bool avx512f; // the host feature list enables +avx512f
} TtTarget;

/// The nearest ttarget.target on `op` or an ancestor.
TtTarget ttFindTarget(MlirOperation op);

/// What a function's ttarget.kernel commits to, read without diagnostics.
typedef struct TtKernel {
  MlirOperation func;
  TtTarget target;
  int mma;            // TtMma or -1
  int copy;           // TtCopy or -1
  int64_t threads;    // product of 'block', 0 if absent or malformed
  MlirAttribute args; // the 'args' array, or null
} TtKernel;

TtKernel ttReadKernel(MlirOperation func);

/// Verifies ttarget.target / ttarget.kernel (TargetAttrs.c).
MlirLogicalResult ttVerifyTargetAttr(MlirOperation op, MlirAttribute attr);
MlirLogicalResult ttVerifyKernelAttr(MlirOperation op, MlirAttribute attr);

/// Verifies that ttarget.mma's instruction `shape` exists in `family` on the
/// kernel's chip for the given input / accumulator types (TargetMma.c).
MlirLogicalResult ttCheckInstruction(MlirOperation op, const TtKernel *k,
                                     int family, const int64_t shape[3],
                                     MlirType input, MlirType acc);

/// Register-tile layouts (TargetLayout.c; docs/dialects/target.md,
/// "Register layouts"): which thread and register hold each element.
typedef enum TtLayoutKind {
  TT_LAYOUT_BLOCKED, // per_thread x threads x warps, row-major, repeated
  TT_LAYOUT_MMA_ACC, // mma.sync m16n8k8 (32-bit) accumulator fragments
  TT_LAYOUT_MMA_A,   // mma.sync A (M x K) fragments, rows over warps[0]
  TT_LAYOUT_MMA_B,   // mma.sync B (K x N) fragments, cols over warps[1]
  TT_LAYOUT_MFMA_ACC, // v_mfma_f32_16x16x4f32 accumulator over wavefronts
  TT_LAYOUT_MFMA_A,   // its A (M x K) operand, rows over warps[0]
  TT_LAYOUT_MFMA_B,   // its B (K x N) operand, cols over warps[1]
  TT_LAYOUT_WGMMA_ACC, // wgmma m64nNk8 accumulator, warpgroups over rows
} TtLayoutKind;
extern const char *const ttLayoutNames[]; // NULL-terminated, by TtLayoutKind

typedef struct TtLayout {
  int kind;             // TtLayoutKind
  int64_t shape[3];     // mma kinds: the instruction's m, n, k
  int64_t warps[2];     // warps over the tile's rows and columns
  int64_t threads[2];   // blocked: lanes of a warp over rows and columns
  int64_t perThread[2]; // blocked: contiguous elements of one lane
  int sliceDim;         // -1, or the dim (of size 1) a reduction removed
} TtLayout;

/// Whether `op` is an `opName` (e.g. "ttarget.copy") whose string
/// attribute `family` is `family`.
bool ttOpHasFamily(MlirOperation op, const char *opName, const char *family);

/// The rows x cols a register layout lays out for vector type `t`: a 2-D
/// tile, or a 1-D vector<N> as the 1 x N row (which only a layout sliced
/// along dim 0 fits: one value per column, as a bias broadcast over the
/// rows). False for any other type.
bool ttTileShape(MlirType t, int64_t shape[2]);

/// Reads one layout dictionary; diagnostics at `op` name `attrName`.
MlirLogicalResult ttParseLayout(MlirOperation op, const char *attrName,
                                MlirAttribute attr, TtLayout *l);
/// The rows x columns one repetition of `l` covers (before slicing).
void ttLayoutTile(const TtLayout *l, int64_t tile[2]);
/// Checks that vector type `t` is a whole number of `l`'s pieces.
MlirLogicalResult ttCheckLayoutFits(MlirOperation op, const TtLayout *l,
                                    MlirType t);
MlirAttribute ttLayoutAttr(MlirContext ctx, const TtLayout *l);
bool ttLayoutEqual(const TtLayout *a, const TtLayout *b);
/// Verifies `ttarget.layouts` on `op`: one fitting layout per vector result.
MlirLogicalResult ttVerifyLayoutsAttr(MlirOperation op, MlirAttribute attr);

/// ttarget.stream (TargetStream.c): the chain of ops that tile_store
/// `store` would make register by register, in `ops` (at most `cap`); its
/// length, or 0 with the reason in `why`. `loads`: the chain loads.
enum { TT_MAX_STREAM_CHAIN = 64 };
int ttStreamChain(MlirOperation store, MlirOperation *ops, int cap,
                  bool *loads, const char **why);
MlirLogicalResult ttVerifyStreamAttr(MlirOperation op, MlirAttribute attr);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_DIALECT_TARGET_TARGETUTILS_H
