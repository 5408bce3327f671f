//===- Pipelines.c - Named pipelines from Graph IR to each target --------===//
//
// Each is a table entry whose `expand` writes the pipeline it stands for;
// the stages are passes of their own (tested on their own), and
// tessera-verify runs after each Tessera stage so a stage that breaks the
// dialect rules is caught where it happens.
//
//===----------------------------------------------------------------------===//
#include "Conversion/KernelGen.h"
#include "Dialect/Target/TargetUtils.h"
#include "Pipeline/PassRegistry.h"

#include <stdio.h>

// Upstream lowering of host code (scf, vector, memref, math, OpenMP) to the
// LLVM dialect. The grid (scf.forall of op-by-op kernels, scf.parallel of
// generated ones) becomes OpenMP before scf is lowered to cf.
// convert-scf-to-openmp wraps each parallel body in a memref.alloca_scope,
// which must stay one block, so scf inside it cannot become cf (MLIR 22
// fails "expects region #0 to have 0 or 1 blocks" on any scf.for in a
// parallel body). Transfers are therefore unrolled to rank 1 (no staging
// allocas) and the canonicalizer inlines the alloca_scopes that then hold
// no alloca, before convert-scf-to-cf. Row reductions of op-by-op kernels
// (vector.multi_reduction) become rank-1 reductions first. exp, tanh and
// the logs become polynomials (tessera-approximate-math): libm would be
// one call per vector element.
#define HOST_TO_LLVM                                                           \
  "tessera-approximate-math,arith-expand{include-bf16=true},"                  \
  "scf-forall-to-parallel,convert-scf-to-openmp,"                              \
  "func.func(lower-vector-multi-reduction),"                                   \
  "convert-vector-to-scf{full-unroll=true},canonicalize,convert-scf-to-cf,"    \
  "convert-openmp-to-llvm,expand-strided-metadata,lower-affine,"               \
  "convert-math-to-llvm,convert-math-to-libm,"                                \
  "convert-vector-to-llvm{vector-transpose-lowering=shuffle1d},convert-ub-to-llvm," \
  "finalize-memref-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"       \
  "convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts"

static const char *const kCpuFeatures[] = {"native", "avx2", "avx512", NULL};

static const TesseraPassOptionInfo kHostOptions[] = {
    {"block-m", TesseraPassOptionInt, "0",
     "Rows of C per program (OpenMP work item), a multiple of the register "
     "tile's rows; 0: 171 register tiles (1026 with AVX2, 2394 with "
     "AVX-512)",
     NULL},
    {"block-n", TesseraPassOptionInt, "2048", "Columns of C per program",
     NULL},
    {"block-k", TesseraPassOptionInt, "0",
     "K block; 0: 256 with AVX2 (a KC x 16 f32 panel of B fills half of L1), "
     "512 with AVX-512",
     NULL},
    {"rows-per-block", TesseraPassOptionInt, "8", "Softmax rows per program",
     NULL},
    {"softmax-cols", TesseraPassOptionInt, "64",
     "Columns of a softmax tile (8 x 64 f32: 16 ymm registers per value)",
     NULL},
    {"cpu-features", TesseraPassOptionEnum, "native",
     "Vector ISA of the kernels: native (this CPU's), avx2 or avx512",
     kCpuFeatures},
};

// Rows of the host register tile (HostMatmul.c): 14 with AVX-512's 32 zmm
// registers, 6 with AVX2's 16 ymm.
static int64_t hostTileRows(int cpuFeatures) {
  bool wide = cpuFeatures == 0 ? tesseraHostHasAvx512() : cpuFeatures == 2;
  return wide ? 14 : 6;
}

