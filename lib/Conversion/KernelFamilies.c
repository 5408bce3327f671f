//===- KernelFamilies.c - The table of fast whole-loop-nest lowerings -----===//
#include "Conversion/KernelFamilies.h"
#include "Conversion/KernelMatch.h"

#include <stdio.h>
#include <string.h>

// The generators take the config of their family (KernelGen.h); these
// adapt them to the table's one signature.

static bool hostMatmul(const TesseraKernelRecipe *r, MlirOperation kernel,
                       char *err, size_t cap) {
  return tesseraBuildHostMatmul(&r->matmul, kernel, err, cap);
}

static bool nvvmMatmul(const TesseraKernelRecipe *r, TesseraStrBuf *out,
                       TesseraLaunchInfo *launch, char *err, size_t cap) {
  return tesseraGenNVVMMatmul(&r->matmul, out, launch, err, cap);
}

// The whole-nest matmul lowerings: the host's packed loop nest, and on
// NVIDIA only sm_90a's wgmma + TMA kernel for 16-bit inputs. mma.sync
// (sm_80, sm_90, f32 on sm_90a) and MFMA kernels are compiled op by op
// (docs/targets/nvidia.md, amd.md): the op-by-op kernels matched the
// retired templates' instructions with fewer registers and no spills.
static const char *matmulServes(const TesseraKernelRecipe *r,
                                const char *chip) {
  switch (tesseraGenTargetOfChip(chip)) {
  case TESSERA_GEN_HOST:
    return NULL;
  case TESSERA_GEN_NVVM:
    if (strcmp(chip, "sm_90a"))
      return "its mma.sync kernels are compiled op by op";
    return r->matmul.a == TESSERA_F32 || r->matmul.b == TESSERA_F32
               ? "f32 inputs take mma.sync (tf32), compiled op by op"
               : NULL;
  default:
    return "its MFMA kernels are compiled op by op";
  }
}

// Names and entries in the same order (the names are an option's choices).
const char *const tesseraKernelFamilyNames[] = {"matmul", NULL};

const TesseraKernelFamily tesseraKernelFamilies[] = {
    {TESSERA_KERNEL_MATMUL, "matmul", tesseraMatchMatmulKernel, true,
     TESSERA_GRID_TILES_OF_C, matmulServes, {hostMatmul, NULL, NULL},
     {NULL, nvvmMatmul, NULL}},
    {TESSERA_KERNEL_GENERIC, NULL, NULL, false, TESSERA_GRID_TILES_OF_C,
     NULL, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

const TesseraKernelFamily *tesseraKernelFamily(TesseraKernelKind kind) {
  for (const TesseraKernelFamily *f = tesseraKernelFamilies; f->name; ++f)
    if (f->kind == kind)
      return f;
  return NULL;
}

TesseraGenTarget tesseraGenTargetOfChip(const char *chip) {
  if (!strncmp(chip, "sm_", 3))
    return TESSERA_GEN_NVVM;
  if (!strncmp(chip, "gfx", 3))
    return TESSERA_GEN_ROCDL;
  return TESSERA_GEN_HOST;
}

bool tesseraFamilyServes(const TesseraKernelFamily *f,
                         const TesseraKernelRecipe *r, const char *chip,
                         const char **why) {
  TesseraGenTarget t = tesseraGenTargetOfChip(chip);
  const char *no = f->serves ? f->serves(r, chip) : NULL;
  if (!no && !f->build[t] && !f->generate[t])
    no = "no lowering for the target";
  if (why)
    *why = no;
  return !no;
}

bool tesseraGenerateKernel(const TesseraKernelRecipe *r,
                           TesseraGenTarget target, TesseraStrBuf *out,
                           TesseraLaunchInfo *launch, char *err, size_t cap) {
  const TesseraKernelFamily *f = tesseraKernelFamily(r->kind);
  const char *why = NULL;
  bool served = f && r->matmul.chip
                    ? tesseraFamilyServes(f, r, r->matmul.chip, &why)
                    : true;
  if (!f || !f->generate[target] || !served) {
    if (r->kind == TESSERA_KERNEL_GENERIC)
      snprintf(err, cap, "no fast lowering of this kernel for the target "
               "(%s)", r->generic);
    else
      snprintf(err, cap, "the whole-nest \"%s\" lowering has no text "
               "generator for %s (%s)", f->name,
               r->matmul.chip ? r->matmul.chip : "this target",
               why               ? why
               : f->build[target] ? "it is built through the builder"
                                  : "its kernels are compiled op by op");
    return false;
  }
  return f->generate[target](r, out, launch, err, cap);
}

bool tesseraBuildKernel(const TesseraKernelRecipe *r, TesseraGenTarget target,
                        MlirOperation kernel, char *err, size_t cap) {
  const TesseraKernelFamily *f = tesseraKernelFamily(r->kind);
  if (!f || !f->build[target]) {
    snprintf(err, cap, "no fast lowering of this kernel for the target (%s)",
             r->kind == TESSERA_KERNEL_GENERIC ? r->generic : "no builder");
    return false;
  }
  return f->build[target](r, kernel, err, cap);
}
