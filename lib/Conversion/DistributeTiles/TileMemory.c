//===- TileMemory.c - Loads, stores, copies and waits, per layout ---------===//
//
// tile_load / tile_store move each register of a tile between a global (or
// shared) memref and the thread that holds it, masked at the edges of
// dynamic shapes. ttarget.copy {family = "cp.async"} copies a tile into
// shared memory in 16-byte (or vector_bytes) chunks spread over the block,
// zero-filling what lies outside the source; tsched.wait waits for the
// copies' group and makes them visible to the block. In a tile loop with
// `stages = S >= 2` the copies form an S-slot ring: the prologue starts the
// first S-1 iterations' copies, each iteration starts the copies S-1
// iterations ahead and waits for its own (schedule.md §5).
//
//===----------------------------------------------------------------------===//
#include "Conversion/DistributeTiles/Dist.h"

#include "Dialect/VerifyUtils.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <string.h>

static MlirValue cmpLt(TsBuilder *b, MlirValue x, MlirValue y) {
  MlirType i1 = mlirIntegerTypeGet(b->ctx, 1);
  MlirValue ops[2] = {x, y};
  MlirNamedAttribute p = tsNamed(b, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), 6)); // ult
  return tsResult(tsOp(b, "arith.cmpi", 2, ops, 1, &i1, 1, &p, 0), 0);
}

static MlirValue andI1(TsBuilder *b, MlirValue x, MlirValue y) {
  return mlirValueIsNull(x) ? y : tsBinary(b, "arith.andi", x, y);
}

// The global coordinates of register r: offsets + base + register offset,
// and whether they lie inside `mem` (null: always, for static shapes that
// the tile cannot pass... dims are checked whenever they are dynamic or the
// offsets are not constants, i.e. always, except for shared tiles).
typedef struct Coords {
  intptr_t rank;
  MlirValue idx[8];
  MlirValue inBounds; // null: inside
} Coords;

static void coords(TsBuilder *b, MlirValue mem, bool check,
                   const MlirValue *offsets, intptr_t rank, MlirValue rowBase,
                   MlirValue colBase, int64_t rowOff, int64_t colOff,
                   Coords *c) {
  c->rank = rank;
  c->inBounds = (MlirValue){NULL};
  if (rank == 1) { // a 1-D row: its columns only
    c->idx[0] = dtAdd(b, offsets[0], dtAdd(b, colBase, dtIdx(b, colOff)));
    if (check)
      c->inBounds = cmpLt(b, c->idx[0], tsDim(b, mem, 0));
    return;
  }
  for (intptr_t i = 0; i + 2 < rank; ++i)
    c->idx[i] = offsets[i];
  c->idx[rank - 2] =
      dtAdd(b, offsets[rank - 2], dtAdd(b, rowBase, dtIdx(b, rowOff)));
  c->idx[rank - 1] =
      dtAdd(b, offsets[rank - 1], dtAdd(b, colBase, dtIdx(b, colOff)));
  if (!check)
    return;
  for (intptr_t i = rank - 2; i < rank; ++i)
    c->inBounds = andI1(b, c->inBounds, cmpLt(b, c->idx[i], tsDim(b, mem, i)));
}

static bool isShared(MlirType memref) {
  MlirAttribute s = mlirMemRefTypeGetMemorySpace(memref);
  return !mlirAttributeIsNull(s);
}

static bool operands(Dt *d, MlirOperation op, intptr_t first, MlirValue *out,
                     intptr_t *n) {
  *n = mlirOperationGetNumOperands(op) - first;
  if (*n < 2 || *n > 8)
    return dtError(d, op, "tiles are 2-D over the trailing dims of a memref "
                   "of rank 2 to 8");
  for (intptr_t i = 0; i < *n; ++i) {
    out[i] = dtLookup(d, op, mlirOperationGetOperand(op, first + i));
    if (mlirValueIsNull(out[i]))
      return false;
  }
  return true;
}

// The offset of a 1-D row load (`op` reads memref<?xT> at one index).
static bool rowOperand(Dt *d, MlirOperation op, MlirValue *out,
                       intptr_t *n) {
  *n = mlirOperationGetNumOperands(op) - 1;
  if (*n != 1)
    return dtError(d, op, "a 1-D row is loaded from a 1-D memref");
  out[0] = dtLookup(d, op, mlirOperationGetOperand(op, 1));
  return !mlirValueIsNull(out[0]);
}

