//===- VerifyUtils.c - Helpers shared by the dialect verifiers -----------===//
#include "Dialect/VerifyUtils.h"

#include "mlir-c/Diagnostics.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool tvStrEq(MlirStringRef s, const char *c) {
  size_t n = strlen(c);
  return s.length == n && memcmp(s.data, c, n) == 0;
}

const char *tvOpName(MlirOperation op, char *buf, size_t cap) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  snprintf(buf, cap, "%.*s", (int)n.length, n.data);
  return buf;
}

MlirLogicalResult tvEmitError(MlirOperation op, const char *fmt, ...) {
  char name[128], msg[1024], full[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(full, sizeof full, "'%s' op %s", tvOpName(op, name, sizeof name),
           msg);
  mlirEmitError(mlirOperationGetLocation(op), full);
  return mlirLogicalResultFailure();
}

MlirLogicalResult tvCheckNoOwnDialectAttrs(MlirOperation op,
                                           const char *prefix,
                                           const char *dialect,
                                           const char *where) {
  size_t n = strlen(prefix);
  for (intptr_t i = 0; i < mlirOperationGetNumAttributes(op); ++i) {
    MlirStringRef name =
        mlirIdentifierStr(mlirOperationGetAttribute(op, i).name);
    if (name.length > n && !memcmp(name.data, prefix, n))
      return tvEmitError(op, "attribute '%.*s' does not apply to %s ops (%s)",
                         (int)name.length, name.data, dialect, where);
  }
  return tvSuccess();
}

MlirAttribute tvGetAttr(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op,
                                         mlirStringRefCreateFromCString(name));
}

MlirLogicalResult tvCheckAttrNames(MlirOperation op,
                                   const char *const *allowed) {
  intptr_t n = mlirOperationGetNumAttributes(op);
  for (intptr_t i = 0; i < n; ++i) {
    MlirStringRef name =
        mlirIdentifierStr(mlirOperationGetAttribute(op, i).name);
    // "dialect.name" attributes are discardable: checked by their dialect.
    if (memchr(name.data, '.', name.length))
      continue;
    bool ok = false;
    for (const char *const *a = allowed; *a && !ok; ++a)
      ok = tvStrEq(name, *a);
    if (ok)
      continue;
    char list[512] = "";
    size_t used = 0;
    for (const char *const *a = allowed; *a; ++a)
      used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0,
                               "%s%s", a == allowed ? "" : ", ", *a);
    if (!allowed[0])
      return tvEmitError(op, "unknown attribute '%.*s'; this op takes none",
                         (int)name.length, name.data);
    return tvEmitError(op, "unknown attribute '%.*s'; expected one of: %s",
                       (int)name.length, name.data, list);
  }
  return tvSuccess();
}

static MlirLogicalResult wrongKind(MlirOperation op, const char *name,
                                   const char *kind, MlirAttribute a) {
  char buf[256];
  return tvEmitError(op, "attribute '%s' must be %s, got %s", name, kind,
                     tvAttrStr(a, buf, sizeof buf));
}

MlirLogicalResult tvGetI64Attr(MlirOperation op, const char *name,
                               bool *present, int64_t *value) {
  MlirAttribute a = tvGetAttr(op, name);
  *present = !mlirAttributeIsNull(a);
  if (!*present)
    return tvSuccess();
  if (!mlirAttributeIsAInteger(a) ||
      !mlirTypeIsAInteger(mlirAttributeGetType(a)))
    return wrongKind(op, name, "an integer (e.g. 1 : i64)", a);
  *value = mlirIntegerAttrGetValueSInt(a);
  return tvSuccess();
}

MlirLogicalResult tvGetBoolAttr(MlirOperation op, const char *name,
                                bool *present, bool *value) {
  MlirAttribute a = tvGetAttr(op, name);
  *present = !mlirAttributeIsNull(a);
  if (!*present)
    return tvSuccess();
  if (!mlirAttributeIsABool(a))
    return wrongKind(op, name, "a boolean (true or false)", a);
  *value = mlirBoolAttrGetValue(a);
  return tvSuccess();
}

MlirLogicalResult tvGetF64Attr(MlirOperation op, const char *name,
                               bool *present, double *value) {
  MlirAttribute a = tvGetAttr(op, name);
  *present = !mlirAttributeIsNull(a);
  if (!*present)
    return tvSuccess();
  if (!mlirAttributeIsAFloat(a))
    return wrongKind(op, name, "a float (e.g. 1.0e-05 : f32)", a);
  *value = mlirFloatAttrGetValueDouble(a);
  return tvSuccess();
}

MlirLogicalResult tvGetStringAttr(MlirOperation op, const char *name,
                                  bool *present, MlirStringRef *value) {
  MlirAttribute a = tvGetAttr(op, name);
  *present = !mlirAttributeIsNull(a);
  if (!*present)
    return tvSuccess();
  if (!mlirAttributeIsAString(a))
    return wrongKind(op, name, "a string", a);
  *value = mlirStringAttrGetValue(a);
  return tvSuccess();
}

