//===- ScheduleToVector.c - Schedule IR compiled op by op, generic form ---===//
//
// tessera-lower-schedule-to-vector: every tsched op of a kernel is replaced,
// where it stands and at its location, by upstream vector / memref / arith /
// math ops, through the IR builder. Nothing here looks at which Graph IR ops
// a kernel came from, or at the kernel as a whole: a kernel is the
// composition of its ops (docs/design.md, "the IR is the contract").
//
// This is the generic form: register tiles are whole `vector` values,
// shared tiles are buffers of the tile program (memref.alloc at the top of
// the grid loop's body, freed at its end), copies are synchronous, tokens and
// waits disappear, `tile_matmul` is `vector.contract`, `elementwise` is the
// function table's formula on broadcast operands, `reduce` is
// `vector.multi_reduction`. Upstream passes take it from there to any
// target. Tiles should be small (the vectors are unrolled); the fast forms
// of each op per target family are separate lowerings.
//
//===----------------------------------------------------------------------===//
#include "Conversion/ScheduleToVector/ScheduleToVector.h"
#include "Conversion/GeneratedDialects.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "IR/OpList.h"
#include "IR/ElementwiseFns.h"
#include "IR/ReductionFns.h"
#include "Pipeline/PassRegistry.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kMaxRank = 8 };

// Shared tiles and the host buffers that hold them.
typedef struct Buffer {
  MlirValue tile, buffer;
} Buffer;

typedef struct Lowering {
  Buffer *buffers;
  size_t numBuffers, cap;
  bool failed;
} Lowering;

static void fail(Lowering *l, MlirOperation op, const char *msg) {
  char full[300];
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  snprintf(full, sizeof full, "tessera-lower-schedule-to-vector: '%.*s': %s",
           (int)n.length, n.data, msg);
  mlirEmitError(mlirOperationGetLocation(op), full);
  l->failed = true;
}

static bool isSharedTile(MlirType t) {
  return mlirTypeIsAMemRef(t) &&
         !mlirAttributeIsNull(mlirMemRefTypeGetMemorySpace(t));
}

static MlirValue bufferOf(const Lowering *l, MlirValue tile) {
  for (size_t i = 0; i < l->numBuffers; ++i)
    if (mlirValueEqual(l->buffers[i].tile, tile))
      return l->buffers[i].buffer;
  return tile;
}

static intptr_t shapeOf(MlirType t, int64_t *shape) {
  intptr_t r = mlirShapedTypeGetRank(t);
  for (intptr_t i = 0; i < r && i < kMaxRank; ++i)
    shape[i] = mlirShapedTypeGetDimSize(t, i);
  return r;
}

static MlirType vectorLike(MlirType shaped, MlirType elem) {
  int64_t shape[kMaxRank];
  intptr_t r = shapeOf(shaped, shape);
  return mlirVectorTypeGet(r, shape, elem);
}

// `(d0, ..., dR-1) -> (dR-r, ..., dR-1)`: a tile covers the trailing dims.
static MlirAttribute trailingMap(const TsBuilder *b, intptr_t srcRank,
                                 intptr_t tileRank) {
  char text[256];
  size_t n = (size_t)snprintf(text, sizeof text, "affine_map<(");
  for (intptr_t i = 0; i < srcRank; ++i)
    n += (size_t)snprintf(text + n, sizeof text - n, "%sd%ld", i ? ", " : "",
                          (long)i);
  n += (size_t)snprintf(text + n, sizeof text - n, ") -> (");
  for (intptr_t i = srcRank - tileRank; i < srcRank; ++i)
    n += (size_t)snprintf(text + n, sizeof text - n, "%sd%ld",
                          i > srcRank - tileRank ? ", " : "", (long)i);
  snprintf(text + n, sizeof text - n, ")>");
  return tsAttr(b, text);
}

