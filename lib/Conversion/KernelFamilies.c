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

// Names and entries in the same order (the names are an option's choices).
const char *const tesseraKernelFamilyNames[] = {"matmul", NULL};

const TesseraKernelFamily tesseraKernelFamilies[] = {
    {TESSERA_KERNEL_MATMUL, "matmul", tesseraMatchMatmulKernel, true,
     TESSERA_GRID_TILES_OF_C, {hostMatmul, NULL, NULL},
     {NULL, nvvmMatmul, NULL}}, // AMD: op by op (docs/targets/amd.md)
    {TESSERA_KERNEL_GENERIC, NULL, NULL, false, TESSERA_GRID_TILES_OF_C,
     {NULL, NULL, NULL}, {NULL, NULL, NULL}},
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

bool tesseraGenerateKernel(const TesseraKernelRecipe *r,
                           TesseraGenTarget target, TesseraStrBuf *out,
                           TesseraLaunchInfo *launch, char *err, size_t cap) {
  const TesseraKernelFamily *f = tesseraKernelFamily(r->kind);
  if (!f || !f->generate[target]) {
    if (r->kind == TESSERA_KERNEL_GENERIC)
      snprintf(err, cap, "no fast lowering of this kernel for the target "
               "(%s)", r->generic);
    else
      snprintf(err, cap, "the whole-nest \"%s\" lowering has no text "
               "generator for this target (%s)", f->name,
               target == TESSERA_GEN_ROCDL
                   ? "AMD kernels are compiled op by op"
                   : "it is built through the builder");
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
