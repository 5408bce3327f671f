//===- PassRegistry.c - Pass options and external pass creation ----------===//
#include "Pipeline/PassRegistry.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int optionIndex(const TesseraPassInfo *info, const char *name,
                       size_t len) {
  for (intptr_t i = 0; i < info->numOptions; ++i)
    if (strlen(info->options[i].name) == len &&
        memcmp(info->options[i].name, name, len) == 0)
      return (int)i;
  return -1;
}

static int requireOption(const TesseraPassOptions *o, const char *name) {
  int i = optionIndex(o->info, name, strlen(name));
  if (i < 0) {
    fprintf(stderr, "tessera: internal error: pass '%s' has no option '%s'\n",
            o->info->argument, name);
    abort();
  }
  return i;
}

const char *tesseraOptString(const TesseraPassOptions *o, const char *name) {
  return o->str[requireOption(o, name)];
}
int64_t tesseraOptInt(const TesseraPassOptions *o, const char *name) {
  return o->i[requireOption(o, name)];
}
bool tesseraOptBool(const TesseraPassOptions *o, const char *name) {
  return o->b[requireOption(o, name)];
}
int tesseraOptEnum(const TesseraPassOptions *o, const char *name) {
  return o->choice[requireOption(o, name)];
}

void tesseraPassOptionsFree(TesseraPassOptions *o) {
  for (int i = 0; i < TESSERA_MAX_PASS_OPTIONS; ++i) {
    free(o->str[i]);
    o->str[i] = NULL;
  }
}

static char *dupRange(const char *s, size_t n) {
  char *r = malloc(n + 1);
  if (!r)
    abort();
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

// Sets option `idx` from `value`, checking it against the option's kind.
static bool setOption(const TesseraPassDef *def, TesseraPassOptions *out,
                      int idx, const char *value, size_t len, char *err,
                      size_t cap) {
  const TesseraPassOptionInfo *opt = &def->info.options[idx];
  // Quoted values ('...' or "...") have their quotes stripped, as in MLIR.
  if (len >= 2 && (value[0] == '"' || value[0] == '\'') &&
      value[len - 1] == value[0]) {
    ++value;
    len -= 2;
  }
  free(out->str[idx]);
  out->str[idx] = dupRange(value, len);
  const char *v = out->str[idx];
  switch (opt->kind) {
  case TesseraPassOptionString:
    return true;
  case TesseraPassOptionInt: {
    char *end = NULL;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (!*v || *end || errno) {
      snprintf(err, cap,
               "option '%s' of pass '%s' expects an integer, got '%s'",
               opt->name, def->info.argument, v);
      return false;
    }
    out->i[idx] = x;
    return true;
  }
  case TesseraPassOptionBool:
    if (!strcmp(v, "true") || !strcmp(v, "1") || !*v) {
      out->b[idx] = true;
      return true;
    }
    if (!strcmp(v, "false") || !strcmp(v, "0")) {
      out->b[idx] = false;
      return true;
    }
    snprintf(err, cap,
             "option '%s' of pass '%s' expects true or false, got '%s'",
             opt->name, def->info.argument, v);
    return false;
  case TesseraPassOptionEnum:
    for (int c = 0; opt->choices[c]; ++c)
      if (!strcmp(v, opt->choices[c])) {
        out->choice[idx] = c;
        return true;
      }
    {
      char list[256] = "";
      size_t used = 0;
      for (int c = 0; opt->choices[c] && used < sizeof list; ++c)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 c ? ", " : "", opt->choices[c]);
      snprintf(err, cap,
               "option '%s' of pass '%s' must be one of: %s; got '%s'",
               opt->name, def->info.argument, list, v);
    }
    return false;
  }
  return false;
}

