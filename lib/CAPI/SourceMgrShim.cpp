//===- SourceMgrShim.cpp - The C entry points MLIR's C API lacks ----------===//
//
// See SourceMgrShim.h for why this file exists and is C++. Keep it to thin
// wrappers: anything that can be written on the C API belongs in lib/.
//
//===----------------------------------------------------------------------===//
#include "CAPI/SourceMgrShim.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/IR/AsmState.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

using namespace mlir;

static llvm::SourceMgr *unwrapSM(TesseraSourceMgr sm) {
  return static_cast<llvm::SourceMgr *>(sm.ptr);
}

TesseraSourceMgr tesseraSourceMgrCreate(MlirStringRef text,
                                        MlirStringRef name) {
  auto *sm = new llvm::SourceMgr();
  sm->AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(unwrap(text), unwrap(name)),
      llvm::SMLoc());
  return {sm};
}

void tesseraSourceMgrDestroy(TesseraSourceMgr sm) { delete unwrapSM(sm); }

static llvm::SourceMgr::DiagKind diagKind(MlirDiagnosticSeverity kind) {
  switch (kind) {
  case MlirDiagnosticWarning:
    return llvm::SourceMgr::DK_Warning;
  case MlirDiagnosticNote:
    return llvm::SourceMgr::DK_Note;
  case MlirDiagnosticRemark:
    return llvm::SourceMgr::DK_Remark;
  case MlirDiagnosticError:
    break;
  }
  return llvm::SourceMgr::DK_Error;
}

void tesseraSourceMgrPrintMessage(TesseraSourceMgr sm, size_t offset,
                                  MlirDiagnosticSeverity kind,
                                  MlirStringRef msg) {
  llvm::SourceMgr *mgr = unwrapSM(sm);
  const llvm::MemoryBuffer *buf = mgr->getMemoryBuffer(mgr->getMainFileID());
  if (offset > buf->getBufferSize())
    offset = buf->getBufferSize();
  mgr->PrintMessage(llvm::errs(),
                    llvm::SMLoc::getFromPointer(buf->getBufferStart() + offset),
                    diagKind(kind), unwrap(msg));
}

MlirModule tesseraSourceMgrParseModule(TesseraSourceMgr sm, MlirContext ctx,
                                       MlirLocation implicitLoc) {
  MLIRContext *context = unwrap(ctx);
  ParserConfig config(context);
  Block block;
  LocationAttr sourceFileLoc;
  if (failed(parseSourceFile(*unwrapSM(sm), &block, config, &sourceFileLoc)))
    return {nullptr};
  if (!mlirLocationIsNull(implicitLoc))
    sourceFileLoc = cast<LocationAttr>(unwrap(implicitLoc));
  // The parser's own container-op mechanism, as parseSourceFile<ModuleOp>
  // and mlir-opt use it.
  OwningOpRef<ModuleOp> module =
      detail::constructContainerOpForParserIfNecessary<ModuleOp>(
          &block, context, sourceFileLoc);
  if (!module)
    return {nullptr};
  return wrap(module.release());
}

namespace {
// The verifier is created first (it registers its handler first), so that a
// printer created after it handles every diagnostic: the order of
// mlir-opt-22, whose verifier of level None reports the annotations of the
// input as not produced at the end of the run.
struct DiagHandler {
  DiagHandler(llvm::SourceMgr &mgr, MLIRContext *ctx, TesseraDiagMode mode)
      : verifier(mgr, ctx, level(mode)) {
    if (mode == TesseraDiagPrint)
      printer = std::make_unique<SourceMgrDiagnosticHandler>(mgr, ctx);
  }
  static SourceMgrDiagnosticVerifierHandler::Level
  level(TesseraDiagMode mode) {
    using Level = SourceMgrDiagnosticVerifierHandler::Level;
    switch (mode) {
    case TesseraDiagVerifyAll:
      return Level::All;
    case TesseraDiagVerifyOnlyExpected:
      return Level::OnlyExpected;
    case TesseraDiagPrint:
      break;
    }
    return Level::None;
  }
  SourceMgrDiagnosticVerifierHandler verifier;
  std::unique_ptr<SourceMgrDiagnosticHandler> printer;
};
} // namespace

