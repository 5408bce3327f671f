//===- GraphToSchedule.c - tessera-lower-graph ---------------------------===//
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
#include "Conversion/KernelGen.h"
#include "IR/Builder.h"
#include "IR/ElementwiseFns.h"
#include "Dialect/VerifyUtils.h"
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
  char name[24];     // SSA name in the new entry function
  int rank;
  char dims[kMaxRank][40]; // SSA names of its dims in the entry
  bool materialised; // has a buffer in the entry
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
  TesseraStrBuf argDims; // the memref.dim of the arguments, for the checker
  TesseraStrBuf checks;  // one `%okN = arith.cmpi eq` per runtime check
  TesseraStrBuf messages; // their messages, as an array attribute's items
  int numChecks;
  MlirLocation *kernelLocs; // of each kernel's source ops, by kernel index
  bool failed;
} Lowering;

// Records where kernel `index` comes from: its source ops' locations, fused.
static void setKernelLoc(Lowering *l, int index, intptr_t n,
                         const MlirOperation *ops) {
  MlirLocation locs[1 + kMaxGroup];
  for (intptr_t i = 0; i < n && i < 1 + kMaxGroup; ++i)
    locs[i] = mlirOperationGetLocation(ops[i]);
  MlirContext ctx = mlirOperationGetContext(ops[0]);
  MlirLocation *grown =
      realloc(l->kernelLocs, (size_t)(index + 1) * sizeof *grown);
  if (!grown)
    abort();
  l->kernelLocs = grown;
  l->kernelLocs[index] =
      n == 1 ? locs[0]
             : mlirLocationFusedGet(ctx, n, locs, (MlirAttribute){NULL});
}

static MlirLogicalResult opError(MlirOperation op, const char *msg) {
  return tvEmitError(op, "%s", msg);
}

static bool nameIs(MlirOperation op, const char *name) {
  return tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

static Value *lookup(Lowering *l, MlirValue v) {
  for (int i = 0; i < l->numVals; ++i)
    if (mlirValueEqual(l->vals[i]->v, v))
      return l->vals[i];
  return NULL;
}

static Value *addValue(Lowering *l, MlirValue v, const char *prefix) {
  if (l->numVals == l->capVals) {
    l->capVals = l->capVals ? 2 * l->capVals : 64;
    l->vals = realloc(l->vals, (size_t)l->capVals * sizeof *l->vals);
    if (!l->vals)
      abort();
  }
  Value *x = calloc(1, sizeof *x);
  if (!x)
    abort();
  l->vals[l->numVals] = x;
  x->v = v;
  snprintf(x->name, sizeof x->name, "%%%s%d", prefix, l->numVals);
  x->rank = (int)mlirShapedTypeGetRank(mlirValueGetType(v));
  ++l->numVals;
  return x;
}

static int useCount(MlirValue v) {
  int n = 0;
  for (MlirOpOperand u = mlirValueGetFirstUse(v); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u))
    ++n;
  return n;
}

static MlirOperation singleUser(MlirValue v) {
  MlirOpOperand u = mlirValueGetFirstUse(v);
  if (mlirOpOperandIsNull(u) || !mlirOpOperandIsNull(mlirOpOperandGetNextUse(u)))
    return (MlirOperation){NULL};
  return mlirOpOperandGetOwner(u);
}

// "memref<?x4096xf32>" for a ranked tensor type.
static void memrefType(MlirType t, char *buf, size_t cap) {
  char tmp[240];
  tvTypeStr(t, tmp, sizeof tmp);
  const char *p = strncmp(tmp, "tensor<", 7) == 0 ? tmp + 7 : tmp;
  snprintf(buf, cap, "memref<%s", p);
}

// "memref<?x?xf32>": kernels take fully dynamic memrefs, so one kernel
// serves every static shape and the entry casts its buffers at the call.
static void dynMemrefType(MlirType t, char *buf, size_t cap) {
  char e[32];
  tvTypeStr(mlirShapedTypeGetElementType(t), e, sizeof e);
  size_t n = (size_t)snprintf(buf, cap, "memref<");
  for (intptr_t d = 0; d < mlirShapedTypeGetRank(t) && n < cap; ++d)
    n += (size_t)snprintf(buf + n, cap - n, "?x");
  if (n < cap)
    snprintf(buf + n, cap - n, "%s>", e);
}

static const char *elemName(MlirType shaped, char *buf, size_t cap) {
  return tvTypeStr(mlirShapedTypeGetElementType(shaped), buf, cap);
}

// A constant index as an SSA name, emitted once into the entry's prologue.
static void constIndex(Lowering *l, int64_t v, char *out, size_t cap) {
  snprintf(out, cap, "%%ci%lld", (long long)v);
  char needle[64];
  snprintf(needle, sizeof needle, "%s = ", out);
  if (!l->constants.data || !strstr(l->constants.data, needle))
    tesseraStrBufPrintf(&l->constants, "  %s = arith.constant %lld : index\n",
                        out, (long long)v);
}

// Fills x->dims from a buffer that exists in the entry (an argument).
static void dimsFromBuffer(Lowering *l, Value *x) {
  MlirType t = mlirValueGetType(x->v);
  char mt[256];
  memrefType(t, mt, sizeof mt);
  for (int d = 0; d < x->rank; ++d) {
    int64_t s = mlirShapedTypeGetDimSize(t, d);
    if (!mlirShapedTypeIsDynamicSize(s)) {
      constIndex(l, s, x->dims[d], sizeof x->dims[d]);
      continue;
    }
    char c[40];
    constIndex(l, d, c, sizeof c);
    snprintf(x->dims[d], sizeof x->dims[d], "%s_d%d", x->name, d);
    tesseraStrBufPrintf(&l->entry, "  %s = memref.dim %s, %s : %s\n",
                        x->dims[d], x->name, c, mt);
    if (x->isArg)
      tesseraStrBufPrintf(&l->argDims, "  %s = memref.dim %s, %s : %s\n",
                          x->dims[d], x->name, c, mt);
  }
}

