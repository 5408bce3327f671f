//===- KernelGen.h - Parameterised kernel generators per target ----------===//
//
// The last lowering stage (Target IR -> upstream dialects) instantiates a
// kernel generator for the instruction family the Target IR chose. A
// generator writes MLIR text (upstream dialects only) for one kernel from a
// config; the conversion pass parses it into the module. This is the
// CUTLASS-style "parameterised template" route: the kernel body's tiles,
// stages and epilogue (KernelMatch.h) and the Target IR's instruction,
// warps, block and shared memory (TesseraLaunchInfo) size the template, and
// the result is ordinary upstream IR that the upstream pipeline lowers
// further.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_KERNELGEN_H
#define TESSERA_CONVERSION_KERNELGEN_H

#include "Support/StrBuf.h"

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum TesseraDType {
  TESSERA_F32,
  TESSERA_F16,
  TESSERA_BF16,
} TesseraDType;

/// True if the CPU running this code has AVX-512F (what "native" means for
/// host kernels).
bool tesseraHostHasAvx512(void);

/// The warps of an mma.sync kernel whose one tile matmul makes a rows x
/// cols accumulator, from `warps`: 8 where `warps` would give a thread
/// more than 64 accumulator registers and 8 still give it 64 or more
/// (KernelGen.c says why); the op-by-op plan takes it (PlanDistributed.c).
int64_t tesseraMmaSyncWarps(int64_t rows, int64_t cols, int64_t warps);
/// Splits `warps` warps (or waves) into a wm x wn grid over a tileM x tileN
/// block tile whose warp tiles are whole multiples of unitM x unitN (the
/// instruction's output tile), choosing the most square warp tile (fewest
/// operand loads per instruction). False if no split fits.
bool tesseraPickWarpGrid(int64_t warps, int64_t tileM, int64_t tileN,
                         int64_t unitM, int64_t unitN, int64_t *wm,
                         int64_t *wn);

/// MLIR spelling: "f32", "f16", "bf16".
const char *tesseraDTypeName(TesseraDType t);

/// Elementwise ops fused after the f32 accumulator, applied in order before
/// the (possibly narrowing) store.
typedef enum TesseraEpilogueKind {
  TESSERA_EPI_BIAS,       // acc + bias[n]        (extra operand: 1-D, N)
  TESSERA_EPI_RESIDUAL,   // acc + residual[m, n] (extra operand: like C)
  TESSERA_EPI_ACTIVATION, // fn(acc): a unary function of the table
} TesseraEpilogueKind;

enum { TESSERA_MAX_EPILOGUE = 8 };

struct TesseraElementwiseFn;

/// The epilogue activation for an elementwise function of the table
/// (lib/IR/ElementwiseFns.c), named as tsched.elementwise names it: any
/// unary one (relu, gelu, gelu_tanh, silu, sigmoid, exp, tanh, ...); `*fn`
/// is its table entry, and every target lowers it as it lowers that
/// function. False for other names.
bool tesseraEpilogueActivation(const char *name, size_t len,
                               TesseraEpilogueKind *kind,
                               const struct TesseraElementwiseFn **fn);

typedef struct TesseraEpilogueOp {
  TesseraEpilogueKind kind;
  TesseraDType operandType; // element type of the extra operand, if any
  /// Activations: the elementwise table's entry (its `emit` is the host
  /// lowering's code for it).
  const struct TesseraElementwiseFn *fn;
} TesseraEpilogueOp;

/// One matmul kernel: C[b] = epilogue(A[b] x B[b]) with f32 accumulation.
typedef struct TesseraMatmulKernelConfig {
  const char *name;  // kernel symbol
  const char *chip;  // "sm_80", "sm_90a", "gfx90a", "gfx942", "host"
  TesseraDType a, b, c;
  bool batched;      // operands are rank 3 (batch, rows, cols)
  int64_t tileM, tileN, tileK;
  int64_t stages;    // software-pipeline depth of the K loop (>= 1)
  int64_t warps;     // planning: warps (NVIDIA) / waves (AMD) per block
  int hostVectorBits; // host: 512 (AVX-512) or 256 (AVX2); 0: this CPU's
  int64_t hostThreads; // host: threads the grid is cut for; 0: at run time
  TesseraEpilogueOp epilogue[TESSERA_MAX_EPILOGUE];
  int numEpilogue;
  /// GPUs: the Target IR's commitment to honour; NULL while planning.
  const struct TesseraLaunchInfo *commit;
} TesseraMatmulKernelConfig;

/// What a GPU kernel commits to. ScheduleToTarget asks a generator for it
/// with `out == NULL` (planning only: the generator checks the config and
/// chooses, no code is written) and writes it into Target IR: `block` and
/// `shared_memory` on ttarget.kernel, `shape` and `warps` on ttarget.mma.
/// The Target lowering reads it back from the IR into
/// TesseraMatmulKernelConfig.commit, and
/// the generator then builds exactly that, or fails naming the value it
/// cannot honour; it chooses nothing itself.
typedef struct TesseraLaunchInfo {
  int64_t blockThreads;   // threads per block / workgroup (1-D)
  int64_t sharedBytes;    // dynamic shared memory / LDS bytes
  int64_t tileM, tileN;   // grid = (ceil(N/tileN), ceil(M/tileM), batch)
  int64_t mmaShape[3];    // matmul: one instruction's m, n, k
  int64_t warpGrid[2];    // matmul: warps (mma.sync), warpgroups (wgmma) or
                          // waves (MFMA) along M and N
} TesseraLaunchInfo;

/// Kernel ABI shared by every generator: the kernel's arguments are, in
/// order, A, B, C as memrefs (memref<?x?xT>, or memref<?x?x?xT> when
/// batched; row-major, identity layout), then one memref per BIAS
/// (memref<?xT>) or RESIDUAL (like C) epilogue op, in epilogue order; on
/// GPUs the memref descriptors are expanded as MLIR's LLVM lowering does.
/// M, N, K (and the batch) are read from the memrefs.
///
/// The host lowering of the matmul family (HostMatmul.c) is built through
/// lib/IR/Builder.h, not written as text: it puts the entry function (the
/// kernel's name and arguments) and its per-block function where `kernel`
/// is, at its location, and erases `kernel`; false with a reason in `err`
/// (nothing changed) if the config is unsupported.
bool tesseraBuildHostMatmul(const TesseraMatmulKernelConfig *cfg,
                            MlirOperation kernel, char *err, size_t cap);


#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_KERNELGEN_H
