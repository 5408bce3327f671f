//===- ScheduleToVector.h - Schedule IR compiled op by op, generic form ---===//
#ifndef TESSERA_CONVERSION_SCHEDULETOVECTOR_H
#define TESSERA_CONVERSION_SCHEDULETOVECTOR_H

#include "mlir-c/IR.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Replaces every tsched op under `root` (and ttarget.mma / ttarget.copy,
/// which are tile_matmul / async_copy committed to a family) by its generic
/// lowering where it stands, and drops the schedule attributes. Returns
/// false after located errors; `root` is then partly rewritten.
bool tesseraLowerScheduleOpsToVector(MlirOperation root);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_CONVERSION_SCHEDULETOVECTOR_H