bool tesseraParsePassOptions(const TesseraPassDef *def, MlirStringRef text,
                             TesseraPassOptions *out, char *err, size_t cap) {
  memset(out, 0, sizeof *out);
  out->info = &def->info;
  if (def->info.numOptions > TESSERA_MAX_PASS_OPTIONS) {
    snprintf(err, cap, "pass '%s' declares too many options",
             def->info.argument);
    return false;
  }
  for (intptr_t i = 0; i < def->info.numOptions; ++i) {
    const char *d = def->info.options[i].defaultValue;
    if (!setOption(def, out, (int)i, d ? d : "", d ? strlen(d) : 0, err,
                   cap)) {
      tesseraPassOptionsFree(out);
      return false;
    }
  }
  const char *p = text.data, *end = text.data + text.length;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
      ++p;
    if (p == end)
      break;
    const char *key = p;
    while (p < end && *p != '=' && *p != ' ')
      ++p;
    size_t keyLen = (size_t)(p - key);
    const char *val = p;
    size_t valLen = 0;
    bool hasValue = p < end && *p == '=';
    if (hasValue) {
      val = ++p;
      // A value ends at a space outside quotes and braces.
      int depth = 0;
      char quote = 0;
      while (p < end && (quote || depth || *p != ' ')) {
        if (quote) {
          if (*p == quote)
            quote = 0;
        } else if (*p == '"' || *p == '\'') {
          quote = *p;
        } else if (*p == '{') {
          ++depth;
        } else if (*p == '}') {
          --depth;
        }
        ++p;
      }
      if (quote || depth) {
        snprintf(err, cap, "unterminated value for option '%.*s' of pass '%s'",
                 (int)keyLen, key, def->info.argument);
        tesseraPassOptionsFree(out);
        return false;
      }
      valLen = (size_t)(p - val);
    }
    int idx = optionIndex(&def->info, key, keyLen);
    if (idx < 0) {
      if (def->info.numOptions == 0)
        snprintf(err, cap, "pass '%s' takes no options, got '%.*s'",
                 def->info.argument, (int)keyLen, key);
      else {
        char list[256] = "";
        size_t used = 0;
        for (intptr_t i = 0; i < def->info.numOptions && used < sizeof list;
             ++i)
          used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                   i ? ", " : "", def->info.options[i].name);
        snprintf(err, cap,
                 "unknown option '%.*s' for pass '%s'; it accepts: %s",
                 (int)keyLen, key, def->info.argument, list);
      }
      tesseraPassOptionsFree(out);
      return false;
    }
    if (!hasValue &&
        def->info.options[idx].kind != TesseraPassOptionBool) {
      snprintf(err, cap, "option '%.*s' of pass '%s' needs a value",
               (int)keyLen, key, def->info.argument);
      tesseraPassOptionsFree(out);
      return false;
    }
    if (!setOption(def, out, idx, val, valLen, err, cap)) {
      tesseraPassOptionsFree(out);
      return false;
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// External pass glue
//===----------------------------------------------------------------------===//

// One TypeID per pass definition: MLIR wants a unique, 8-byte aligned
// address per pass class.
enum { kMaxPasses = 256 };
static _Alignas(8) char kTypeIDStorage[kMaxPasses][8];

typedef struct PassState {
  const TesseraPassDef *def;
  TesseraPassOptions options;
} PassState;

static void destructPass(void *ud) {
  PassState *s = ud;
  tesseraPassOptionsFree(&s->options);
  free(s);
}

static void *clonePass(void *ud) {
  const PassState *s = ud;
  PassState *c = malloc(sizeof *c);
  if (!c)
    abort();
  *c = *s;
  for (int i = 0; i < TESSERA_MAX_PASS_OPTIONS; ++i)
    if (s->options.str[i])
      c->options.str[i] = dupRange(s->options.str[i], strlen(s->options.str[i]));
  return c;
}

static void runPass(MlirOperation op, MlirExternalPass pass, void *ud) {
  PassState *s = ud;
  s->def->run(op, pass, &s->options);
}

MlirPass tesseraCreatePass(const TesseraPassDef *def,
                           TesseraPassOptions *options) {
  intptr_t index = 0;
  while (index < tesseraNumPassDefs() && tesseraPassDefAt(index) != def)
    ++index;
  if (index >= kMaxPasses)
    abort();
  PassState *s = malloc(sizeof *s);
  if (!s)
    abort();
  s->def = def;
  s->options = *options;
  memset(options->str, 0, sizeof options->str); // moved into the pass
  MlirDialectHandle deps[16];
  intptr_t nDeps = 0;
  for (int i = 0; i < 16 && def->dependentDialects[i]; ++i)
    deps[nDeps++] = def->dependentDialects[i]();
  MlirExternalPassCallbacks cb = {
      .construct = NULL,
      .destruct = destructPass,
      .initialize = NULL,
      .clone = clonePass,
      .run = runPass,
  };
  return mlirCreateExternalPass(
      mlirTypeIDCreate(kTypeIDStorage[index]),
      mlirStringRefCreateFromCString(def->info.argument),
      mlirStringRefCreateFromCString(def->info.argument),
      mlirStringRefCreateFromCString(def->info.summary),
      mlirStringRefCreateFromCString(def->opName ? def->opName : ""), nDeps,
      deps, cb, s);
}
