//===- TypeRewrite.c - Kernel types an OpenCL device can take ------------===//
//
// Two rewrites of the types of a distributed kernel's values, in place
// (mlirValueSetType), for what LLVM's SPIR-V backend and OpenCL accept:
//
//   - memref<..., #gpu.address_space<workgroup>> -> memref<..., 3>.
//     convert-gpu-to-llvm-spv converts the attributions' space but not that
//     of the views the body makes of them, which the memref-to-LLVM
//     lowering after it then cannot convert.
//   - bf16 -> i16 (scalars, vectors, memref elements). SPIR-V has bf16
//     only with SPV_KHR_bfloat16, which OpenCL devices and llvm-spirv-15
//     lack, and LLVM's backend aborts on `bfloat` without it. The kernels
//     keep bf16 in memory only: they widen loads (arith.extf) and round
//     stores (arith.truncf) with f32 arithmetic between, so the two
//     conversions become integer arithmetic here -- the upper half of an
//     f32, and round to nearest even (NaN -> 0x7fc0), which is what
//     arith-expand does -- and every other op only moves the bits. An
//     arithmetic op on bf16 values is refused with a located error.
//     Kernel arguments keep their bf16 memref types (the launches in the
//     entries pass them) and are reinterpreted as i16 memrefs by an
//     unrealized cast, which the LLVM lowering removes (both are the same
//     descriptor).
//
//===----------------------------------------------------------------------===//
#include "Conversion/TargetToSPIRV/TypeRewrite.h"

#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "IR/OpList.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

typedef struct Rewrite {
  MlirContext ctx;
  MlirAttribute workgroup; // #gpu.address_space<workgroup>
  MlirType i16;
} Rewrite;

static MlirType convertType(const Rewrite *r, MlirType t) {
  if (mlirTypeIsABF16(t))
    return r->i16;
  if (mlirTypeIsAVector(t)) {
    MlirType e = mlirShapedTypeGetElementType(t);
    if (!mlirTypeIsABF16(e))
      return t;
    intptr_t rank = mlirShapedTypeGetRank(t);
    int64_t shape[8];
    for (intptr_t i = 0; i < rank && i < 8; ++i)
      shape[i] = mlirShapedTypeGetDimSize(t, i);
    return mlirVectorTypeGet(rank, shape, r->i16);
  }
  if (!mlirTypeIsAMemRef(t))
    return t;
  MlirType e = mlirShapedTypeGetElementType(t);
  MlirAttribute space = mlirMemRefTypeGetMemorySpace(t);
  bool wg = mlirAttributeEqual(space, r->workgroup);
  if (!wg && !mlirTypeIsABF16(e))
    return t;
  intptr_t rank = mlirShapedTypeGetRank(t);
  int64_t shape[8];
  for (intptr_t i = 0; i < rank && i < 8; ++i)
    shape[i] = mlirShapedTypeGetDimSize(t, i);
  if (wg)
    space = mlirIntegerAttrGet(mlirIntegerTypeGet(r->ctx, 64), 3);
  return mlirMemRefTypeGet(mlirTypeIsABF16(e) ? r->i16 : e, rank, shape,
                           mlirMemRefTypeGetLayout(t), space);
}

// The element type of a vector or memref, else `t`.
static MlirType elemOf(MlirType t) {
  return mlirTypeIsAShaped(t) ? mlirShapedTypeGetElementType(t) : t;
}

static bool hasBf16(MlirType t) { return mlirTypeIsABF16(elemOf(t)); }

static void retype(const Rewrite *r, MlirValue v) {
  MlirType t = mlirValueGetType(v);
  MlirType n = convertType(r, t);
  if (!mlirTypeEqual(t, n))
    mlirValueSetType(v, n);
}

// The kernel's bf16 memref arguments, seen as i16 memrefs.
static void castArguments(const Rewrite *r, MlirOperation func,
                          intptr_t nargs) {
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  TsBuilder b = tsBuilderBefore(mlirBlockGetFirstOperation(entry));
  for (intptr_t i = 0; i < nargs; ++i) {
    MlirValue arg = mlirBlockGetArgument(entry, i);
    MlirType t = mlirValueGetType(arg);
    MlirType n = convertType(r, t);
    if (mlirTypeEqual(t, n))
      continue;
    MlirOperation cast = tsOp(&b, "builtin.unrealized_conversion_cast", 1,
                              &arg, 1, &n, 0, NULL, 0);
    mlirValueReplaceAllUsesOfWith(arg, tsResult(cast, 0));
    mlirOperationSetOperand(cast, 0, arg);
  }
}

