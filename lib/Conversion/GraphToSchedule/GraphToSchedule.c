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
//     dim) or of a residual (same shape as the result), relu, gelu, silu;
//     one kernel, its epilogue in registers;
//   - a softmax over the last dim is a kernel of its own (leading dims are
//     collapsed into rows).
// Everything else is reported as not supported yet, with its location.
//
// The new IR is produced as text and parsed: kernels are whole templates of
// Schedule IR parameterised by the pass options (the autotuner's knobs),
// which reads far better than op-by-op construction through the C API.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

static const TesseraPassOptionInfo kOptions[] = {
    {"block-m", TesseraPassOptionInt, "128", "Rows of C per tile program",
     NULL},
    {"block-n", TesseraPassOptionInt, "128",
     "Columns of C per tile program (softmax: columns per tile)", NULL},
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
};

static bool readParams(MlirOperation module, const TesseraPassOptions *o,
                       Params *p) {
  p->blockM = tesseraOptInt(o, "block-m");
  p->blockN = tesseraOptInt(o, "block-n");
  p->blockK = tesseraOptInt(o, "block-k");
  p->stages = tesseraOptInt(o, "stages");
  p->rowsPerBlock = tesseraOptInt(o, "rows-per-block");
  p->kBytes = tesseraOptInt(o, "k-bytes");
  if (p->blockM <= 0 || p->blockN <= 0 || p->blockK < 0 || p->stages <= 0 ||
      p->stages > 8 || p->rowsPerBlock <= 0 || p->blockM > 4096 ||
      p->blockN > 4096 || p->blockK > 4096 || p->kBytes < 4 ||
      p->kBytes > 16384) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tessera-lower-graph: block sizes must be in 1..4096 "
                  "(block-k 0: by element size), k-bytes in 4..16384 and "
                  "stages in 1..8");
    return false;
  }
  return true;
}

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  Params params;
  if (!readParams(module, o, &params)) {
    mlirExternalPassSignalFailure(pass);
    return;
  }
  MlirContext ctx = mlirOperationGetContext(module);
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  bool failed = false;
  MlirOperation op = mlirBlockGetFirstOperation(top);
  while (!mlirOperationIsNull(op)) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    if (!gtsNameIs(op, "func.func")) {
      op = next;
      continue;
    }
    Lowering l = {0};
    l.func = op;
    l.params = params;
    MlirAttribute sym = mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("sym_name"));
    char fname[128];
    MlirStringRef s = mlirStringAttrGetValue(sym);
    snprintf(fname, sizeof fname, "%.*s", (int)s.length, s.data);
    l.funcName = fname;
    char *text = gtsLowerFunc(&l);
    tesseraStrBufFree(&l.entry);
    tesseraStrBufFree(&l.kernels);
    tesseraStrBufFree(&l.constants);
    tesseraStrBufFree(&l.argDims);
    tesseraStrBufFree(&l.checks);
    tesseraStrBufFree(&l.messages);
    if (l.failed)
      failed = true;
    if (text) {
      MlirModule m =
          mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(text));
      if (mlirModuleIsNull(m)) {
        if (getenv("TESSERA_DEBUG_LOWERING"))
          fprintf(stderr, "%s\n", text);
        mlirEmitError(mlirOperationGetLocation(op),
                      "tessera-lower-graph produced IR that does not parse "
                      "(an internal error; the messages above say why)");
        failed = true;
      } else {
        gtsLocateGenerated(&l, m, op);
        // The new functions take the old one's place.
        tesseraMoveModuleOps(m, top, op);
        mlirOperationDestroy(op);
      }
      free(text);
    }
    free(l.kernelLocs);
    for (int i = 0; i < l.numVals; ++i)
      free(l.vals[i]);
    free(l.vals);
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
