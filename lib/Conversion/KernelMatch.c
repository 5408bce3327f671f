//===- KernelMatch.c - Which fast lowering a kernel body can take --------===//
//
// The tensor-core and BLIS-style lowerings (KernelGen.h) each implement one
// loop nest as a whole: a tiled matmul with an elementwise epilogue. A
// kernel takes it only if its *body* is
// that loop nest -- read from the tsched ops, their tile types, the loop
// steps and bounds and `tsched.tile_loop` -- never because of where it came
// from (the `fused` list is provenance, and is not read). Tiles and stages
// come from the body, so editing them in the IR changes the kernel; a body
// that differs in anything the fast lowering would not honour is "generic"
// with the reason, and goes to the op-by-op lowering (host) or to a located
// error (GPUs, whose op-by-op lowering is not written yet).
//
//===----------------------------------------------------------------------===//
#include "Conversion/KernelMatch.h"
#include "Conversion/KernelFamilies.h"
#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { kMaxIvs = 4 };

typedef struct Match {
  MlirBlock entry;
  intptr_t nargs;
  char *why;
  size_t cap;
  int matched; // tsched / ttarget ops accounted for
} Match;

static bool no(Match *m, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m->why, m->cap, fmt, ap);
  va_end(ap);
  return false;
}

static bool isOp(MlirOperation op, const char *name) {
  return !mlirOperationIsNull(op) &&
         tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

static MlirOperation defOf(MlirValue v) {
  return mlirValueIsAOpResult(v) ? mlirOpResultGetOwner(v)
                                 : (MlirOperation){NULL};
}

static bool isScheduleOp(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return (n.length > 7 && !memcmp(n.data, "tsched.", 7)) ||
         (n.length > 8 && !memcmp(n.data, "ttarget.", 8));
}

static MlirWalkResult countOps(MlirOperation op, void *ud) {
  if (isScheduleOp(op))
    ++*(int *)ud;
  return MlirWalkResultAdvance;
}

// The entry argument `v` is, or -1.
static int argOf(const Match *m, MlirValue v) {
  if (!mlirValueIsABlockArgument(v) ||
      !mlirBlockEqual(mlirBlockArgumentGetOwner(v), m->entry))
    return -1;
  return (int)mlirBlockArgumentGetArgNumber(v);
}

static bool constIndex(MlirValue v, int64_t *out) {
  MlirOperation d = defOf(v);
  if (!isOp(d, "arith.constant"))
    return false;
  MlirAttribute a = tvGetAttr(d, "value");
  if (!mlirAttributeIsAInteger(a))
    return false;
  *out = mlirIntegerAttrGetValueInt(a);
  return true;
}

// `v` is the size of dim `d` of entry argument `arg` (memref.dim, or the
// constant equal to a static size).
static bool isDimOf(const Match *m, MlirValue v, int arg, int64_t d) {
  MlirType t = mlirValueGetType(mlirBlockGetArgument(m->entry, arg));
  int64_t c;
  if (!mlirShapedTypeIsDynamicDim(t, d) && constIndex(v, &c))
    return c == mlirShapedTypeGetDimSize(t, d);
  MlirOperation dim = defOf(v);
  return isOp(dim, "memref.dim") &&
         argOf(m, mlirOperationGetOperand(dim, 0)) == arg &&
         constIndex(mlirOperationGetOperand(dim, 1), &c) && c == d;
}

static int64_t loopStages(MlirOperation loop) {
  MlirAttribute a = tvGetAttr(loop, "tsched.tile_loop");
  MlirAttribute s = mlirDictionaryAttrGetElementByName(
      a, mlirStringRefCreateFromCString("stages"));
  return !mlirAttributeIsNull(s) && mlirAttributeIsAInteger(s)
             ? mlirIntegerAttrGetValueInt(s)
             : 1;
}

static MlirOperation parentOp(MlirOperation op) {
  return mlirOperationGetParentOperation(op);
}

// The grid loop: scf.forall marked kind = "grid" with zero lower bounds and
// the given static steps, covering dims `dims` of entry args `args`.
typedef struct Grid {
  MlirOperation op;
  intptr_t rank;
  MlirValue ivs[kMaxIvs];
} Grid;

static bool matchGrid(Match *m, MlirOperation forall, Grid *g,
                      const int64_t *steps, const int *args,
                      const int64_t *dims, intptr_t rank) {
  if (!isOp(forall, "scf.forall") || !tsTileLoopIs(forall, "grid") ||
      !mlirOperationEqual(parentOp(forall), mlirBlockGetParentOperation(
                                                m->entry)))
    return no(m, "the tile loops are not nested in a grid scf.forall at the "
                 "top of the kernel");
  MlirAttribute lb = tvGetAttr(forall, "staticLowerBound");
  MlirAttribute ub = tvGetAttr(forall, "staticUpperBound");
  MlirAttribute st = tvGetAttr(forall, "staticStep");
  if (mlirDenseArrayGetNumElements(st) != rank)
    return no(m, "the grid has %lld dims, the fast lowering %lld",
              (long long)mlirDenseArrayGetNumElements(st), (long long)rank);
  intptr_t dynamic = 0;
  for (intptr_t i = 0; i < rank; ++i) {
    if (mlirDenseI64ArrayGetElement(lb, i) != 0 ||
        mlirDenseI64ArrayGetElement(st, i) != steps[i])
      return no(m, "grid dim %lld: lower bound %lld, step %lld; the tiles "
                   "need 0 and %lld",
                (long long)i, (long long)mlirDenseI64ArrayGetElement(lb, i),
                (long long)mlirDenseI64ArrayGetElement(st, i),
                (long long)steps[i]);
    int64_t u = mlirDenseI64ArrayGetElement(ub, i);
    MlirType t = mlirValueGetType(mlirBlockGetArgument(m->entry, args[i]));
    bool ok = mlirShapedTypeIsDynamicSize(u)
                  ? isDimOf(m, mlirOperationGetOperand(forall, dynamic++),
                            args[i], dims[i])
                  : !mlirShapedTypeIsDynamicDim(t, dims[i]) &&
                        u == mlirShapedTypeGetDimSize(t, dims[i]);
    if (!ok)
      return no(m, "grid dim %lld does not cover dim %lld of argument %d",
                (long long)i, (long long)dims[i], args[i]);
  }
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(forall, 0));
  g->op = forall;
  g->rank = rank;
  for (intptr_t i = 0; i < rank; ++i)
    g->ivs[i] = mlirBlockGetArgument(body, i);
  return true;
}