static MlirAttribute boolArray(const TsBuilder *b, intptr_t n, bool v) {
  MlirAttribute items[kMaxRank];
  for (intptr_t i = 0; i < n; ++i)
    items[i] = mlirBoolAttrGet(b->ctx, v);
  return mlirArrayAttrGet(b->ctx, n, items);
}

static MlirAttribute segments(const TsBuilder *b, int32_t a, int32_t c,
                              int32_t d, int32_t e) {
  int32_t v[4] = {a, c, d, e};
  return mlirDenseI32ArrayGet(b->ctx, 4, v);
}

// vector.transfer_read of a `vt` tile at `idx` of `src`; elements outside
// `src` read as `pad` unless `inBounds`.
static MlirValue transferRead(const TsBuilder *b, MlirValue src,
                              intptr_t nIdx, const MlirValue *idx,
                              MlirType vt, MlirValue pad, bool inBounds) {
  MlirValue ops[2 + kMaxRank];
  ops[0] = src;
  memcpy(ops + 1, idx, (size_t)nIdx * sizeof *idx);
  ops[1 + nIdx] = pad;
  intptr_t r = mlirShapedTypeGetRank(vt);
  MlirNamedAttribute attrs[3] = {
      tsNamed(b, "permutation_map", trailingMap(b, nIdx, r)),
      tsNamed(b, "in_bounds", boolArray(b, r, inBounds)),
      tsNamed(b, "operandSegmentSizes", segments(b, 1, (int32_t)nIdx, 1, 0))};
  return tsResult(tsOp(b, "vector.transfer_read", 2 + nIdx, ops, 1, &vt, 3,
                       attrs, 0),
                  0);
}

static void transferWrite(const TsBuilder *b, MlirValue v, MlirValue dest,
                          intptr_t nIdx, const MlirValue *idx, bool inBounds) {
  MlirValue ops[2 + kMaxRank];
  ops[0] = v;
  ops[1] = dest;
  memcpy(ops + 2, idx, (size_t)nIdx * sizeof *idx);
  intptr_t r = mlirShapedTypeGetRank(mlirValueGetType(v));
  MlirNamedAttribute attrs[3] = {
      tsNamed(b, "permutation_map", trailingMap(b, nIdx, r)),
      tsNamed(b, "in_bounds", boolArray(b, r, inBounds)),
      tsNamed(b, "operandSegmentSizes", segments(b, 1, 1, (int32_t)nIdx, 0))};
  tsOp(b, "vector.transfer_write", 2 + nIdx, ops, 0, NULL, 3, attrs, 0);
}

static void zeros(const TsBuilder *b, intptr_t n, MlirValue *idx) {
  MlirValue c0 = tsConstIndex(b, 0);
  for (intptr_t i = 0; i < n; ++i)
    idx[i] = c0;
}

// A tile operand as a vector: register tiles are; a shared tile's buffer is
// read whole.
static MlirValue tileVector(const Lowering *l, const TsBuilder *b,
                            MlirValue tile) {
  MlirType t = mlirValueGetType(tile);
  if (mlirTypeIsAVector(t))
    return tile;
  MlirValue buf = bufferOf(l, tile);
  MlirType elem = mlirShapedTypeGetElementType(t);
  MlirValue idx[kMaxRank];
  intptr_t r = mlirShapedTypeGetRank(t);
  zeros(b, r, idx);
  return transferRead(b, buf, r, idx, vectorLike(t, elem),
                      tsConstFloat(b, elem, 0.0), true);
}

// The op's `pad` value, or zero of `elem`.
static MlirValue padValue(const TsBuilder *b, MlirOperation op,
                          MlirType elem) {
  MlirAttribute pad = tvGetAttr(op, "pad");
  if (mlirAttributeIsNull(pad))
    return mlirTypeIsAFloat(elem) ? tsConstFloat(b, elem, 0.0)
                                  : tsConstInt(b, elem, 0);
  MlirNamedAttribute attr = tsNamed(b, "value", pad);
  return tsResult(tsOp(b, "arith.constant", 0, NULL, 1, &elem, 1, &attr, 0),
                  0);
}

