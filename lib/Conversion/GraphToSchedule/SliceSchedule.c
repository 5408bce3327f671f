//===- SliceSchedule.c - schedule builders: tgraph.slice, concat, pad -----===//
//
// Each is the copy kernel of ViewCopySchedule.c with strided views:
//   slice   reads the input through a view with the result's sizes, the
//           slice's offsets and its strides times the input's ("slice"
//           family);
//   concat  is two copies, each of one operand into the view of the
//           result that holds it: the lhs at offset 0 along `dim`, the rhs
//           at (result dim - rhs dim), which the kernel reads off its own
//           arguments ("concat" family). A dynamic result dim along `dim`
//           is the sum of the operands' (a GTS_DIM_DERIVED dim).
//   split   is one copy per result that something reads, of the input's
//           view at part i (i x the part's size along `dim`, read off the
//           kernel's own result); a dynamic part is the input dim / n,
//           which must divide at run time ("split" family);
//   pad     is one copy of the input into the view of the result at its
//           low pads, plus a fill of each slab the copy does not write
//           ("pad" family; below). Every element is written once.
// Rank 0 and 1 tensors are seen as one row (1 x N), as everywhere.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

//===----------------------------------------------------------------------===//
// tgraph.slice
//===----------------------------------------------------------------------===//

typedef struct SliceCtx {
  int64_t *off, *step; // per dim of the kernel's view
} SliceCtx;

static MlirValue sliceView(const TsBuilder *b, MlirValue X, MlirValue Y,
                           const MlirValue *dims, int n, const void *ctx) {
  (void)Y;
  const SliceCtx *c = ctx;
  MlirValue *off = tsAlloc(n, sizeof *off);
  for (int j = 0; j < n; ++j)
    off[j] = c->off[j] ? tsConstIndex(b, c->off[j]) : (MlirValue){NULL};
  MlirValue v = gtsStridedView(b, X, n, dims, NULL, c->step, off);
  free(off);
  return v;
}

void gtsBuildSlice(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  Value *x = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0));
  if (!x)
    return;
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  int r = x->rank, n = gtsCopyRank(r), lead = n - r;
  MlirAttribute offA = tvGetAttr(op, "offsets"), stA = tvGetAttr(op, "strides");
  SliceCtx c = {tsAlloc(n, sizeof *c.off), tsAlloc(n, sizeof *c.step)};
  for (int j = 0; j < n; ++j)
    c.step[j] = 1;
  Value *y = gtsAddValue(l, res);
  for (int d = 0; d < r; ++d) {
    int64_t off = mlirDenseI64ArrayGetElement(offA, d);
    int64_t st = mlirAttributeIsNull(stA) ? 1 : mlirDenseI64ArrayGetElement(stA, d);
    int64_t size = mlirShapedTypeGetDimSize(rt, d);
    c.off[lead + d] = off;
    c.step[lead + d] = st;
    if (mlirShapedTypeIsDynamicSize(size)) {
      y->dims[d] = x->dims[d]; // the whole dim (the verifier: offset 0, stride 1)
      continue;
    }
    y->dims[d] = gtsConstDim(size);
    // The input must reach the last element read (or the start of an
    // empty slice); the verifier checked static input dims.
    int64_t reach = size ? off + (size - 1) * st + 1 : off;
    gtsRequireAtLeast(l, x->dims[d], gtsConstDim(reach), "slice bounds");
  }
  gtsAllocate(l, y);
  GtsCopyViews views = {.src = sliceView, .ctx = &c};
  MlirValue src = gtsCopyView(l, x); // built in this order
  MlirValue dst = gtsCopyView(l, y);
  gtsCallCopyKernel(l, g, mlirShapedTypeGetElementType(rt), n, n, &views,
                    src, dst);
  free(c.off);
  free(c.step);
}

//===----------------------------------------------------------------------===//
// tgraph.concat
//===----------------------------------------------------------------------===//

typedef struct PieceCtx {
  int dim;   // of the kernel's views
  bool tail; // the rhs: at (Y dim - X dim) along `dim`
} PieceCtx;

static MlirValue pieceView(const TsBuilder *b, MlirValue X, MlirValue Y,
                           const MlirValue *dims, int n, const void *ctx) {
  const PieceCtx *c = ctx;
  MlirValue *off = tsAlloc(n, sizeof *off); // zeroed: null values
  if (c->tail)
    off[c->dim] = tsBinary(b, "arith.subi", tsDim(b, Y, c->dim),
                           tsDim(b, X, c->dim));
  MlirValue v = gtsStridedView(b, Y, n, dims, NULL, NULL, off);
  free(off);
  return v;
}

