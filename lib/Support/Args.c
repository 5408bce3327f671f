//===- Args.c - Command-line flags in LLVM's habits ----------------------===//
#include "Support/Args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tesseraUsageError(const char *tool, const char *fmt, const char *arg) {
  fprintf(stderr, "%s: error: ", tool);
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(run '%s --help' for usage)\n", tool);
  exit(1);
}

const char *tesseraFlagName(const char *arg) {
  return arg + (arg[1] == '-' ? 2 : 1);
}

bool tesseraFlagIs(const char *arg, const char *name) {
  return arg[0] == '-' && strcmp(tesseraFlagName(arg), name) == 0;
}

const char *tesseraFlagValue(const char *arg, const char *name) {
  if (arg[0] != '-')
    return NULL;
  arg = tesseraFlagName(arg);
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}