// A reduction scf.for from 0 to dim `dim` of argument `arg` by `step`.
static bool matchKLoop(Match *m, MlirOperation loop, int arg, int64_t dim,
                       int64_t step, const char *kind) {
  int64_t lb, s;
  if (!isOp(loop, "scf.for") || !tsTileLoopIs(loop, kind))
    return no(m, "the loop is not a %s scf.for", kind);
  if (!constIndex(mlirOperationGetOperand(loop, 0), &lb) || lb != 0 ||
      !constIndex(mlirOperationGetOperand(loop, 2), &s) || s != step ||
      !isDimOf(m, mlirOperationGetOperand(loop, 1), arg, dim))
    return no(m, "the %s loop does not run from 0 over dim %lld of argument "
                 "%d by the tile's %lld",
              kind, (long long)dim, arg, (long long)step);
  return true;
}

static intptr_t tileShape(MlirType t, int64_t *s) {
  intptr_t r = mlirShapedTypeGetRank(t);
  for (intptr_t i = 0; i < r && i < 2; ++i)
    s[i] = mlirShapedTypeGetDimSize(t, i);
  return r;
}

// `v` is a tile of entry argument `arg` read at indices `ivs` (a copy or a
// load); the op is counted.
static bool matchRead(Match *m, MlirValue v, int arg, const MlirValue *ivs,
                      intptr_t n, const char *what) {
  MlirOperation d = defOf(v);
  bool read = isOp(d, "tsched.async_copy") || isOp(d, "ttarget.copy") ||
              isOp(d, "tsched.tile_load");
  if (!read || argOf(m, mlirOperationGetOperand(d, 0)) != arg ||
      mlirOperationGetNumOperands(d) != 1 + n)
    return no(m, "%s is not a tile of argument %d", what, arg);
  for (intptr_t i = 0; i < n; ++i)
    if (!mlirValueEqual(mlirOperationGetOperand(d, 1 + i), ivs[i]))
      return no(m, "%s is not read at the tile loops' indices", what);
  ++m->matched;
  return true;
}

