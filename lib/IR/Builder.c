//===- Builder.c - Building IR through the C API, with locations ----------===//
#include "IR/Builder.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fatal(const char *what, const char *text) {
  fprintf(stderr, "tessera: internal error: %s '%s'\n", what, text);
  abort();
}

void *tsAlloc(intptr_t n, size_t size) {
  void *p = calloc(n > 0 ? (size_t)n : 1, size);
  if (!p)
    fatal("out of memory", "");
  return p;
}

static MlirStringRef ref(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

TsBuilder tsBuilderAtEnd(MlirBlock block, MlirLocation loc) {
  return (TsBuilder){mlirLocationGetContext(loc), loc, block,
                     (MlirOperation){NULL}};
}

TsBuilder tsBuilderAtStart(MlirBlock block, MlirLocation loc) {
  TsBuilder b = tsBuilderAtEnd(block, loc);
  b.before = mlirBlockGetFirstOperation(block);
  return b;
}

TsBuilder tsBuilderBefore(MlirOperation op) {
  MlirLocation loc = mlirOperationGetLocation(op);
  return (TsBuilder){mlirLocationGetContext(loc), loc,
                     mlirOperationGetBlock(op), op};
}

//===----------------------------------------------------------------------===//
// Types and attributes
//===----------------------------------------------------------------------===//

MlirType tsType(const TsBuilder *b, const char *text) {
  MlirType t = mlirTypeParseGet(b->ctx, ref(text));
  if (mlirTypeIsNull(t))
    fatal("cannot parse type", text);
  return t;
}

MlirAttribute tsAttr(const TsBuilder *b, const char *text) {
  MlirAttribute a = mlirAttributeParseGet(b->ctx, ref(text));
  if (mlirAttributeIsNull(a))
    fatal("cannot parse attribute", text);
  return a;
}

MlirType tsIndexType(const TsBuilder *b) { return mlirIndexTypeGet(b->ctx); }
MlirType tsF32Type(const TsBuilder *b) { return mlirF32TypeGet(b->ctx); }

MlirAttribute tsIndexAttr(const TsBuilder *b, int64_t v) {
  return mlirIntegerAttrGet(tsIndexType(b), v);
}

MlirAttribute tsI64Attr(const TsBuilder *b, int64_t v) {
  return mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), v);
}

MlirAttribute tsFloatAttr(MlirType type, double v) {
  return mlirFloatAttrDoubleGet(mlirTypeGetContext(type), type, v);
}

MlirAttribute tsStrAttr(const TsBuilder *b, const char *s) {
  return mlirStringAttrGet(b->ctx, ref(s));
}

