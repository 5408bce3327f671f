//===- OpList.h - A growable list of operations ---------------------------===//
//
// What passes collect in a walk before they rewrite (a walk must not see
// the ops it replaces).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_IR_OPLIST_H
#define TESSERA_IR_OPLIST_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TsOpList {
  MlirOperation *ops;
  int n, cap;
} TsOpList;

/// Appends `op` (aborts when out of memory).
void tsOpListPush(TsOpList *l, MlirOperation op);
/// An MlirOperationWalkCallback that pushes every op onto the TsOpList
/// `userData`.
MlirWalkResult tsOpListCollectAll(MlirOperation op, void *userData);
void tsOpListFree(TsOpList *l);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_IR_OPLIST_H
