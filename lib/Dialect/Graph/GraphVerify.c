//===- GraphVerify.c - Semantic verifier of the tgraph dialect -----------===//
//
// IRDL (Graph.irdl.mlir) has already checked operand and result counts and
// that each is a builtin tensor. This file checks what every tgraph op
// shares -- attribute names, `precision`, ranked operands of a bounded rank,
// `tgraph.*` discardable attributes -- and then hands the op to its per-op
// check in GraphVerifyOps.c (GraphVerifyAttention.c for attention,
// GraphVerifySlices.c for slice, concat, pad and split,
// GraphVerifyIndexing.c for iota and embedding).
// docs/dialects/graph.md lists every check.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Graph/GraphOps.h"
#include "Dialect/Verify.h"
#include "Dialect/VerifyUtils.h"

#include <stdio.h>
#include <string.h>

//===----------------------------------------------------------------------===//
// The op table
//===----------------------------------------------------------------------===//

static const char *const kAttrsPrecision[] = {"precision", NULL};
static const char *const kAttrsGelu[] = {"precision", "approximate", NULL};
static const char *const kAttrsClamp[] = {"precision", "min", "max", NULL};
static const char *const kAttrsSoftmax[] = {"precision", "dim", NULL};
static const char *const kAttrsReduce[] = {"precision", "kind", "dims",
                                           "keep_dims", NULL};
static const char *const kAttrsVar[] = {"precision", "dims", "correction",
                                        "keep_dims", NULL};
static const char *const kAttrsNorm[] = {"precision", "epsilon", "axis",
                                         NULL};
static const char *const kAttrsAttention[] = {"precision", "scale", "causal",
                                             NULL};
static const char *const kAttrsTranspose[] = {"permutation", NULL};
static const char *const kAttrsBroadcast[] = {"broadcast_dimensions", NULL};
static const char *const kAttrsSlice[] = {"offsets", "strides", NULL};
static const char *const kAttrsConcat[] = {"dim", NULL};
static const char *const kAttrsPad[] = {"low", "high", "value", NULL};
static const char *const kAttrsSplit[] = {"dim", NULL};
static const char *const kAttrsConstant[] = {"value", NULL};
static const char *const kAttrsIota[] = {"dim", NULL};
static const char *const kAttrsNone[] = {NULL};

typedef struct GraphOpDef {
  const char *name; // without the "tgraph." prefix
  int minOperands, maxOperands;
  // Operand names as the docs and diagnostics spell them; variadic trailing
  // operands are named too.
  const char *operands[4];
  const char *const *attrs;
  bool compute;
  MlirLogicalResult (*verify)(MlirOperation);
} GraphOpDef;

#define BINARY(n)                                                              \
  {n, 2, 2, {"lhs", "rhs"}, kAttrsPrecision, true, tgVerifyElementwiseBinary}
#define UNARY(n)                                                               \
  {n, 1, 1, {"input"}, kAttrsPrecision, true, tgVerifyElementwiseUnary}