TesseraDiagHandler tesseraDiagHandlerCreate(TesseraSourceMgr sm,
                                            MlirContext ctx,
                                            TesseraDiagMode mode) {
  return {new DiagHandler(*unwrapSM(sm), unwrap(ctx), mode)};
}

MlirLogicalResult tesseraDiagHandlerVerify(TesseraDiagHandler h) {
  return wrap(static_cast<DiagHandler *>(h.ptr)->verifier.verify());
}

void tesseraDiagHandlerDestroy(TesseraDiagHandler h) {
  auto *handler = static_cast<DiagHandler *>(h.ptr);
  // The printer goes first: it was registered last.
  handler->printer.reset();
  delete handler;
}

void tesseraContextSetPrintOpOnDiagnostic(MlirContext ctx, bool enable) {
  unwrap(ctx)->printOpOnDiagnostic(enable);
}

MlirLogicalResult tesseraParseMLIRCLOptions(int argc, const char *const *argv,
                                            MlirStringCallback errorCallback,
                                            void *userData) {
  static bool registered = false;
  if (!registered) {
    registerAsmPrinterCLOptions();
    registerMLIRContextCLOptions();
    registerPassManagerCLOptions();
    registered = true;
  }
  std::string err;
  llvm::raw_string_ostream os(err);
  if (llvm::cl::ParseCommandLineOptions(argc, argv, "", &os))
    return wrap(success());
  errorCallback(wrap(llvm::StringRef(err)), userData);
  return wrap(failure());
}

MlirLogicalResult tesseraPassManagerApplyCLOptions(MlirPassManager pm) {
  PassManager *manager = unwrap(pm);
  manager->setNesting(OpPassManager::Nesting::Implicit);
  return wrap(applyPassManagerCLOptions(*manager));
}

static const PassRegistryEntry *lookupPass(MlirStringRef name) {
  if (const PassRegistryEntry *pass = PassInfo::lookup(unwrap(name)))
    return pass;
  return PassPipelineInfo::lookup(unwrap(name));
}

bool tesseraIsRegisteredPass(MlirStringRef name) {
  return lookupPass(name) != nullptr;
}

MlirLogicalResult tesseraAddRegisteredPass(MlirOpPassManager pm,
                                           MlirStringRef name,
                                           MlirStringRef options,
                                           MlirStringCallback errorCallback,
                                           void *userData) {
  const PassRegistryEntry *entry = lookupPass(name);
  if (!entry)
    return wrap(failure());
  auto onError = [&](const llvm::Twine &msg) {
    std::string text = msg.str();
    errorCallback(wrap(llvm::StringRef(text)), userData);
    return failure();
  };
  return wrap(entry->addToPipeline(*unwrap(pm), unwrap(options), onError));
}

void tesseraEmitRemark(MlirLocation loc, const char *message) {
  mlir::emitRemark(unwrap(loc), message);
}

void tesseraEmitWarning(MlirLocation loc, const char *message) {
  mlir::emitWarning(unwrap(loc), message);
}

MlirLogicalResult tesseraApproximateMath(MlirOperation root, intptr_t n,
                                         const MlirStringRef *ops) {
  Operation *op = unwrap(root);
  RewritePatternSet patterns(op->getContext());
  populateMathPolynomialApproximationPatterns(
      patterns, [&](llvm::StringRef name) {
        // Upstream asks with the full op name ("math.exp").
        if (!name.consume_front("math."))
          return false;
        for (intptr_t i = 0; i < n; ++i)
          if (name == unwrap(ops[i]))
            return true;
        return false;
      });
  return wrap(applyPatternsGreedily(op, std::move(patterns)));
}
