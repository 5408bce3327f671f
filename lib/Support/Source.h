//===- Source.h - Reading inputs and parsing them as mlir-opt does -------===//
#ifndef TESSERA_SUPPORT_SOURCE_H
#define TESSERA_SUPPORT_SOURCE_H

#include "Support/Diagnostics.h"

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Reads a whole file ("-" is stdin) into a NUL-terminated buffer. On error
/// returns NULL and writes a one-line reason into `err`.
char *tesseraReadFile(const char *path, size_t *size, char *err, size_t cap);

/// True if the buffer is MLIR bytecode (starts with "ML\xefR").
bool tesseraIsBytecode(const char *text, size_t size);

/// One `// -----`-separated piece of an input.
typedef struct TesseraChunk {
  const char *text;
  size_t size;
  int firstLine; // 1-based line of text[0] in the whole buffer
  int lastLine;
} TesseraChunk;

/// Splits `text` at lines containing `marker`; the marker lines belong to no
/// chunk. Returns a malloc'ed array (free it) of *count chunks.
TesseraChunk *tesseraSplitInput(const char *text, size_t size,
                                const char *marker, size_t *count);

/// Takes ownership of `op` and returns it as a module: itself if it is a
/// builtin.module, else a new module at `loc` holding it.
MlirModule tesseraWrapInModule(MlirOperation op, MlirLocation loc);

/// Moves every top-level op of `from` into `dst`, before `before` (or at
/// the end when `before` is null), then destroys `from`. How generated IR
/// (parsed from text) is spliced into the module being transformed.
void tesseraMoveModuleOps(MlirModule from, MlirBlock dst,
                          MlirOperation before);

/// Parses a chunk of `sourceName` into a module the way mlir-opt does: a
/// single top-level builtin.module is the module; anything else is wrapped
/// in an implicit one. Diagnostics keep the line numbers of the whole file.
/// Returns a null module on failure (diagnostics already emitted).
/// `diags` is used to recognise and drop the parser's complaint about
/// several top-level operations before the implicit module is added.
MlirModule tesseraParseChunk(MlirContext ctx, const char *sourceName,
                             const TesseraChunk *chunk,
                             TesseraDiagList *diags);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_SUPPORT_SOURCE_H