static const GraphOpDef kOps[] = {
    {"matmul", 2, 2, {"lhs", "rhs"}, kAttrsPrecision, true, tgVerifyMatmul},
    {"batch_matmul", 2, 2, {"lhs", "rhs"}, kAttrsPrecision, true,
     tgVerifyBatchMatmul},
    {"linear", 2, 3, {"input", "weight", "bias"}, kAttrsPrecision, true,
     tgVerifyLinear},
    BINARY("add"),
    BINARY("sub"),
    BINARY("mul"),
    BINARY("div"),
    BINARY("max"),
    BINARY("min"),
    BINARY("pow"),
    {"swiglu", 2, 2, {"gate", "up"}, kAttrsPrecision, true,
     tgVerifyElementwiseBinary},
    UNARY("exp"),
    UNARY("tanh"),
    UNARY("relu"),
    {"gelu", 1, 1, {"input"}, kAttrsGelu, true, tgVerifyGelu},
    UNARY("silu"),
    UNARY("neg"),
    UNARY("abs"),
    UNARY("sqrt"),
    UNARY("rsqrt"),
    UNARY("log"),
    UNARY("sigmoid"),
    {"clamp", 1, 1, {"input"}, kAttrsClamp, true, tgVerifyClamp},
    {"softmax", 1, 1, {"input"}, kAttrsSoftmax, true, tgVerifySoftmax},
    {"log_softmax", 1, 1, {"input"}, kAttrsSoftmax, true, tgVerifySoftmax},
    {"attention", 3, 4, {"q", "k", "v", "mask"}, kAttrsAttention, true,
     tgVerifyAttention},
    {"reduce", 1, 1, {"input"}, kAttrsReduce, true, tgVerifyReduce},
    {"var", 1, 1, {"input"}, kAttrsVar, true, tgVerifyVar},
    {"transpose", 1, 1, {"input"}, kAttrsTranspose, false, tgVerifyTranspose},
    {"reshape", 1, 1, {"input"}, kAttrsNone, false, tgVerifyReshape},
    {"slice", 1, 1, {"input"}, kAttrsSlice, false, tgVerifySlice},
    {"concat", 2, 2, {"lhs", "rhs"}, kAttrsConcat, false, tgVerifyConcat},
    {"pad", 1, 1, {"input"}, kAttrsPad, false, tgVerifyPad},
    {"split", 1, 1, {"input"}, kAttrsSplit, false, tgVerifySplit},
    {"broadcast", 1, 1, {"input"}, kAttrsBroadcast, false, tgVerifyBroadcast},
    {"cast", 1, 1, {"input"}, kAttrsNone, false, tgVerifyCast},
    {"constant", 0, 0, {NULL}, kAttrsConstant, false, tgVerifyConstant},
    {"iota", 0, 1, {"like"}, kAttrsIota, false, tgVerifyIota},
    {"embedding", 2, 2, {"ids", "table"}, kAttrsNone, false,
     tgVerifyEmbedding},
    {"layer_norm", 1, 3, {"input", "weight", "bias"}, kAttrsNorm, true,
     tgVerifyNorm},
    {"rms_norm", 1, 2, {"input", "weight"}, kAttrsNorm, true, tgVerifyNorm},
};
enum { kNumOps = sizeof kOps / sizeof kOps[0] };

static const char kPrefix[] = "tgraph.";
enum { kPrefixLen = sizeof kPrefix - 1 };

static const GraphOpDef *lookupOp(MlirStringRef fullName) {
  if (fullName.length <= kPrefixLen ||
      memcmp(fullName.data, kPrefix, kPrefixLen) != 0)
    return NULL;
  MlirStringRef shortName = {fullName.data + kPrefixLen,
                             fullName.length - kPrefixLen};
  for (int i = 0; i < kNumOps; ++i)
    if (tvStrEq(shortName, kOps[i].name))
      return &kOps[i];
  return NULL;
}

bool tesseraGraphOpIsCompute(MlirStringRef name) {
  const GraphOpDef *def = lookupOp(name);
  return def && def->compute;
}

//===----------------------------------------------------------------------===//
// Checks every op shares
//===----------------------------------------------------------------------===//

// The ops with a variadic list of results (all of one type: IRDL binds
// the elements of a variadic to one constraint value).
static const char *const kManyResults[] = {"split", NULL};

static bool manyResults(const GraphOpDef *def) {
  for (int i = 0; kManyResults[i]; ++i)
    if (!strcmp(kManyResults[i], def->name))
      return true;
  return false;
}

// IRDL checks counts before we run, but ops built by passes reach us too, and
// the per-op checks index operands without bounds checks. For the norms this
// is also the only check of the variadic parameter count.
static MlirLogicalResult checkCounts(MlirOperation op, const GraphOpDef *def) {
  intptr_t n = mlirOperationGetNumOperands(op);
  if (n < def->minOperands || n > def->maxOperands) {
    char names[64] = "";
    size_t used = 0;
    for (int i = 0; i < def->maxOperands; ++i)
      used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
                               i ? ", " : "", def->operands[i]);
    if (def->minOperands == def->maxOperands)
      return tvEmitError(op, "expects %d operand%s (%s), got %ld",
                         def->maxOperands, def->maxOperands == 1 ? "" : "s",
                         def->maxOperands ? names : "none", (long)n);
    return tvEmitError(op, "expects %d to %d operands (%s), got %ld",
                       def->minOperands, def->maxOperands, names, (long)n);
  }
  intptr_t r = mlirOperationGetNumResults(op);
  if (manyResults(def) ? r < 1 || r > TG_MAX_PARTS : r != 1)
    return manyResults(def)
               ? tvEmitError(op, "expects 1 to %d results, got %ld",
                             TG_MAX_PARTS, (long)r)
               : tvEmitError(op, "expects 1 result, got %ld", (long)r);
  return tvSuccess();
}