static bool expandHost(const TesseraPassOptions *o, char *buf, size_t cap) {
  int cpuFeatures = tesseraOptEnum(o, "cpu-features");
  int64_t blockM = tesseraOptInt(o, "block-m");
  if (blockM == 0)
    // Few, large programs: each packs its B block and its A rows once per
    // K block, so fewer programs pack less (at 2048^3 on 2 cores, 2
    // programs instead of 20 were ~10% faster); the grid still cuts M
    // into at least one program per core (HostMatmul.c).
    blockM = 171 * hostTileRows(cpuFeatures);
  int64_t blockK = tesseraOptInt(o, "block-k");
  if (blockK == 0)
    // With AVX-512 a B panel is 32 columns wide, so KC = 256 already takes
    // 32 KiB of L1; KC = 512 spills that panel to L2 but halves the K
    // blocks, and with them the passes of partial sums through C (16 MiB
    // at 2048^2): measured 8% faster at 2048^3 (254 -> 274 GFLOP/s on a
    // 2-core AVX-512 Xeon), equal at 1024^3 and for linear_gelu.
    blockK = hostTileRows(cpuFeatures) == 14 ? 512 : 256;
  int n = snprintf(
      buf, cap,
      "tessera-fuse-attention,tessera-lower-graph{block-m=%lld block-n=%lld "
      "block-k=%lld stages=1 rows-per-block=%lld softmax-cols=%lld "
      "attn-block-m=16 attn-block-n=16 linear-transpose-weight=true},"
      "tessera-verify,"
      "tessera-lower-schedule{target=host cpu-features=%s},tessera-verify,"
      "tessera-lower-target-to-host,canonicalize,cse,tessera-host-to-llvm",
      (long long)blockM,
      (long long)tesseraOptInt(o, "block-n"), (long long)blockK,
      (long long)tesseraOptInt(o, "rows-per-block"),
      (long long)tesseraOptInt(o, "softmax-cols"), kCpuFeatures[cpuFeatures]);
  if (n < 0 || (size_t)n >= cap) {
    snprintf(buf, cap, "tessera-lower-to-host: pipeline too long");
    return false;
  }
  return true;
}

static bool expandHostToLLVM(const TesseraPassOptions *o, char *buf,
                             size_t cap) {
  (void)o;
  int n = snprintf(buf, cap, "%s", HOST_TO_LLVM);
  return n >= 0 && (size_t)n < cap;
}

// The last stage of tessera-lower-to-host on its own, for code that is
// already host Target IR lowered to scf/vector/memref (a kernel compiled op
// by op, tessera-schedule-kernel-run).
const TesseraPassDef tesseraHostToLLVMPipelineDef = {
    .info = {.argument = "tessera-host-to-llvm",
             .summary = "Host scf/vector/memref/math (grids as scf.forall or "
                        "scf.parallel) -> LLVM dialect, grids on OpenMP",
             .isPipeline = true},
    .expand = expandHostToLLVM,
};

const TesseraPassDef tesseraLowerToHostPipelineDef = {
    .info = {.argument = "tessera-lower-to-host",
             .summary = "Graph IR -> LLVM dialect for this CPU (its features; "
                        "AVX-512 where present), kernels parallel with OpenMP",
             .options = kHostOptions,
             .numOptions = sizeof kHostOptions / sizeof kHostOptions[0],
             .isPipeline = true},
    .expand = expandHost,
};

//===----------------------------------------------------------------------===//
// GPU pipelines: Graph IR -> gpu.modules in the LLVM dialect (NVVM / ROCDL
// intrinsics, target attached) + host entries calling gpu.launch_func on
// device buffers. They stop there so that `tessera-translate --to=ptx|cubin|
// amdgcn|hsaco` works on their output and the host side stays readable; the
// GPU runtime (tesseraGpuInvoke) serialises the gpu.modules and lowers the
// host side with gpu-to-llvm itself (docs/targets/gpu-runtime.md).
//===----------------------------------------------------------------------===//

// docs/targets/nvidia.md, "Lowering pipeline" (the target is attached by
// tessera-lower-target-to-nvvm).
#define NVVM_DEVICE_TO_LLVM                                                    \
  "gpu.module(convert-nvgpu-to-nvvm,convert-vector-to-scf,convert-scf-to-cf,"  \
  "convert-nvvm-to-llvm,expand-strided-metadata,lower-affine,"                 \
  "convert-gpu-to-nvvm,convert-vector-to-llvm,convert-arith-to-llvm,"          \
  "convert-index-to-llvm,canonicalize,cse,reconcile-unrealized-casts)"