// The value of elements outside the source: `op`'s pad (default 0).
static MlirValue padValue(TsBuilder *b, MlirOperation op, MlirType elem) {
  MlirAttribute pad = tvGetAttr(op, "pad");
  if (mlirAttributeIsNull(pad))
    return tsConstFloat(b, elem, 0.0);
  MlirNamedAttribute v = tsNamed(b, "value", pad);
  return tsResult(tsOp(b, "arith.constant", 0, NULL, 1, &elem, 1, &v, 0), 0);
}

// The source indices of element (row, col) of a copied tile at offsets
// `off`, in `si`: whether they lie inside `src` (and `valid`, if given),
// and the indices clamped to element 0 where they do not, so that no
// address leaves the source.
static MlirValue clampedSource(TsBuilder *b, MlirValue src,
                               const MlirValue *off, intptr_t rank,
                               MlirValue row, MlirValue col, MlirValue valid,
                               MlirValue si[8]) {
  for (intptr_t i = 0; i + 2 < rank; ++i)
    si[i] = off[i];
  si[rank - 2] = dtAdd(b, off[rank - 2], row);
  si[rank - 1] = dtAdd(b, off[rank - 1], col);
  MlirValue in = andI1(b, valid, cmpLt(b, si[rank - 2], tsDim(b, src, rank - 2)));
  in = andI1(b, in, cmpLt(b, si[rank - 1], tsDim(b, src, rank - 1)));
  MlirValue zero = dtIdx(b, 0);
  for (intptr_t i = rank - 2; i < rank; ++i)
    si[i] = tsSelect(b, in, si[i], zero);
  return in;
}

// What a tile load's registers are made from (computed where the load
// stands; its registers are made there, or by a streamed store).
typedef struct LoadCtx {
  MlirValue src, pad, rb, cb;
  MlirValue off[8];
  intptr_t rank;
  bool check;
  int64_t *ro, *co;
} LoadCtx;

static MlirValue loadReg(Dt *d, TsBuilder *b, const DtTile *t, int r) {
  (void)d;
  const LoadCtx *x = t->ctx;
  Coords c;
  coords(b, x->src, x->check, x->off, x->rank, x->rb, x->cb, x->ro[r],
         x->co[r], &c);
  if (mlirValueIsNull(c.inBounds))
    return tsLoad(b, x->src, x->rank, c.idx);
  // Out of bounds: read element 0 (the source is not empty when a block
  // runs) and select the pad value.
  MlirValue safe[8], zero = dtIdx(b, 0);
  for (intptr_t i = 0; i < x->rank; ++i)
    safe[i] = i + 2 < x->rank ? c.idx[i]
                              : tsSelect(b, c.inBounds, c.idx[i], zero);
  return tsSelect(b, c.inBounds, tsLoad(b, x->src, x->rank, safe), x->pad);
}

void dtLowerTileLoad(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  int64_t shape[2];
  if (!ttTileShape(rt, shape)) {
    dtError(d, op, "only register tile loads (level = \"registers\", 2-D "
            "tiles or 1-D rows) are lowered op by op; stage shared tiles "
            "with async_copy");
    return;
  }
  LoadCtx *x = dtAlloc(d, sizeof *x);
  x->src = dtLookup(d, op, mlirOperationGetOperand(op, 0));
  TtLayout l;
  bool row = mlirShapedTypeGetRank(rt) == 1;
  if (mlirValueIsNull(x->src) ||
      !(row ? rowOperand(d, op, x->off, &x->rank)
            : operands(d, op, 1, x->off, &x->rank)) ||
      !dtResultLayout(d, op, 0, &l))
    return;
  DtTile *t = dtMadeTile(d, op, &l, rt, loadReg, x);
  x->pad = padValue(b, op, mlirShapedTypeGetElementType(rt));
  x->ro = dtAlloc(d, (size_t)t->n * sizeof *x->ro);
  x->co = dtAlloc(d, (size_t)t->n * sizeof *x->co);
  dtLayoutRegs(&l, t->rows, t->cols, x->ro, x->co);
  dtLayoutBase(d, b, &l, t->rows, t->cols, &x->rb, &x->cb);
  x->check = !isShared(mlirValueGetType(x->src));
  dtMakeRegs(d, b, t);
  dtMapTile(d, res, t);
}

// scf.if `cond` { ... } with no results; returns a builder inside.
static TsBuilder ifThen(TsBuilder *b, MlirValue cond) {
  TsBuilder inner;
  tsIf(b, cond, 0, NULL, &inner, NULL);
  tsYield(&inner, 0, NULL);
  inner.before = mlirBlockGetFirstOperation(inner.block);
  return inner;
}

