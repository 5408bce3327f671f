//===- ElementwiseFns.c - The elementwise functions, in one table ---------===//
#include "IR/ElementwiseFns.h"

#include <math.h>
#include <string.h>

// f32 constants of the type of `like` (scalar or vector).
static MlirValue cst(const TsBuilder *b, MlirValue like, double v) {
  return tsConstFloat(b, mlirValueGetType(like), v);
}

#define BIN(fn, op)                                                           \
  static MlirValue emit_##fn(const TsBuilder *b, const MlirValue *a) {       \
    return tsBinary(b, op, a[0], a[1]);                                       \
  }
#define UN(fn, op)                                                            \
  static MlirValue emit_##fn(const TsBuilder *b, const MlirValue *a) {       \
    return tsUnary(b, op, a[0]);                                              \
  }
BIN(add, "arith.addf")
BIN(sub, "arith.subf")
BIN(mul, "arith.mulf")
BIN(div, "arith.divf")
BIN(max, "arith.maximumf")
BIN(min, "arith.minimumf")
BIN(pow, "math.powf")
UN(neg, "arith.negf")
UN(abs, "math.absf")
UN(exp, "math.exp")
UN(exp2, "math.exp2")
UN(log, "math.log")
UN(sqrt, "math.sqrt")
UN(rsqrt, "math.rsqrt")
UN(tanh, "math.tanh")
#undef BIN
#undef UN

static MlirValue emit_relu(const TsBuilder *b, const MlirValue *a) {
  return tsBinary(b, "arith.maximumf", a[0], cst(b, a[0], 0.0));
}

// n / (1 + exp(-x)): silu (n = x) and sigmoid (n = 1).
static MlirValue overOnePlusExpNeg(const TsBuilder *b, MlirValue n,
                                   MlirValue x) {
  MlirValue e = tsUnary(b, "math.exp", tsUnary(b, "arith.negf", x));
  return tsBinary(b, "arith.divf", n,
                  tsBinary(b, "arith.addf", e, cst(b, x, 1.0)));
}

static MlirValue emit_silu(const TsBuilder *b, const MlirValue *a) {
  return overOnePlusExpNeg(b, a[0], a[0]);
}

static MlirValue emit_sigmoid(const TsBuilder *b, const MlirValue *a) {
  return overOnePlusExpNeg(b, cst(b, a[0], 1.0), a[0]);
}

// silu(gate) * up: the gated linear unit of SwiGLU MLPs.
static MlirValue emit_swiglu(const TsBuilder *b, const MlirValue *a) {
  return tsBinary(b, "arith.mulf", overOnePlusExpNeg(b, a[0], a[0]), a[1]);
}

// 0.5 x (1 + t): both gelu forms, given t (erf's or tanh's).
static MlirValue halfXOnePlus(const TsBuilder *b, MlirValue x, MlirValue t) {
  MlirValue h = tsBinary(b, "arith.mulf", x, cst(b, x, 0.5));
  return tsBinary(b, "arith.mulf", h,
                  tsBinary(b, "arith.addf", t, cst(b, x, 1.0)));
}

// 0.5 x (1 + erf(x / sqrt(2)))
static MlirValue emit_gelu(const TsBuilder *b, const MlirValue *a) {
  MlirValue x = a[0];
  return halfXOnePlus(
      b, x,
      tsUnary(b, "math.erf",
              tsBinary(b, "arith.mulf", x, cst(b, x, 0.7071067811865476))));
}

// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
static MlirValue emit_gelu_tanh(const TsBuilder *b, const MlirValue *a) {
  MlirValue x = a[0];
  MlirValue x3 =
      tsBinary(b, "arith.mulf", tsBinary(b, "arith.mulf", x, x), x);
  MlirValue in = tsBinary(
      b, "arith.addf", x,
      tsBinary(b, "arith.mulf", x3, cst(b, x, 0.044715)));
  return halfXOnePlus(
      b, x,
      tsUnary(b, "math.tanh",
              tsBinary(b, "arith.mulf", in, cst(b, x, 0.7978845608028654))));
}