// The block a tile program's buffers live in: the body of the enclosing
// grid loop, or the function's entry block.
static MlirBlock programBlock(MlirOperation op) {
  MlirOperation p = mlirOperationGetParentOperation(op);
  while (!mlirOperationIsNull(p)) {
    MlirAttribute loop = tvGetAttr(p, "tsched.tile_loop");
    MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(p));
    if ((!mlirAttributeIsNull(loop) &&
         tvStrEq(name, "scf.forall")) ||
        tvStrEq(name, "func.func"))
      return mlirRegionGetFirstBlock(mlirOperationGetRegion(p, 0));
    p = mlirOperationGetParentOperation(p);
  }
  return mlirOperationGetBlock(op);
}

// A buffer for shared tile `tile` of `op`, alive for the tile program.
static MlirValue allocBuffer(Lowering *l, MlirOperation op, MlirValue tile) {
  MlirType t = mlirValueGetType(tile);
  int64_t shape[kMaxRank];
  intptr_t r = shapeOf(t, shape);
  MlirType bt = mlirMemRefTypeContiguousGet(
      mlirShapedTypeGetElementType(t), r, shape, (MlirAttribute){NULL});
  MlirBlock block = programBlock(op);
  TsBuilder at = tsBuilderAtStart(block, mlirOperationGetLocation(op));
  MlirValue buf =
      tsResult(tsOp(&at, "memref.alloc", 0, NULL, 1, &bt, 1,
                    (MlirNamedAttribute[]){tsNamed(
                        &at, "operandSegmentSizes",
                        mlirDenseI32ArrayGet(at.ctx, 2,
                                             (int32_t[]){0, 0}))},
                    0),
               0);
  TsBuilder end = tsBuilderBefore(mlirBlockGetTerminator(block));
  tsOp(&end, "memref.dealloc", 1, &buf, 0, NULL, 0, NULL, 0);
  if (l->numBuffers == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 16;
    l->buffers = realloc(l->buffers, l->cap * sizeof *l->buffers);
    if (!l->buffers)
      abort();
  }
  l->buffers[l->numBuffers++] = (Buffer){tile, buf};
  return buf;
}

//===----------------------------------------------------------------------===//
// One lowering per op
//===----------------------------------------------------------------------===//

// tile_load / async_copy: a masked read of the tile; into a buffer for a
// shared tile.
static void lowerLoad(Lowering *l, MlirOperation op) {
  TsBuilder b = tsBuilderBefore(op);
  MlirValue src = bufferOf(l, mlirOperationGetOperand(op, 0));
  intptr_t nIdx = mlirOperationGetNumOperands(op) - 1;

  MlirValue idx[kMaxRank];
  for (intptr_t i = 0; i < nIdx && i < kMaxRank; ++i)
    idx[i] = mlirOperationGetOperand(op, 1 + i);
  MlirValue tile = mlirOperationGetResult(op, 0);
  MlirType tt = mlirValueGetType(tile);
  MlirType elem = mlirShapedTypeGetElementType(tt);
  MlirValue v = transferRead(&b, src, nIdx, idx, vectorLike(tt, elem),
                             padValue(&b, op, elem), false);
  if (!isSharedTile(tt)) {
    mlirValueReplaceAllUsesOfWith(tile, v);
    return;
  }
  MlirValue buf = allocBuffer(l, op, tile);
  MlirValue z[kMaxRank];
  intptr_t r = mlirShapedTypeGetRank(tt);
  zeros(&b, r, z);
  transferWrite(&b, v, buf, r, z, true);
}

static void lowerStore(Lowering *l, MlirOperation op) {
  TsBuilder b = tsBuilderBefore(op);
  MlirValue v = tileVector(l, &b, mlirOperationGetOperand(op, 0));
  MlirValue dest = mlirOperationGetOperand(op, 1);
  intptr_t nIdx = mlirOperationGetNumOperands(op) - 2;

  MlirValue idx[kMaxRank];
  for (intptr_t i = 0; i < nIdx && i < kMaxRank; ++i)
    idx[i] = mlirOperationGetOperand(op, 2 + i);
  transferWrite(&b, v, dest, nIdx, idx, false);
}

