//===- Source.h - Reading inputs and parsing them as mlir-opt does -------===//
#ifndef TESSERA_SUPPORT_SOURCE_H
#define TESSERA_SUPPORT_SOURCE_H

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

/// One piece of an input split at a marker, as mlir-opt-22 splits it
/// (mlir/lib/Support/ToolUtilities.cpp): the marker may stand anywhere in a
/// line, and a chunk starts right after it.
typedef struct TesseraChunk {
  const char *text;
  size_t size;
  size_t offset; // of text[0] in the whole buffer
} TesseraChunk;

/// Splits `text` at `marker` exactly as mlir-opt does, including its
/// "near miss" rule: where the marker's prefix without its last two
/// characters is not followed by them, the piece joins the previous one and
/// `onNearMiss(offset, ud)` is called with the offset just past the prefix.
/// Returns a malloc'ed array (free it) of *count chunks; none for an empty
/// input.
TesseraChunk *tesseraSplitInput(const char *text, size_t size,
                                const char *marker, size_t *count,
                                void (*onNearMiss)(size_t offset, void *ud),
                                void *ud);

/// 1-based line and column of byte `offset` of `text`.
void tesseraLineCol(const char *text, size_t offset, int *line, int *col);

/// Takes ownership of `op` and returns it as a module: itself if it is a
/// builtin.module, else a new module at `loc` holding it.
MlirModule tesseraWrapInModule(MlirOperation op, MlirLocation loc);

/// Moves every top-level op of `from` into `dst`, before `before` (or at
/// the end when `before` is null), then destroys `from`. How generated IR
/// (parsed from text) is spliced into the module being transformed.
void tesseraMoveModuleOps(MlirModule from, MlirBlock dst,
                          MlirOperation before);

/// Parses `chunk` of the buffer `text` (named `sourceName`) the way
/// mlir-opt-22 does: a single top-level builtin.module is the module,
/// anything else goes into an implicit one built by the parser's own
/// container-op mechanism (at "name":0:0 for the whole input or the first
/// chunk, at the chunk's start for a later chunk). Locations and
/// diagnostics carry the line and column of the whole buffer. `chunk` NULL:
/// the whole buffer. Returns a null module on failure (diagnostics emitted
/// to the context).
MlirModule tesseraParseSource(MlirContext ctx, const char *sourceName,
                              const char *text, size_t size,
                              const TesseraChunk *chunk);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_SUPPORT_SOURCE_H
