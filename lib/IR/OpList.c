//===- OpList.c - A growable list of operations ---------------------------===//
#include "IR/OpList.h"

#include <stdio.h>
#include <stdlib.h>

void tsOpListPush(TsOpList *l, MlirOperation op) {
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 64;
    l->ops = realloc(l->ops, (size_t)l->cap * sizeof *l->ops);
    if (!l->ops) {
      fprintf(stderr, "tessera: out of memory\n");
      abort();
    }
  }
  l->ops[l->n++] = op;
}

MlirWalkResult tsOpListCollectAll(MlirOperation op, void *userData) {
  tsOpListPush(userData, op);
  return MlirWalkResultAdvance;
}

void tsOpListFree(TsOpList *l) {
  free(l->ops);
  l->ops = NULL;
  l->n = l->cap = 0;
}
