//===- Args.h - Command-line flags in LLVM's habits ----------------------===//
#ifndef TESSERA_SUPPORT_ARGS_H
#define TESSERA_SUPPORT_ARGS_H

#include <stdbool.h>

/// `arg` past its leading `-` or `--` (LLVM's tools accept both).
const char *tesseraFlagName(const char *arg);

/// True if `arg` is `-name` or `--name` (LLVM's tools accept both).
bool tesseraFlagIs(const char *arg, const char *name);

/// The value of `-name=value` / `--name=value`, or NULL.
const char *tesseraFlagValue(const char *arg, const char *name);

/// Prints "<tool>: error: <fmt with arg>" and the --help hint, then exits 1.
void tesseraUsageError(const char *tool, const char *fmt, const char *arg)
    __attribute__((noreturn, format(printf, 2, 0)));

#endif // TESSERA_SUPPORT_ARGS_H
