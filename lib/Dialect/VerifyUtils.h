//===- VerifyUtils.h - Helpers shared by the dialect verifiers -----------===//
#ifndef TESSERA_DIALECT_VERIFYUTILS_H
#define TESSERA_DIALECT_VERIFYUTILS_H

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Emits "'<op name>' op <formatted message>" at the op's location, as MLIR's
/// own verifiers word it, and returns failure so callers can `return` it.
MlirLogicalResult tvEmitError(MlirOperation op, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/// Returns success. Spelled out so verifiers read `return tvSuccess();`.
static inline MlirLogicalResult tvSuccess(void) {
  return mlirLogicalResultSuccess();
}
static inline bool tvFailed(MlirLogicalResult r) {
  return mlirLogicalResultIsFailure(r);
}

/// Op name as a NUL-terminated string in a caller buffer (for messages).
const char *tvOpName(MlirOperation op, char *buf, size_t cap);

/// Checks that every inherent (non "dialect.name") attribute of `op` is one of
/// `allowed` (a NULL-terminated list); otherwise emits
/// "unknown attribute 'x'; expected one of: a, b".
MlirLogicalResult tvCheckAttrNames(MlirOperation op,
                                   const char *const *allowed);

/// The dispatcher gives a dialect's discardable attributes to its attribute
/// verifier only on other dialects' ops. For dialects whose attributes never
/// belong on their own ops: the first `<prefix>*` attribute on `op` is an
/// error "attribute 'x' does not apply to <dialect> ops (<where>)".
MlirLogicalResult tvCheckNoOwnDialectAttrs(MlirOperation op,
                                           const char *prefix,
                                           const char *dialect,
                                           const char *where);

/// Attribute lookup by C string; null attribute if absent.
MlirAttribute tvGetAttr(MlirOperation op, const char *name);

/// Typed attribute readers. Each returns failure with a located diagnostic if
/// the attribute is present but of the wrong kind; `*present` says whether it
/// was there (missing attributes are not an error here).
MlirLogicalResult tvGetI64Attr(MlirOperation op, const char *name,
                               bool *present, int64_t *value);
MlirLogicalResult tvGetBoolAttr(MlirOperation op, const char *name,
                                bool *present, bool *value);
MlirLogicalResult tvGetF64Attr(MlirOperation op, const char *name,
                               bool *present, double *value);
/// String attribute; `*value` points into the context (not NUL-terminated).
MlirLogicalResult tvGetStringAttr(MlirOperation op, const char *name,
                                  bool *present, MlirStringRef *value);
/// String attribute whose value must be one of `choices` (NULL-terminated).
/// `*index` receives the position in `choices`.
MlirLogicalResult tvGetEnumAttr(MlirOperation op, const char *name,
                                const char *const *choices, bool *present,
                                int *index);
/// `array<i64: ...>` (DenseI64ArrayAttr). Up to `cap` values.
MlirLogicalResult tvGetI64ArrayAttr(MlirOperation op, const char *name,
                                    bool *present, int64_t *values,
                                    intptr_t cap, intptr_t *count);

/// Ranked tensor helpers. tvRankedTensor emits "<what> must be a ranked
/// tensor" on failure.
MlirLogicalResult tvRankedTensor(MlirOperation op, MlirType t,
                                 const char *what);
/// Two dims are compatible unless both are static and differ.
static inline bool tvDimsCompatible(int64_t a, int64_t b) {
  return mlirShapedTypeIsDynamicSize(a) || mlirShapedTypeIsDynamicSize(b) ||
         a == b;
}
/// Shapes compatible dim-by-dim (ranks must be equal).
bool tvShapesCompatible(MlirType a, MlirType b);
/// Formats a type ("tensor<?x4xf32>") into a caller buffer.
const char *tvTypeStr(MlirType t, char *buf, size_t cap);
/// Formats an attribute into a caller buffer.
const char *tvAttrStr(MlirAttribute a, char *buf, size_t cap);

/// True for the float element types Tessera computes in (f64, f32, f16,
/// bf16, tf32, f8E4M3FN, f8E5M2).
bool tvIsFloatType(MlirType t);

/// Checks the optional `precision` attribute:
///   precision = {storage = f16, compute = f32, accumulate = f32}
/// a dictionary whose keys are a subset of storage/compute/accumulate and
/// whose values are float types.
MlirLogicalResult tvCheckPrecisionAttr(MlirOperation op);

/// Compares a StringRef with a C string.
bool tvStrEq(MlirStringRef s, const char *c);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_DIALECT_VERIFYUTILS_H