// `name = memref.alloc(dynamic dims of x) : <x's memref type>`.
static void emitAlloc(TesseraStrBuf *out, const char *name, const Value *x) {
  MlirType t = mlirValueGetType(x->v);
  char mt[256];
  memrefType(t, mt, sizeof mt);
  P("  %s = memref.alloc(", name);
  bool first = true;
  for (int d = 0; d < x->rank; ++d)
    if (mlirShapedTypeIsDynamicSize(mlirShapedTypeGetDimSize(t, d))) {
      P("%s%s", first ? "" : ", ", x->dims[d]);
      first = false;
    }
  P(") {alignment = 64 : i64} : %s\n", mt);
}

// Allocates the buffer of an op result whose dims are given.
static void allocate(Lowering *l, Value *x) {
  MlirType t = mlirValueGetType(x->v);
  emitAlloc(&l->entry, x->name, x);
  // Static dims become constants (the result type may be more precise than
  // the operand it was derived from).
  for (int d = 0; d < x->rank; ++d) {
    int64_t s = mlirShapedTypeGetDimSize(t, d);
    if (!mlirShapedTypeIsDynamicSize(s))
      constIndex(l, s, x->dims[d], sizeof x->dims[d]);
  }
  x->materialised = true;
}

//===----------------------------------------------------------------------===//
// Fusion groups
//===----------------------------------------------------------------------===//

typedef enum EpiKind { EPI_BIAS, EPI_RESIDUAL, EPI_ACTIVATION } EpiKind;

typedef struct Epi {
  EpiKind kind;
  MlirOperation op;
  MlirValue operand;             // bias (rank 1) or residual
  const TesseraElementwiseFn *fn; // EPI_ACTIVATION: its table entry
} Epi;

// The table function a unary tgraph op computes: its name without the
// dialect prefix (tgraph.gelu with approximate = "tanh" is gelu_tanh), if
// the kernel generators can fuse it as an epilogue. NULL otherwise.
static const TesseraElementwiseFn *epilogueFn(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  static const char kPrefix[] = "tgraph.";
  size_t p = sizeof kPrefix - 1;
  if (n.length <= p || memcmp(n.data, kPrefix, p) != 0 ||
      mlirOperationGetNumOperands(op) != 1)
    return NULL;
  char name[64];
  snprintf(name, sizeof name, "%.*s", (int)(n.length - p), n.data + p);
  MlirAttribute a = tvGetAttr(op, "approximate");
  if (!strcmp(name, "gelu") && !mlirAttributeIsNull(a) &&
      tvStrEq(mlirStringAttrGetValue(a), "tanh"))
    snprintf(name, sizeof name, "gelu_tanh");
  TesseraEpilogueKind kind;
  if (!tesseraEpilogueActivation(name, strlen(name), &kind))
    return NULL;
  return tesseraLookupElementwiseFn(mlirStringRefCreateFromCString(name));
}

typedef struct MatmulGroup {
  MlirOperation matmul;
  bool batched;
  Epi epi[kMaxGroup];
  int numEpi;
  MlirOperation last;
} MatmulGroup;

// Is `v` a rank-1 tensor broadcast along the last dim of `like`'s shape?
static bool isBiasBroadcast(MlirValue v, MlirValue *bias) {
  if (!mlirValueIsAOpResult(v))
    return false;
  MlirOperation b = mlirOpResultGetOwner(v);
  if (!nameIs(b, "tgraph.broadcast") || useCount(v) != 1)
    return false;
  MlirValue in = mlirOperationGetOperand(b, 0);
  MlirType it = mlirValueGetType(in), rt = mlirValueGetType(v);
  if (mlirShapedTypeGetRank(it) != 1)
    return false;
  MlirAttribute dims = tvGetAttr(b, "broadcast_dimensions");
  if (!mlirAttributeIsNull(dims) &&
      (mlirDenseArrayGetNumElements(dims) != 1 ||
       mlirDenseI64ArrayGetElement(dims, 0) != mlirShapedTypeGetRank(rt) - 1))
    return false;
  *bias = in;
  return true;
}

// Extends a matmul group with the single-use elementwise chain after it.
static void growGroup(MatmulGroup *g) {
  MlirValue cur = mlirOperationGetResult(g->matmul, 0);
  g->last = g->matmul;
  while (g->numEpi < kMaxGroup && useCount(cur) == 1) {
    MlirOperation u = singleUser(cur);
    if (mlirOperationGetBlock(u).ptr != mlirOperationGetBlock(g->matmul).ptr)
      break;
    Epi e = {.op = u, .fn = epilogueFn(u)};
    if (e.fn) {
      e.kind = EPI_ACTIVATION;
    } else if (nameIs(u, "tgraph.add")) {
      MlirValue lhs = mlirOperationGetOperand(u, 0),
                rhs = mlirOperationGetOperand(u, 1);
      MlirValue other = mlirValueEqual(lhs, cur) ? rhs : lhs;
      if (mlirValueEqual(other, cur))
        break; // x + x: not an epilogue of this form
      MlirValue bias;
      if (isBiasBroadcast(other, &bias)) {
        e.kind = EPI_BIAS;
        e.operand = bias;
      } else if (tvShapesCompatible(mlirValueGetType(other),
                                    mlirValueGetType(cur))) {
        e.kind = EPI_RESIDUAL;
        e.operand = other;
      } else {
        break;
      }
    } else {
      break;
    }
    g->epi[g->numEpi++] = e;
    g->last = u;
    cur = mlirOperationGetResult(u, 0);
  }
}

//===----------------------------------------------------------------------===//
// Kernel text
//===----------------------------------------------------------------------===//

