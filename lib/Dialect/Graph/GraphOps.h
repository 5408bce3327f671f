//===- GraphOps.h - What other files need to know about tgraph ops --------===//
//
// GraphVerify.c owns the table of tgraph ops and runs the checks every op
// shares (counts, attribute names, ranked tensors); the per-op semantic
// checks live in GraphVerifyOps.c and GraphVerifyAttention.c. Passes ask
// here which ops compute (those carry a `precision` attribute) rather than
// keeping their own list.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_DIALECT_GRAPH_GRAPHOPS_H
#define TESSERA_DIALECT_GRAPH_GRAPHOPS_H

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Largest tensor rank the verifier and the passes handle; fixed-size
/// per-dim buffers rely on it.
enum { TG_MAX_RANK = 16 };
/// The most results of tgraph.split (one kernel each).
enum { TG_MAX_PARTS = 64 };

/// True if `name` (full, "tgraph.matmul") is a tgraph op that computes and so
/// accepts `precision`: everything but constant, cast, reshape, transpose
/// and broadcast, which only move or convert data.
bool tesseraGraphOpIsCompute(MlirStringRef name);

/// Per-op semantic checks. They run after the generic checks, so operand and
/// result counts are right and every operand and result is a ranked tensor
/// of rank <= TG_MAX_RANK. Each reports its first error and returns.
MlirLogicalResult tgVerifyMatmul(MlirOperation op);
MlirLogicalResult tgVerifyLinear(MlirOperation op);
MlirLogicalResult tgVerifyBatchMatmul(MlirOperation op);
MlirLogicalResult tgVerifyElementwiseBinary(MlirOperation op);
MlirLogicalResult tgVerifyElementwiseUnary(MlirOperation op);
MlirLogicalResult tgVerifyGelu(MlirOperation op);
MlirLogicalResult tgVerifyClamp(MlirOperation op);
MlirLogicalResult tgVerifySoftmax(MlirOperation op);
MlirLogicalResult tgVerifyAttention(MlirOperation op);
MlirLogicalResult tgVerifyReduce(MlirOperation op);
MlirLogicalResult tgVerifyVar(MlirOperation op);
MlirLogicalResult tgVerifyTranspose(MlirOperation op);
MlirLogicalResult tgVerifySlice(MlirOperation op);  // GraphVerifySlices.c
MlirLogicalResult tgVerifyPad(MlirOperation op);    // GraphVerifySlices.c
MlirLogicalResult tgVerifySplit(MlirOperation op);  // GraphVerifySlices.c
MlirLogicalResult tgVerifyConcat(MlirOperation op); // GraphVerifySlices.c
MlirLogicalResult tgVerifyReshape(MlirOperation op);
MlirLogicalResult tgVerifyBroadcast(MlirOperation op);
MlirLogicalResult tgVerifyCast(MlirOperation op);
MlirLogicalResult tgVerifyConstant(MlirOperation op);
MlirLogicalResult tgVerifyIota(MlirOperation op);      // GraphVerifyIndexing.c
MlirLogicalResult tgVerifyEmbedding(MlirOperation op); // GraphVerifyIndexing.c
MlirLogicalResult tgVerifyNorm(MlirOperation op);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_DIALECT_GRAPH_GRAPHOPS_H