// bf16 bits of `v`, rounded to nearest even (NaN: the quiet NaN 0x7fc0).
static int64_t bf16Bits(double v) {
  float f = (float)v;
  if (isnan(f))
    return 0x7fc0;
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  u += 0x7fff + ((u >> 16) & 1);
  int64_t bits = (int64_t)(u >> 16);
  return bits >= 0x8000 ? bits - 0x10000 : bits; // as a signed i16

}

static MlirValue intConst(const TsBuilder *b, MlirType like, int64_t v) {
  return tsConstInt(b, like, v);
}

// arith.extf %x : bf16 -> f32, %x now i16: bitcast(extui(x) << 16).
static void rewriteExtf(MlirOperation op) {
  TsBuilder b = tsBuilderBefore(op);
  MlirValue x = mlirOperationGetOperand(op, 0);
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType i32 = tsShapedLike(mlirValueGetType(x),
                              mlirIntegerTypeGet(b.ctx, 32));
  MlirValue wide = tsConvert(&b, "arith.extui", x, i32);
  MlirValue shifted = tsBinary(&b, "arith.shli", wide, intConst(&b, i32, 16));
  MlirValue f32 = tsConvert(&b, "arith.bitcast", shifted, mlirValueGetType(res));
  if (!mlirTypeIsAF32(elemOf(mlirValueGetType(res))))
    f32 = tsConvert(&b, "arith.extf", f32, mlirValueGetType(res));
  mlirValueReplaceAllUsesOfWith(res, f32);
  mlirOperationDestroy(op);
}

// arith.truncf %x : f32 -> bf16, the result now i16: round to nearest even
// on the bits, NaN to 0x7fc0.
static void rewriteTruncf(MlirOperation op) {
  TsBuilder b = tsBuilderBefore(op);
  MlirValue x = mlirOperationGetOperand(op, 0);
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType xt = mlirValueGetType(x);
  if (!mlirTypeIsAF32(elemOf(xt)))
    x = tsConvert(&b, "arith.truncf", x,
                  tsShapedLike(xt, mlirF32TypeGet(b.ctx)));
  MlirType i32 = tsShapedLike(xt, mlirIntegerTypeGet(b.ctx, 32));
  MlirValue u = tsConvert(&b, "arith.bitcast", x, i32);
  MlirValue odd = tsBinary(&b, "arith.andi",
                           tsBinary(&b, "arith.shrui", u, intConst(&b, i32, 16)),
                           intConst(&b, i32, 1));
  MlirValue bias = tsBinary(&b, "arith.addi", odd, intConst(&b, i32, 0x7fff));
  MlirValue rounded = tsBinary(
      &b, "arith.shrui", tsBinary(&b, "arith.addi", u, bias),
      intConst(&b, i32, 16));
  MlirValue nan = tsCmpF(&b, "uno", x, x);
  MlirValue bits = tsSelect(&b, nan, intConst(&b, i32, 0x7fc0), rounded);
  MlirValue out = tsConvert(&b, "arith.trunci", bits, mlirValueGetType(res));
  mlirValueReplaceAllUsesOfWith(res, out);
  mlirOperationDestroy(op);
}

// arith.constant of bf16 (a scalar or a splat) -> the i16 of its bits.
static bool rewriteConstant(MlirOperation op) {
  MlirAttribute v = tvGetAttr(op, "value");
  MlirType t = mlirValueGetType(mlirOperationGetResult(op, 0));
  double d;
  if (mlirAttributeIsAFloat(v))
    d = mlirFloatAttrGetValueDouble(v);
  else if (mlirAttributeIsADenseElements(v) && mlirDenseElementsAttrIsSplat(v))
    d = mlirFloatAttrGetValueDouble(mlirDenseElementsAttrGetSplatValue(v));
  else
    return false;
  TsBuilder b = tsBuilderBefore(op);
  MlirValue c = tsConstInt(&b, t, bf16Bits(d));
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), c);
  mlirOperationDestroy(op);
  return true;
}