// Schedule IR of a matmul group, as in docs/dialects/schedule.md §6.
static void emitMatmulKernel(Lowering *l, const MatmulGroup *g,
                             const char *kname, MlirValue *args, int nargs) {
  TesseraStrBuf *out = &l->kernels;
  const Params *p = &l->params;
  MlirValue a = mlirOperationGetOperand(g->matmul, 0);
  MlirValue b = mlirOperationGetOperand(g->matmul, 1);
  MlirValue c = mlirOperationGetResult(g->last, 0);
  char at[256], bt[256], ct[256], ae[16], be[16], ce[16];
  dynMemrefType(mlirValueGetType(a), at, sizeof at);
  dynMemrefType(mlirValueGetType(b), bt, sizeof bt);
  dynMemrefType(mlirValueGetType(c), ct, sizeof ct);
  elemName(mlirValueGetType(a), ae, sizeof ae);
  elemName(mlirValueGetType(b), be, sizeof be);
  elemName(mlirValueGetType(c), ce, sizeof ce);
  int r = g->batched ? 3 : 2;
  // block-k 0: k-bytes bytes of each row of A per K step (by default 64:
  // 32 elements of f16 or bf16, 16 of f32), so that a stage of tiles costs
  // the same shared memory whatever the element type (2 stages of 128x128
  // f32 tiles then fit 64 KiB of LDS).
  MlirType aElem = mlirShapedTypeGetElementType(mlirValueGetType(a));
  long long blockK = p->blockK ? p->blockK
                               : p->kBytes / (mlirTypeIsAF32(aElem) ? 4 : 2);
  P("func.func @%s(%%A: %s, %%B: %s, %%C: %s", kname, at, bt, ct);
  for (int i = 3; i < nargs; ++i) {
    char t[256];
    dynMemrefType(mlirValueGetType(args[i]), t, sizeof t);
    P(", %%E%d: %s", i - 3, t);
  }
  P(") attributes {tsched.kernel = {fused = [\"%s\"",
    g->batched ? "tgraph.batch_matmul" : "tgraph.matmul");
  for (int i = 0; i < g->numEpi; ++i) {
    char n[64];
    tvOpName(g->epi[i].op, n, sizeof n);
    P(", \"%s\"", n);
  }
  // Tiles and stages are in the body (tile types, loop steps and
  // tsched.tile_loop), which is what every lowering reads.
  P("]}} {\n");
  P("  %%c0 = arith.constant 0 : index\n"
    "  %%c1 = arith.constant 1 : index\n"
    "  %%c2 = arith.constant 2 : index\n"
    "  %%cK = arith.constant %lld : index\n",
    blockK);
  P("  %%M = memref.dim %%A, %%c%d : %s\n", r - 2, at);
  P("  %%K = memref.dim %%A, %%c%d : %s\n", r - 1, at);
  P("  %%N = memref.dim %%B, %%c%d : %s\n", r - 1, bt);
  const char *bi = g->batched ? "%b, " : "";
  if (g->batched)
    P("  %%NB = memref.dim %%A, %%c0 : %s\n"
      "  scf.forall (%%b, %%m, %%n) = (0, 0, 0) to (%%NB, %%M, %%N) step (1, "
      "%lld, %lld) {\n",
      at, (long long)p->blockM, (long long)p->blockN);
  else
    P("  scf.forall (%%m, %%n) = (0, 0) to (%%M, %%N) step (%lld, %lld) {\n",
      (long long)p->blockM, (long long)p->blockN);
  long long BM = p->blockM, BN = p->blockN, BK = blockK;
  P("    %%zero = arith.constant dense<0.0> : vector<%lldx%lldxf32>\n"
    "    %%acc = scf.for %%k = %%c0 to %%K step %%cK iter_args(%%acc_it = "
    "%%zero) -> (vector<%lldx%lldxf32>) {\n",
    BM, BN, BM, BN);
  P("      %%a, %%ta = \"tsched.async_copy\"(%%A, %s%%m, %%k) {tile = "
    "array<i64: %lld, %lld>} : (%s, %sindex, index) -> (memref<%lldx%lldx%s, "
    "#gpu.address_space<workgroup>>, !tsched.token)\n",
    bi, BM, BK, at, g->batched ? "index, " : "", BM, BK, ae);
  P("      %%bb, %%tb = \"tsched.async_copy\"(%%B, %s%%k, %%n) {tile = "
    "array<i64: %lld, %lld>} : (%s, %sindex, index) -> (memref<%lldx%lldx%s, "
    "#gpu.address_space<workgroup>>, !tsched.token)\n",
    bi, BK, BN, bt, g->batched ? "index, " : "", BK, BN, be);
  P("      \"tsched.wait\"(%%ta, %%tb) : (!tsched.token, !tsched.token) -> "
    "()\n"
    "      %%next = \"tsched.tile_matmul\"(%%a, %%bb, %%acc_it) : "
    "(memref<%lldx%lldx%s, #gpu.address_space<workgroup>>, "
    "memref<%lldx%lldx%s, #gpu.address_space<workgroup>>, "
    "vector<%lldx%lldxf32>) -> vector<%lldx%lldxf32>\n"
    "      scf.yield %%next : vector<%lldx%lldxf32>\n"
    "    } {tsched.tile_loop = {kind = \"reduction\", stages = %lld}}\n",
    BM, BK, ae, BK, BN, be, BM, BN, BM, BN, BM, BN, (long long)p->stages);
  const char *cur = "%acc";
  char curBuf[32];
  int extra = 0;
  for (int i = 0; i < g->numEpi; ++i) {
    const Epi *e = &g->epi[i];
    char next[32];
    snprintf(next, sizeof next, "%%e%d", i);
    if (e->kind == EPI_BIAS || e->kind == EPI_RESIDUAL) {
      char et[256], ee[16];
      dynMemrefType(mlirValueGetType(e->operand), et, sizeof et);
      elemName(mlirValueGetType(e->operand), ee, sizeof ee);
      bool bias = e->kind == EPI_BIAS;
      if (bias)
        P("    %%x%d = \"tsched.tile_load\"(%%E%d, %%n) {tile = array<i64: "
          "%lld>, level = \"registers\"} : (%s, index) -> vector<%lldx%s>\n",
          i, extra, BN, et, BN, ee);
      else
        P("    %%x%d = \"tsched.tile_load\"(%%E%d, %s%%m, %%n) {tile = "
          "array<i64: %lld, %lld>, level = \"registers\"} : (%s, %sindex, "
          "index) -> vector<%lldx%lldx%s>\n",
          i, extra, bi, BM, BN, et, g->batched ? "index, " : "", BM, BN, ee);
      char shape[48];
      if (bias)
        snprintf(shape, sizeof shape, "%lld", BN);
      else
        snprintf(shape, sizeof shape, "%lldx%lld", BM, BN);
      char xf[32];
      snprintf(xf, sizeof xf, "%%x%d", i);
      if (strcmp(ee, "f32") != 0) {
        P("    %%x%df = arith.extf %%x%d : vector<%sx%s> to vector<%sxf32>\n",
          i, i, shape, ee, shape);
        snprintf(xf, sizeof xf, "%%x%df", i);
      }
      P("    %s = \"tsched.elementwise\"(%s, %s) {fn = \"add\"} : "
        "(vector<%lldx%lldxf32>, vector<%sxf32>) -> vector<%lldx%lldxf32>\n",
        next, cur, xf, BM, BN, shape, BM, BN);
      ++extra;
    } else {
      P("    %s = \"tsched.elementwise\"(%s) {fn = \"%s\"} : "
        "(vector<%lldx%lldxf32>) -> vector<%lldx%lldxf32>\n",
        next, cur, e->fn->name, BM, BN, BM, BN);
    }
    snprintf(curBuf, sizeof curBuf, "%s", next);
    cur = curBuf;
  }
  if (strcmp(ce, "f32") != 0) {
    P("    %%out = arith.truncf %s : vector<%lldx%lldxf32> to "
      "vector<%lldx%lldx%s>\n", cur, BM, BN, BM, BN, ce);
    cur = "%out";
  }
  P("    \"tsched.tile_store\"(%s, %%C, %s%%m, %%n) : (vector<%lldx%lldx%s>, "
    "%s, %sindex, index) -> ()\n",
    cur, bi, BM, BN, ce, ct, g->batched ? "index, " : "");
  P("  } {tsched.tile_loop = {kind = \"grid\"}}\n"
    "  return\n"
    "}\n");
}

