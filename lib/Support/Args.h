//===- Args.h - Command-line flags in LLVM's habits ----------------------===//
#ifndef TESSERA_SUPPORT_ARGS_H
#define TESSERA_SUPPORT_ARGS_H

#include <stdbool.h>

/// True if `arg` is `-name` or `--name` (LLVM's tools accept both).
bool tesseraFlagIs(const char *arg, const char *name);

/// The value of `-name=value` / `--name=value`, or NULL.
const char *tesseraFlagValue(const char *arg, const char *name);

#endif // TESSERA_SUPPORT_ARGS_H