MlirLogicalResult tvGetEnumAttr(MlirOperation op, const char *name,
                                const char *const *choices, bool *present,
                                int *index) {
  MlirStringRef s;
  if (tvFailed(tvGetStringAttr(op, name, present, &s)) || !*present)
    return *present ? mlirLogicalResultFailure() : tvSuccess();
  for (int i = 0; choices[i]; ++i)
    if (tvStrEq(s, choices[i])) {
      *index = i;
      return tvSuccess();
    }
  char list[256] = "";
  size_t used = 0;
  for (int i = 0; choices[i]; ++i)
    used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0,
                             "%s\"%s\"", i ? ", " : "", choices[i]);
  return tvEmitError(op, "attribute '%s' must be one of %s, got \"%.*s\"",
                     name, list, (int)s.length, s.data);
}

MlirLogicalResult tvGetI64ArrayAttr(MlirOperation op, const char *name,
                                    bool *present, int64_t *values,
                                    intptr_t cap, intptr_t *count) {
  MlirAttribute a = tvGetAttr(op, name);
  *present = !mlirAttributeIsNull(a);
  *count = 0;
  if (!*present)
    return tvSuccess();
  if (!mlirAttributeIsADenseI64Array(a))
    return wrongKind(op, name, "an i64 array (e.g. array<i64: 0, 1>)", a);
  intptr_t n = mlirDenseArrayGetNumElements(a);
  if (n > cap)
    return tvEmitError(op, "attribute '%s' has %ld elements; at most %ld are "
                           "supported", name, (long)n, (long)cap);
  for (intptr_t i = 0; i < n; ++i)
    values[i] = mlirDenseI64ArrayGetElement(a, i);
  *count = n;
  return tvSuccess();
}

MlirLogicalResult tvRankedTensor(MlirOperation op, MlirType t,
                                 const char *what) {
  if (mlirTypeIsARankedTensor(t))
    return tvSuccess();
  char buf[256];
  return tvEmitError(op, "%s must be a ranked tensor, got %s", what,
                     tvTypeStr(t, buf, sizeof buf));
}

bool tvShapesCompatible(MlirType a, MlirType b) {
  intptr_t r = mlirShapedTypeGetRank(a);
  if (r != mlirShapedTypeGetRank(b))
    return false;
  for (intptr_t i = 0; i < r; ++i)
    if (!tvDimsCompatible(mlirShapedTypeGetDimSize(a, i),
                          mlirShapedTypeGetDimSize(b, i)))
      return false;
  return true;
}

struct Buf {
  char *data;
  size_t cap, used;
};

static void appendToBuf(MlirStringRef s, void *ud) {
  struct Buf *b = ud;
  if (b->used + 1 >= b->cap)
    return;
  size_t n = s.length;
  if (n > b->cap - 1 - b->used)
    n = b->cap - 1 - b->used;
  memcpy(b->data + b->used, s.data, n);
  b->used += n;
  b->data[b->used] = 0;
}

const char *tvTypeStr(MlirType t, char *buf, size_t cap) {
  struct Buf b = {buf, cap, 0};
  buf[0] = 0;
  mlirTypePrint(t, appendToBuf, &b);
  return buf;
}

const char *tvAttrStr(MlirAttribute a, char *buf, size_t cap) {
  struct Buf b = {buf, cap, 0};
  buf[0] = 0;
  mlirAttributePrint(a, appendToBuf, &b);
  return buf;
}

bool tvIsFloatType(MlirType t) {
  return mlirTypeIsAF64(t) || mlirTypeIsAF32(t) || mlirTypeIsAF16(t) ||
         mlirTypeIsABF16(t) || mlirTypeIsATF32(t) ||
         mlirTypeIsAFloat8E4M3FN(t) || mlirTypeIsAFloat8E5M2(t);
}

MlirLogicalResult tvCheckPrecisionAttr(MlirOperation op) {
  static const char *const keys[] = {"storage", "compute", "accumulate"};
  MlirAttribute a = tvGetAttr(op, "precision");
  if (mlirAttributeIsNull(a))
    return tvSuccess();
  char buf[256];
  if (!mlirAttributeIsADictionary(a))
    return tvEmitError(op,
                       "attribute 'precision' must be a dictionary like "
                       "{storage = f16, compute = f32, accumulate = f32}, "
                       "got %s", tvAttrStr(a, buf, sizeof buf));
  intptr_t n = mlirDictionaryAttrGetNumElements(a);
  for (intptr_t i = 0; i < n; ++i) {
    MlirNamedAttribute e = mlirDictionaryAttrGetElement(a, i);
    MlirStringRef k = mlirIdentifierStr(e.name);
    bool known = false;
    for (int j = 0; j < 3; ++j)
      known |= tvStrEq(k, keys[j]);
    if (!known)
      return tvEmitError(op,
                         "precision key '%.*s' is unknown; expected storage, "
                         "compute or accumulate", (int)k.length, k.data);
    if (!mlirAttributeIsAType(e.attribute) ||
        !tvIsFloatType(mlirTypeAttrGetValue(e.attribute)))
      return tvEmitError(op, "precision '%.*s' must be a float type, got %s",
                         (int)k.length, k.data,
                         tvAttrStr(e.attribute, buf, sizeof buf));
  }
  return tvSuccess();
}