MlirNamedAttribute tsNamed(const TsBuilder *b, const char *name,
                           MlirAttribute attr) {
  return mlirNamedAttributeGet(
      mlirIdentifierGet(b->ctx, ref(name)), attr);
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

MlirOperation tsOp(const TsBuilder *b, const char *name, intptr_t nOperands,
                   const MlirValue *operands, intptr_t nResults,
                   const MlirType *results, intptr_t nAttrs,
                   const MlirNamedAttribute *attrs, intptr_t nRegions) {
  // The op's dialect is loaded on first use (a pass that builds it must
  // still declare it as dependent when it runs under a pass manager).
  const char *dot = strchr(name, '.');
  if (dot)
    mlirContextGetOrLoadDialect(
        b->ctx, mlirStringRefCreate(name, (size_t)(dot - name)));
  if (!mlirContextIsRegisteredOperation(b->ctx, ref(name)))
    fatal("no dialect registers op", name);
  MlirOperationState st = mlirOperationStateGet(ref(name), b->loc);
  mlirOperationStateAddOperands(&st, nOperands, operands);
  mlirOperationStateAddResults(&st, nResults, results);
  mlirOperationStateAddAttributes(&st, nAttrs, attrs);
  enum { kMaxRegions = 4 };
  MlirRegion regions[kMaxRegions];
  if (nRegions > kMaxRegions)
    fatal("too many regions for", name);
  for (intptr_t i = 0; i < nRegions; ++i)
    regions[i] = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(&st, nRegions, regions);
  MlirOperation op = mlirOperationCreate(&st);
  if (mlirOperationIsNull(op))
    fatal("cannot create op", name);
  if (mlirOperationIsNull(b->before))
    mlirBlockAppendOwnedOperation(b->block, op);
  else
    mlirBlockInsertOwnedOperationBefore(b->block, b->before, op);
  return op;
}

MlirValue tsResult(MlirOperation op, intptr_t i) {
  return mlirOperationGetResult(op, i);
}

MlirBlock tsAddBlock(MlirRegion region, intptr_t nArgs, const MlirType *types,
                     MlirLocation loc) {
  MlirLocation *locs = tsAlloc(nArgs, sizeof *locs);
  for (intptr_t i = 0; i < nArgs; ++i)
    locs[i] = loc;
  MlirBlock block = mlirBlockCreate(nArgs, types, locs);
  free(locs);
  mlirRegionAppendOwnedBlock(region, block);
  return block;
}

static MlirValue constant(const TsBuilder *b, MlirType type,
                          MlirAttribute scalar) {
  MlirAttribute value = scalar;
  if (mlirTypeIsAVector(type))
    value = mlirDenseElementsAttrSplatGet(type, scalar);
  MlirNamedAttribute attr = tsNamed(b, "value", value);
  return tsResult(tsOp(b, "arith.constant", 0, NULL, 1, &type, 1, &attr, 0),
                  0);
}

static MlirType elementType(MlirType type) {
  return mlirTypeIsAShaped(type) ? mlirShapedTypeGetElementType(type) : type;
}

MlirValue tsConstInt(const TsBuilder *b, MlirType type, int64_t v) {
  return constant(b, type, mlirIntegerAttrGet(elementType(type), v));
}

MlirValue tsConstFloat(const TsBuilder *b, MlirType type, double v) {
  return constant(b, type, tsFloatAttr(elementType(type), v));
}

MlirValue tsConstIndex(const TsBuilder *b, int64_t v) {
  return tsConstInt(b, tsIndexType(b), v);
}

MlirValue tsUnary(const TsBuilder *b, const char *name, MlirValue x) {
  MlirType t = mlirValueGetType(x);
  return tsResult(tsOp(b, name, 1, &x, 1, &t, 0, NULL, 0), 0);
}

MlirValue tsBinary(const TsBuilder *b, const char *name, MlirValue x,
                   MlirValue y) {
  MlirValue ops[2] = {x, y};
  MlirType t = mlirValueGetType(x);
  return tsResult(tsOp(b, name, 2, ops, 1, &t, 0, NULL, 0), 0);
}

// arith::CmpFPredicate's values, in its order.
static const char *const kCmpF[] = {"false", "oeq", "ogt", "oge", "olt",
                                    "ole",   "one", "ord", "ueq", "ugt",
                                    "uge",   "ult", "ule", "une", "uno",
                                    "true",  NULL};

// arith::CmpIPredicate's values, in its order.
static const char *const kCmpI[] = {"eq",  "ne",  "slt", "sle", "sgt", "sge",
                                    "ult", "ule", "ugt", "uge", NULL};

// arith.cmpf / arith.cmpi (`name`) with the predicate of `table` spelled
// `predicate`; the result is i1, or a vector of i1 of x's shape.
static MlirValue compare(const TsBuilder *b, const char *name,
                         const char *const *table, const char *predicate,
                         MlirValue x, MlirValue y) {
  int64_t p = 0;
  while (table[p] && strcmp(table[p], predicate) != 0)
    ++p;
  if (!table[p])
    fatal("unknown predicate of", name);
  MlirValue ops[2] = {x, y};
  MlirType rt =
      tsShapedLike(mlirValueGetType(x), mlirIntegerTypeGet(b->ctx, 1));
  MlirNamedAttribute attr = tsNamed(b, "predicate", tsI64Attr(b, p));
  return tsResult(tsOp(b, name, 2, ops, 1, &rt, 1, &attr, 0), 0);
}

MlirValue tsCmpF(const TsBuilder *b, const char *predicate, MlirValue x,
                 MlirValue y) {
  return compare(b, "arith.cmpf", kCmpF, predicate, x, y);
}

MlirValue tsCmpI(const TsBuilder *b, const char *predicate, MlirValue x,
                 MlirValue y) {
  return compare(b, "arith.cmpi", kCmpI, predicate, x, y);
}

MlirType tsShapedLike(MlirType like, MlirType elem) {
  if (!mlirTypeIsAVector(like))
    return elem;
  intptr_t rank = mlirShapedTypeGetRank(like);
  int64_t *shape = tsAlloc(rank, sizeof *shape);
  for (intptr_t i = 0; i < rank; ++i)
    shape[i] = mlirShapedTypeGetDimSize(like, i);
  MlirType t = mlirVectorTypeGet(rank, shape, elem);
  free(shape);
  return t;
}

MlirValue tsConvert(const TsBuilder *b, const char *name, MlirValue x,
                    MlirType to) {
  return tsResult(tsOp(b, name, 1, &x, 1, &to, 0, NULL, 0), 0);
}

MlirValue tsSelect(const TsBuilder *b, MlirValue cond, MlirValue t,
                   MlirValue f) {
  MlirValue ops[3] = {cond, t, f};
  MlirType rt = mlirValueGetType(t);
  return tsResult(tsOp(b, "arith.select", 3, ops, 1, &rt, 0, NULL, 0), 0);
}

MlirOperation tsFor(const TsBuilder *b, MlirValue lb, MlirValue ub,
                    MlirValue step, intptr_t nIter, const MlirValue *inits,
                    TsBuilder *body, MlirValue *iv) {
  MlirValue *operands = tsAlloc(3 + nIter, sizeof *operands);
  MlirType *types = tsAlloc(1 + nIter, sizeof *types);
  operands[0] = lb;
  operands[1] = ub;
  operands[2] = step;
  types[0] = mlirValueGetType(lb);
  for (intptr_t i = 0; i < nIter; ++i) {
    operands[3 + i] = inits[i];
    types[1 + i] = mlirValueGetType(inits[i]);
  }
  MlirOperation loop = tsOp(b, "scf.for", 3 + nIter, operands, nIter,
                            types + 1, 0, NULL, 1);
  MlirBlock block = tsAddBlock(mlirOperationGetRegion(loop, 0), 1 + nIter,
                               types, b->loc);
  free(operands);
  free(types);
  *body = tsBuilderAtEnd(block, b->loc);
  *iv = mlirBlockGetArgument(block, 0);
  return loop;
}

void tsYield(const TsBuilder *b, intptr_t n, const MlirValue *values) {
  tsOp(b, "scf.yield", n, values, 0, NULL, 0, NULL, 0);
}

void tsReturn(const TsBuilder *b, intptr_t n, const MlirValue *values) {
  tsOp(b, "func.return", n, values, 0, NULL, 0, NULL, 0);
}

MlirValue tsLoad(const TsBuilder *b, MlirValue memref, intptr_t nIdx,
                 const MlirValue *idx) {
  MlirValue *ops = tsAlloc(1 + nIdx, sizeof *ops);
  ops[0] = memref;
  memcpy(ops + 1, idx, (size_t)nIdx * sizeof *idx);
  MlirType t = elementType(mlirValueGetType(memref));
  MlirValue v =
      tsResult(tsOp(b, "memref.load", 1 + nIdx, ops, 1, &t, 0, NULL, 0), 0);
  free(ops);
  return v;
}

void tsStore(const TsBuilder *b, MlirValue value, MlirValue memref,
             intptr_t nIdx, const MlirValue *idx) {
  MlirValue *ops = tsAlloc(2 + nIdx, sizeof *ops);
  ops[0] = value;
  ops[1] = memref;
  memcpy(ops + 2, idx, (size_t)nIdx * sizeof *idx);
  tsOp(b, "memref.store", 2 + nIdx, ops, 0, NULL, 0, NULL, 0);
  free(ops);
}

MlirValue tsDim(const TsBuilder *b, MlirValue memref, int64_t dim) {
  MlirValue ops[2] = {memref, tsConstIndex(b, dim)};
  MlirType t = tsIndexType(b);
  return tsResult(tsOp(b, "memref.dim", 2, ops, 1, &t, 0, NULL, 0), 0);
}

MlirOperation tsFunc(const TsBuilder *b, const char *name, MlirType type,
                     TsBuilder *body) {
  MlirNamedAttribute attrs[2] = {
      tsNamed(b, "sym_name", tsStrAttr(b, name)),
      tsNamed(b, "function_type", mlirTypeAttrGet(type))};
  MlirOperation f = tsOp(b, "func.func", 0, NULL, 0, NULL, 2, attrs, 1);
  intptr_t n = mlirFunctionTypeGetNumInputs(type);
  MlirType *args = tsAlloc(n, sizeof *args);
  for (intptr_t i = 0; i < n; ++i)
    args[i] = mlirFunctionTypeGetInput(type, i);
  MlirBlock entry =
      tsAddBlock(mlirOperationGetRegion(f, 0), n, args, b->loc);
  free(args);
  *body = tsBuilderAtEnd(entry, b->loc);
  return f;
}

MlirOperation tsForall(const TsBuilder *b, intptr_t n, const MlirValue *ubs,
                       const int64_t *steps, TsBuilder *body,
                       MlirValue *ivs) {
  int64_t *lbs = tsAlloc(n, sizeof *lbs), *dyn = tsAlloc(n, sizeof *dyn);
  MlirType *index = tsAlloc(n, sizeof *index);
  for (intptr_t i = 0; i < n; ++i) {
    dyn[i] = mlirShapedTypeGetDynamicSize(); // the bound is an operand
    index[i] = tsIndexType(b);
  }
  int32_t seg[4] = {0, (int32_t)n, 0, 0};
  MlirNamedAttribute attrs[4] = {
      tsNamed(b, "operandSegmentSizes", mlirDenseI32ArrayGet(b->ctx, 4, seg)),
      tsNamed(b, "staticLowerBound", mlirDenseI64ArrayGet(b->ctx, n, lbs)),
      tsNamed(b, "staticUpperBound", mlirDenseI64ArrayGet(b->ctx, n, dyn)),
      tsNamed(b, "staticStep", mlirDenseI64ArrayGet(b->ctx, n, steps))};
  MlirOperation loop = tsOp(b, "scf.forall", n, ubs, 0, NULL, 4, attrs, 1);
  MlirBlock block =
      tsAddBlock(mlirOperationGetRegion(loop, 0), n, index, b->loc);
  for (intptr_t i = 0; i < n; ++i)
    ivs[i] = mlirBlockGetArgument(block, i);
  TsBuilder end = tsBuilderAtEnd(block, b->loc);
  MlirOperation term =
      tsOp(&end, "scf.forall.in_parallel", 0, NULL, 0, NULL, 0, NULL, 1);
  tsAddBlock(mlirOperationGetRegion(term, 0), 0, NULL, b->loc);
  *body = end;
  body->before = term;
  free(lbs);
  free(dyn);
  free(index);
  return loop;
}

MlirOperation tsCall(const TsBuilder *b, const char *callee, intptr_t n,
                     const MlirValue *args, intptr_t nResults,
                     const MlirType *results) {
  MlirNamedAttribute attr = tsNamed(
      b, "callee", mlirFlatSymbolRefAttrGet(b->ctx, ref(callee)));
  return tsOp(b, "func.call", n, args, nResults, results, 1, &attr, 0);
}

MlirType tsMemRefType(MlirType elem, intptr_t rank, const int64_t *shape,
                      MlirAttribute space) {
  return mlirMemRefTypeContiguousGet(elem, rank, shape, space);
}

MlirValue tsMemAlloc(const TsBuilder *b, MlirType type, intptr_t nDyn,
                     const MlirValue *dynSizes, int64_t alignment) {
  int32_t seg[2] = {(int32_t)nDyn, 0};
  MlirNamedAttribute attrs[2] = {
      tsNamed(b, "operandSegmentSizes", mlirDenseI32ArrayGet(b->ctx, 2, seg)),
      tsNamed(b, "alignment", tsI64Attr(b, alignment))};
  return tsResult(
      tsOp(b, "memref.alloc", nDyn, dynSizes, 1, &type, 2, attrs, 0), 0);
}

void tsMemDealloc(const TsBuilder *b, MlirValue memref) {
  tsOp(b, "memref.dealloc", 1, &memref, 0, NULL, 0, NULL, 0);
}

void tsMemCopy(const TsBuilder *b, MlirValue from, MlirValue to) {
  MlirValue ops[2] = {from, to};
  tsOp(b, "memref.copy", 2, ops, 0, NULL, 0, NULL, 0);
}

void tsSetUnitAttr(MlirOperation op, const char *name) {
  MlirContext ctx = mlirOperationGetContext(op);
  mlirOperationSetAttributeByName(op, ref(name), mlirUnitAttrGet(ctx));
}

MlirOperation tsFuncDecl(const TsBuilder *b, const char *name,
                         MlirType type) {
  MlirNamedAttribute attrs[3] = {
      tsNamed(b, "sym_name", tsStrAttr(b, name)),
      tsNamed(b, "function_type", mlirTypeAttrGet(type)),
      tsNamed(b, "sym_visibility", tsStrAttr(b, "private"))};
  return tsOp(b, "func.func", 0, NULL, 0, NULL, 3, attrs, 1);
}

static MlirWalkResult setLocation(MlirOperation op, void *ud) {
  MlirLocation loc = *(MlirLocation *)ud;
  mlirOperationSetLocation(op, loc);
  // Block arguments too: the LLVM lowering locates a function's argument
  // unpacking at them.
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
    for (MlirBlock b =
             mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
         !mlirBlockIsNull(b); b = mlirBlockGetNextInRegion(b))
      for (intptr_t a = 0; a < mlirBlockGetNumArguments(b); ++a)
        mlirBlockArgumentSetLocation(mlirBlockGetArgument(b, a), loc);
  return MlirWalkResultAdvance;
}

void tsSetLocations(MlirOperation root, MlirLocation loc) {
  mlirOperationWalk(root, setLocation, &loc, MlirWalkPreOrder);
}