// Ops that only move a bf16 value's bits (retyping them is all they need).
static bool movesBits(MlirOperation op) {
  static const char *const kOps[] = {
      "arith.select", "scf.if", "scf.yield", "scf.for", "scf.while",
      "scf.condition", "vector.from_elements", "vector.extract",
      "vector.insert", "vector.broadcast", "vector.load", "vector.store",
      "vector.transfer_read", "vector.transfer_write", "vector.shuffle",
      "vector.splat", "memref.load", "memref.store", "memref.view",
      "memref.subview", "memref.cast", "memref.dim",
      "memref.reinterpret_cast", "memref.collapse_shape",
      "memref.expand_shape", "memref.transpose",
      "builtin.unrealized_conversion_cast", NULL};
  for (int i = 0; kOps[i]; ++i)
    if (tsOpIs(op, kOps[i]))
      return true;
  return false;
}

static bool touchesBf16(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
    if (hasBf16(mlirValueGetType(mlirOperationGetOperand(op, i))))
      return true;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (hasBf16(mlirValueGetType(mlirOperationGetResult(op, i))))
      return true;
  return false;
}

typedef enum { FIX_NONE, FIX_EXTF, FIX_TRUNCF, FIX_CONSTANT } Fix;

static Fix fixOf(MlirOperation op) {
  if (!touchesBf16(op))
    return FIX_NONE;
  if (tsOpIs(op, "arith.extf"))
    return FIX_EXTF;
  if (tsOpIs(op, "arith.truncf"))
    return FIX_TRUNCF;
  if (tsOpIs(op, "arith.constant"))
    return FIX_CONSTANT;
  return FIX_NONE;
}

bool tspvRewriteTypes(MlirOperation func, intptr_t nargs) {
  Rewrite r = {mlirOperationGetContext(func), {NULL}, {NULL}};
  r.i16 = mlirIntegerTypeGet(r.ctx, 16);
  r.workgroup = mlirAttributeParseGet(
      r.ctx, mlirStringRefCreateFromCString("#gpu.address_space<workgroup>"));
  castArguments(&r, func, nargs);
  TsOpList ops = {0};
  mlirOperationWalk(func, tsOpListCollectAll, &ops, MlirWalkPreOrder);
  // What each op needs is read before any value is retyped.
  Fix *fix = tsAlloc(ops.n, sizeof *fix);
  bool ok = true;
  for (int i = 0; i < ops.n && ok; ++i) {
    MlirOperation op = ops.ops[i];
    fix[i] = fixOf(op);
    if (fix[i] == FIX_NONE && touchesBf16(op) && !movesBits(op) &&
        !tsOpIs(op, "gpu.func")) {
      char name[96], msg[256];
      snprintf(msg, sizeof msg, "tessera-lower-target-to-spirv: '%s' computes "
               "on bf16 values; OpenCL has no bf16 arithmetic (the kernels "
               "keep bf16 in memory and compute in f32)",
               tvOpName(op, name, sizeof name));
      mlirEmitError(mlirOperationGetLocation(op), msg);
      ok = false;
    }
  }
  for (int i = 0; i < ops.n && ok; ++i) {
    MlirOperation op = ops.ops[i];
    for (intptr_t g = 0; g < mlirOperationGetNumRegions(op); ++g)
      for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, g));
           !mlirBlockIsNull(b); b = mlirBlockGetNextInRegion(b))
        for (intptr_t a = i == 0 ? nargs : 0; a < mlirBlockGetNumArguments(b);
             ++a)
          retype(&r, mlirBlockGetArgument(b, a));
    if (i == 0)
      continue; // the gpu.func: its arguments keep their types
    for (intptr_t k = 0; k < mlirOperationGetNumResults(op); ++k)
      retype(&r, mlirOperationGetResult(op, k));
  }
  for (int i = 0; i < ops.n && ok; ++i) {
    if (fix[i] == FIX_EXTF)
      rewriteExtf(ops.ops[i]);
    else if (fix[i] == FIX_TRUNCF)
      rewriteTruncf(ops.ops[i]);
    else if (fix[i] == FIX_CONSTANT && !rewriteConstant(ops.ops[i])) {
      mlirEmitError(mlirOperationGetLocation(ops.ops[i]),
                    "tessera-lower-target-to-spirv: a bf16 constant that is "
                    "neither a scalar nor a splat");
      ok = false;
    }
  }
  free(fix);
  tsOpListFree(&ops);
  return ok;
}