void dtLowerTileStore(Dt *d, TsBuilder *b, MlirOperation op) {
  MlirValue v = mlirOperationGetOperand(op, 0);
  if (!mlirTypeIsAVector(mlirValueGetType(v))) {
    dtError(d, op, "only register tiles are stored op by op");
    return;
  }
  DtTile *t = dtLookupTile(d, op, v);
  MlirValue dst = dtLookup(d, op, mlirOperationGetOperand(op, 1));
  MlirValue off[8];
  intptr_t rank;
  if (!t || mlirValueIsNull(dst) || !operands(d, op, 2, off, &rank))
    return;
  int64_t *ro = dtAlloc(d, (size_t)t->n * sizeof *ro);
  int64_t *co = dtAlloc(d, (size_t)t->n * sizeof *co);
  dtLayoutRegs(&t->layout, t->rows, t->cols, ro, co);
  MlirValue rb, cb;
  dtLayoutBase(d, b, &t->layout, t->rows, t->cols, &rb, &cb);
  bool check = !isShared(mlirValueGetType(dst));
  for (int r = 0; r < t->n; ++r) {
    Coords c;
    coords(b, dst, check, off, rank, rb, cb, ro[r], co[r], &c);
    // A streamed chain's register is made here, inside the bounds check.
    TsBuilder in = mlirValueIsNull(c.inBounds) ? *b : ifThen(b, c.inBounds);
    tsStore(&in, dtReg(d, &in, t, r), dst, rank, c.idx);
  }
}

//===----------------------------------------------------------------------===//
// Shared memory and cp.async
//===----------------------------------------------------------------------===//

MlirValue dtSwizzleCol(TsBuilder *b, MlirValue row, MlirValue col,
                       int64_t swizzle, int64_t elemBytes) {
  if (!swizzle)
    return col;
  // TMA's pattern (CUDA's CU_TENSOR_MAP_SWIZZLE_*B; CUTLASS's Swizzle<B,4,3>):
  // address bits 4 .. 4+B-1 (the 16-byte chunk) XOR bits 7 .. 7+B-1, with
  // 2^B = swizzle / 16 and rows of `swizzle` bytes.
  int64_t per = 16 / elemBytes;
  MlirValue chunk = tsBinary(b, "arith.divui", col, dtIdx(b, per));
  MlirValue within = tsBinary(b, "arith.remui", col, dtIdx(b, per));
  MlirValue phase = tsBinary(
      b, "arith.remui",
      tsBinary(b, "arith.divui", dtMul(b, row, swizzle), dtIdx(b, 128)),
      dtIdx(b, swizzle / 16));
  MlirValue c = tsBinary(b, "arith.xori", chunk, phase);
  return dtAdd(b, dtMul(b, c, per), within);
}

// The shared tile in slot `slot` (an index value) of `buf`.
static MlirValue slotView(Dt *d, TsBuilder *b, const DtBuffer *buf,
                          MlirValue slot) {
  MlirValue at = dtAdd(b, dtIdx(b, buf->offset),
                       tsBinary(b, "arith.muli", slot, dtIdx(b, buf->bytes)));
  MlirValue ops[2] = {d->smem, at};
  MlirType t = mlirValueGetType(mlirOperationGetResult(buf->op, 0));
  return tsResult(tsOp(b, "memref.view", 2, ops, 1, &t, 0, NULL, 0), 0);
}

MlirValue dtTransposedView(Dt *d, TsBuilder *b, MlirOperation op,
                           MlirValue view) {
  MlirOperation def = mlirValueIsAOpResult(view) ? mlirOpResultGetOwner(view)
                                                 : (MlirOperation){NULL};
  if (mlirOperationIsNull(def) || !tsOpIs(def, "memref.view")) {
    dtError(d, op, "a transposed shared buffer is read here through a value "
            "that is not a view of shared memory");
    return (MlirValue){NULL};
  }
  MlirType t = mlirValueGetType(view);
  int64_t shape[2] = {mlirShapedTypeGetDimSize(t, 1),
                      mlirShapedTypeGetDimSize(t, 0)};
  MlirType tt = mlirMemRefTypeGet(mlirShapedTypeGetElementType(t), 2, shape,
                                  mlirAttributeGetNull(),
                                  mlirMemRefTypeGetMemorySpace(t));
  MlirValue ops[2] = {mlirOperationGetOperand(def, 0),
                      mlirOperationGetOperand(def, 1)};
  return tsResult(tsOp(b, "memref.view", 2, ops, 1, &tt, 0, NULL, 0), 0);
}

