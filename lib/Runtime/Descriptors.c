//===- Descriptors.c - Calling JIT-compiled entries (host and GPU) -------===//
#include "Runtime/Descriptors.h"

#include "mlir-c/BuiltinAttributes.h"

#include <stdio.h>
#include <string.h>

void tesseraRtFillDescriptor(int64_t *w, void *data, const TesseraTensor *t) {
  memset(w, 0, kDescWords * sizeof *w);
  w[0] = w[1] = (int64_t)(intptr_t)data;
  int64_t stride = 1;
  for (int i = t->rank - 1; i >= 0; --i) {
    w[3 + i] = t->shape[i];
    w[3 + t->rank + i] = stride;
    stride *= t->shape[i];
  }
}

bool tesseraRtCheckInput(const TesseraArgSpec *spec, const TesseraTensor *t,
                         int index, char *err, size_t cap) {
  if (t->type != spec->type || t->rank != spec->rank) {
    snprintf(err, cap, "input %d: expected a rank-%d %s tensor, got rank-%d "
             "%s", index, spec->rank, tesseraElementTypeName(spec->type),
             t->rank, tesseraElementTypeName(t->type));
    return false;
  }
  for (int d = 0; d < t->rank; ++d)
    if (spec->dims[d] >= 0 && spec->dims[d] != t->shape[d]) {
      snprintf(err, cap, "input %d: dim %d must be %lld, got %lld", index, d,
               (long long)spec->dims[d], (long long)t->shape[d]);
      return false;
    }
  return true;
}

MlirAttribute tesseraRtShapeCheckMessages(MlirModule module,
                                          const char *entry) {
  MlirStringRef want = mlirStringRefCreateFromCString(entry);
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute name = mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("sym_name"));
    if (mlirAttributeIsNull(name) || !mlirAttributeIsAString(name) ||
        !mlirStringRefEqual(mlirStringAttrGetValue(name), want))
      continue;
    MlirAttribute a = mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("tessera.shape_checks"));
    if (!mlirAttributeIsNull(a) && mlirAttributeIsAArray(a))
      return a;
  }
  return (MlirAttribute){NULL};
}

int64_t tesseraRtRunShapeChecker(MlirExecutionEngine e, const char *entry,
                                 int numInputs, void **inputArgs, char *err,
                                 size_t cap) {
  char name[300], sym[320];
  snprintf(name, sizeof name, "%s_check_shapes", entry);
  snprintf(sym, sizeof sym, "_mlir_ciface_%s", name);
  if (!mlirExecutionEngineLookup(e, mlirStringRefCreateFromCString(sym)))
    return 0;
  int64_t failed = 0;
  void *args[TESSERA_MAX_ARGS + 1];
  for (int i = 0; i < numInputs; ++i)
    args[i] = inputArgs[i];
  args[numInputs] = &failed;
  if (mlirLogicalResultIsFailure(mlirExecutionEngineInvokePacked(
          e, mlirStringRefCreateFromCString(name), args))) {
    snprintf(err, cap, "calling '%s' failed", name);
    return -1;
  }
  return failed;
}

void tesseraRtShapeError(char *err, size_t cap, const char *entry,
                         MlirStringRef message) {
  snprintf(err, cap, "inputs of '%s' are invalid: %.*s", entry,
           (int)message.length, message.data);
}