// One softmax pass's column tile: %x<n> loaded with out-of-range columns
// reading -inf (in the input's own type), widened to f32 as %f<n> unless it
// is f32 already. Writes the name of the f32 tile into `name`.
static void emitSoftmaxTile(TesseraStrBuf *out, int n, long long R,
                            long long BN, const char *it, char *name,
                            size_t cap) {
  const char *ninf = !strcmp(it, "f16")    ? "0xFC00"
                     : !strcmp(it, "bf16") ? "0xFF80"
                                           : "0xFF800000";
  P("      %%x%d = \"tsched.tile_load\"(%%X, %%r, %%j) {tile = array<i64: "
    "%lld, %lld>, level = \"registers\", pad = %s : %s} : (memref<?x?x%s>, "
    "index, index) -> vector<%lldx%lldx%s>\n",
    n, R, BN, ninf, it, it, R, BN, it);
  if (!strcmp(it, "f32")) {
    snprintf(name, cap, "%%x%d", n);
    return;
  }
  P("      %%f%d = arith.extf %%x%d : vector<%lldx%lldx%s> to "
    "vector<%lldx%lldxf32>\n", n, n, R, BN, it, R, BN);
  snprintf(name, cap, "%%f%d", n);
}

// Schedule IR of a row softmax over a 2-D view: three passes over column
// tiles (max; sum of exp; write), rows_per_block rows per program.
static void emitSoftmaxKernel(Lowering *l, const char *kname, const char *it,
                              const char *ot) {
  TesseraStrBuf *out = &l->kernels;
  long long R = l->params.rowsPerBlock, BN = l->params.blockN;
  P("func.func @%s(%%X: memref<?x?x%s>, %%Y: memref<?x?x%s>) attributes "
    "{tsched.kernel = {fused = [\"tgraph.softmax\"]}} {\n",
    kname, it, ot);
  P("  %%c0 = arith.constant 0 : index\n"
    "  %%c1 = arith.constant 1 : index\n"
    "  %%cN = arith.constant %lld : index\n"
    "  %%R = memref.dim %%X, %%c0 : memref<?x?x%s>\n"
    "  %%L = memref.dim %%X, %%c1 : memref<?x?x%s>\n"
    "  scf.forall (%%r) = (0) to (%%R) step (%lld) {\n"
    "    %%ninf = arith.constant dense<0xFF800000> : vector<%lldx1xf32>\n"
    "    %%zero = arith.constant dense<0.0> : vector<%lldx1xf32>\n",
    BN, it, it, R, R, R);
  char x1[8], x2[8], x3[8];
  // Pass 1: running max.
  P("    %%mx = scf.for %%j = %%c0 to %%L step %%cN iter_args(%%m = %%ninf) "
    "-> (vector<%lldx1xf32>) {\n", R);
  emitSoftmaxTile(out, 1, R, BN, it, x1, sizeof x1);
  P("      %%t1 = \"tsched.reduce\"(%s) {kind = \"max\"} : "
    "(vector<%lldx%lldxf32>) -> vector<%lldx1xf32>\n"
    "      %%m1 = \"tsched.elementwise\"(%%m, %%t1) {fn = \"max\"} : "
    "(vector<%lldx1xf32>, vector<%lldx1xf32>) -> vector<%lldx1xf32>\n"
    "      scf.yield %%m1 : vector<%lldx1xf32>\n"
    "    } {tsched.tile_loop = {kind = \"reduction\"}}\n",
    x1, R, BN, R, R, R, R, R);
  // Pass 2: sum of exp(x - max).
  P("    %%sum = scf.for %%j = %%c0 to %%L step %%cN iter_args(%%s = %%zero) "
    "-> (vector<%lldx1xf32>) {\n", R);
  emitSoftmaxTile(out, 2, R, BN, it, x2, sizeof x2);
  P("      %%d2 = \"tsched.elementwise\"(%s, %%mx) {fn = \"sub\"} : "
    "(vector<%lldx%lldxf32>, vector<%lldx1xf32>) -> vector<%lldx%lldxf32>\n"
    "      %%e2 = \"tsched.elementwise\"(%%d2) {fn = \"exp\"} : "
    "(vector<%lldx%lldxf32>) -> vector<%lldx%lldxf32>\n"
    "      %%t2 = \"tsched.reduce\"(%%e2) {kind = \"sum\"} : "
    "(vector<%lldx%lldxf32>) -> vector<%lldx1xf32>\n"
    "      %%s2 = \"tsched.elementwise\"(%%s, %%t2) {fn = \"add\"} : "
    "(vector<%lldx1xf32>, vector<%lldx1xf32>) -> vector<%lldx1xf32>\n"
    "      scf.yield %%s2 : vector<%lldx1xf32>\n"
    "    } {tsched.tile_loop = {kind = \"reduction\"}}\n",
    x2, R, BN, R, R, BN, R, BN, R, BN, R, BN, R, R, R, R,
    R);
  // Pass 3: exp(x - max) / sum.
  P("    scf.for %%j = %%c0 to %%L step %%cN {\n");
  emitSoftmaxTile(out, 3, R, BN, it, x3, sizeof x3);
  P("      %%d3 = \"tsched.elementwise\"(%s, %%mx) {fn = \"sub\"} : "
    "(vector<%lldx%lldxf32>, vector<%lldx1xf32>) -> vector<%lldx%lldxf32>\n"
    "      %%e3 = \"tsched.elementwise\"(%%d3) {fn = \"exp\"} : "
    "(vector<%lldx%lldxf32>) -> vector<%lldx%lldxf32>\n"
    "      %%y3 = \"tsched.elementwise\"(%%e3, %%sum) {fn = \"div\"} : "
    "(vector<%lldx%lldxf32>, vector<%lldx1xf32>) -> vector<%lldx%lldxf32>\n",
    x3, R, BN, R, R, BN, R, BN, R, BN, R, BN, R, R, BN);
  const char *y = "%y3";
  if (strcmp(ot, "f32") != 0) {
    P("      %%o3 = arith.truncf %%y3 : vector<%lldx%lldxf32> to "
      "vector<%lldx%lldx%s>\n", R, BN, R, BN, ot);
    y = "%o3";
  }
  P("      \"tsched.tile_store\"(%s, %%Y, %%r, %%j) : (vector<%lldx%lldx%s>, "
    "memref<?x?x%s>, index, index) -> ()\n"
    "    } {tsched.tile_loop = {kind = \"sequential\"}}\n"
    "  } {tsched.tile_loop = {kind = \"grid\"}}\n"
    "  return\n"
    "}\n",
    y, R, BN, ot, ot);
}

