//===- LowerGraph.h - tessera-lower-graph internals -----------------------===//
//
// What the files of tessera-lower-graph share (GraphToSchedule.c: the pass;
// Fusion.c: fusion groups; MatmulSchedule.c and SoftmaxSchedule.c: one
// schedule builder per kernel family; ShapeChecks.c: run-time checks of
// dynamic dims; EntryValues.c and Entry.c: the destination-passing entry).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_GRAPHTOSCHEDULE_LOWERGRAPH_H
#define TESSERA_CONVERSION_GRAPHTOSCHEDULE_LOWERGRAPH_H

#include "Conversion/KernelGen.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "IR/ElementwiseFns.h"
#include "Pipeline/PassRegistry.h"
#include "Support/Source.h"
#include "Support/StrBuf.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/GPU.h"
#include "mlir-c/Dialect/MemRef.h"
#include "mlir-c/Dialect/SCF.h"
#include "mlir-c/Dialect/Vector.h"
#include "mlir-c/IR.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P(...) tesseraStrBufPrintf(out, __VA_ARGS__)

enum { kMaxRank = 8, kMaxGroup = 16 };

typedef enum Role {
  ROLE_NONE,    // not yet seen / plain
  ROLE_KERNEL,  // member of a kernel group
  ROLE_VIRTUAL, // a broadcast folded into its consumer
} Role;

typedef struct Value {
  MlirValue v;
  char name[24]; // SSA name in the new entry function
  int rank;
  char dims[kMaxRank][40]; // SSA names of its dims in the entry
  bool materialised;       // has a buffer in the entry
  bool isArg;
  bool returned;
} Value;

typedef struct Params {
  int64_t blockM, blockN, blockK, stages, rowsPerBlock, kBytes;
} Params;

typedef struct Lowering {
  MlirOperation func;
  const char *funcName;
  Params params;
  Value **vals; // each allocated on its own: pointers to them stay valid
  int numVals, capVals;
  int numConsts;
  int numKernels;
  TesseraStrBuf entry, kernels, constants;
  TesseraStrBuf argDims;  // the memref.dim of the arguments, for the checker
  TesseraStrBuf checks;   // one `%okN = arith.cmpi eq` per runtime check
  TesseraStrBuf messages; // their messages, as an array attribute's items
  int numChecks;
  MlirLocation *kernelLocs; // of each kernel's source ops, by kernel index
  bool failed;
} Lowering;

typedef enum EpiKind { EPI_BIAS, EPI_RESIDUAL, EPI_ACTIVATION } EpiKind;

typedef struct Epi {
  EpiKind kind;
  MlirOperation op;
  MlirValue operand;              // bias (rank 1) or residual
  const TesseraElementwiseFn *fn; // EPI_ACTIVATION: its table entry
} Epi;

typedef struct MatmulGroup {
  MlirOperation matmul;
  bool batched;
  Epi epi[kMaxGroup];
  int numEpi;
  MlirOperation last;
} MatmulGroup;

typedef struct OpInfo {
  MlirOperation op;
  int group; // index into groups, -1 if none
} OpInfo;

typedef struct Plan {
  OpInfo *ops; // every op of the block
  int numOps;
  MatmulGroup *groups; // at most one per op
  int numGroups;
} Plan;

// EntryValues.c
/// Records where kernel `index` comes from: its source ops' locations, fused.
void gtsSetKernelLoc(Lowering *l, int index, intptr_t n,
                     const MlirOperation *ops);
MlirLogicalResult gtsOpError(MlirOperation op, const char *msg);
bool gtsNameIs(MlirOperation op, const char *name);
Value *gtsLookup(Lowering *l, MlirValue v);
Value *gtsAddValue(Lowering *l, MlirValue v, const char *prefix);
int gtsUseCount(MlirValue v);
MlirOperation gtsSingleUser(MlirValue v);
/// "memref<?x4096xf32>" for a ranked tensor type.
void gtsMemrefType(MlirType t, char *buf, size_t cap);
/// "memref<?x?xf32>": kernels take fully dynamic memrefs, so one kernel
/// serves every static shape and the entry casts its buffers at the call.
void gtsDynMemrefType(MlirType t, char *buf, size_t cap);
const char *gtsElemName(MlirType shaped, char *buf, size_t cap);
/// Fills x->dims from a buffer that exists in the entry (an argument).
void gtsDimsFromBuffer(Lowering *l, Value *x);
/// `name = memref.alloc(dynamic dims of x) : <x's memref type>`.
void gtsEmitAlloc(TesseraStrBuf *out, const char *name, const Value *x);
/// Allocates the buffer of an op result whose dims are given.
void gtsAllocate(Lowering *l, Value *x);
/// Materialised value for an operand, or an error at `user`.
Value *gtsOperandValue(Lowering *l, MlirOperation user, MlirValue v);

// Fusion.c
/// Plans fusion groups over the block's ops.
bool gtsPlan(Lowering *l, MlirBlock block, Plan *p);

// MatmulSchedule.c
void gtsEmitMatmulCall(Lowering *l, const MatmulGroup *g);

// SoftmaxSchedule.c
void gtsEmitSoftmax(Lowering *l, MlirOperation op);

// ShapeChecks.c
/// Records that two dims must be equal at run time. The verifier has already
/// checked static pairs; dynamic ones are checked by `<entry>_check_shapes`,
/// which the runtime calls before the entry, so inconsistent inputs are
/// refused with this message instead of producing a wrong result.
void gtsRequireEqual(Lowering *l, const char *a, const char *b,
                     const char *what);
/// `<entry>_check_shapes(args) -> i64`: 0 if every runtime shape check
/// holds, else 1 + the index of the first that fails (its message is item
/// index of the entry's tessera.shape_checks).
void gtsEmitShapeChecker(Lowering *l, TesseraStrBuf *out, intptr_t nargs);

// Entry.c
/// Lowers one func.func; returns the new text or NULL (nothing to do or an
/// error: l->failed says which).
char *gtsLowerFunc(Lowering *l);
void gtsLocateGenerated(const Lowering *l, MlirModule m,
                        MlirOperation original);

#endif // TESSERA_CONVERSION_GRAPHTOSCHEDULE_LOWERGRAPH_H