static int64_t vectorBytes(MlirOperation copy) {
  MlirAttribute v = tvGetAttr(copy, "vector_bytes");
  return mlirAttributeIsNull(v) ? 16 : mlirIntegerAttrGetValueInt(v);
}

// Starts the cp.async copies of `copy`'s tile into `view`, with the copy's
// offsets `off` (lowered); `valid` false (null: true) copies nothing and
// zero-fills. Returns the token of a copy every thread issues (null if
// none: a group needs no tokens, they only order the IR).
static MlirValue issue(Dt *d, TsBuilder *b, MlirOperation copy,
                       MlirValue view, const MlirValue *off, intptr_t rank,
                       MlirValue valid) {
  MlirValue src = dtLookup(d, copy, mlirOperationGetOperand(copy, 0));
  MlirType vt = mlirValueGetType(view);
  int64_t rows = mlirShapedTypeGetDimSize(vt, 0);
  int64_t cols = mlirShapedTypeGetDimSize(vt, 1);
  int64_t elemBytes = dtTileBytes(vt) / (rows * cols);
  int64_t vec = vectorBytes(copy) / elemBytes; // elements per chunk
  int64_t perRow = cols / vec, chunks = rows * perRow;
  if (vec < 1 || cols % vec || chunks < d->threads) {
    dtError(d, copy, "vector_bytes = %lld does not give each of the %lld "
            "threads a chunk of the tile", (long long)vectorBytes(copy),
            (long long)d->threads);
    return (MlirValue){NULL};
  }
  MlirValue zero = dtIdx(b, 0), token = {NULL};
  MlirType tokT = tsType(b, "!nvgpu.device.async.token");
  for (int64_t q0 = 0; q0 < chunks; q0 += d->threads) {
    TsBuilder at = *b;
    MlirValue q = dtAdd(&at, d->tid, dtIdx(&at, q0));
    MlirValue inTile = chunks - q0 >= d->threads ? (MlirValue){NULL}
                                                 : cmpLt(&at, q, dtIdx(&at, chunks));
    if (!mlirValueIsNull(inTile))
      at = ifThen(b, inTile);
    MlirValue row = tsBinary(&at, "arith.divui", q, dtIdx(&at, perRow));
    MlirValue col = dtMul(&at, tsBinary(&at, "arith.remui", q, dtIdx(&at, perRow)), vec);
    // Elements of the chunk inside the source: vec, or 0 past the rows or
    // the columns, or when `valid` is false. A row may end inside a chunk
    // unless the caller checks that rows are whole chunks (a kernel with a
    // fallback, LaunchCalls.c) or the row length is static and whole: then
    // only the row's part is read and the rest zero-filled.
    MlirValue si[8];
    MlirValue in = clampedSource(&at, src, off, rank, row, col, valid, si);
    MlirValue n = dtIdx(&at, vec);
    int64_t srcCols = mlirShapedTypeGetDimSize(mlirValueGetType(src), rank - 1);
    if (!d->alignedOperands &&
        (mlirShapedTypeIsDynamicSize(srcCols) || srcCols % vec)) {
      MlirValue left = tsBinary(&at, "arith.subi",
                                tsDim(&at, src, rank - 1), si[rank - 1]);
      n = tsBinary(&at, "arith.minui", left, n);
    }
    n = tsSelect(&at, in, n, zero);
    MlirValue all[13];
    intptr_t k = 0;
    all[k++] = view;
    all[k++] = row;
    all[k++] = dtSwizzleCol(&at, row, col, dtCopySwizzle(copy), elemBytes);
    all[k++] = src;
    for (intptr_t i = 0; i < rank; ++i)
      all[k++] = si[i];
    all[k++] = n;
    int32_t seg[5] = {1, 2, 1, (int32_t)rank, 1};
    MlirNamedAttribute attrs[3] = {
        tsNamed(&at, "dstElements", tsIndexAttr(&at, vec)),
        tsNamed(&at, "operandSegmentSizes", mlirDenseI32ArrayGet(d->ctx, 5, seg)),
        tsNamed(&at, "bypassL1", mlirUnitAttrGet(d->ctx))};
    MlirValue tok = tsResult(tsOp(&at, "nvgpu.device_async_copy", k, all, 1,
                                  &tokT, vectorBytes(copy) == 16 ? 3 : 2,
                                  attrs, 0),
                             0);
    if (mlirValueIsNull(inTile))
      token = tok;
  }
  return token;
}