//===----------------------------------------------------------------------===//
// Entry function
//===----------------------------------------------------------------------===//

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

static int findOp(const Plan *p, MlirOperation op) {
  for (int i = 0; i < p->numOps; ++i)
    if (mlirOperationEqual(p->ops[i].op, op))
      return i;
  return -1;
}


// Materialised value for an operand, or an error at `user`.
static Value *operandValue(Lowering *l, MlirOperation user, MlirValue v) {
  Value *x = lookup(l, v);
  if (!x || !x->materialised) {
    opError(user, "operand is not produced by an op tessera-lower-graph "
                  "supports (only matmul/batch_matmul with fused "
                  "elementwise epilogues and softmax are lowered so far)");
    l->failed = true;
    return NULL;
  }
  return x;
}

// Dims are SSA names of the entry: "%argN_dD" (dim D of argument N) or
// "%ciV" (a constant). Describes one for a message.
static void describeDim(const char *dim, char *buf, size_t cap) {
  int arg, d;
  long long v;
  if (sscanf(dim, "%%arg%d_d%d", &arg, &d) == 2)
    snprintf(buf, cap, "input %d dim %d", arg, d);
  else if (sscanf(dim, "%%ci%lld", &v) == 1)
    snprintf(buf, cap, "%lld", v);
  else
    snprintf(buf, cap, "%s", dim);
}

// Records that two dims must be equal at run time. The verifier has already
// checked static pairs; dynamic ones are checked by `<entry>_check_shapes`,
// which the runtime calls before the entry, so inconsistent inputs are
// refused with this message instead of producing a wrong result.
static void requireEqual(Lowering *l, const char *a, const char *b,
                         const char *what) {
  if (!strcmp(a, b) || (!strncmp(a, "%ci", 3) && !strncmp(b, "%ci", 3)))
    return;
  char da[48], db[48];
  describeDim(a, da, sizeof da);
  describeDim(b, db, sizeof db);
  tesseraStrBufPrintf(&l->checks, "  %%ok%d = arith.cmpi eq, %s, %s : index\n",
                      l->numChecks, a, b);
  tesseraStrBufPrintf(&l->messages, "%s\"%s: %s must equal %s\"",
                      l->numChecks ? ", " : "", what, da, db);
  ++l->numChecks;
}

