//===- Pipelines.c - Named pipelines from Graph IR to each target --------===//
//
// Each is a table entry whose `expand` writes the pipeline it stands for;
// the stages are passes of their own (tested on their own), and
// tessera-verify runs after each Tessera stage so a stage that breaks the
// dialect rules is caught where it happens.
//
//===----------------------------------------------------------------------===//
#include "Pipeline/PassRegistry.h"

#include <stdio.h>

// Upstream lowering of host code (scf, vector, memref, math, OpenMP) to the
// LLVM dialect. scf.parallel becomes OpenMP before scf is lowered to cf.
#define HOST_TO_LLVM                                                           \
  "arith-expand{include-bf16=true},"                                           \
  "convert-scf-to-openmp,convert-vector-to-scf,convert-scf-to-cf,"             \
  "convert-openmp-to-llvm,expand-strided-metadata,lower-affine,"               \
  "convert-math-to-llvm,convert-math-to-libm,convert-vector-to-llvm,"          \
  "finalize-memref-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"       \
  "convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts"

static const TesseraPassOptionInfo kHostOptions[] = {
    {"block-m", TesseraPassOptionInt, "0",
     "Rows of C per program (OpenMP work item), a multiple of the register "
     "tile's rows; 0: 40 register tiles (240 with AVX2, 560 with AVX-512)",
     NULL},
    {"block-n", TesseraPassOptionInt, "256", "Columns of C per program",
     NULL},
    {"rows-per-block", TesseraPassOptionInt, "16", "Softmax rows per program",
     NULL},
};

// Rows of the host register tile (HostKernels.c): 14 with 32 zmm
// registers, 6 with 16 ymm.
static int64_t hostTileRows(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") ? 14 : 6;
#else
  return 6;
#endif
}

static bool expandHost(const TesseraPassOptions *o, char *buf, size_t cap) {
  int64_t blockM = tesseraOptInt(o, "block-m");
  if (blockM == 0)
    blockM = 40 * hostTileRows();
  int n = snprintf(
      buf, cap,
      "tessera-lower-graph{block-m=%lld block-n=%lld block-k=32 stages=1 "
      "rows-per-block=%lld},tessera-verify,"
      "tessera-lower-schedule{target=host},tessera-verify,"
      "tessera-lower-target-to-host,canonicalize,cse," HOST_TO_LLVM,
      (long long)blockM,
      (long long)tesseraOptInt(o, "block-n"),
      (long long)tesseraOptInt(o, "rows-per-block"));
  if (n < 0 || (size_t)n >= cap) {
    snprintf(buf, cap, "tessera-lower-to-host: pipeline too long");
    return false;
  }
  return true;
}

const TesseraPassDef tesseraLowerToHostPipelineDef = {
    .info = {.argument = "tessera-lower-to-host",
             .summary = "Graph IR -> LLVM dialect for this CPU (its features; "
                        "AVX-512 where present), kernels parallel with OpenMP",
             .options = kHostOptions,
             .numOptions = sizeof kHostOptions / sizeof kHostOptions[0],
             .isPipeline = true},
    .expand = expandHost,
};