static bool isPlain(MlirOperation copy) {
  return ttOpHasFamily(copy, "ttarget.copy", "plain");
}

// The elements of a plain copy's chunk: 16 bytes, halved until they
// divide a row (one element at worst).
static int64_t plainChunk(int64_t cols, int64_t elemBytes) {
  int64_t bytes = 16;
  while (bytes > elemBytes && (cols * elemBytes) % bytes)
    bytes /= 2;
  return bytes > elemBytes ? bytes / elemBytes : 1;
}

// Chunk (row, col) of `vec` elements of a plain copy's source: one vector
// load when all of it lies inside the source (and `valid`), else element
// by element, the pad value outside (no address leaves the source).
static MlirValue loadChunk(TsBuilder *b, MlirValue src, const MlirValue *off,
                           intptr_t rank, MlirValue row, MlirValue col,
                           MlirValue valid, int64_t vec, MlirValue pad) {
  MlirValue si[8];
  MlirValue in = clampedSource(b, src, off, rank, row, col, valid, si);
  if (vec == 1)
    return tsSelect(b, in, tsLoad(b, src, rank, si), pad);
  MlirType vt = mlirVectorTypeGet(1, &vec, mlirValueGetType(pad));
  MlirValue last = dtAdd(b, col, dtIdx(b, vec - 1)), sl[8];
  MlirValue full = andI1(b, in, clampedSource(b, src, off, rank, row, last,
                                              valid, sl));
  TsBuilder then, els;
  MlirOperation i = tsIf(b, full, 1, &vt, &then, &els);
  MlirValue v = tsVecLoad(&then, vt, src, rank, si);
  tsYield(&then, 1, &v);
  MlirValue e[16];
  for (int64_t j = 0; j < vec; ++j) {
    MlirValue sj[8];
    MlirValue inj = clampedSource(&els, src, off, rank, row,
                                  dtAdd(&els, col, dtIdx(&els, j)), valid, sj);
    e[j] = tsSelect(&els, inj, tsLoad(&els, src, rank, sj), pad);
  }
  v = tsResult(tsOp(&els, "vector.from_elements", vec, e, 1, &vt, 0, NULL, 0),
               0);
  tsYield(&els, 1, &v);
  return tsResult(i, 0);
}

// A plain copy: the tile is cut into chunks of up to 16 bytes along its
// rows (plainChunk); every thread loads chunks tid, tid + T, ... (the pad
// value outside the source, or when `valid` is false) and stores each to
// shared memory with one vector store; visible to the block after the
// wait's barrier.
static void issuePlain(Dt *d, TsBuilder *b, MlirOperation copy,
                       MlirValue view, const MlirValue *off, intptr_t rank,
                       MlirValue valid) {
  MlirValue src = dtLookup(d, copy, mlirOperationGetOperand(copy, 0));
  MlirType vt = mlirValueGetType(view);
  int64_t rows = mlirShapedTypeGetDimSize(vt, 0);
  int64_t cols = mlirShapedTypeGetDimSize(vt, 1);
  int64_t elemBytes = dtTileBytes(vt) / (rows * cols);
  int64_t vec = plainChunk(cols, elemBytes), perRow = cols / vec;
  int64_t chunks = rows * perRow;
  MlirValue pad = padValue(b, copy, mlirShapedTypeGetElementType(vt));
  bool transposed = dtCopyTransposed(copy);
  MlirValue tview = transposed ? dtTransposedView(d, b, copy, view) : view;
  if (mlirValueIsNull(tview))
    return;
  for (int64_t q0 = 0; q0 < chunks; q0 += d->threads) {
    TsBuilder at = *b;
    MlirValue q = dtAdd(&at, d->tid, dtIdx(&at, q0));
    if (chunks - q0 < d->threads)
      at = ifThen(b, cmpLt(&at, q, dtIdx(&at, chunks)));
    MlirValue row = tsBinary(&at, "arith.divui", q, dtIdx(&at, perRow));
    MlirValue col =
        dtMul(&at, tsBinary(&at, "arith.remui", q, dtIdx(&at, perRow)), vec);
    MlirValue v = loadChunk(&at, src, off, rank, row, col, valid, vec, pad);
    if (transposed) {
      // Column-major: the chunk's elements go to consecutive rows.
      for (int64_t j = 0; j < vec; ++j) {
        MlirValue ti[2] = {dtAdd(&at, col, dtIdx(&at, j)), row};
        tsStore(&at, vec == 1 ? v : dtExtract1(&at, v, j), tview, 2, ti);
      }
      continue;
    }
    // The swizzle moves whole 16-byte chunks: the chunk stays contiguous.
    MlirValue di[2] = {row, dtSwizzleCol(&at, row, col, dtCopySwizzle(copy),
                                         elemBytes)};
    if (vec == 1) {
      tsStore(&at, v, view, 2, di);
      continue;
    }
    // Shared buffers are 16-byte aligned (SharedPlan.c) and a chunk starts
    // at a multiple of its size in a row of whole chunks: say so, or LLVM
    // splits the store to the element's alignment.
    MlirValue ops[4] = {v, view, di[0], di[1]};
    MlirNamedAttribute align =
        tsNamed(&at, "alignment", tsI64Attr(&at, vec * elemBytes));
    tsOp(&at, "vector.store", 4, ops, 0, NULL, 1, &align, 0);
  }
}