void gtsBuildConcat(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  Value *a = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0));
  Value *b = a ? gtsOperandValue(l, op, mlirOperationGetOperand(op, 1)) : NULL;
  if (!b)
    return;
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  int r = a->rank, n = gtsCopyRank(r);
  int64_t dim = mlirIntegerAttrGetValueInt(tvGetAttr(op, "dim"));
  if (dim < 0)
    dim += r;
  Value *y = gtsAddValue(l, res);
  for (int d = 0; d < r; ++d) {
    if (d == dim) {
      DimRef sum = gtsSumDim(l, a->dims[d], b->dims[d]);
      int64_t size = mlirShapedTypeGetDimSize(rt, d);
      y->dims[d] = mlirShapedTypeIsDynamicSize(size) ? sum : gtsConstDim(size);
      gtsRequireEqual(l, y->dims[d], sum, "concat result size");
    } else {
      y->dims[d] = a->dims[d];
      gtsRequireEqual(l, b->dims[d], a->dims[d], "concat operand shapes");
    }
  }
  gtsAllocate(l, y);
  MlirValue dst = gtsCopyView(l, y);
  MlirType elem = mlirShapedTypeGetElementType(rt);
  const Value *parts[2] = {a, b};
  for (int i = 0; i < 2; ++i) {
    PieceCtx c = {(int)dim + n - r, i == 1};
    GtsCopyViews views = {.dst = pieceView, .overSource = true, .ctx = &c};
    gtsCallCopyKernel(l, g, elem, n, n, &views, gtsCopyView(l, parts[i]),
                      dst);
  }
}

//===----------------------------------------------------------------------===//
// tgraph.pad
//===----------------------------------------------------------------------===//

// The result's elements outside the copy are filled slab by slab: slab j
// is the part of dim j's pad (low, or high) whose dims before j lie inside
// the copy's range, with every dim after j whole -- so the slabs and the
// copy cover the result once each. The copy's tiles read past the input's
// last two dims as the pad value (tile_load's pad), so their high pads
// need no slab; a leading dim's grid index must stay inside the input, so
// its high pad is a slab too.
typedef struct PadCtx {
  int64_t *low, *cut; // per dim of the kernel's view: low pad, high slab
  int slab;           // the slab's dim; -1: the copy
  bool high;          // the slab is dim `slab`'s high pad
  double value;
} PadCtx;

// A slab's tiles: the pad value.
static MlirValue padFill(const TsBuilder *b, const MlirValue *idx, int n,
                         MlirType tileT, const void *ctx) {
  (void)idx;
  (void)n;
  return tsConstFloat(b, tileT, ((const PadCtx *)ctx)->value);
}

static void padWalk(const TsBuilder *b, MlirValue *dims, int n,
                    const void *ctx) {
  const PadCtx *c = ctx;
  int upto = c->slab < 0 ? n : c->slab;
  for (int e = 0; e < upto; ++e)
    if (c->low[e] + c->cut[e])
      dims[e] = tsBinary(b, "arith.subi", dims[e],
                         tsConstIndex(b, c->low[e] + c->cut[e]));
  if (c->slab >= 0)
    dims[c->slab] = tsConstIndex(b, c->high ? c->cut[c->slab] : c->low[c->slab]);
}

static MlirValue padView(const TsBuilder *b, MlirValue X, MlirValue Y,
                         const MlirValue *dims, int n, const void *ctx) {
  (void)X;
  const PadCtx *c = ctx;
  MlirValue *off = tsAlloc(n, sizeof *off); // zeroed: null values
  int upto = c->slab < 0 ? n : c->slab;
  for (int e = 0; e < upto; ++e)
    if (c->low[e])
      off[e] = tsConstIndex(b, c->low[e]);
  if (c->slab >= 0 && c->high)
    off[c->slab] = tsBinary(b, "arith.subi", tsDim(b, Y, c->slab),
                            tsConstIndex(b, c->cut[c->slab]));
  MlirValue v = gtsStridedView(b, Y, n, dims, NULL, NULL, off);
  free(off);
  return v;
}

// Result dim d of a pad: low + input + high; a static result of a dynamic
// input dim is checked at run time.
static DimRef padDim(Lowering *l, MlirType rt, int d, DimRef in, int64_t lo,
                     int64_t hi) {
  int64_t size = mlirShapedTypeGetDimSize(rt, d);
  if (!mlirShapedTypeIsDynamicSize(size)) {
    gtsRequireEqual(l, in, gtsConstDim(size - lo - hi), "pad input dim");
    return gtsConstDim(size);
  }
  return lo + hi ? gtsSumDim(l, in, gtsConstDim(lo + hi)) : in;
}