static void emitMatmulCall(Lowering *l, const MatmulGroup *g) {
  MlirValue args[3 + kMaxGroup];
  int n = 0;
  args[n++] = mlirOperationGetOperand(g->matmul, 0);
  args[n++] = mlirOperationGetOperand(g->matmul, 1);
  MlirValue result = mlirOperationGetResult(g->last, 0);
  args[n++] = result;
  for (int i = 0; i < g->numEpi; ++i)
    if (g->epi[i].kind == EPI_BIAS || g->epi[i].kind == EPI_RESIDUAL)
      args[n++] = g->epi[i].operand;
  Value *a = operandValue(l, g->matmul, args[0]);
  Value *b = operandValue(l, g->matmul, args[1]);
  if (!a || !b)
    return;
  for (int i = 3; i < n; ++i)
    if (!operandValue(l, g->last, args[i]))
      return;
  Value *c = addValue(l, result, "buf");
  if (!c) {
    opError(g->last, "function too large for tessera-lower-graph");
    l->failed = true;
    return;
  }
  // Result dims: [batch,] rows of A, columns of B.
  int r = c->rank;
  if (g->batched)
    snprintf(c->dims[0], sizeof c->dims[0], "%s", a->dims[0]);
  snprintf(c->dims[r - 2], sizeof c->dims[0], "%s", a->dims[r - 2]);
  snprintf(c->dims[r - 1], sizeof c->dims[0], "%s", b->dims[r - 1]);
  requireEqual(l, a->dims[r - 1], b->dims[r - 2], "matmul inner dimensions");
  if (g->batched)
    requireEqual(l, a->dims[0], b->dims[0], "batch_matmul batch sizes");
  for (int i = 3; i < n; ++i) {
    const Value *e = lookup(l, args[i]);
    if (e->rank == 1)
      requireEqual(l, e->dims[0], c->dims[r - 1], "bias length");
    else
      for (int d = 0; d < r; ++d)
        requireEqual(l, e->dims[d], c->dims[d], "residual shape");
  }
  allocate(l, c);
  char kname[160];
  {
    MlirOperation src[1 + kMaxGroup] = {g->matmul};
    for (int i = 0; i < g->numEpi; ++i)
      src[1 + i] = g->epi[i].op;
    setKernelLoc(l, l->numKernels, 1 + g->numEpi, src);
  }
  snprintf(kname, sizeof kname, "%s_k%d", l->funcName, l->numKernels++);
  emitMatmulKernel(l, g, kname, args, n);
  TesseraStrBuf *out = &l->entry;
  char argNames[3 + kMaxGroup][48];
  for (int i = 0; i < n; ++i) {
    Value *x = lookup(l, args[i]);
    char mt[256], dt[256];
    memrefType(mlirValueGetType(args[i]), mt, sizeof mt);
    dynMemrefType(mlirValueGetType(args[i]), dt, sizeof dt);
    if (strcmp(mt, dt) == 0) {
      snprintf(argNames[i], sizeof argNames[i], "%s", x->name);
      continue;
    }
    snprintf(argNames[i], sizeof argNames[i], "%s_dyn%d", x->name,
             l->numKernels);
    P("  %s = memref.cast %s : %s to %s\n", argNames[i], x->name, mt, dt);
  }
  P("  func.call @%s(", kname);
  for (int i = 0; i < n; ++i)
    P("%s%s", i ? ", " : "", argNames[i]);
  P(") : (");
  for (int i = 0; i < n; ++i) {
    char dt[256];
    dynMemrefType(mlirValueGetType(args[i]), dt, sizeof dt);
    P("%s%s", i ? ", " : "", dt);
  }
  P(") -> ()\n");
}

// A 2-D view (rows x last dim) of a rank >= 1 buffer.
static void rowsView(Lowering *l, const Value *x, const char *dst,
                     const char *elem) {
  TesseraStrBuf *out = &l->entry;
  char mt[256];
  memrefType(mlirValueGetType(x->v), mt, sizeof mt);
  if (x->rank == 2) {
    P("  %s = memref.cast %s : %s to memref<?x?x%s>\n", dst, x->name, mt,
      elem);
  } else if (x->rank == 1) {
    P("  %s_e = memref.expand_shape %s [[0, 1]] output_shape [1, %s] : %s "
      "into memref<1x?x%s>\n", dst, x->name, x->dims[0], mt, elem);
    P("  %s = memref.cast %s_e : memref<1x?x%s> to memref<?x?x%s>\n", dst,
      dst, elem, elem);
  } else {
    P("  %s_c = memref.collapse_shape %s [[", dst, x->name);
    for (int d = 0; d + 1 < x->rank; ++d)
      P("%s%d", d ? ", " : "", d);
    P("], [%d]] : %s into memref<", x->rank - 1, mt);
    // The collapsed leading dim is static only if all of them are.
    MlirType t = mlirValueGetType(x->v);
    int64_t rows = 1;
    bool dyn = false;
    for (int d = 0; d + 1 < x->rank; ++d) {
      int64_t s = mlirShapedTypeGetDimSize(t, d);
      // A product too large for int64 cannot be a real shape: call it
      // dynamic rather than overflow.
      dyn |= mlirShapedTypeIsDynamicSize(s) ||
             __builtin_mul_overflow(rows, s, &rows);
    }
    int64_t last = mlirShapedTypeGetDimSize(t, x->rank - 1);
    if (dyn)
      P("?x");
    else
      P("%lldx", (long long)rows);
    if (mlirShapedTypeIsDynamicSize(last))
      P("?x%s>\n", elem);
    else
      P("%lldx%s>\n", (long long)last, elem);
    P("  %s = memref.cast %s_c : memref<", dst, dst);
    if (dyn)
      P("?x");
    else
      P("%lldx", (long long)rows);
    if (mlirShapedTypeIsDynamicSize(last))
      P("?x%s>", elem);
    else
      P("%lldx%s>", (long long)last, elem);
    P(" to memref<?x?x%s>\n", elem);
  }
}

static void emitSoftmax(Lowering *l, MlirOperation op) {
  MlirValue in = mlirOperationGetOperand(op, 0);
  MlirValue res = mlirOperationGetResult(op, 0);
  int rank = (int)mlirShapedTypeGetRank(mlirValueGetType(in));
  MlirAttribute d = tvGetAttr(op, "dim");
  int64_t dim = mlirAttributeIsNull(d) ? -1 : mlirIntegerAttrGetValueSInt(d);
  if (dim != -1 && dim != rank - 1) {
    opError(op, "softmax over a dim other than the last is not supported by "
                "tessera-lower-graph yet");
    l->failed = true;
    return;
  }
  Value *x = operandValue(l, op, in);
  if (!x)
    return;
  Value *y = addValue(l, res, "buf");
  for (int i = 0; i < rank; ++i)
    snprintf(y->dims[i], sizeof y->dims[i], "%s", x->dims[i]);
  allocate(l, y);
  char ie[16], oe[16], xv[48], yv[48], kname[160];
  elemName(mlirValueGetType(in), ie, sizeof ie);
  elemName(mlirValueGetType(res), oe, sizeof oe);
  snprintf(xv, sizeof xv, "%s_rows", x->name);
  snprintf(yv, sizeof yv, "%s_rows", y->name);
  // A second softmax of the same input reuses the view's name: make it
  // unique per use.
  snprintf(xv, sizeof xv, "%s_rows%d", x->name, l->numKernels);
  rowsView(l, x, xv, ie);
  rowsView(l, y, yv, oe);
  setKernelLoc(l, l->numKernels, 1, &op);
  snprintf(kname, sizeof kname, "%s_k%d", l->funcName, l->numKernels++);
  emitSoftmaxKernel(l, kname, ie, oe);
  tesseraStrBufPrintf(&l->entry,
                      "  func.call @%s(%s, %s) : (memref<?x?x%s>, "
                      "memref<?x?x%s>) -> ()\n",
                      kname, xv, yv, ie, oe);
}