static MlirValue group(TsBuilder *b, intptr_t n, const MlirValue *tokens) {
  MlirType tokT = tsType(b, "!nvgpu.device.async.token");
  return tsResult(tsOp(b, "nvgpu.device_async_create_group", n, tokens, 1,
                       &tokT, 0, NULL, 0),
                  0);
}

static bool copyOffsets(Dt *d, MlirOperation copy, MlirValue *off,
                        intptr_t *rank) {
  return operands(d, copy, 1, off, rank);
}

static bool isTma(MlirOperation copy) {
  return ttOpHasFamily(copy, "ttarget.copy", "tma");
}

static bool checkCopy(Dt *d, MlirOperation op) {
  MlirAttribute f = tvGetAttr(op, "family");
  if (isPlain(op))
    return true;
  if (isTma(op))
    return tsPadIsZero(op) ||
           dtError(d, op, "TMA zero-fills; a non-zero pad needs plain copies");
  if (mlirAttributeIsNull(f) ||
      !tvStrEq(mlirStringAttrGetValue(f), "cp.async") || d->waveSize != 32)
    return dtError(d, op, "only TMA and cp.async (NVIDIA) and plain copies "
                   "are lowered op by op so far");
  if (!tsPadIsZero(op))
    return dtError(d, op, "cp.async zero-fills; a non-zero pad needs plain "
                   "copies");
  return true;
}

static DtPipe *pipeOf(Dt *d, MlirOperation copy) {
  MlirOperation parent = mlirOperationGetParentOperation(copy);
  for (int i = d->npipes - 1; i >= 0; --i)
    if (mlirOperationEqual(d->pipes[i].loop, parent))
      return &d->pipes[i];
  return NULL;
}

void dtLowerCopy(Dt *d, TsBuilder *b, MlirOperation op) {
  if (!checkCopy(d, op))
    return;
  DtPipe *p = pipeOf(d, op);
  if (p) {
    // Issued ahead by the ring: this iteration's slot.
    const DtBuffer *buf = dtBufferOf(d, op);
    if (!buf)
      return;
    dtMap(d, mlirOperationGetResult(op, 0), slotView(d, b, buf, p->slot));
    dtMap(d, mlirOperationGetResult(op, 1),
          mlirValueIsNull(p->group) ? dtIdx(b, 0) : p->group);
    return;
  }
  if (isTma(op)) {
    dtError(d, op, "TMA copies are lowered in tile loops with stages >= 2 "
            "so far (the ring's mbarriers track each slot's phase)");
    return;
  }
  const DtBuffer *buf = dtBufferOf(d, op);
  MlirValue off[8];
  intptr_t rank;
  if (!buf || !copyOffsets(d, op, off, &rank))
    return;
  // In a loop, the previous iteration may still read the buffer.
  if (d->loopDepth > 0)
    dtBarrier(b);
  MlirValue view = slotView(d, b, buf, dtIdx(b, 0));
  dtMap(d, mlirOperationGetResult(op, 0), view);
  if (isPlain(op)) {
    issuePlain(d, b, op, view, off, rank, (MlirValue){NULL});
    // The token stands for nothing: the wait is a barrier.
    dtMap(d, mlirOperationGetResult(op, 1), dtIdx(b, 0));
    return;
  }
  MlirValue tok = issue(d, b, op, view, off, rank, (MlirValue){NULL});
  dtMap(d, mlirOperationGetResult(op, 1), group(b, 1, &tok));
}