#define GPU_TILE_OPTIONS                                                       \
  {"block-m", TesseraPassOptionInt, "128", "Rows of C per block", NULL},       \
      {"block-n", TesseraPassOptionInt, "128", "Columns of C per block",       \
       NULL},                                                                  \
      {"block-k", TesseraPassOptionInt, "0",                                   \
       "K step of the main loop; 0: the chip's (128 bytes of a row of A "   \
       "on sm_90a, 64 on AMD, 32 elements on other NVIDIA chips)",          \
       NULL},                                                                  \
      {"stages", TesseraPassOptionInt, "0",                                    \
       "Pipeline stages of the K loop; 0: the chip's (3 on NVIDIA, 2 on "      \
       "AMD)",                                                                 \
       NULL},                                                                  \
      {"rows-per-block", TesseraPassOptionInt, "4", "Softmax rows per block", \
       NULL},                                                                  \
  {                                                                            \
    "whole-nest", TesseraPassOptionBool, "true",                               \
        "Let the whole-nest matmul lowerings take the kernels they implement " \
        "(tessera-lower-schedule's option); false: every kernel op by op",     \
        NULL                                                                   \
  }

static const TesseraPassOptionInfo kNVVMOptions[] = {
    {"chip", TesseraPassOptionEnum, "sm_80", "NVIDIA chip", ttNvidiaChipNames},
    GPU_TILE_OPTIONS,
};
static const TesseraPassOptionInfo kROCDLOptions[] = {
    {"chip", TesseraPassOptionEnum, "gfx942", "AMD chip", ttAmdChipNames},
    GPU_TILE_OPTIONS,
};

// The Graph -> Target stages shared by both vendors, with the chip's tile
// defaults; `device` is the vendor's lowering after its target pass.
// blockK 0: lower-graph sizes the K step by element type, `kBytes` bytes of
// a row of A.
static bool expandGpu(const TesseraPassOptions *o, const char *chip,
                      int64_t blockK, int64_t kBytes, int64_t stages,
                      int64_t attnBlockM, int64_t attnBlockN,
                      const char *lower, const char *device, char *buf,
                      size_t cap) {
  if (tesseraOptInt(o, "block-k") > 0)
    blockK = tesseraOptInt(o, "block-k");
  if (tesseraOptInt(o, "stages") > 0)
    stages = tesseraOptInt(o, "stages");
  int n = snprintf(
      buf, cap,
      "tessera-fuse-attention,tessera-lower-graph{block-m=%lld block-n=%lld "
      "block-k=%lld k-bytes=%lld stages=%lld rows-per-block=%lld "
      "attn-block-m=%lld attn-block-n=%lld},"
      "tessera-verify,"
      "tessera-lower-schedule{target=%s whole-nest=%s},tessera-verify,%s,%s",
      (long long)tesseraOptInt(o, "block-m"),
      (long long)tesseraOptInt(o, "block-n"), (long long)blockK,
      (long long)kBytes, (long long)stages,
      (long long)tesseraOptInt(o, "rows-per-block"), (long long)attnBlockM,
      (long long)attnBlockN,
      chip,
      tesseraOptBool(o, "whole-nest") ? "true" : "false", lower, device);
  if (n < 0 || (size_t)n >= cap) {
    snprintf(buf, cap, "GPU pipeline too long");
    return false;
  }
  return true;
}

static bool expandNVVM(const TesseraPassOptions *o, char *buf, size_t cap) {
  const char *chip = ttNvidiaChipNames[tesseraOptEnum(o, "chip")];
  // wgmma tiles are one 128-byte swizzle row of K (nvidia.md): 64 f16 /
  // bf16 elements; f32 (mma.sync tf32 on sm_90a) then takes 32, which
  // needs no spill.
  bool sm90a = chip[5] == 'a';
  return expandGpu(o, chip, sm90a ? 0 : 32, 128, 3, 64, 64,
                   "tessera-lower-target-to-nvvm", NVVM_DEVICE_TO_LLVM, buf,
                   cap);
}