// Plans fusion groups over the block's ops.
static bool plan(Lowering *l, MlirBlock block, Plan *p) {
  (void)l;
  p->numOps = p->numGroups = 0;
  int n = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    ++n;
  p->ops = calloc((size_t)n + 1, sizeof *p->ops);
  p->groups = calloc((size_t)n + 1, sizeof *p->groups);
  if (!p->ops || !p->groups)
    abort();
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    p->ops[p->numOps++] = (OpInfo){op, -1};
  for (int i = 0; i < p->numOps; ++i) {
    MlirOperation op = p->ops[i].op;
    bool mm = nameIs(op, "tgraph.matmul"), bmm = nameIs(op, "tgraph.batch_matmul");
    if ((!mm && !bmm) || p->ops[i].group >= 0)
      continue;
    MatmulGroup *g = &p->groups[p->numGroups];
    memset(g, 0, sizeof *g);
    g->matmul = op;
    g->batched = bmm;
    growGroup(g);
    p->ops[i].group = p->numGroups;
    for (int e = 0; e < g->numEpi; ++e) {
      int k = findOp(p, g->epi[e].op);
      if (k >= 0)
        p->ops[k].group = p->numGroups;
    }
    ++p->numGroups;
  }
  (void)l;
  return true;
}

static void checkPrecision(Lowering *l, MlirOperation op) {
  MlirAttribute prec = tvGetAttr(op, "precision");
  if (mlirAttributeIsNull(prec))
    return;
  MlirAttribute acc = mlirDictionaryAttrGetElementByName(
      prec, mlirStringRefCreateFromCString("accumulate"));
  if (!mlirAttributeIsNull(acc) && !mlirTypeIsAF32(mlirTypeAttrGetValue(acc))) {
    opError(op, "only f32 accumulation is supported by the lowering so far");
    l->failed = true;
  }
}

static void emitOp(Lowering *l, Plan *p, int i) {
  MlirOperation op = p->ops[i].op;
  if (p->ops[i].group >= 0) {
    checkPrecision(l, op);
    const MatmulGroup *g = &p->groups[p->ops[i].group];
    if (mlirOperationEqual(g->last, op))
      emitMatmulCall(l, g);
    return;
  }
  if (nameIs(op, "tgraph.softmax")) {
    emitSoftmax(l, op);
    return;
  }
  if (nameIs(op, "tgraph.broadcast")) {
    // Folded into a fused bias add when used that way (isBiasBroadcast);
    // any other use is reported where it happens.
    return;
  }
  if (nameIs(op, "func.return"))
    return;
  char name[64];
  char msg[160];
  snprintf(msg, sizeof msg, "'%s' is not supported by tessera-lower-graph "
           "yet (outside a fused matmul epilogue)",
           tvOpName(op, name, sizeof name));
  opError(op, msg);
  l->failed = true;
}

// ": T0, T1" (the memref types of a func.return's operands).
static void printResultTypes(TesseraStrBuf *out, MlirOperation ret) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(ret); ++i) {
    char mt[256];
    memrefType(mlirValueGetType(mlirOperationGetOperand(ret, i)), mt,
               sizeof mt);
    P("%s%s", i ? ", " : "", mt);
  }
}

// Returns: copies of returned arguments, frees intermediates, the return.
static void emitReturn(Lowering *l, MlirOperation ret) {
  TesseraStrBuf *out = &l->entry;
  intptr_t n = mlirOperationGetNumOperands(ret);
  char names[TESSERA_MAX_PASS_OPTIONS * 8][32];
  if (n > (intptr_t)(sizeof names / sizeof names[0])) {
    opError(ret, "too many results");
    l->failed = true;
    return;
  }
  for (intptr_t i = 0; i < n; ++i) {
    MlirValue v = mlirOperationGetOperand(ret, i);
    Value *x = operandValue(l, ret, v);
    if (!x)
      return;
    if (x->isArg || x->returned) {
      // The caller owns results: return a copy, not its own input.
      char mt[256];
      memrefType(mlirValueGetType(v), mt, sizeof mt);
      snprintf(names[i], sizeof names[i], "%%ret%ld", (long)i);
      emitAlloc(out, names[i], x);
      P("  memref.copy %s, %s : %s to %s\n", x->name, names[i], mt, mt);
    } else {
      snprintf(names[i], sizeof names[i], "%s", x->name);
      x->returned = true;
    }
  }
  for (int i = 0; i < l->numVals; ++i) {
    Value *x = l->vals[i];
    if (x->materialised && !x->isArg && !x->returned) {
      char mt[256];
      memrefType(mlirValueGetType(x->v), mt, sizeof mt);
      P("  memref.dealloc %s : %s\n", x->name, mt);
    }
  }
  P("  return");
  for (intptr_t i = 0; i < n; ++i)
    P("%s%s", i ? ", " : " ", names[i]);
  if (n) {
    P(" : ");
    printResultTypes(out, ret);
  }
  P("\n");
}

static bool hasGraphOps(MlirBlock block) {
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
    if (n.length > 7 && memcmp(n.data, "tgraph.", 7) == 0)
      return true;
  }
  return false;
}