static bool boolAttr(MlirOperation op, const char *name) {
  MlirAttribute a = tvGetAttr(op, name);
  return !mlirAttributeIsNull(a) && mlirBoolAttrGetValue(a);
}

// Operands widened to the accumulator's element type (f16 x f16 -> f32).
static MlirValue widen(const TsBuilder *b, MlirValue v, MlirType elem) {
  MlirType t = mlirValueGetType(v);
  if (mlirTypeEqual(mlirShapedTypeGetElementType(t), elem))
    return v;
  MlirType wide = vectorLike(t, elem);
  return tsResult(tsOp(b, "arith.extf", 1, &v, 1, &wide, 0, NULL, 0), 0);
}

// result = acc + a x b: vector.contract over (m, n, k).
static void lowerMatmul(Lowering *l, MlirOperation op) {
  TsBuilder b = tsBuilderBefore(op);
  MlirValue acc = mlirOperationGetOperand(op, 2);
  MlirType accT = mlirValueGetType(acc);
  MlirType accElem = mlirShapedTypeGetElementType(accT);
  MlirValue ops[3] = {
      widen(&b, tileVector(l, &b, mlirOperationGetOperand(op, 0)), accElem),
      widen(&b, tileVector(l, &b, mlirOperationGetOperand(op, 1)), accElem),
      acc};
  char maps[200];
  snprintf(maps, sizeof maps,
           "[affine_map<(m, n, k) -> (%s)>, affine_map<(m, n, k) -> (%s)>, "
           "affine_map<(m, n, k) -> (m, n)>]",
           boolAttr(op, "transpose_a") ? "k, m" : "m, k",
           boolAttr(op, "transpose_b") ? "n, k" : "k, n");
  MlirNamedAttribute attrs[3] = {
      tsNamed(&b, "indexing_maps", tsAttr(&b, maps)),
      tsNamed(&b, "iterator_types",
              tsAttr(&b, "[#vector.iterator_type<parallel>, "
                         "#vector.iterator_type<parallel>, "
                         "#vector.iterator_type<reduction>]")),
      tsNamed(&b, "kind", tsAttr(&b, "#vector.kind<add>"))};
  MlirValue r = tsResult(
      tsOp(&b, "vector.contract", 3, ops, 1, &accT, 3, attrs, 0), 0);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), r);
}

// The table's formula on operands broadcast (numpy-style) to the result.
static void lowerElementwise(Lowering *l, MlirOperation op) {
  TsBuilder b = tsBuilderBefore(op);
  MlirAttribute fnAttr = tvGetAttr(op, "fn");
  const TesseraElementwiseFn *fn =
      mlirAttributeIsNull(fnAttr)
          ? NULL
          : tesseraLookupElementwiseFn(mlirStringAttrGetValue(fnAttr));
  if (!fn) {
    fail(l, op, "unknown fn");
    return;
  }
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirValue args[2];
  for (int i = 0; i < fn->arity; ++i) {
    MlirValue v = mlirOperationGetOperand(op, i);
    if (!mlirTypeEqual(mlirValueGetType(v), rt))
      v = tsResult(tsOp(&b, "vector.broadcast", 1, &v, 1, &rt, 0, NULL, 0),
                   0);
    args[i] = v;
  }
  mlirValueReplaceAllUsesOfWith(res, fn->emit(&b, args));
}

