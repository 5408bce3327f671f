//===- tessera-c/Tessera.h - Tessera's public C API ----------------------===//
//
// Follows the MLIR C API's conventions: MlirStringRef arguments are not
// NUL-terminated and not owned; everything created has a matching Destroy;
// text comes back through MlirStringCallback.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_C_TESSERA_H
#define TESSERA_C_TESSERA_H

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

//===----------------------------------------------------------------------===//
// Dialects and contexts
//===----------------------------------------------------------------------===//

/// Loads the Tessera dialects (tgraph, tsched, ttarget) into `ctx` from the
/// IRDL definitions embedded in the library. The context must have the IRDL
/// dialect registered (mlirRegisterAllDialects does). Errors are reported
/// through the context's diagnostic handlers.
MlirLogicalResult tesseraLoadDialects(MlirContext ctx);

/// Creates a context with every upstream dialect registered, every upstream
/// pass and LLVM translation registered, and the Tessera dialects loaded.
/// Returns a null context (and reports why through the default diagnostic
/// handler) if the Tessera dialects fail to load. Destroy with
/// mlirContextDestroy.
MlirContext tesseraContextCreate(void);

/// Runs Tessera's semantic verification (the `tessera-verify` pass) on `op`
/// and everything nested in it. Failures are located diagnostics.
MlirLogicalResult tesseraVerify(MlirOperation op);

//===----------------------------------------------------------------------===//
// Passes and pipelines
//===----------------------------------------------------------------------===//

typedef enum TesseraPassOptionKind {
  TesseraPassOptionString,
  TesseraPassOptionInt,
  TesseraPassOptionBool,
  TesseraPassOptionEnum,
} TesseraPassOptionKind;

typedef struct TesseraPassOptionInfo {
  const char *name;
  TesseraPassOptionKind kind;
  const char *defaultValue;
  const char *description;
  /// For TesseraPassOptionEnum: the accepted values, NULL-terminated.
  const char *const *choices;
} TesseraPassOptionInfo;

typedef struct TesseraPassInfo {
  /// The pipeline / command-line name, e.g. "tessera-verify".
  const char *argument;
  const char *summary;
  /// Options accepted in `argument{name=value ...}`.
  const TesseraPassOptionInfo *options;
  intptr_t numOptions;
  /// True for a named pipeline (a pass that expands into several).
  bool isPipeline;
} TesseraPassInfo;

/// The Tessera passes and named pipelines, for --help and tooling.
intptr_t tesseraGetNumPasses(void);
const TesseraPassInfo *tesseraGetPassInfo(intptr_t index);
/// Looks a pass up by its argument; NULL if there is none.
const TesseraPassInfo *tesseraLookupPass(MlirStringRef argument);

/// Parses a textual pass pipeline in which Tessera passes and upstream passes
/// mix freely, e.g.
///   builtin.module(tessera-verify,canonicalize,func.func(cse))
/// and appends it to `pm`. A pipeline without an anchor (`a,b`) is nested
/// the same way as one anchored on builtin.module. On error, a message goes
/// to `errorCallback` and failure is returned; `pm` may then hold part of
/// the pipeline. A pipeline of upstream passes alone goes to MLIR's own
/// parser, whose messages come verbatim (several lines, with a caret);
/// otherwise the message is one line.
MlirLogicalResult tesseraParsePassPipeline(MlirOpPassManager pm,
                                           MlirStringRef pipeline,
                                           MlirStringCallback errorCallback,
                                           void *userData);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_C_TESSERA_H
