//===- ShapeChecks.c - run-time checks of dynamic dims --------------------===//
//
// Relations between dynamic dims that the verifier cannot decide (matmul
// inner dims, bias length, residual shape) become the <entry>_check_shapes
// function the runtimes call before running.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

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
void gtsRequireEqual(Lowering *l, const char *a, const char *b,
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

// `<entry>_check_shapes(args) -> i64`: 0 if every runtime shape check
// holds, else 1 + the index of the first that fails (its message is item
// index of the entry's tessera.shape_checks).
void gtsEmitShapeChecker(Lowering *l, TesseraStrBuf *out, intptr_t nargs) {
  if (!l->numChecks)
    return;
  P("func.func @%s_check_shapes(", l->funcName);
  for (intptr_t i = 0; i < nargs; ++i) {
    char mt[256];
    gtsMemrefType(mlirValueGetType(l->vals[i]->v), mt, sizeof mt);
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
