//===- PassRegistry.h - How Tessera passes are declared ------------------===//
//
// External passes (mlirCreateExternalPass) cannot be named in a pipeline
// parsed by mlirParsePassPipeline, so Tessera keeps its own table
// (PassTable.c) and pipeline parser (PassPipeline.c). A pass is one
// `TesseraPassDef` defined next to its implementation and listed in
// PassTable.c.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_PIPELINE_PASSREGISTRY_H
#define TESSERA_PIPELINE_PASSREGISTRY_H

#include "tessera-c/Tessera.h"

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { TESSERA_MAX_PASS_OPTIONS = 16 };

/// Parsed option values of one pass instance, in the order of the pass's
/// option table. Strings are owned by this struct.
typedef struct TesseraPassOptions {
  const TesseraPassInfo *info;
  char *str[TESSERA_MAX_PASS_OPTIONS];  // every kind keeps its text here
  int64_t i[TESSERA_MAX_PASS_OPTIONS];  // Int
  bool b[TESSERA_MAX_PASS_OPTIONS];     // Bool
  int choice[TESSERA_MAX_PASS_OPTIONS]; // Enum: index into `choices`
} TesseraPassOptions;

/// Typed accessors by option name; they abort on a name the pass does not
/// declare (a programming error, not user input).
const char *tesseraOptString(const TesseraPassOptions *o, const char *name);
int64_t tesseraOptInt(const TesseraPassOptions *o, const char *name);
bool tesseraOptBool(const TesseraPassOptions *o, const char *name);
int tesseraOptEnum(const TesseraPassOptions *o, const char *name);

typedef struct TesseraPassDef {
  TesseraPassInfo info;
  /// Operation the pass anchors on ("builtin.module", "func.func"); NULL or
  /// "" for any operation.
  const char *opName;
  /// Runs the pass. Report errors with located diagnostics, then call
  /// mlirExternalPassSignalFailure(pass).
  void (*run)(MlirOperation op, MlirExternalPass pass,
              const TesseraPassOptions *options);
  /// For named pipelines (info.isPipeline): writes the pipeline this name
  /// stands for (textual, may mix Tessera and upstream passes) into `buf`.
  /// Returns false with a message in `buf` if the options cannot be honoured.
  bool (*expand)(const TesseraPassOptions *options, char *buf, size_t cap);
  /// Dialects whose ops the pass creates (docs/design.md: without these
  /// the created ops are unregistered and the program crashes).
  MlirDialectHandle (*dependentDialects[16])(void);
} TesseraPassDef;

/// The table, in PassTable.c.
intptr_t tesseraNumPassDefs(void);
const TesseraPassDef *tesseraPassDefAt(intptr_t i);
const TesseraPassDef *tesseraLookupPassDef(MlirStringRef argument);

/// Parses "k=v k2=v2" (MLIR's option syntax) against `def`'s option table
/// into `out` (defaults first). On error returns false and writes a one-line
/// message into `err`.
bool tesseraParsePassOptions(const TesseraPassDef *def, MlirStringRef text,
                             TesseraPassOptions *out, char *err, size_t cap);
void tesseraPassOptionsFree(TesseraPassOptions *o);

/// Creates the external pass for `def` with the given options (ownership of
/// the options' strings moves to the pass).
MlirPass tesseraCreatePass(const TesseraPassDef *def,
                           TesseraPassOptions *options);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_PIPELINE_PASSREGISTRY_H
