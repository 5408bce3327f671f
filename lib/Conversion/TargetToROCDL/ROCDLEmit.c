//===- ROCDLEmit.c - SSA-text emitter shared by the AMD generators -------===//
#include "ROCDLEmit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void reInit(REmit *e) { memset(e, 0, sizeof *e); e->indent = 4; }

void reFree(REmit *e) {
  tesseraStrBufFree(&e->consts);
  tesseraStrBufFree(&e->body);
}

RV reFresh(REmit *e) {
  RV v;
  snprintf(v.s, sizeof v.s, "%%v%d", e->next++);
  return v;
}

RV reResult(RV v, int64_t i) {
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%s#%lld", v.s, (long long)i);
  RV r;
  size_t len = n < 0 ? 0 : (size_t)n;
  if (len >= sizeof r.s)
    len = sizeof r.s - 1; // names are short; never reached
  memcpy(r.s, buf, len);
  r.s[len] = 0;
  return r;
}

static void vline(REmit *e, const char *prefix, const char *fmt, va_list ap) {
  tesseraStrBufPrintf(&e->body, "%*s%s", e->indent, "", prefix);
  // Lines can be long (an scf.for with 64 accumulators): size first.
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n > 0) {
    char *buf = malloc((size_t)n + 1);
    if (!buf) {
      fputs("tessera: out of memory\n", stderr);
      abort();
    }
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    tesseraStrBufAppend(&e->body, buf, (size_t)n);
    free(buf);
  }
  tesseraStrBufAppend(&e->body, "\n", 1);
}

void reLine(REmit *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vline(e, "", fmt, ap);
  va_end(ap);
}

RV reDef(REmit *e, const char *fmt, ...) {
  RV v = reFresh(e);
  char prefix[48];
  snprintf(prefix, sizeof prefix, "%s = ", v.s);
  va_list ap;
  va_start(ap, fmt);
  vline(e, prefix, fmt, ap);
  va_end(ap);
  return v;
}

static RV cached(REmit *e, const char *key, const char *text) {
  for (int i = 0; i < e->ncache; ++i)
    if (!strcmp(e->cache[i].key, key))
      return e->cache[i].v;
  RV v = reFresh(e);
  tesseraStrBufPrintf(&e->consts, "    %s = arith.constant %s\n", v.s, text);
  if (e->ncache < (int)(sizeof e->cache / sizeof e->cache[0])) {
    snprintf(e->cache[e->ncache].key, sizeof e->cache[0].key, "%s", key);
    e->cache[e->ncache++].v = v;
  }
  return v;
}

RV reIdx(REmit *e, int64_t v) {
  char key[48], text[64];
  snprintf(key, sizeof key, "idx:%lld", (long long)v);
  snprintf(text, sizeof text, "%lld : index", (long long)v);
  return cached(e, key, text);
}

RV reI32(REmit *e, int64_t v) {
  char key[48], text[64];
  snprintf(key, sizeof key, "i32:%lld", (long long)v);
  snprintf(text, sizeof text, "%lld : i32", (long long)v);
  return cached(e, key, text);
}

RV reF32(REmit *e, double v) {
  char key[48], text[64];
  snprintf(key, sizeof key, "f32:%.9e", v);
  snprintf(text, sizeof text, "%.9e : f32", v);
  return cached(e, key, text);
}

RV reF32NegInf(REmit *e) { return cached(e, "f32:-inf", "0xFF800000 : f32"); }

RV reIota(REmit *e, int64_t n) {
  char key[48], text[600];
  snprintf(key, sizeof key, "iota:%lld", (long long)n);
  int k = snprintf(text, sizeof text, "dense<[");
  for (int64_t i = 0; i < n && k < 500; ++i)
    k += snprintf(text + k, sizeof text - k, "%s%lld", i ? ", " : "",
                  (long long)i);
  snprintf(text + k, sizeof text - k, "]> : vector<%lldxi32>", (long long)n);
  return cached(e, key, text);
}

RV reZeroVec(REmit *e, int64_t n, const char *elt) {
  char key[48], text[96];
  snprintf(key, sizeof key, "zv:%lld:%s", (long long)n, elt);
  snprintf(text, sizeof text, "dense<0.0> : vector<%lldx%s>", (long long)n,
           elt);
  return cached(e, key, text);
}

RV reAdd(REmit *e, RV a, RV b) {
  return reDef(e, "arith.addi %s, %s : index", a.s, b.s);
}
RV reAddC(REmit *e, RV a, int64_t c) {
  if (c == 0)
    return a;
  return reAdd(e, a, reIdx(e, c));
}
RV reMulC(REmit *e, RV a, int64_t c) {
  if (c == 1)
    return a;
  return reDef(e, "arith.muli %s, %s : index", a.s, reIdx(e, c).s);
}
RV reDivC(REmit *e, RV a, int64_t c) {
  if (c == 1)
    return a;
  return reDef(e, "arith.divui %s, %s : index", a.s, reIdx(e, c).s);
}
RV reRemC(REmit *e, RV a, int64_t c) {
  if (c == 1)
    return reIdx(e, 0);
  return reDef(e, "arith.remui %s, %s : index", a.s, reIdx(e, c).s);
}
RV reCmp(REmit *e, const char *pred, RV a, RV b) {
  return reDef(e, "arith.cmpi %s, %s, %s : index", pred, a.s, b.s);
}
RV reAnd(REmit *e, RV a, RV b) {
  return reDef(e, "arith.andi %s, %s : i1", a.s, b.s);
}
RV reF(REmit *e, const char *op, RV a, RV b) {
  return reDef(e, "%s %s, %s : f32", op, a.s, b.s);
}

RV reCvt(REmit *e, RV v, TesseraDType from, TesseraDType to) {
  if (from == to)
    return v;
  if (from == TESSERA_F32)
    return reDef(e, "arith.truncf %s : f32 to %s", v.s, tesseraDTypeName(to));
  if (to == TESSERA_F32)
    return reDef(e, "arith.extf %s : %s to f32", v.s, tesseraDTypeName(from));
  RV w = reDef(e, "arith.extf %s : %s to f32", v.s, tesseraDTypeName(from));
  return reDef(e, "arith.truncf %s : f32 to %s", w.s, tesseraDTypeName(to));
}

bool reIsCdna(const char *chip) {
  int c = chip ? ttChipByName(chip) : -1;
  return c >= 0 && ttChipInfo[c].vendor == TT_AMD;
}
