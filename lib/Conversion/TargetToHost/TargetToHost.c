//===- TargetToHost.c - tessera-lower-target-to-host ---------------------===//
//
// Replaces each Target IR kernel committed to the host by the host matmul
// lowering (HostMatmul.c, built through the builder at the kernel's
// location) when its body is the loop nest that lowering implements
// and Target IR names it (KernelMatch.h): upstream scf / vector /
// memref / arith / math, with the grid as an scf.parallel for OpenMP. Any
// other body is compiled op by op (ScheduleToVector.h), its grid scf.forall
// becoming an scf.parallel later in the pipeline. The entry functions'
// func.call sites stay as they are: the generated function keeps the
// kernel's name and argument list.
//
//===----------------------------------------------------------------------===//
#include "Conversion/KernelFamilies.h"
#include "Conversion/ScheduleToVector/ScheduleToVector.h"
#include "Conversion/GeneratedDialects.h"
#include "Dialect/VerifyUtils.h"
#include "Pipeline/PassRegistry.h"

#include "mlir-c/Diagnostics.h"

#include <stdio.h>
#include <string.h>

static bool lowerKernel(MlirOperation func) {
  TesseraKernelRecipe r;
  char err[512];
  bool ok = tesseraKernelRecipe(func, "host", &r, err, sizeof err);
  // A body no fast lowering takes is compiled op by op, where it stands.
  if (ok && r.kind == TESSERA_KERNEL_GENERIC)
    return tesseraLowerScheduleOpsToVector(func);
  MlirLocation loc = mlirOperationGetLocation(func);
  ok = ok && tesseraBuildKernel(&r, TESSERA_GEN_HOST, func, err, sizeof err);
  if (!ok) {
    char msg[700];
    snprintf(msg, sizeof msg, "tessera-lower-target-to-host: kernel '%s': %s",
             r.name, err);
    mlirEmitError(loc, msg);
  }
  return ok;
}

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  (void)o;
  MlirAttribute target = tvGetAttr(module, "ttarget.target");
  MlirAttribute chip =
      mlirAttributeIsNull(target)
          ? target
          : mlirDictionaryAttrGetElementByName(
                target, mlirStringRefCreateFromCString("chip"));
  if (mlirAttributeIsNull(chip) ||
      !tvStrEq(mlirStringAttrGetValue(chip), "host")) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tessera-lower-target-to-host: the module is not committed "
                  "to the host (run tessera-lower-schedule{target=host} "
                  "first)");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  bool failed = false;
  MlirOperation op = mlirBlockGetFirstOperation(top);
  while (!mlirOperationIsNull(op)) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    if (tesseraIsKernel(op) && !lowerKernel(op))
      failed = true;
    op = next;
  }
  mlirOperationRemoveAttributeByName(
      module, mlirStringRefCreateFromCString("ttarget.target"));
  if (failed)
    mlirExternalPassSignalFailure(pass);
}

const TesseraPassDef tesseraLowerTargetToHostPassDef = {
    .info = {.argument = "tessera-lower-target-to-host",
             .summary = "Target IR (host) -> scf/vector/memref: instantiate "
                        "the host kernel generators"},
    .opName = "builtin.module",
    .run = run,
    .dependentDialects = TESSERA_HOST_KERNEL_DIALECTS,
};
