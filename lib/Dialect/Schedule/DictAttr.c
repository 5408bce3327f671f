//===- DictAttr.c - Typed reads of dictionary-valued attributes ----------===//
//
// tsched.kernel, tsched.tile_loop, ttarget.target and ttarget.kernel are
// dictionaries, so that new keys need no new attribute kinds; these readers
// give their keys the same checks and wording VerifyUtils gives inherent
// attributes.
//
//===----------------------------------------------------------------------===//
#include "Dialect/Schedule/ScheduleUtils.h"

#include <stdarg.h>
#include <stdio.h>

MlirLogicalResult tsDictError(const TsDict *d, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return tvEmitError(d->op, "attribute '%s' %s", d->name, msg);
}

static const char *joinNames(const char *const *names, char *buf, size_t cap) {
  size_t used = 0;
  buf[0] = 0;
  for (const char *const *n = names; *n && used < cap; ++n) {
    int w = snprintf(buf + used, cap - used, "%s%s", n == names ? "" : ", ",
                     *n);
    if (w < 0)
      break;
    used += (size_t)w;
  }
  return buf;
}

MlirLogicalResult tsDictOpen(MlirOperation op, const char *name,
                             MlirAttribute attr, const char *const *allowed,
                             TsDict *d) {
  char buf[512];
  *d = (TsDict){op, name, attr};
  if (!mlirAttributeIsADictionary(attr))
    return tsDictError(d, "must be a dictionary, got %s",
                       tvAttrStr(attr, buf, sizeof buf));
  intptr_t n = mlirDictionaryAttrGetNumElements(attr);
  for (intptr_t i = 0; i < n; ++i) {
    MlirStringRef key =
        mlirIdentifierStr(mlirDictionaryAttrGetElement(attr, i).name);
    bool known = false;
    for (const char *const *a = allowed; *a && !known; ++a)
      known = tvStrEq(key, *a);
    if (!known)
      return tsDictError(d, "has unknown key '%.*s'; expected one of: %s",
                         (int)key.length, key.data,
                         joinNames(allowed, buf, sizeof buf));
  }
  return tvSuccess();
}

MlirAttribute tsDictGet(const TsDict *d, const char *key) {
  return mlirDictionaryAttrGetElementByName(
      d->dict, mlirStringRefCreateFromCString(key));
}

MlirLogicalResult tsDictRequire(const TsDict *d, const char *key) {
  if (!mlirAttributeIsNull(tsDictGet(d, key)))
    return tvSuccess();
  return tsDictError(d, "requires key '%s'", key);
}

static MlirLogicalResult wrongKind(const TsDict *d, const char *key,
                                   const char *kind, MlirAttribute a) {
  char buf[256];
  return tsDictError(d, "key '%s' must be %s, got %s", key, kind,
                     tvAttrStr(a, buf, sizeof buf));
}

MlirLogicalResult tsDictI64(const TsDict *d, const char *key, bool *present,
                            int64_t *value) {
  MlirAttribute a = tsDictGet(d, key);
  *present = !mlirAttributeIsNull(a);
  if (!*present)
    return tvSuccess();
  if (!mlirAttributeIsAInteger(a) ||
      !mlirTypeIsAInteger(mlirAttributeGetType(a)))
    return wrongKind(d, key, "an integer (e.g. 3 : i64)", a);
  *value = mlirIntegerAttrGetValueSInt(a);
  return tvSuccess();
}

MlirLogicalResult tsDictI64InRange(const TsDict *d, const char *key,
                                   int64_t lo, int64_t hi, bool *present,
                                   int64_t *value) {
  if (tvFailed(tsDictI64(d, key, present, value)))
    return mlirLogicalResultFailure();
  if (*present && (*value < lo || *value > hi))
    return tsDictError(d, "key '%s' must be in [%lld, %lld], got %lld", key,
                       (long long)lo, (long long)hi, (long long)*value);
  return tvSuccess();
}

MlirLogicalResult tsDictEnum(const TsDict *d, const char *key,
                             const char *const *choices, bool *present,
                             int *index) {
  MlirAttribute a = tsDictGet(d, key);
  *present = !mlirAttributeIsNull(a);
  if (!*present)
    return tvSuccess();
  if (mlirAttributeIsAString(a)) {
    MlirStringRef s = mlirStringAttrGetValue(a);
    for (int i = 0; choices[i]; ++i)
      if (tvStrEq(s, choices[i])) {
        *index = i;
        return tvSuccess();
      }
  }
  char kind[400];
  size_t used = (size_t)snprintf(kind, sizeof kind, "one of ");
  for (int i = 0; choices[i] && used < sizeof kind; ++i)
    used += (size_t)snprintf(kind + used, sizeof kind - used, "%s\"%s\"",
                             i ? ", " : "", choices[i]);
  return wrongKind(d, key, kind, a);
}

MlirLogicalResult tsDictDims(const TsDict *d, const char *key, intptr_t lo,
                             intptr_t hi, bool *present, int64_t *values,
                             intptr_t *count) {
  MlirAttribute a = tsDictGet(d, key);
  *present = !mlirAttributeIsNull(a);
  *count = 0;
  if (!*present)
    return tvSuccess();
  if (!mlirAttributeIsADenseI64Array(a))
    return wrongKind(d, key, "an i64 array (e.g. array<i64: 128, 1, 1>)", a);
  intptr_t n = mlirDenseArrayGetNumElements(a);
  if (n < lo || n > hi)
    return tsDictError(d, "key '%s' must have %ld to %ld entries, got %ld",
                       key, (long)lo, (long)hi, (long)n);
  for (intptr_t i = 0; i < n; ++i) {
    values[i] = mlirDenseI64ArrayGetElement(a, i);
    if (values[i] <= 0)
      return tsDictError(d, "key '%s' entries must be positive, got %lld",
                         key, (long long)values[i]);
  }
  *count = n;
  return tvSuccess();
}

MlirLogicalResult tsDictStrings(const TsDict *d, const char *key,
                                MlirAttribute *array) {
  MlirAttribute a = tsDictGet(d, key);
  *array = a;
  if (mlirAttributeIsNull(a))
    return tvSuccess();
  bool ok = mlirAttributeIsAArray(a);
  for (intptr_t i = 0; ok && i < mlirArrayAttrGetNumElements(a); ++i) {
    MlirAttribute e = mlirArrayAttrGetElement(a, i);
    ok = mlirAttributeIsAString(e) && mlirStringAttrGetValue(e).length > 0;
  }
  if (!ok)
    return wrongKind(d, key, "an array of non-empty strings", a);
  return tvSuccess();
}
