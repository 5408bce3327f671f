//===- Builder.h - Building IR through the C API, with locations ----------===//
//
// The one way lib/ builds IR (docs/design.md, "IR is built with a builder,
// not with text"): a thin layer over mlirOperationCreate that keeps an
// insertion point and a current location, so that every op is one call
// with MlirValue operands, the compiler checks the calls, and the location
// of the Graph IR op being lowered reaches the LLVM dialect. Types and
// attributes may be parsed from short strings.
//
// Misuse (a type string that does not parse, an op name no dialect
// registers) is a bug in Tessera, not in the user's program: it aborts with
// a message naming the string, rather than producing broken IR.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_IR_BUILDER_H
#define TESSERA_IR_BUILDER_H

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An insertion point and a location. Plain data: copy it to build in
/// another place (a loop body) and come back.
typedef struct TsBuilder {
  MlirContext ctx;
  MlirLocation loc;
  MlirBlock block;
  MlirOperation before; // insert before this op; null: at the block's end
} TsBuilder;

/// Builds at the end of `block`, at `loc`.
TsBuilder tsBuilderAtEnd(MlirBlock block, MlirLocation loc);
/// Builds right before `op`, at `op`'s location.
TsBuilder tsBuilderBefore(MlirOperation op);
/// Builds at the start of `block`, at `loc`.
TsBuilder tsBuilderAtStart(MlirBlock block, MlirLocation loc);

/// calloc of n items that aborts when out of memory (n may be 0).
void *tsAlloc(intptr_t n, size_t size);

//===----------------------------------------------------------------------===//
// Types and attributes
//===----------------------------------------------------------------------===//

MlirType tsType(const TsBuilder *b, const char *text);
MlirAttribute tsAttr(const TsBuilder *b, const char *text);
MlirType tsIndexType(const TsBuilder *b);
MlirType tsF32Type(const TsBuilder *b);
MlirAttribute tsIndexAttr(const TsBuilder *b, int64_t v);
MlirAttribute tsI64Attr(const TsBuilder *b, int64_t v);
MlirAttribute tsFloatAttr(MlirType type, double v);
MlirAttribute tsStrAttr(const TsBuilder *b, const char *s);
MlirNamedAttribute tsNamed(const TsBuilder *b, const char *name,
                           MlirAttribute attr);

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

/// Creates op `name` at the insertion point, at the current location, with
/// `nRegions` empty regions (give them blocks with tsAddBlock).
MlirOperation tsOp(const TsBuilder *b, const char *name, intptr_t nOperands,
                   const MlirValue *operands, intptr_t nResults,
                   const MlirType *results, intptr_t nAttrs,
                   const MlirNamedAttribute *attrs, intptr_t nRegions);
/// Result `i` of `op`.
MlirValue tsResult(MlirOperation op, intptr_t i);
/// Appends a block with arguments of `types` (at `loc`) to `region`.
MlirBlock tsAddBlock(MlirRegion region, intptr_t nArgs, const MlirType *types,
                     MlirLocation loc);

/// arith.constant of `type` (an integer, index or float type, or a vector
/// of one: splat).
MlirValue tsConstInt(const TsBuilder *b, MlirType type, int64_t v);
MlirValue tsConstFloat(const TsBuilder *b, MlirType type, double v);
MlirValue tsConstIndex(const TsBuilder *b, int64_t v);

/// A one-result op whose result has the type of its first operand (arith's
/// binary and math's unary ops: "arith.addf", "math.exp", ...).
MlirValue tsUnary(const TsBuilder *b, const char *name, MlirValue x);
MlirValue tsBinary(const TsBuilder *b, const char *name, MlirValue x,
                   MlirValue y);

/// arith.cmpf with `predicate` ("olt", "ogt", "oeq", ...); the result is i1,
/// or a vector of i1 of x's shape.
MlirValue tsCmpF(const TsBuilder *b, const char *predicate, MlirValue x,
                 MlirValue y);
/// arith.cmpi with `predicate` ("eq", "slt", ...), like tsCmpF.
MlirValue tsCmpI(const TsBuilder *b, const char *predicate, MlirValue x,
                 MlirValue y);
/// `elem`, or a vector of `elem` of `like`'s shape if `like` is a vector.
MlirType tsShapedLike(MlirType like, MlirType elem);
/// A one-operand op whose result is of type `to` ("arith.extf",
/// "arith.truncf", "memref.cast", ...).
MlirValue tsConvert(const TsBuilder *b, const char *name, MlirValue x,
                    MlirType to);
MlirValue tsSelect(const TsBuilder *b, MlirValue cond, MlirValue t,
                   MlirValue f);

/// scf.for from `lb` to `ub` by `step` with `nIter` loop-carried values.
/// `*body` builds at the start of the body block (before nothing: the
/// caller ends the body with scf.yield); `*iv` is the induction variable.
MlirOperation tsFor(const TsBuilder *b, MlirValue lb, MlirValue ub,
                    MlirValue step, intptr_t nIter, const MlirValue *inits,
                    TsBuilder *body, MlirValue *iv);
/// scf.yield / func.return of `n` values.
void tsYield(const TsBuilder *b, intptr_t n, const MlirValue *values);
void tsReturn(const TsBuilder *b, intptr_t n, const MlirValue *values);

/// memref.load / memref.store / memref.dim.
MlirValue tsLoad(const TsBuilder *b, MlirValue memref, intptr_t nIdx,
                 const MlirValue *idx);