// vector.multi_reduction over `dim`, kept as a dim of size 1.
static void lowerReduce(MlirOperation op) {
  TsBuilder b = tsBuilderBefore(op);
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType elem = mlirShapedTypeGetElementType(rt);
  MlirValue x = widen(&b, mlirOperationGetOperand(op, 0), elem);
  MlirType xt = mlirValueGetType(x);
  int64_t shape[kMaxRank];
  intptr_t rank = shapeOf(xt, shape);
  MlirAttribute dimAttr = tvGetAttr(op, "dim");
  int64_t dim = mlirAttributeIsNull(dimAttr)
                    ? rank - 1
                    : mlirIntegerAttrGetValueInt(dimAttr);
  MlirAttribute kindAttr = tvGetAttr(op, "kind");
  // The verifier has checked the kind against the same table.
  const TesseraReductionFn *fn =
      tesseraLookupReductionFn(mlirStringAttrGetValue(kindAttr));
  const char *vk = fn->vectorKind;
  double init = fn->identity;
  int64_t kept[kMaxRank];
  intptr_t nk = 0;
  for (intptr_t i = 0; i < rank; ++i)
    if (i != dim)
      kept[nk++] = shape[i];
  MlirType accT = nk ? mlirVectorTypeGet(nk, kept, elem) : elem;
  char kindText[48];
  snprintf(kindText, sizeof kindText, "#vector.kind<%s>", vk);
  MlirValue ops[2] = {x, tsConstFloat(&b, accT, init)};
  MlirNamedAttribute attrs[2] = {
      tsNamed(&b, "kind", tsAttr(&b, kindText)),
      tsNamed(&b, "reduction_dims",
              mlirDenseI64ArrayGet(b.ctx, 1, (int64_t[]){dim}))};
  MlirValue r = tsResult(
      tsOp(&b, "vector.multi_reduction", 2, ops, 1, &accT, 2, attrs, 0), 0);
  r = tsResult(tsOp(&b, nk ? "vector.shape_cast" : "vector.broadcast", 1, &r,
                    1, &rt, 0, NULL, 0),
               0);
  mlirValueReplaceAllUsesOfWith(res, r);
}

// offset + a constant of each element's coordinate along `dim`: a row
// 0..C-1 (dim 1, or a 1-D row) or a column 0..R-1 (dim 0, R x 1),
// broadcast to the tile.
static void lowerIota(MlirOperation op) {
  TsBuilder b = tsBuilderBefore(op);
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType i32 = mlirShapedTypeGetElementType(rt);
  int64_t shape[2];
  intptr_t rank = shapeOf(rt, shape);
  int64_t dim = mlirIntegerAttrGetValueInt(tvGetAttr(op, "dim"));
  int64_t n = shape[rank == 1 ? 0 : dim];
  int32_t *vals = malloc((size_t)n * sizeof *vals);
  if (!vals)
    abort();
  for (int64_t i = 0; i < n; ++i)
    vals[i] = (int32_t)i;
  int64_t cs[2] = {n, 1};
  MlirType ct = rank == 2 && dim == 0 ? mlirVectorTypeGet(2, cs, i32)
                                      : mlirVectorTypeGet(1, &n, i32);
  MlirNamedAttribute v = tsNamed(
      &b, "value", mlirDenseElementsAttrInt32Get(ct, (intptr_t)n, vals));
  free(vals);
  MlirValue c = tsResult(tsOp(&b, "arith.constant", 0, NULL, 1, &ct, 1, &v, 0), 0);
  if (!mlirTypeEqual(ct, rt))
    c = tsResult(tsOp(&b, "vector.broadcast", 1, &c, 1, &rt, 0, NULL, 0), 0);
  MlirValue off = tsConvert(&b, "arith.index_cast",
                            mlirOperationGetOperand(op, 0), i32);
  off = tsResult(tsOp(&b, "vector.broadcast", 1, &off, 1, &rt, 0, NULL, 0), 0);
  mlirValueReplaceAllUsesOfWith(res, tsBinary(&b, "arith.addi", c, off));
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

static MlirWalkResult collect(MlirOperation op, void *ud) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  if ((n.length > 7 && memcmp(n.data, "tsched.", 7) == 0) ||
      tvStrEq(n, "ttarget.mma") || tvStrEq(n, "ttarget.copy"))
    tsOpListPush(ud, op);
  return MlirWalkResultAdvance;
}