void dtLowerWait(Dt *d, TsBuilder *b, MlirOperation op) {
  // Every token of one wait belongs to the same ring, or to copies issued
  // in place (one group each): wait for all but the ring's stages - 1
  // newest groups.
  int64_t pending = 0;
  MlirValue tok = {NULL};
  const DtPipe *waited[DT_MAX_PIPE];
  int nwaited = 0;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue t = mlirOperationGetOperand(op, i);
    MlirOperation def = mlirOpResultGetOwner(t);
    if (!mlirValueIsAOpResult(t) || isPlain(def))
      continue; // plain copies have stored already
    if (isTma(def)) {
      // Each ring's mbarrier once: every thread waits for the slot's phase.
      const DtPipe *p = pipeOf(d, def);
      int k = 0;
      while (p && k < nwaited && waited[k] != p)
        ++k;
      if (p && k == nwaited) {
        waited[nwaited++] = p;
        dtTmaWait(d, b, p);
      }
      continue;
    }
    DtPipe *p = pipeOf(d, def);
    if (p && p->stages - 1 > pending)
      pending = p->stages - 1;
    tok = dtLookup(d, op, t);
    if (mlirValueIsNull(tok))
      return;
  }
  if (mlirValueIsNull(tok)) {
    if (nwaited)
      return; // TMA's writes are visible once their phase completes
    if (d->wgmma)
      dtFenceAsyncProxy(b);
    dtBarrier(b);
    return;
  }
  MlirNamedAttribute a = tsNamed(
      b, "numGroups", mlirIntegerAttrGet(mlirIntegerTypeGet(d->ctx, 32), pending));
  tsOp(b, "nvgpu.device_async_wait", 1, &tok, 0, NULL, 1, &a, 0);
  // wgmma reads shared memory through the async proxy: the copies this
  // thread made are fenced for it before the block meets.
  if (d->wgmma)
    dtFenceAsyncProxy(b);
  dtBarrier(b);
}

//===----------------------------------------------------------------------===//
// The ring
//===----------------------------------------------------------------------===//

// The copies directly in `loop`'s body.
static int loopCopies(MlirOperation loop, MlirOperation *out, int cap) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  int n = 0;
  for (MlirOperation o = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(o); o = mlirOperationGetNextInBlock(o))
    if (tsOpIs(o, "ttarget.copy") && n < cap)
      out[n++] = o;
  return n;
}

// `v` (an operand of a copy in `loop`) at the iteration whose induction
// variable is `iv`: the loop's own induction variable is replaced, values
// from outside are the lowered ones, and index arithmetic in the body is
// rebuilt. False if `v` depends on anything else (a loop-carried value).
static bool valueAt(Dt *d, TsBuilder *b, MlirOperation loop, MlirValue v,
                    MlirValue iv, MlirValue *out) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  if (mlirValueEqual(v, mlirBlockGetArgument(body, 0))) {
    *out = iv;
    return true;
  }
  if (mlirValueIsABlockArgument(v)) {
    if (mlirBlockEqual(mlirBlockArgumentGetOwner(v), body))
      return false;
    *out = dtLookup(d, loop, v);
    return !mlirValueIsNull(*out);
  }
  MlirOperation def = mlirOpResultGetOwner(v);
  if (!mlirBlockEqual(mlirOperationGetBlock(def), body)) {
    *out = dtLookup(d, loop, v);
    return !mlirValueIsNull(*out);
  }
  if (!tsOpIsArith(def) || mlirOperationGetNumRegions(def) || mlirOperationGetNumResults(def) != 1)
    return false;
  MlirOperation c = mlirOperationClone(def);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(def); ++i) {
    MlirValue o;
    if (!valueAt(d, b, loop, mlirOperationGetOperand(def, i), iv, &o)) {
      mlirOperationDestroy(c);
      return false;
    }
    mlirOperationSetOperand(c, i, o);
  }
  if (mlirOperationIsNull(b->before))
    mlirBlockAppendOwnedOperation(b->block, c);
  else
    mlirBlockInsertOwnedOperationBefore(b->block, b->before, c);
  *out = mlirOperationGetResult(c, 0);
  return true;
}