static bool boolAttrSet(MlirOperation op, const char *name) {
  MlirAttribute a = tvGetAttr(op, name);
  return !mlirAttributeIsNull(a) && mlirAttributeIsABool(a) &&
         mlirBoolAttrGetValue(a);
}

// `v` is an f32 constant splat of `x`.
static bool isSplatOf(MlirValue v, float x) {
  MlirOperation d = defOf(v);
  if (!isOp(d, "arith.constant"))
    return false;
  MlirAttribute a = tvGetAttr(d, "value");
  return mlirAttributeIsADenseElements(a) &&
         mlirDenseElementsAttrIsSplat(a) &&
         mlirTypeIsAF32(mlirShapedTypeGetElementType(mlirAttributeGetType(a))) &&
         mlirDenseElementsAttrGetFloatSplatValue(a) == x;
}

static bool isZeroSplat(MlirValue v) { return isSplatOf(v, 0.0f); }

static MlirOperation onlyUser(MlirValue v) {
  MlirOpOperand u = mlirValueGetFirstUse(v);
  if (mlirOpOperandIsNull(u) ||
      !mlirOpOperandIsNull(mlirOpOperandGetNextUse(u)))
    return (MlirOperation){NULL};
  return mlirOpOperandGetOwner(u);
}

bool tesseraDTypeOf(MlirType shaped, TesseraDType *t) {
  MlirType e = mlirShapedTypeGetElementType(shaped);
  if (mlirTypeIsAF32(e))
    *t = TESSERA_F32;
  else if (mlirTypeIsAF16(e))
    *t = TESSERA_F16;
  else if (mlirTypeIsABF16(e))
    *t = TESSERA_BF16;
  else
    return false;
  return true;
}

//===----------------------------------------------------------------------===//
// Matmul with an elementwise epilogue
//===----------------------------------------------------------------------===//

// The epilogue: a chain of single-use ops from the accumulator `v` to the
// tile_store into C (argument 2): table activations, adds of a bias (1-D,
// along N) or residual (like C) tile of the next extra argument, and the
// final narrowing truncf.
static bool matchEpilogue(Match *m, MlirValue v, const Grid *g,
                          TesseraMatmulKernelConfig *c) {
  int nextArg = 3;
  const MlirValue *ivs = g->ivs;
  for (;;) {
    MlirOperation u = onlyUser(v);
    if (isOp(u, "arith.truncf")) {
      v = mlirOperationGetResult(u, 0);
      continue;
    }
    if (isOp(u, "tsched.tile_store")) {
      if (!mlirValueEqual(mlirOperationGetOperand(u, 0), v) ||
          argOf(m, mlirOperationGetOperand(u, 1)) != 2 ||
          mlirOperationGetNumOperands(u) != 2 + g->rank)
        return no(m, "the result is not stored into argument 2");
      for (intptr_t i = 0; i < g->rank; ++i)
        if (!mlirValueEqual(mlirOperationGetOperand(u, 2 + i), ivs[i]))
          return no(m, "the result is not stored at the grid's indices");
      if (!tesseraDTypeOf(mlirValueGetType(v), &c->c) ||
          mlirTypeEqual(mlirShapedTypeGetElementType(mlirValueGetType(v)),
                        mlirShapedTypeGetElementType(mlirValueGetType(
                            mlirBlockGetArgument(m->entry, 2)))) == false)
        return no(m, "the stored tile's element type is not C's");
      ++m->matched;
      if (nextArg != m->nargs)
        return no(m, "arguments after the epilogue's operands");
      return true;
    }
    if (!isOp(u, "tsched.elementwise"))
      return no(m, "the accumulator feeds an op that is not an epilogue "
                   "(elementwise, truncf, tile_store)");
    if (c->numEpilogue == TESSERA_MAX_EPILOGUE)
      return no(m, "more than %d epilogue ops", TESSERA_MAX_EPILOGUE);
    MlirAttribute fnA = tvGetAttr(u, "fn");
    MlirStringRef fn = !mlirAttributeIsNull(fnA) && mlirAttributeIsAString(fnA)
                           ? mlirStringAttrGetValue(fnA)
                           : mlirStringRefCreate("", 0);
    TesseraEpilogueOp *e = &c->epilogue[c->numEpilogue];
    e->operandType = TESSERA_F32;
    intptr_t nops = mlirOperationGetNumOperands(u);
    if (nops == 2 && tvStrEq(fn, "add")) {
      int self = mlirValueEqual(mlirOperationGetOperand(u, 0), v) ? 0 : 1;
      MlirValue o = mlirOperationGetOperand(u, 1 - self);
      MlirOperation ext = defOf(o);
      if (isOp(ext, "arith.extf"))
        o = mlirOperationGetOperand(ext, 0);
      MlirType t = mlirValueGetType(o);
      bool bias = mlirShapedTypeGetRank(t) == 1;
      MlirValue biasIv[1] = {ivs[g->rank - 1]};
      if (nextArg >= m->nargs ||
          !matchRead(m, o, nextArg, bias ? biasIv : ivs, bias ? 1 : g->rank,
                     "the epilogue add's operand") ||
          !tesseraDTypeOf(t, &e->operandType))
        return false;
      e->kind = bias ? TESSERA_EPI_BIAS : TESSERA_EPI_RESIDUAL;
      ++nextArg;
    } else if (nops != 1 ||
               !tesseraEpilogueActivation(fn.data, fn.length, &e->kind,
                                         &e->fn)) {
      return no(m, "epilogue op '%.*s' has no fast lowering", (int)fn.length,
                fn.data);
    }
    ++c->numEpilogue;
    ++m->matched;
    v = mlirOperationGetResult(u, 0);
  }
}