// Every shaped operand and result has rank <= kMaxRank (the lowerings'
// fixed-size index arrays), also in IR that skipped tessera-verify.
static bool ranksSupported(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (mlirTypeIsAShaped(t) && mlirShapedTypeGetRank(t) > kMaxRank)
      return false;
  }
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, i));
    if (mlirTypeIsAShaped(t) && mlirShapedTypeGetRank(t) > kMaxRank)
      return false;
  }
  return true;
}

// The schedule's structure attributes are consumed: copies are synchronous
// now (no stages), and no tsched op is left for a kernel to hold.
static MlirWalkResult dropScheduleAttrs(MlirOperation op, void *ud) {
  (void)ud;
  mlirOperationRemoveAttributeByName(
      op, mlirStringRefCreateFromCString("tsched.tile_loop"));
  mlirOperationRemoveAttributeByName(
      op, mlirStringRefCreateFromCString("tsched.kernel"));
  mlirOperationRemoveAttributeByName(
      op, mlirStringRefCreateFromCString("ttarget.kernel"));
  return MlirWalkResultAdvance;
}

bool tesseraLowerScheduleOpsToVector(MlirOperation root) {
  TsOpList c = {0};
  mlirOperationWalk(root, collect, &c, MlirWalkPreOrder);
  Lowering l = {0};
  // Program order: a shared tile's buffer exists before its readers.
  for (int i = 0; i < c.n; ++i) {
    MlirOperation op = c.ops[i];
    MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
    if (!ranksSupported(op))
      fail(&l, op, "tiles and memrefs of rank above 8 are not supported");
    else if (tvStrEq(n, "tsched.tile_load") ||
             tvStrEq(n, "tsched.async_copy") || tvStrEq(n, "ttarget.copy"))
      lowerLoad(&l, op);
    else if (tvStrEq(n, "tsched.tile_store"))
      lowerStore(&l, op);
    else if (tvStrEq(n, "tsched.tile_matmul") || tvStrEq(n, "ttarget.mma"))
      lowerMatmul(&l, op);
    else if (tvStrEq(n, "tsched.elementwise"))
      lowerElementwise(&l, op);
    else if (tvStrEq(n, "tsched.reduce"))
      lowerReduce(op);
    else if (tvStrEq(n, "tsched.iota"))
      lowerIota(op);
    else if (!tvStrEq(n, "tsched.wait"))
      fail(&l, op, "has no generic lowering yet");
  }
  // Every use now reads the new values: erase consumers before producers.
  // A use left (a shared tile passed to an op of another dialect) is
  // refused rather than left dangling.
  for (int i = c.n; !l.failed && i-- > 0;) {
    MlirOperation op = c.ops[i];
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r)
      if (!mlirOpOperandIsNull(
              mlirValueGetFirstUse(mlirOperationGetResult(op, r)))) {
        fail(&l, op, "its tile is used by an op that is not tsched");
        break;
      }
    if (!l.failed)
      mlirOperationDestroy(op);
  }
  tsOpListFree(&c);
  free(l.buffers);
  if (l.failed)
    return false;
  mlirOperationWalk(root, dropScheduleAttrs, NULL, MlirWalkPreOrder);
  return true;
}

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  (void)o;
  if (!tesseraLowerScheduleOpsToVector(module))
    mlirExternalPassSignalFailure(pass);
}

const TesseraPassDef tesseraLowerScheduleToVectorPassDef = {
    .info = {.argument = "tessera-lower-schedule-to-vector",
             .summary = "Schedule IR -> vector/memref/arith/math, op by op: "
                        "the generic form of every tsched op, for any "
                        "target"},
    .opName = "builtin.module",
    .run = run,
    .dependentDialects = TESSERA_HOST_KERNEL_DIALECTS,
};