static MlirLogicalResult checkTensor(MlirOperation op, MlirType t,
                                     const char *what) {
  if (tvFailed(tvRankedTensor(op, t, what)))
    return mlirLogicalResultFailure();
  intptr_t rank = mlirShapedTypeGetRank(t);
  if (rank > TG_MAX_RANK)
    return tvEmitError(op, "%s has rank %ld; at most %d is supported", what,
                       (long)rank, TG_MAX_RANK);
  return tvSuccess();
}

static MlirLogicalResult checkTensors(MlirOperation op,
                                      const GraphOpDef *def) {
  intptr_t n = mlirOperationGetNumOperands(op);
  for (intptr_t i = 0; i < n; ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (tvFailed(checkTensor(op, t, def->operands[i])))
      return mlirLogicalResultFailure();
  }
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (tvFailed(checkTensor(
            op, mlirValueGetType(mlirOperationGetResult(op, i)), "result")))
      return mlirLogicalResultFailure();
  return tvSuccess();
}

static bool hasGraphPrefix(MlirStringRef s) {
  return s.length > kPrefixLen && memcmp(s.data, kPrefix, kPrefixLen) == 0;
}

// The driver hands `tgraph.*` attributes to us only on foreign ops, and
// tvCheckAttrNames skips dotted names, so a tgraph op checks its own.
static MlirLogicalResult checkOwnDiscardableAttrs(MlirOperation op) {
  intptr_t n = mlirOperationGetNumAttributes(op);
  for (intptr_t i = 0; i < n; ++i) {
    MlirNamedAttribute a = mlirOperationGetAttribute(op, i);
    MlirStringRef name = mlirIdentifierStr(a.name);
    if (hasGraphPrefix(name) &&
        tvFailed(tesseraVerifyGraphDiscardableAttr(op, name, a.attribute)))
      return mlirLogicalResultFailure();
  }
  return tvSuccess();
}

MlirLogicalResult tesseraVerifyGraphOp(MlirOperation op) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  const GraphOpDef *def = lookupOp(name);
  if (!def)
    return tvEmitError(op, "is not a tgraph operation this verifier knows");
  if (tvFailed(checkCounts(op, def)) ||
      tvFailed(tvCheckAttrNames(op, def->attrs)) ||
      (def->compute && tvFailed(tvCheckPrecisionAttr(op))) ||
      tvFailed(checkTensors(op, def)) || tvFailed(def->verify(op)))
    return mlirLogicalResultFailure();
  return checkOwnDiscardableAttrs(op);
}

//===----------------------------------------------------------------------===//
// tgraph.dims: named symbolic dims of an op's results
//===----------------------------------------------------------------------===//

static const char kDimsExample[] =
    "a list of dim-name lists, one per result, like [[\"B\", \"S\", \"D\"]]";

static bool isListOfStringLists(MlirAttribute a) {
  if (!mlirAttributeIsAArray(a))
    return false;
  for (intptr_t i = 0, n = mlirArrayAttrGetNumElements(a); i < n; ++i) {
    MlirAttribute list = mlirArrayAttrGetElement(a, i);
    if (!mlirAttributeIsAArray(list))
      return false;
    for (intptr_t j = 0, m = mlirArrayAttrGetNumElements(list); j < m; ++j)
      if (!mlirAttributeIsAString(mlirArrayAttrGetElement(list, j)))
        return false;
  }
  return true;
}

