//===- GraphToSchedule.c - tessera-lower-graph ----------------------------===//
//
// Graph IR (tensors, whole ops) -> Schedule IR (memrefs, kernels of tiles).
//
// Each function with tgraph ops is rewritten in destination-passing style:
// arguments and results become memrefs, every kernel is a func.func
// carrying `tsched.kernel` and called from the entry, results and
// intermediates are memref.alloc'ed in the entry (intermediates freed before
// returning). Fusion is decided here:
//   - a matmul / batch_matmul absorbs the chain of single-use elementwise
//     ops after it: add of a bias (a rank-1 tgraph.broadcast over the last
//     dim) or of a residual (same shape as the result), any unary function
//     of the elementwise table (relu, gelu, silu, sigmoid, exp, ...);
//     one kernel, its epilogue in registers;
//   - any other elementwise op whose operands have its shape starts a
//     kernel of its own with the single-use elementwise ops after it;
//   - a softmax over the last dim is a kernel of its own (leading dims are
//     collapsed into rows).
// Everything else is reported as not supported yet, with its location.
//
// The new IR is built through the IR builder (IR/Builder.h,
// IR/ScheduleOps.h) at the locations of the Graph IR ops it comes from;
// which ops make one kernel, and what Schedule IR it gets, is the table of
// kernel families (Families.c). The pass options are the schedule
// builders' defaults; a tuner edits the Schedule IR they write.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/GPU.h"
#include "mlir-c/Dialect/MemRef.h"
#include "mlir-c/Dialect/SCF.h"
#include "mlir-c/Dialect/Vector.h"

static const TesseraPassOptionInfo kOptions[] = {
    {"block-m", TesseraPassOptionInt, "128", "Rows of C per tile program",
     NULL},
    {"block-n", TesseraPassOptionInt, "128", "Columns of C per tile program",
     NULL},
    {"block-k", TesseraPassOptionInt, "0",
     "K step of the matmul main loop; 0: 64 bytes of a row of A (32 "
     "elements of f16 / bf16, 16 of f32)",
     NULL},
    {"k-bytes", TesseraPassOptionInt, "64",
     "With block-k 0: bytes of a row of A per K step", NULL},
    {"stages", TesseraPassOptionInt, "3",
     "Software-pipeline depth of the K loop", NULL},
    {"rows-per-block", TesseraPassOptionInt, "4",
     "Softmax rows per tile program", NULL},
    {"softmax-cols", TesseraPassOptionInt, "128",
     "Columns of a softmax tile (the row loops' step)", NULL},
    {"attn-block-m", TesseraPassOptionInt, "64",
     "Query rows per attention program", NULL},
    {"attn-block-n", TesseraPassOptionInt, "64",
     "Keys per step of the attention key loop", NULL},
    {"linear-transpose-weight", TesseraPassOptionBool, "false",
     "tgraph.linear: copy the weight [N, K] to [K, N] first and run the "
     "plain matmul kernel (the host's packed GEMM reads B [K, N]); false: "
     "read the weight K-major with transpose_b (the tensor-core lowerings)",
     NULL},
};

static bool readParams(MlirOperation module, const TesseraPassOptions *o,
                       Params *p) {
  p->blockM = tesseraOptInt(o, "block-m");
  p->blockN = tesseraOptInt(o, "block-n");
  p->blockK = tesseraOptInt(o, "block-k");
  p->stages = tesseraOptInt(o, "stages");
  p->rowsPerBlock = tesseraOptInt(o, "rows-per-block");
  p->kBytes = tesseraOptInt(o, "k-bytes");
  p->softmaxCols = tesseraOptInt(o, "softmax-cols");
  p->attnBlockM = tesseraOptInt(o, "attn-block-m");
  p->attnBlockN = tesseraOptInt(o, "attn-block-n");
  p->linearTransposeWeight = tesseraOptBool(o, "linear-transpose-weight");
  if (p->blockM <= 0 || p->blockN <= 0 || p->blockK < 0 || p->stages <= 0 ||
      p->stages > 8 || p->rowsPerBlock <= 0 || p->rowsPerBlock > 4096 ||
      p->softmaxCols <= 0 || p->softmaxCols > 4096 || p->blockM > 4096 ||
      p->attnBlockM <= 0 || p->attnBlockM > 4096 || p->attnBlockN <= 0 ||
      p->attnBlockN > 4096 ||
      p->blockN > 4096 || p->blockK > 4096 || p->kBytes < 4 ||
      p->kBytes > 16384) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tessera-lower-graph: block sizes, rows-per-block, "
                  "softmax-cols and attn-block-m/n must be in 1..4096 "
                  "(block-k 0: by element size), k-bytes in 4..16384 and "
                  "stages in 1..8");
    return false;
  }
  return true;
}

static void freeLowering(Lowering *l) {
  for (int i = 0; i < l->numVals; ++i) {
    free(l->vals[i]->dims);
    free(l->vals[i]);
  }
  for (int i = 0; i < l->numChecks; ++i)
    free(l->checks[i].message);
  free(l->vals);
  free(l->checks);
  free(l->made);
  free(l->entryDims.items);
  free(l->derived);
  free(l->funcName);
}

// Lowers one function: the new entry, kernels and checker take its place,
// or, on an error, are erased and it stays as it was.
static bool lowerFunc(MlirOperation func, const Params *params) {
  Lowering l = {.ctx = mlirOperationGetContext(func),
                .func = func,
                .params = *params,
                .top = tsBuilderBefore(func)};
  MlirStringRef s = mlirStringAttrGetValue(tvGetAttr(func, "sym_name"));
  l.funcName = tsAlloc((intptr_t)s.length + 1, 1);
  memcpy(l.funcName, s.data, s.length);
  bool lowered = gtsLowerFunc(&l);
  if (lowered)
    mlirOperationDestroy(func);
  else
    for (int i = 0; i < l.numMade; ++i)
      mlirOperationDestroy(l.made[i]);
  bool ok = !l.failed;
  freeLowering(&l);
  return ok;
}

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  Params params;
  if (!readParams(module, o, &params)) {
    mlirExternalPassSignalFailure(pass);
    return;
  }
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  bool failed = false;
  MlirOperation op = mlirBlockGetFirstOperation(top);
  while (!mlirOperationIsNull(op)) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    if (gtsNameIs(op, "func.func") && !lowerFunc(op, &params))
      failed = true;
    op = next;
  }
  if (failed)
    mlirExternalPassSignalFailure(pass);
}

const TesseraPassDef tesseraLowerGraphPassDef = {
    .info = {.argument = "tessera-lower-graph",
             .summary = "Graph IR -> Schedule IR: fuse matmul epilogues, "
                        "make kernels of tiles, buffers in the entry",
             .options = kOptions,
             .numOptions = sizeof kOptions / sizeof kOptions[0]},
    .opName = "builtin.module",
    .run = run,
    .dependentDialects = {mlirGetDialectHandle__func__,
                          mlirGetDialectHandle__memref__,
                          mlirGetDialectHandle__arith__,
                          mlirGetDialectHandle__scf__,
                          mlirGetDialectHandle__vector__,
                          mlirGetDialectHandle__gpu__},
};
