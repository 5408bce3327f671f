//===- KernelFamilies.h - The table of fast whole-loop-nest lowerings -----===//
//
// A kernel family is one loop nest that a lowering per target implements
// as a whole (KernelGen.h), built through lib/IR/Builder.h: how a kernel
// body is recognised as that nest, what it commits to on a chip, the
// builder of each target family, and the shape of its launch grid. Every
// pass that meets a kernel asks this table; adding a family is one entry
// here, its matcher (KernelMatch.c) and its builders -- no dispatch site
// elsewhere. A kernel no family takes is compiled op by op
// (ScheduleToVector.h, DistributeTiles.h). Today the one family is the
// host's packed matmul; every GPU kernel is compiled op by op.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_KERNELFAMILIES_H
#define TESSERA_CONVERSION_KERNELFAMILIES_H

#include "Conversion/KernelRecipe.h"

#ifdef __cplusplus
extern "C" {
#endif

/// The target families a generator is written for.
typedef enum TesseraGenTarget {
  TESSERA_GEN_HOST,
  TESSERA_GEN_NVVM,
  TESSERA_GEN_ROCDL,
  TESSERA_GEN_SPIRV,
  TESSERA_GEN_NUM_TARGETS,
} TesseraGenTarget;

/// How the launch grid of a GPU kernel of the family is computed from its
/// arguments and TesseraLaunchInfo (TargetToGPU.c).
typedef enum TesseraGridKind {
  /// (ceil(N / tileN), ceil(M / tileM), batch) over C = argument 2.
  TESSERA_GRID_TILES_OF_C,
} TesseraGridKind;

/// Builds the kernel of `r` through lib/IR/Builder.h in place of `kernel`
/// (which it erases); false with a reason, nothing changed, if it refuses.
typedef bool (*TesseraBuildFn)(const TesseraKernelRecipe *r,
                               MlirOperation kernel, char *err, size_t cap);

typedef struct TesseraKernelFamily {
  TesseraKernelKind kind;
  const char *name; // "matmul"
  /// True if `func`'s body is this family's loop nest: fills `r`'s config.
  /// Else false, with why in `why`.
  bool (*match)(MlirOperation func, TesseraKernelRecipe *r, char *why,
                size_t cap);
  /// Commits a tensor-core / vector MMA family (ttarget.mma); false: the
  /// kernel commits to the generic family with plain copies.
  bool usesMma;
  TesseraGridKind grid;
  /// NULL if the family's lowering for `chip` takes `r` (its config filled
  /// by `match`), else why not. NULL function: wherever it has a lowering.
  /// A kernel it does not take is compiled op by op.
  const char *(*serves)(const TesseraKernelRecipe *r, const char *chip);
  /// Per target, its lowering, built through the builder (NULL: none).
  TesseraBuildFn build[TESSERA_GEN_NUM_TARGETS];
} TesseraKernelFamily;

/// The families, terminated by an entry with a NULL name, and their names
/// in the same order (NULL-terminated).
extern const TesseraKernelFamily tesseraKernelFamilies[];
extern const char *const tesseraKernelFamilyNames[];

/// The family of `kind` (not TESSERA_KERNEL_GENERIC).
const TesseraKernelFamily *tesseraKernelFamily(TesseraKernelKind kind);

/// The generator target family of a chip ("host", "sm_*", "gfx*").
TesseraGenTarget tesseraGenTargetOfChip(const char *chip);

/// Whether `f` has a whole-nest lowering for `chip` that takes `r`; if
/// not, `why` (may be NULL) says why.
bool tesseraFamilyServes(const TesseraKernelFamily *f,
                         const TesseraKernelRecipe *r, const char *chip,
                         const char **why);

/// Runs the builder of `r`'s family for `target` in place of `kernel`:
/// false with a reason if the family has none there or it refuses.
bool tesseraBuildKernel(const TesseraKernelRecipe *r, TesseraGenTarget target,
                        MlirOperation kernel, char *err, size_t cap);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_KERNELFAMILIES_H