static intptr_t listLength(MlirAttribute dims, intptr_t result) {
  return mlirArrayAttrGetNumElements(mlirArrayAttrGetElement(dims, result));
}

static MlirStringRef dimName(MlirAttribute dims, intptr_t result,
                             intptr_t dim) {
  return mlirStringAttrGetValue(
      mlirArrayAttrGetElement(mlirArrayAttrGetElement(dims, result), dim));
}

static int64_t dimSize(MlirOperation op, intptr_t result, intptr_t dim) {
  return mlirShapedTypeGetDimSize(
      mlirValueGetType(mlirOperationGetResult(op, result)), dim);
}

// A name is one symbolic size, so every static size it labels on this op
// must be the same.
static MlirLogicalResult checkNamesConsistent(MlirOperation op,
                                              MlirAttribute dims) {
  intptr_t nres = mlirArrayAttrGetNumElements(dims);
  for (intptr_t r = 0; r < nres; ++r) {
    for (intptr_t d = 0; d < listLength(dims, r); ++d) {
      MlirStringRef n = dimName(dims, r, d);
      int64_t size = dimSize(op, r, d);
      if (n.length == 0 || mlirShapedTypeIsDynamicSize(size))
        continue;
      // Compare with every earlier labelled dim of the op.
      for (intptr_t r2 = 0; r2 <= r; ++r2) {
        intptr_t end = r2 == r ? d : listLength(dims, r2);
        for (intptr_t d2 = 0; d2 < end; ++d2) {
          MlirStringRef n2 = dimName(dims, r2, d2);
          int64_t size2 = dimSize(op, r2, d2);
          if (n2.length != n.length || memcmp(n2.data, n.data, n.length) ||
              tvDimsCompatible(size, size2))
            continue;
          return tvEmitError(op,
                             "attribute 'tgraph.dims' names result %ld dim "
                             "%ld (size %ld) and result %ld dim %ld (size "
                             "%ld) both \"%.*s\"; one name must label one "
                             "size",
                             (long)r2, (long)d2, (long)size2, (long)r,
                             (long)d, (long)size, (int)n.length, n.data);
        }
      }
    }
  }
  return tvSuccess();
}

static MlirLogicalResult checkDimsAttr(MlirOperation op, MlirAttribute dims) {
  char buf[256];
  if (!isListOfStringLists(dims))
    return tvEmitError(op, "attribute 'tgraph.dims' must be %s, got %s",
                       kDimsExample, tvAttrStr(dims, buf, sizeof buf));
  intptr_t nlists = mlirArrayAttrGetNumElements(dims);
  intptr_t nres = mlirOperationGetNumResults(op);
  if (nlists != nres)
    return tvEmitError(op,
                       "attribute 'tgraph.dims' has %ld dim-name list%s but "
                       "the op has %ld result%s",
                       (long)nlists, nlists == 1 ? "" : "s", (long)nres,
                       nres == 1 ? "" : "s");
  for (intptr_t r = 0; r < nres; ++r) {
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, r));
    if (!mlirTypeIsARankedTensor(t))
      return tvEmitError(op,
                         "attribute 'tgraph.dims' names tensor dims, but "
                         "result %ld is %s",
                         (long)r, tvTypeStr(t, buf, sizeof buf));
    intptr_t names = listLength(dims, r);
    if (names != mlirShapedTypeGetRank(t))
      return tvEmitError(op,
                         "attribute 'tgraph.dims' gives %ld name%s for "
                         "result %ld, which has rank %ld (%s)",
                         (long)names, names == 1 ? "" : "s", (long)r,
                         (long)mlirShapedTypeGetRank(t),
                         tvTypeStr(t, buf, sizeof buf));
  }
  return checkNamesConsistent(op, dims);
}

MlirLogicalResult tesseraVerifyGraphDiscardableAttr(MlirOperation op,
                                                    MlirStringRef name,
                                                    MlirAttribute attr) {
  if (tvStrEq(name, "tgraph.dims"))
    return checkDimsAttr(op, attr);
  return tvEmitError(op,
                     "unknown attribute '%.*s'; the only tgraph discardable "
                     "attribute is 'tgraph.dims'",
                     (int)name.length, name.data);
}