static bool matchMatmul(Match *m, MlirOperation mm,
                        TesseraMatmulKernelConfig *c) {
  if (boolAttrSet(mm, "transpose_a") || boolAttrSet(mm, "transpose_b"))
    return no(m, "the tile matmul has a transposed operand");
  if (m->nargs < 3)
    return no(m, "fewer than three arguments (A, B, C)");
  MlirType tA = mlirValueGetType(mlirBlockGetArgument(m->entry, 0));
  intptr_t rank = mlirShapedTypeGetRank(tA);
  if (rank != 2 && rank != 3)
    return no(m, "A has rank %lld (2 or 3 expected)", (long long)rank);
  c->batched = rank == 3;
  for (int i = 0; i < 3; ++i) {
    MlirType t = mlirValueGetType(mlirBlockGetArgument(m->entry, i));
    if (!mlirTypeIsAMemRef(t) || mlirShapedTypeGetRank(t) != rank)
      return no(m, "argument %d is not a rank-%lld memref", i,
                (long long)rank);
  }
  int64_t sA[2], sB[2];
  MlirValue a = mlirOperationGetOperand(mm, 0), b = mlirOperationGetOperand(mm, 1);
  if (tileShape(mlirValueGetType(a), sA) != 2 ||
      tileShape(mlirValueGetType(b), sB) != 2 ||
      !tesseraDTypeOf(tA, &c->a) ||
      !tesseraDTypeOf(mlirValueGetType(mlirBlockGetArgument(m->entry, 1)),
                      &c->b) ||
      !tesseraDTypeOf(mlirValueGetType(mlirBlockGetArgument(m->entry, 2)),
                      &c->c))
    return no(m, "operands are not 2-D tiles of f32, f16 or bf16 memrefs");
  c->tileM = sA[0];
  c->tileK = sA[1];
  c->tileN = sB[1];
  // The K loop: the matmul accumulates into its only iter_arg, from zero.
  MlirOperation loop = parentOp(mm);
  if (!matchKLoop(m, loop, 0, rank - 1, c->tileK, "reduction"))
    return false;
  c->stages = loopStages(loop);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  MlirValue acc = mlirOperationGetOperand(mm, 2);
  if (mlirOperationGetNumResults(loop) != 1 ||
      mlirBlockGetNumArguments(body) != 2 ||
      !mlirValueEqual(acc, mlirBlockGetArgument(body, 1)) ||
      !isZeroSplat(mlirOperationGetOperand(loop, 3)) ||
      !isOp(onlyUser(mlirOperationGetResult(mm, 0)), "scf.yield"))
    return no(m, "the tile matmul does not accumulate the K loop's only "
                 "value from zero");
  Grid g;
  int64_t steps[3] = {1, c->tileM, c->tileN};
  int args[3] = {0, 0, 1};
  int64_t dims[3] = {0, rank - 2, rank - 1};
  intptr_t off = rank == 3 ? 0 : 1;
  if (!matchGrid(m, parentOp(loop), &g, steps + off, args + off, dims + off,
                 rank))
    return false;
  MlirValue kIv = mlirBlockGetArgument(body, 0);
  MlirValue ivA[3], ivB[3];
  intptr_t nb = rank - 2;
  for (intptr_t i = 0; i < nb; ++i)
    ivA[i] = ivB[i] = g.ivs[i];
  ivA[nb] = g.ivs[nb], ivA[nb + 1] = kIv;
  ivB[nb] = kIv, ivB[nb + 1] = g.ivs[nb + 1];
  if (!matchRead(m, a, 0, ivA, rank, "operand A") ||
      !matchRead(m, b, 1, ivB, rank, "operand B"))
    return false;
  // The K loop holds the two reads, their wait and the matmul.
  int inLoop = 0;
  mlirOperationWalk(loop, countOps, &inLoop, MlirWalkPreOrder);
  for (MlirOperation op = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (isOp(op, "tsched.wait"))
      ++m->matched;
  m->matched += 1; // the matmul
  if (inLoop != m->matched)
    return no(m, "the K loop holds tsched ops besides the two reads, their "
                 "wait and the matmul");
  return matchEpilogue(m, mlirOperationGetResult(loop, 0), &g, c);
}

typedef struct Matmuls {
  MlirOperation first;
  int n;
} Matmuls;

static MlirWalkResult findMatmuls(MlirOperation op, void *ud) {
  Matmuls *f = ud;
  if (isOp(op, "tsched.tile_matmul") || isOp(op, "ttarget.mma")) {
    if (f->n++ == 0)
      f->first = op;
  }
  return MlirWalkResultAdvance;
}

static Match startMatch(MlirOperation func, char *why, size_t cap) {
  Match m = {.entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0)),
             .why = why,
             .cap = cap};
  m.nargs = mlirBlockGetNumArguments(m.entry);
  return m;
}