void gtsBuildPad(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  Value *x = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0));
  if (!x)
    return;
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirType elem = mlirShapedTypeGetElementType(rt);
  int r = x->rank, n = gtsCopyRank(r), lead = n - r;
  MlirAttribute loA = tvGetAttr(op, "low"), hiA = tvGetAttr(op, "high"),
                vA = tvGetAttr(op, "value");
  PadCtx c = {tsAlloc(n, sizeof *c.low), tsAlloc(n, sizeof *c.cut), -1,
              false,
              mlirAttributeIsNull(vA) ? 0.0 : mlirFloatAttrGetValueDouble(vA)};
  Value *y = gtsAddValue(l, res);
  for (int d = 0; d < r; ++d) {
    int64_t lo = mlirDenseI64ArrayGetElement(loA, d),
            hi = mlirDenseI64ArrayGetElement(hiA, d);
    c.low[lead + d] = lo;
    c.cut[lead + d] = lead + d < n - 2 ? hi : 0;
    y->dims[d] = padDim(l, rt, d, x->dims[d], lo, hi);
  }
  gtsAllocate(l, y);
  GtsCopyViews views = {
      .dst = padView, .ctx = &c, .walk = padWalk, .pad = c.value};
  MlirValue ops[2] = {gtsCopyView(l, x), gtsCopyView(l, y)};
  for (int j = -1; j < n; ++j)
    for (int side = 0; side < (j < 0 ? 1 : 2); ++side) {
      c.slab = j;
      c.high = side == 1;
      views.make = j >= 0 ? padFill : NULL;
      if (j >= 0 && !(c.high ? c.cut[j] : c.low[j]))
        continue;
      gtsCallCopyKernel(l, g, elem, n, n, &views, ops[0], ops[1]);
    }
  free(c.low);
  free(c.cut);
}

//===----------------------------------------------------------------------===//
// tgraph.split
//===----------------------------------------------------------------------===//

typedef struct PartCtx {
  int dim;       // of the kernel's views
  int64_t index; // the part
} PartCtx;

static MlirValue partView(const TsBuilder *b, MlirValue X, MlirValue Y,
                          const MlirValue *dims, int n, const void *ctx) {
  (void)Y;
  const PartCtx *c = ctx;
  MlirValue *off = tsAlloc(n, sizeof *off); // zeroed: null values
  if (c->index)
    off[c->dim] =
        tsBinary(b, "arith.muli", tsConstIndex(b, c->index), dims[c->dim]);
  MlirValue v = gtsStridedView(b, X, n, dims, NULL, NULL, off);
  free(off);
  return v;
}

void gtsBuildSplit(Lowering *l, const KernelGroup *g) {
  MlirOperation op = g->root;
  Value *x = gtsOperandValue(l, op, mlirOperationGetOperand(op, 0));
  if (!x)
    return;
  intptr_t parts = mlirOperationGetNumResults(op);
  MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
  int r = x->rank, n = gtsCopyRank(r);
  int64_t dim = mlirIntegerAttrGetValueInt(tvGetAttr(op, "dim"));
  if (dim < 0)
    dim += r;
  int64_t size = mlirShapedTypeGetDimSize(rt, dim);
  DimRef part;
  if (mlirShapedTypeIsDynamicSize(size)) {
    gtsRequireMultiple(l, x->dims[dim], parts, "split size");
    part = gtsQuotientDim(l, x->dims[dim], parts);
  } else {
    gtsRequireEqual(l, x->dims[dim], gtsConstDim(size * parts), "split size");
    part = gtsConstDim(size);
  }
  MlirValue src = gtsCopyView(l, x);
  for (intptr_t i = 0; i < parts; ++i) {
    MlirValue res = mlirOperationGetResult(op, i);
    if (gtsUseCount(res) == 0)
      continue; // a part nothing reads is not made
    Value *y = gtsAddValue(l, res);
    for (int d = 0; d < r; ++d)
      y->dims[d] = d == dim ? part : x->dims[d];
    gtsAllocate(l, y);
    PartCtx c = {(int)dim + n - r, i};
    GtsCopyViews views = {.src = partView, .ctx = &c};
    gtsCallCopyKernel(l, g, mlirShapedTypeGetElementType(rt), n, n, &views,
                      src, gtsCopyView(l, y));
  }
}