static double ref_add(const double *a) { return a[0] + a[1]; }
static double ref_sub(const double *a) { return a[0] - a[1]; }
static double ref_mul(const double *a) { return a[0] * a[1]; }
static double ref_div(const double *a) { return a[0] / a[1]; }
static double ref_max(const double *a) { return fmax(a[0], a[1]); }
static double ref_min(const double *a) { return fmin(a[0], a[1]); }
static double ref_pow(const double *a) { return pow(a[0], a[1]); }
static double ref_neg(const double *a) { return -a[0]; }
static double ref_abs(const double *a) { return fabs(a[0]); }
static double ref_exp(const double *a) { return exp(a[0]); }
static double ref_exp2(const double *a) { return exp2(a[0]); }
static double ref_log(const double *a) { return log(a[0]); }
static double ref_sqrt(const double *a) { return sqrt(a[0]); }
static double ref_rsqrt(const double *a) { return 1.0 / sqrt(a[0]); }
static double ref_tanh(const double *a) { return tanh(a[0]); }
static double ref_relu(const double *a) { return fmax(a[0], 0.0); }
static double ref_silu(const double *a) { return a[0] / (1.0 + exp(-a[0])); }
static double ref_sigmoid(const double *a) { return 1.0 / (1.0 + exp(-a[0])); }
static double ref_swiglu(const double *a) {
  return a[0] / (1.0 + exp(-a[0])) * a[1];
}
static double ref_gelu(const double *a) {
  return 0.5 * a[0] * (1.0 + erf(a[0] / sqrt(2.0)));
}
static double ref_gelu_tanh(const double *a) {
  double x = a[0];
  return 0.5 * x *
         (1.0 + tanh(sqrt(2.0 / 3.14159265358979323846) *
                     (x + 0.044715 * x * x * x)));
}

#define FN(name, arity, formula, roundings, lo, hi)                           \
  {#name, arity, formula, emit_##name, ref_##name, roundings, lo, hi}
// Binary functions first; tsched.elementwise checks arity from here.
const TesseraElementwiseFn tesseraElementwiseFns[] = {
    FN(add, 2, "x + y", 1, -100, 100),
    FN(sub, 2, "x - y", 1, -100, 100),
    FN(mul, 2, "x * y", 1, -100, 100),
    FN(div, 2, "x / y", 1, 0.25, 100),
    FN(max, 2, "maximum(x, y)", 0, -100, 100),
    FN(min, 2, "minimum(x, y)", 0, -100, 100),
    FN(pow, 2, "power(x, y)", 4, 0.25, 4),
    FN(swiglu, 2, "x / (1 + exp(-x)) * y", 6, -20, 20),
    FN(neg, 1, "-x", 0, -100, 100),
    FN(abs, 1, "abs(x)", 0, -100, 100),
    FN(exp, 1, "exp(x)", 2, -20, 20),
    FN(exp2, 1, "exp2(x)", 2, -20, 20),
    FN(log, 1, "log(x)", 2, 0.001, 1000),
    FN(sqrt, 1, "sqrt(x)", 1, 0, 1000),
    FN(rsqrt, 1, "1 / sqrt(x)", 2, 0.001, 1000),
    FN(tanh, 1, "tanh(x)", 2, -10, 10),
    FN(relu, 1, "maximum(x, 0)", 0, -100, 100),
    FN(silu, 1, "x / (1 + exp(-x))", 5, -20, 20),
    FN(sigmoid, 1, "1 / (1 + exp(-x))", 5, -20, 20),
    FN(gelu, 1, "0.5 * x * (1 + erf(x / sqrt(2)))", 6, -10, 10),
    FN(gelu_tanh, 1,
       "0.5 * x * (1 + tanh(0.7978845608028654 * (x + 0.044715 * x**3)))", 9,
       -10, 10),
    {NULL, 0, NULL, NULL, NULL, 0, 0, 0},
};
#undef FN

const TesseraElementwiseFn *tesseraLookupElementwiseFn(MlirStringRef name) {
  for (const TesseraElementwiseFn *f = tesseraElementwiseFns; f->name; ++f)
    if (strlen(f->name) == name.length &&
        memcmp(f->name, name.data, name.length) == 0)
      return f;
  return NULL;
}