static bool expandROCDL(const TesseraPassOptions *o, char *buf, size_t cap) {
  const char *chip = ttAmdChipNames[tesseraOptEnum(o, "chip")];
  // docs/targets/amd.md, "Lowering: the exact upstream pipeline" (target
  // attached by the pass, serialisation left to tessera-translate / the
  // runtime). S = 2: gfx9 prefetches through registers, deeper rings only
  // cost LDS.
  // convert-math-to-rocdl first: inside one pass manager that also ran
  // the Tessera stages, convert-gpu-to-rocdl alone turned math.tanh into
  // llvm.intr.tanh (no AMDGPU libcall: "no libcall available for ftanh")
  // instead of __ocml_tanh_f32. The host code has no math ops.
  char device[320];
  snprintf(device, sizeof device,
           "convert-math-to-rocdl{chipset=%s},"
           "gpu.module(convert-scf-to-cf,convert-gpu-to-rocdl{chipset=%s "
           "runtime=HIP},reconcile-unrealized-casts)",
           chip, chip);
  // 64 bytes of K per row: 2 stages of 128x128 tiles fit 64 KiB of LDS for
  // f32 too.
  // Attention steps 32 keys: 2 stages of 64-key K and V tiles at head dim
  // 128 (64 KiB) and the layout conversions exceed the 64 KiB of LDS.
  return expandGpu(o, chip, 0, 64, 2, 64, 32, "tessera-lower-target-to-rocdl",
                   device, buf, cap);
}

const TesseraPassDef tesseraLowerToNVVMPipelineDef = {
    .info = {.argument = "tessera-lower-to-nvvm",
             .summary = "Graph IR -> NVIDIA gpu.modules in LLVM/NVVM + host "
                        "entries with gpu.launch_func (then tessera-translate "
                        "--to=cubin, or tesseraGpuInvoke)",
             .options = kNVVMOptions,
             .numOptions = sizeof kNVVMOptions / sizeof kNVVMOptions[0],
             .isPipeline = true},
    .expand = expandNVVM,
};

const TesseraPassDef tesseraLowerToROCDLPipelineDef = {
    .info = {.argument = "tessera-lower-to-rocdl",
             .summary = "Graph IR -> AMD gpu.modules in LLVM/ROCDL + host "
                        "entries with gpu.launch_func (then tessera-translate "
                        "--to=hsaco, or tesseraGpuInvoke)",
             .options = kROCDLOptions,
             .numOptions = sizeof kROCDLOptions / sizeof kROCDLOptions[0],
             .isPipeline = true},
    .expand = expandROCDL,
};

//===----------------------------------------------------------------------===//
// SPIR-V: OpenCL devices (docs/targets/spirv.md)
//===----------------------------------------------------------------------===//

static const TesseraPassOptionInfo kSPIRVOptions[] = {
    GPU_TILE_OPTIONS,
};

// docs/targets/spirv.md: the gpu.modules in the LLVM dialect with OpenCL's
// builtins (spir_kernel functions, __local attributions), as the NVVM and
// ROCDL pipelines leave theirs; tessera-translate --to=spirv emits them
// with LLVM's SPIR-V backend. convert-gpu-to-llvm-spv must see structured
// control flow (after convert-scf-to-cf it fails "type mismatch for bb
// argument"), so it runs first.
#define SPIRV_DEVICE_TO_LLVM                                                   \
  "gpu.module(convert-gpu-to-llvm-spv{use-64bit-index=true},"                  \
  "expand-strided-metadata,lower-affine,convert-vector-to-scf,"                \
  "convert-scf-to-cf,arith-expand{include-bf16=true},convert-to-llvm,"         \
  "canonicalize,cse,reconcile-unrealized-casts)"

static bool expandSPIRV(const TesseraPassOptions *o, char *buf, size_t cap) {
  // One stage (no asynchronous copies on OpenCL); 32 elements of K.
  // Attention in blocks of 32 queries x 16 keys: an f32 kernel of head dim
  // 128 needs 68 KiB of local memory with 64 x 16 (84 KiB with 32 x 32),
  // over the 64 KiB a SPIR-V device is taken to have (TargetChips.c).
  return expandGpu(o, "spirv", 32, 128, 1, 32, 16,
                   "tessera-lower-target-to-spirv", SPIRV_DEVICE_TO_LLVM, buf,
                   cap);
}

const TesseraPassDef tesseraLowerToSPIRVPipelineDef = {
    .info = {.argument = "tessera-lower-to-spirv",
             .summary = "Graph IR -> gpu.modules for OpenCL devices (generic "
                        "GPU lowering, SPIR-V target env) + host entries with "
                        "gpu.launch_func (then tessera-translate --to=spirv, "
                        "or tesseraGpuInvoke on OpenCL)",
             .options = kSPIRVOptions,
             .numOptions = sizeof kSPIRVOptions / sizeof kSPIRVOptions[0],
             .isPipeline = true},
    .expand = expandSPIRV,
};