// Issues every copy of the ring's loop for the iteration `iv` into slot
// `slot`, valid while iv < ub; returns the group.
static MlirValue issueAll(Dt *d, TsBuilder *b, DtPipe *p, MlirValue iv,
                          MlirValue slot, MlirValue ub) {
  MlirOperation copies[DT_MAX_BUFFERS];
  int n = loopCopies(p->loop, copies, DT_MAX_BUFFERS);
  MlirValue toks[DT_MAX_BUFFERS];
  int ntoks = 0;
  MlirValue valid = cmpLt(b, iv, ub);
  if (p->tma)
    dtTmaExpect(d, b, p, slot, valid);
  for (int i = 0; i < n; ++i) {
    const DtBuffer *buf = dtBufferOf(d, copies[i]);
    MlirValue off[8];
    intptr_t rank = mlirOperationGetNumOperands(copies[i]) - 1;
    if (!buf || rank < 2 || rank > 8)
      return (MlirValue){NULL};
    for (intptr_t k = 0; k < rank; ++k)
      if (!valueAt(d, b, p->loop, mlirOperationGetOperand(copies[i], 1 + k),
                   iv, &off[k])) {
        dtError(d, copies[i], "a copy of a tile loop with stages = %lld is "
                "issued stages - 1 iterations ahead, so its offsets must be "
                "index arithmetic of the induction variable and values from "
                "outside the loop", (long long)p->stages);
        return (MlirValue){NULL};
      }
    if (p->tma) {
      if (!dtTmaIssue(d, b, p, copies[i], buf, slot, off, rank, valid))
        return (MlirValue){NULL};
      continue;
    }
    MlirValue view = slotView(d, b, buf, slot);
    if (isPlain(copies[i])) {
      issuePlain(d, b, copies[i], view, off, rank, valid);
      continue;
    }
    MlirValue t = issue(d, b, copies[i], view, off, rank, valid);
    if (!mlirValueIsNull(t))
      toks[ntoks++] = t;
  }
  return ntoks ? group(b, ntoks, toks) : (MlirValue){NULL};
}

bool dtPipelineBegin(Dt *d, TsBuilder *b, MlirOperation loop, int64_t stages,
                     MlirValue lb, MlirValue ub, MlirValue step) {
  MlirOperation copies[DT_MAX_BUFFERS];
  int n = loopCopies(loop, copies, DT_MAX_BUFFERS);
  if (n == 0)
    return false;
  for (int i = 0; i < n; ++i)
    if (!checkCopy(d, copies[i]))
      return false;
  if (d->npipes == DT_MAX_PIPE) {
    dtError(d, loop, "more than %d nested pipelined loops", DT_MAX_PIPE);
    return false;
  }
  DtPipe *p = &d->pipes[d->npipes];
  memset(p, 0, sizeof *p);
  p->loop = loop;
  p->stages = stages;
  p->lb = lb;
  p->ub = ub;
  p->step = step;
  ++d->npipes;
  int tma = 0;
  for (int i = 0; i < n; ++i)
    tma += isTma(copies[i]);
  if (tma && tma != n)
    return dtError(d, loop, "the copies of one tile loop are all TMA or "
                   "none (one mbarrier per slot counts them)");
  if (tma && !dtTmaRingBegin(d, b, p, copies, n))
    return false;
  // Prologue: iterations 0 .. S-2 into slots 0 .. S-2.
  for (int64_t s = 0; s + 1 < stages && !d->failed; ++s) {
    MlirValue iv = dtAdd(b, lb, tsBinary(b, "arith.muli", step, dtIdx(b, s)));
    p->group = issueAll(d, b, p, iv, dtIdx(b, s), ub);
  }
  return !d->failed;
}

void dtPipelineIterate(Dt *d, TsBuilder *b, MlirValue iv) {
  DtPipe *p = &d->pipes[d->npipes - 1];
  MlirValue lb = p->lb, ub = p->ub, step = p->step;
  MlirValue i = tsBinary(b, "arith.divui", tsBinary(b, "arith.subi", iv, lb), step);
  MlirValue S = dtIdx(b, p->stages);
  p->slot = tsBinary(b, "arith.remui", i, S);
  p->iter = i;
  // Every thread is done with the slot the previous iteration read (the
  // one this iteration refills) before anyone refills it.
  dtBarrier(b);
  MlirValue ahead = dtAdd(b, iv, tsBinary(b, "arith.muli", step, dtIdx(b, p->stages - 1)));
  MlirValue aheadSlot = tsBinary(b, "arith.remui", dtAdd(b, i, dtIdx(b, p->stages - 1)), S);
  p->group = issueAll(d, b, p, ahead, aheadSlot, ub);
}

void dtPipelineEnd(Dt *d) { --d->npipes; }
