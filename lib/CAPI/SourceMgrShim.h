//===- SourceMgrShim.h - The C entry points MLIR's C API lacks ------------===//
//
// The one C++ shim of Tessera (docs/design.md, "C++ only where the C API has
// no entry point"). The MLIR C API has no entry point for:
//   - parsing a buffer under a source name into the implicit module the way
//     mlir-opt does (mlirModuleCreateParse names every location "-", and
//     mlirOperationCreateParse refuses several top-level operations);
//   - llvm::SourceMgr and MLIR's SourceMgrDiagnosticHandler /
//     SourceMgrDiagnosticVerifierHandler, which print a diagnostic with its
//     source line and range underline and implement --verify-diagnostics;
//   - MLIRContext::printOpOnDiagnostic, which mlir-opt turns off under
//     --verify-diagnostics;
//   - MLIR's printing options as command-line flags (OpPrintingFlags made
//     inside MLIR, e.g. for the op attached to a diagnostic, read them);
//   - emitting a remark or a warning (the C API emits errors only);
//   - the math dialect's polynomial approximations, which upstream offers
//     only as C++ patterns (populateMathPolynomialApproximationPatterns).
// Each function below is a thin wrapper over exactly that piece of MLIR, so
// that tessera-opt prints and parses byte for byte as mlir-opt-22 does.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CAPI_SOURCEMGRSHIM_H
#define TESSERA_CAPI_SOURCEMGRSHIM_H

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An llvm::SourceMgr holding one buffer (copied) under `name`.
typedef struct TesseraSourceMgr {
  void *ptr;
} TesseraSourceMgr;

MLIR_CAPI_EXPORTED TesseraSourceMgr
tesseraSourceMgrCreate(MlirStringRef text, MlirStringRef name);
MLIR_CAPI_EXPORTED void tesseraSourceMgrDestroy(TesseraSourceMgr sm);

/// llvm::SourceMgr::PrintMessage to stderr at byte `offset` of the buffer:
/// "name:line:col: <kind>: msg", the source line and a caret.
MLIR_CAPI_EXPORTED void tesseraSourceMgrPrintMessage(
    TesseraSourceMgr sm, size_t offset, MlirDiagnosticSeverity kind,
    MlirStringRef msg);

/// Parses the buffer (text or bytecode) as mlir-opt does: one top-level
/// builtin.module is the module; anything else is moved into an implicit
/// module at `implicitLoc` (null: the parser's own, "name":0:0). Returns a
/// null module on failure (diagnostics emitted to the context).
MLIR_CAPI_EXPORTED MlirModule tesseraSourceMgrParseModule(
    TesseraSourceMgr sm, MlirContext ctx, MlirLocation implicitLoc);

/// How diagnostics are handled: printed (mlir-opt without
/// --verify-diagnostics), or checked against `expected-*` annotations of the
/// buffer (--verify-diagnostics=all / =only-expected).
typedef enum TesseraDiagMode {
  TesseraDiagPrint = 0,
  TesseraDiagVerifyAll = 1,
  TesseraDiagVerifyOnlyExpected = 2,
} TesseraDiagMode;

typedef struct TesseraDiagHandler {
  void *ptr;
} TesseraDiagHandler;

/// Registers a handler over `sm` in `ctx`. In TesseraDiagPrint mode, as
/// mlir-opt-22 does, a verifier of level None sits under the printer, so
/// that the `expected-*` annotations of the buffer are reported as not
/// produced when the handler is destroyed.
MLIR_CAPI_EXPORTED TesseraDiagHandler tesseraDiagHandlerCreate(
    TesseraSourceMgr sm, MlirContext ctx, TesseraDiagMode mode);
/// Reports every expectation not matched yet; failure if any diagnostic did
/// not match (verify modes) or any expectation was not met.
MLIR_CAPI_EXPORTED MlirLogicalResult
tesseraDiagHandlerVerify(TesseraDiagHandler h);
MLIR_CAPI_EXPORTED void tesseraDiagHandlerDestroy(TesseraDiagHandler h);

/// MLIRContext::printOpOnDiagnostic.
MLIR_CAPI_EXPORTED void tesseraContextSetPrintOpOnDiagnostic(MlirContext ctx,
                                                             bool enable);

/// Registers MLIR's printing, context and pass-manager command-line options
/// (registerAsmPrinterCLOptions, registerMLIRContextCLOptions,
/// registerPassManagerCLOptions: the -mlir-print-*, -mlir-elide-*,
/// -mlir-pass-*, -mlir-disable-threading flags that mlir-opt takes) and
/// parses `argv` (argv[0] the tool's name) with
/// llvm::cl. Every OpPrintingFlags made afterwards, the IR of "see current
/// operation" notes and IR dumps included, follows them, as in mlir-opt.
/// On failure, llvm::cl's message goes to `errorCallback`.
MLIR_CAPI_EXPORTED MlirLogicalResult
tesseraParseMLIRCLOptions(int argc, const char *const *argv,
                          MlirStringCallback errorCallback, void *userData);

/// What mlir-opt does to each pass manager it builds: implicit nesting (a
/// pass anchored on func.func added to a module pass manager runs on every
/// func.func) and the pass-manager command-line options parsed by
/// tesseraParseMLIRCLOptions (-mlir-print-ir-*, -mlir-pass-statistics,
/// crash reproducers). Returns failure if an option cannot be applied.
MLIR_CAPI_EXPORTED MlirLogicalResult
tesseraPassManagerApplyCLOptions(MlirPassManager pm);

/// True if `name` is a pass or pass pipeline registered with MLIR
/// (mlir::PassInfo / PassPipelineInfo::lookup).
MLIR_CAPI_EXPORTED bool tesseraIsRegisteredPass(MlirStringRef name);

/// Adds the registered pass or pipeline `name` with `options` to `pm`
/// through its registry entry, as mlir-opt adds a pass given as a flag
/// (PassRegistryEntry::addToPipeline; the C API only has the textual
/// parser, which refuses a pass anchored on another op). Each message of
/// the registry goes to `errorCallback`.
MLIR_CAPI_EXPORTED MlirLogicalResult tesseraAddRegisteredPass(
    MlirOpPassManager pm, MlirStringRef name, MlirStringRef options,
    MlirStringCallback errorCallback, void *userData);

/// mlir::emitRemark / mlir::emitWarning at `loc` (checked by
/// `expected-remark` / `expected-warning` under --verify-diagnostics).
MLIR_CAPI_EXPORTED void tesseraEmitRemark(MlirLocation loc,
                                          const char *message);
MLIR_CAPI_EXPORTED void tesseraEmitWarning(MlirLocation loc,
                                           const char *message);

/// Rewrites the math ops under `root` named in `ops` (mnemonics: "exp",
/// "tanh", ...) into upstream's polynomial approximations
/// (populateMathPolynomialApproximationPatterns with that predicate,
/// applied greedily). Failure if the rewrite did not converge.
MLIR_CAPI_EXPORTED MlirLogicalResult tesseraApproximateMath(
    MlirOperation root, intptr_t n, const MlirStringRef *ops);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_CAPI_SOURCEMGRSHIM_H
