//===- SoftmaxSchedule.c - schedule builder: softmax ----------------------===//
//
// The Schedule IR kernel of a row softmax over the last dim (three passes
// over column tiles), and its call on a 2-D view from the entry.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

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
    "vector<%lldx%lldxf32>\n",
    n, n, R, BN, it, R, BN);
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
    "-> (vector<%lldx1xf32>) {\n",
    R);
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
    "-> (vector<%lldx1xf32>) {\n",
    R);
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
    x2, R, BN, R, R, BN, R, BN, R, BN, R, BN, R, R, R, R, R);
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
      "vector<%lldx%lldx%s>\n",
      R, BN, R, BN, ot);
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

// A 2-D view (rows x last dim) of a rank >= 1 buffer.
static void rowsView(Lowering *l, const Value *x, const char *dst,
                     const char *elem) {
  TesseraStrBuf *out = &l->entry;
  char mt[256];
  gtsMemrefType(mlirValueGetType(x->v), mt, sizeof mt);
  if (x->rank == 2) {
    P("  %s = memref.cast %s : %s to memref<?x?x%s>\n", dst, x->name, mt, elem);
  } else if (x->rank == 1) {
    P("  %s_e = memref.expand_shape %s [[0, 1]] output_shape [1, %s] : %s "
      "into memref<1x?x%s>\n",
      dst, x->name, x->dims[0], mt, elem);
    P("  %s = memref.cast %s_e : memref<1x?x%s> to memref<?x?x%s>\n", dst, dst,
      elem, elem);
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

void gtsEmitSoftmax(Lowering *l, MlirOperation op) {
  MlirValue in = mlirOperationGetOperand(op, 0);
  MlirValue res = mlirOperationGetResult(op, 0);
  int rank = (int)mlirShapedTypeGetRank(mlirValueGetType(in));
  MlirAttribute d = tvGetAttr(op, "dim");
  int64_t dim = mlirAttributeIsNull(d) ? -1 : mlirIntegerAttrGetValueSInt(d);
  if (dim != -1 && dim != rank - 1) {
    gtsOpError(op, "softmax over a dim other than the last is not supported by "
                   "tessera-lower-graph yet");
    l->failed = true;
    return;
  }
  Value *x = gtsOperandValue(l, op, in);
  if (!x)
    return;
  Value *y = gtsAddValue(l, res, "buf");
  for (int i = 0; i < rank; ++i)
    snprintf(y->dims[i], sizeof y->dims[i], "%s", x->dims[i]);
  gtsAllocate(l, y);
  char ie[16], oe[16], xv[48], yv[48], kname[160];
  gtsElemName(mlirValueGetType(in), ie, sizeof ie);
  gtsElemName(mlirValueGetType(res), oe, sizeof oe);
  snprintf(xv, sizeof xv, "%s_rows", x->name);
  snprintf(yv, sizeof yv, "%s_rows", y->name);
  // A second softmax of the same input reuses the view's name: make it
  // unique per use.
  snprintf(xv, sizeof xv, "%s_rows%d", x->name, l->numKernels);
  rowsView(l, x, xv, ie);
  rowsView(l, y, yv, oe);
  gtsSetKernelLoc(l, l->numKernels, 1, &op);
  snprintf(kname, sizeof kname, "%s_k%d", l->funcName, l->numKernels++);
  emitSoftmaxKernel(l, kname, ie, oe);
  tesseraStrBufPrintf(&l->entry,
                      "  func.call @%s(%s, %s) : (memref<?x?x%s>, "
                      "memref<?x?x%s>) -> ()\n",
                      kname, xv, yv, ie, oe);
}
