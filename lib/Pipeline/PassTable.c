//===- PassTable.c - Every Tessera pass and named pipeline ---------------===//
//
// One line per pass. A pass defines its `TesseraPassDef` next to its
// implementation; this table is what --help, the pipeline parser and the
// per-pass command-line flags see.
//
//===----------------------------------------------------------------------===//
#include "Pipeline/PassRegistry.h"

#include <string.h>

extern const TesseraPassDef tesseraVerifyPassDef;
extern const TesseraPassDef tesseraSetPrecisionPassDef;
extern const TesseraPassDef tesseraFuseAttentionPassDef;
extern const TesseraPassDef tesseraApproximateMathPassDef;
extern const TesseraPassDef tesseraTestEmitKernelPassDef;
extern const TesseraPassDef tesseraLowerGraphPassDef;
extern const TesseraPassDef tesseraLowerSchedulePassDef;
extern const TesseraPassDef tesseraLowerScheduleToVectorPassDef;
extern const TesseraPassDef tesseraLowerTargetToHostPassDef;
extern const TesseraPassDef tesseraLowerToHostPipelineDef;
extern const TesseraPassDef tesseraHostToLLVMPipelineDef;
extern const TesseraPassDef tesseraLowerTargetToNVVMPassDef;
extern const TesseraPassDef tesseraLowerTargetToROCDLPassDef;
extern const TesseraPassDef tesseraLowerToNVVMPipelineDef;
extern const TesseraPassDef tesseraLowerToROCDLPipelineDef;
extern const TesseraPassDef tesseraLowerTargetToSPIRVPassDef;
extern const TesseraPassDef tesseraLowerToSPIRVPipelineDef;

static const TesseraPassDef *const kPasses[] = {
    &tesseraVerifyPassDef,
    &tesseraSetPrecisionPassDef,
    &tesseraFuseAttentionPassDef,
    &tesseraApproximateMathPassDef,
    &tesseraLowerGraphPassDef,
    &tesseraLowerSchedulePassDef,
    &tesseraLowerScheduleToVectorPassDef,
    &tesseraLowerTargetToHostPassDef,
    &tesseraLowerToHostPipelineDef,
    &tesseraHostToLLVMPipelineDef,
    &tesseraLowerTargetToNVVMPassDef,
    &tesseraLowerTargetToROCDLPassDef,
    &tesseraLowerToNVVMPipelineDef,
    &tesseraLowerToROCDLPipelineDef,
    &tesseraLowerTargetToSPIRVPassDef,
    &tesseraLowerToSPIRVPipelineDef,
    &tesseraTestEmitKernelPassDef,
};

intptr_t tesseraNumPassDefs(void) {
  return (intptr_t)(sizeof kPasses / sizeof kPasses[0]);
}

const TesseraPassDef *tesseraPassDefAt(intptr_t i) {
  return i >= 0 && i < tesseraNumPassDefs() ? kPasses[i] : NULL;
}

const TesseraPassDef *tesseraLookupPassDef(MlirStringRef argument) {
  for (intptr_t i = 0; i < tesseraNumPassDefs(); ++i) {
    const char *a = kPasses[i]->info.argument;
    if (strlen(a) == argument.length &&
        memcmp(a, argument.data, argument.length) == 0)
      return kPasses[i];
  }
  return NULL;
}

intptr_t tesseraGetNumPasses(void) { return tesseraNumPassDefs(); }

const TesseraPassInfo *tesseraGetPassInfo(intptr_t index) {
  const TesseraPassDef *d = tesseraPassDefAt(index);
  return d ? &d->info : NULL;
}

const TesseraPassInfo *tesseraLookupPass(MlirStringRef argument) {
  const TesseraPassDef *d = tesseraLookupPassDef(argument);
  return d ? &d->info : NULL;
}
