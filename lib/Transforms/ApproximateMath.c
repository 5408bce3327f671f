//===- ApproximateMath.c - tessera-approximate-math -----------------------===//
//
// Rewrites math ops into upstream's polynomial approximations (the math
// dialect's populateMathPolynomialApproximationPatterns, reached through
// the C++ shim). On the host, math.exp or math.tanh on a vector otherwise
// becomes one libm call per element; the whole-nest kernel generators never
// had that cost (they write their own exp), and this pass gives the same to
// every kernel compiled op by op. Only the ops named in `ops` are rewritten,
// so a target keeps the rest (libm's erf, say) and tests can see each
// choice. Each approximation's error is what the elementwise-function tests
// bound (test/CAPI/elementwise-fns.c runs through the host pipeline).
//
//===----------------------------------------------------------------------===//
#include "CAPI/SourceMgrShim.h"
#include "Pipeline/PassRegistry.h"

#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Math.h"
#include "mlir-c/Dialect/Vector.h"
#include "mlir-c/IR.h"

#include <stdlib.h>
#include <string.h>

static const TesseraPassOptionInfo kOptions[] = {
    {"ops", TesseraPassOptionString, "exp,expm1,log,log1p,log2,tanh",
     "The math ops to approximate, by mnemonic, comma-separated", NULL},
};

static void run(MlirOperation op, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  const char *list = tesseraOptString(o, "ops");
  size_t len = strlen(list);
  MlirStringRef *names = calloc(len / 2 + 2, sizeof *names);
  if (!names)
    abort();
  intptr_t n = 0;
  for (const char *p = list; *p;) {
    const char *end = strchr(p, ',');
    size_t l = end ? (size_t)(end - p) : strlen(p);
    if (l)
      names[n++] = mlirStringRefCreate(p, l);
    p += l + (end ? 1 : 0);
  }
  if (mlirLogicalResultIsFailure(tesseraApproximateMath(op, n, names)))
    mlirExternalPassSignalFailure(pass);
  free(names);
}

const TesseraPassDef tesseraApproximateMathPassDef = {
    .info = {.argument = "tessera-approximate-math",
             .summary = "Math ops -> upstream polynomial approximations "
                        "(arith only), for the ops named",
             .options = kOptions,
             .numOptions = sizeof kOptions / sizeof kOptions[0]},
    .opName = "",
    .run = run,
    .dependentDialects = {mlirGetDialectHandle__arith__,
                          mlirGetDialectHandle__math__,
                          mlirGetDialectHandle__vector__},
};