// `<entry>_check_shapes(args) -> i64`: 0 if every runtime shape check
// holds, else 1 + the index of the first that fails (its message is item
// index of the entry's tessera.shape_checks).
static void emitShapeChecker(Lowering *l, TesseraStrBuf *out, intptr_t nargs) {
  if (!l->numChecks)
    return;
  P("func.func @%s_check_shapes(", l->funcName);
  for (intptr_t i = 0; i < nargs; ++i) {
    char mt[256];
    memrefType(mlirValueGetType(l->vals[i]->v), mt, sizeof mt);
    P("%s%s: %s", i ? ", " : "", l->vals[i]->name, mt);
  }
  P(") -> i64 attributes {llvm.emit_c_interface} {\n%s%s%s",
    tesseraStrBufStr(&l->constants), tesseraStrBufStr(&l->argDims),
    tesseraStrBufStr(&l->checks));
  P("  %%r%d = arith.constant 0 : i64\n", l->numChecks);
  for (int i = l->numChecks - 1; i >= 0; --i)
    P("  %%fail%d = arith.constant %d : i64\n"
      "  %%r%d = arith.select %%ok%d, %%r%d, %%fail%d : i64\n",
      i, i + 1, i, i, i + 1, i);
  P("  return %%r0 : i64\n}\n");
}

// Graph functions are the ones with tgraph ops or tensor arguments (a
// function that only returns its input is still a Graph IR function).
static bool hasTensorArgs(MlirBlock block) {
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(block); ++i)
    if (mlirTypeIsATensor(mlirValueGetType(mlirBlockGetArgument(block, i))))
      return true; // unranked ones are reported by lowerFunc
  return false;
}

// Lowers one func.func; returns the new text or NULL (nothing to do or an
// error: l->failed says which).
static char *lowerFunc(Lowering *l) {
  MlirRegion body = mlirOperationGetRegion(l->func, 0);
  MlirBlock block = mlirRegionGetFirstBlock(body);
  if (mlirBlockIsNull(block) ||
      !(hasGraphOps(block) || hasTensorArgs(block)))
    return NULL;
  if (!mlirBlockIsNull(mlirBlockGetNextInRegion(block))) {
    opError(l->func, "tessera-lower-graph expects functions of one block");
    l->failed = true;
    return NULL;
  }
  intptr_t nargs = mlirBlockGetNumArguments(block);
  for (intptr_t i = 0; i < nargs; ++i) {
    MlirValue a = mlirBlockGetArgument(block, i);
    if (!mlirTypeIsARankedTensor(mlirValueGetType(a))) {
      opError(l->func, "tessera-lower-graph expects ranked tensor arguments");
      l->failed = true;
      return NULL;
    }
    Value *x = addValue(l, a, "arg");
    x->isArg = x->materialised = true;
    dimsFromBuffer(l, x);
  }
  Plan p = {0};
  MlirOperation ret = {NULL};
  if (!plan(l, block, &p))
    l->failed = true;
  for (int i = 0; i < p.numOps && !l->failed; ++i) {
    emitOp(l, &p, i);
    if (nameIs(p.ops[i].op, "func.return"))
      ret = p.ops[i].op;
  }
  free(p.ops);
  free(p.groups);
  if (l->failed)
    return NULL;
  if (mlirOperationIsNull(ret)) {
    opError(l->func, "function has no func.return");
    l->failed = true;
    return NULL;
  }
  emitReturn(l, ret);
  if (l->failed)
    return NULL;
  TesseraStrBuf text = {0};
  TesseraStrBuf *out = &text;
  P("func.func @%s(", l->funcName);
  for (intptr_t i = 0; i < nargs; ++i) {
    char mt[256];
    memrefType(mlirValueGetType(l->vals[i]->v), mt, sizeof mt);
    P("%s%s: %s", i ? ", " : "", l->vals[i]->name, mt);
  }
  P(")");
  intptr_t nres = mlirOperationGetNumOperands(ret);
  if (nres) {
    P(" -> (");
    printResultTypes(out, ret);
    P(")");
  }
  P(" attributes {llvm.emit_c_interface");
  if (l->numChecks)
    P(", tessera.shape_checks = [%s]", tesseraStrBufStr(&l->messages));
  P("} {\n%s%s}\n%s", tesseraStrBufStr(&l->constants),
    tesseraStrBufStr(&l->entry), tesseraStrBufStr(&l->kernels));
  emitShapeChecker(l, out, nargs);
  return text.data;
}

// The generated text's ops are located at the user's source: a kernel, and
// the call of it in the entry, where its fused Graph IR ops are; the rest of
// the entry and the shape checker where the original function is.
static MlirWalkResult locateCall(MlirOperation op, void *ud) {
  const Lowering *l = ud;
  MlirAttribute callee = tvGetAttr(op, "callee");
  if (!nameIs(op, "func.call") || mlirAttributeIsNull(callee))
    return MlirWalkResultAdvance;
  MlirStringRef c = mlirSymbolRefAttrGetRootReference(callee);
  for (int i = 0; i < l->numKernels; ++i) {
    char kname[160];
    snprintf(kname, sizeof kname, "%s_k%d", l->funcName, i);
    if (tvStrEq(c, kname))
      mlirOperationSetLocation(op, l->kernelLocs[i]);
  }
  return MlirWalkResultAdvance;
}

static void locateGenerated(const Lowering *l, MlirModule m,
                            MlirOperation original) {
  MlirOperation f = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
  for (; !mlirOperationIsNull(f); f = mlirOperationGetNextInBlock(f)) {
    MlirAttribute sym = tvGetAttr(f, "sym_name");
    MlirLocation loc = mlirOperationGetLocation(original);
    for (int i = 0; i < l->numKernels && !mlirAttributeIsNull(sym); ++i) {
      char kname[160];
      snprintf(kname, sizeof kname, "%s_k%d", l->funcName, i);
      if (tvStrEq(mlirStringAttrGetValue(sym), kname))
        loc = l->kernelLocs[i];
    }
    tsSetLocations(f, loc);
  }
  mlirOperationWalk(mlirModuleGetOperation(m), locateCall, (void *)l,
                    MlirWalkPreOrder);
}

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
    if (!nameIs(op, "func.func")) {
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
    char *text = lowerFunc(&l);
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
        locateGenerated(&l, m, op);
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
