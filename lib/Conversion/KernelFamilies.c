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

// The one whole-nest matmul lowering is the host's packed loop nest.
// GPU kernels are compiled op by op (docs/targets/nvidia.md, amd.md):
// mma.sync, wgmma + TMA and MFMA, which matched or beat the retired
// templates' instructions, registers and shared memory.
static const char *matmulServes(const TesseraKernelRecipe *r,
                                const char *chip) {
  (void)r;
  switch (tesseraGenTargetOfChip(chip)) {
  case TESSERA_GEN_HOST:
    return NULL;
  case TESSERA_GEN_NVVM:
    return "its mma.sync and wgmma kernels are compiled op by op";
  default:
    return "its MFMA kernels are compiled op by op";
  }
}

// Names and entries in the same order (the names are an option's choices).
const char *const tesseraKernelFamilyNames[] = {"matmul", NULL};

const TesseraKernelFamily tesseraKernelFamilies[] = {
    {TESSERA_KERNEL_MATMUL, "matmul", tesseraMatchMatmulKernel, true,
     TESSERA_GRID_TILES_OF_C, matmulServes, {hostMatmul, NULL, NULL, NULL}},
    {TESSERA_KERNEL_GENERIC, NULL, NULL, false, TESSERA_GRID_TILES_OF_C,
     NULL, {NULL, NULL, NULL, NULL}},
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
  if (!strcmp(chip, "spirv"))
    return TESSERA_GEN_SPIRV;
  return TESSERA_GEN_HOST;
}

bool tesseraFamilyServes(const TesseraKernelFamily *f,
                         const TesseraKernelRecipe *r, const char *chip,
                         const char **why) {
  TesseraGenTarget t = tesseraGenTargetOfChip(chip);
  const char *no = f->serves ? f->serves(r, chip) : NULL;
  if (!no && !f->build[t])
    no = "no lowering for the target";
  if (why)
    *why = no;
  return !no;
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