void tsStore(const TsBuilder *b, MlirValue value, MlirValue memref,
             intptr_t nIdx, const MlirValue *idx);
MlirValue tsDim(const TsBuilder *b, MlirValue memref, int64_t dim);

/// scf.forall from 0 to `ubs` (index values) by the constant `steps`, with
/// no outputs; `*body` builds before its scf.forall.in_parallel and `ivs`
/// receives the n induction variables.
MlirOperation tsForall(const TsBuilder *b, intptr_t n, const MlirValue *ubs,
                       const int64_t *steps, TsBuilder *body, MlirValue *ivs);

/// func.call @callee.
MlirOperation tsCall(const TsBuilder *b, const char *callee, intptr_t n,
                     const MlirValue *args, intptr_t nResults,
                     const MlirType *results);

/// memref<shape x elem> in memory space `space` (null: the default); a
/// dim of mlirShapedTypeGetDynamicSize() is `?`.
MlirType tsMemRefType(MlirType elem, intptr_t rank, const int64_t *shape,
                      MlirAttribute space);
/// memref.alloc of `type` with its dynamic sizes, aligned to `alignment`
/// bytes; memref.dealloc; memref.copy.
MlirValue tsMemAlloc(const TsBuilder *b, MlirType type, intptr_t nDyn,
                     const MlirValue *dynSizes, int64_t alignment);
void tsMemDealloc(const TsBuilder *b, MlirValue memref);
void tsMemCopy(const TsBuilder *b, MlirValue from, MlirValue to);

/// Sets the unit attribute `name` on `op`.
void tsSetUnitAttr(MlirOperation op, const char *name);

/// func.func @name of `type` (a FunctionType), public; `*body` builds in its
/// entry block, whose arguments are the function's.
MlirOperation tsFunc(const TsBuilder *b, const char *name, MlirType type,
                     TsBuilder *body);

/// A private func.func declaration @name of `type` (a FunctionType).
MlirOperation tsFuncDecl(const TsBuilder *b, const char *name, MlirType type);

//===----------------------------------------------------------------------===//
// Structured control flow and vectors (BuilderVector.c)
//===----------------------------------------------------------------------===//

/// scf.if `cond` with results of `types`: `*then` (and `*els`, if not
/// NULL) build in empty blocks that the caller ends with tsYield. With no
/// results `els` may be NULL (no else block).
MlirOperation tsIf(const TsBuilder *b, MlirValue cond, intptr_t nResults,
                   const MlirType *types, TsBuilder *then, TsBuilder *els);

/// scf.parallel from `lbs` to `ubs` by `steps` (n index values each, no
/// reductions); `*body` builds before its scf.reduce, `ivs` receives the
/// induction variables.
MlirOperation tsParallel(const TsBuilder *b, intptr_t n, const MlirValue *lbs,
                         const MlirValue *ubs, const MlirValue *steps,
                         TsBuilder *body, MlirValue *ivs);

/// vector.load / vector.store of `type` at `idx` of `memref`.
MlirValue tsVecLoad(const TsBuilder *b, MlirType type, MlirValue memref,
                    intptr_t nIdx, const MlirValue *idx);
void tsVecStore(const TsBuilder *b, MlirValue value, MlirValue memref,
                intptr_t nIdx, const MlirValue *idx);
/// vector.maskedload (lanes off in `mask` take `passThru`'s) and
/// vector.maskedstore.
MlirValue tsMaskedLoad(const TsBuilder *b, MlirValue memref, intptr_t nIdx,
                       const MlirValue *idx, MlirValue mask,
                       MlirValue passThru);
void tsMaskedStore(const TsBuilder *b, MlirValue value, MlirValue memref,
                   intptr_t nIdx, const MlirValue *idx, MlirValue mask);
/// vector.create_mask of `type` (a vector of i1) from index sizes.
MlirValue tsCreateMask(const TsBuilder *b, MlirType type, intptr_t n,
                       const MlirValue *sizes);
/// vector.broadcast of `x` to `type`; vector.fma a * b + c.
MlirValue tsBroadcast(const TsBuilder *b, MlirValue x, MlirType type);
MlirValue tsFma(const TsBuilder *b, MlirValue x, MlirValue y, MlirValue z);
/// vector.insert of `value` into `dest` at the static position `pos`.
MlirValue tsVecInsert(const TsBuilder *b, MlirValue value, MlirValue dest,
                      intptr_t n, const int64_t *pos);
/// vector.transpose of `x` by `perm`.
MlirValue tsTranspose(const TsBuilder *b, MlirValue x, intptr_t n,
                      const int64_t *perm);

/// memref.subview of `src` with `offsets` / `sizes` / `strides` (entries of
/// mlirShapedTypeGetDynamicSize() take the next value of `dyn`), result of
/// `type` (rank-reducing where it says so).
MlirValue tsSubview(const TsBuilder *b, MlirValue src, MlirType type,
                    intptr_t rank, const int64_t *offsets,
                    const int64_t *sizes, const int64_t *strides,
                    intptr_t nDyn, const MlirValue *dyn);
/// memref.prefetch for reading into the data cache with `locality` 0-3.
void tsPrefetchRead(const TsBuilder *b, MlirValue memref, intptr_t nIdx,
                    const MlirValue *idx, int locality);

/// Gives `root` and every op nested in it the location `loc`: IR that was
/// made from text (a kernel generator's) takes the location of what it
/// replaces, so diagnostics and debug info point at the user's source.
void tsSetLocations(MlirOperation root, MlirLocation loc);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_IR_BUILDER_H
