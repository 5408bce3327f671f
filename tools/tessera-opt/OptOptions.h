//===- OptOptions.h - tessera-opt's command line, parsed ------------------===//
#ifndef TESSERA_TOOLS_OPT_OPTIONS_H
#define TESSERA_TOOLS_OPT_OPTIONS_H

#include "CAPI/SourceMgrShim.h"

#include <stdbool.h>

typedef struct OptOptions {
  const char *input;
  const char *output;
  const char *splitMarker;       // NULL: no splitting
  const char *outputSplitMarker; // between the outputs of chunks
  char *textPipeline;            // --pass-pipeline (the last one)
  bool pipelineFromFlag;         // --pass-pipeline was given
  const char **passFlagArgs;     // the --<pass>[=opts] flags, as written
  int numPassFlags;
  TesseraDiagMode diagMode;      // print, or --verify-diagnostics[=...]
  bool verifyRoundtrip;
  bool verifyEach;
  bool timing;
  bool bytecode;
  // MLIR's own printing, context and pass-manager flags
  // (-mlir-print-debuginfo, -mlir-elide-elementsattrs-if-larger=N,
  // -mlir-print-ir-after-all, -mlir-disable-threading, ...), handed to
  // llvm::cl as mlir-opt does (tesseraParseMLIRCLOptions).
  const char **mlirFlags;
  int numMlirFlags;
  bool allowUnregistered;
  bool noVerify; // skip tessera-verify after parsing
} OptOptions;

/// Runs tessera-opt on the parsed options; returns the exit code.
int tesseraOptRun(const OptOptions *o);

#endif // TESSERA_TOOLS_OPT_OPTIONS_H