// Every tsched op of the kernel is part of the matched nest.
static bool allAccountedFor(Match *m, MlirOperation func) {
  int total = 0;
  mlirOperationWalk(func, countOps, &total, MlirWalkPreOrder);
  return m->matched == total ||
         no(m, "tsched ops outside the loop nest the lowering implements");
}

bool tesseraMatchMatmulKernel(MlirOperation func, TesseraKernelRecipe *r,
                              char *why, size_t cap) {
  Match m = startMatch(func, why, cap);
  Matmuls f = {{NULL}, 0};
  mlirOperationWalk(func, findMatmuls, &f, MlirWalkPreOrder);
  if (f.n != 1)
    return f.n ? no(&m, "%d tile matmuls (the lowering implements one)", f.n)
               : no(&m, "no tile matmul");
  return matchMatmul(&m, f.first, &r->matmul) && allAccountedFor(&m, func);
}

bool tesseraMatchKernel(MlirOperation func, TesseraKernelRecipe *r) {
  size_t used = 0;
  r->generic[0] = '\0';
  for (const TesseraKernelFamily *f = tesseraKernelFamilies; f->name; ++f) {
    char why[200];
    if (f->match(func, r, why, sizeof why)) {
      r->kind = f->kind;
      return true;
    }
    int n = snprintf(r->generic + used, sizeof r->generic - used, "%s%s: %s",
                     used ? "; " : "", f->name, why);
    if (n > 0 && used + (size_t)n < sizeof r->generic)
      used += (size_t)n;
  }
  r->kind = TESSERA_KERNEL_GENERIC;
  return false;
}
