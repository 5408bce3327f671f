//===- Nesting.h - Deep inputs: a large stack and a depth limit ----------===//
//
// MLIR's parser, verifier, printer and pass drivers recurse once per level of
// nesting (regions, blocks, types, attributes); 30 000 nested regions
// overflow a default 8 MiB stack in mlir-opt-22 itself. The tools therefore
// do their work on a thread with a large stack, and refuse inputs nested
// deeper than a limit that this stack is known to carry, with an error at
// the bracket that crosses it (test/tools/*/deep-nesting.test).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_SUPPORT_NESTING_H
#define TESSERA_SUPPORT_NESTING_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The deepest bracket nesting the tools accept.
enum { TesseraMaxNesting = 10000 };
/// The stack the tools run on: enough for TesseraMaxNesting levels through
/// parsing, verification, passes, printing and destruction, also under
/// AddressSanitizer (measured in docs/tools/tessera-opt.md).
#define TESSERA_TOOL_STACK_BYTES ((size_t)1 << 30)

/// Runs `fn(arg)` on a new thread with a stack of `bytes` (reserved, not
/// committed) and returns its result; runs it on this thread if no such
/// thread can be made.
int tesseraRunOnLargeStack(int (*fn)(void *), void *arg, size_t bytes);

/// Scans MLIR text for its deepest nesting of `{ ( [ <`, skipping string
/// literals, comments and the `->` `>=` `<=` tokens. Returns true if it
/// stays within `limit`; otherwise false with `*offset` at the bracket that
/// goes one level deeper than `limit`.
bool tesseraCheckNesting(const char *text, size_t size, int limit,
                         size_t *offset);

/// The tools' check of an input buffer named `name`: true if it is bytecode
/// or nested within TesseraMaxNesting; otherwise prints
/// "name:line:col: error: nesting deeper than ..." with the source line and
/// a caret at the offending bracket, and returns false.
bool tesseraCheckInputNesting(const char *name, const char *text,
                              size_t size);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_SUPPORT_NESTING_H
