//===- PassPipeline.c - Pipelines that mix Tessera and upstream passes ---===//
//
// mlirParsePassPipeline only knows passes registered in C++, so a textual
// pipeline is split here: Tessera passes become external passes, and every
// maximal run of upstream text (a pass with its options, or a nested
// `op(...)` group containing no Tessera pass) goes to
// mlirOpPassManagerAddPipeline unchanged, so upstream keeps its own option
// parsing and error messages.
//
// Grammar (MLIR's):  pipeline ::= [op-name '('] element (',' element)* [')']
//                    element  ::= pass-name ['{' options '}']
//                               | op-name '(' element (',' element)* ')'
//
//===----------------------------------------------------------------------===//
#include "Pipeline/PassRegistry.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Parser {
  const char *begin, *cur, *end;
  MlirStringCallback err;
  void *ud;
  int depth; // named pipelines may expand into others; bound the recursion
  char anchor[256]; // op the current pass manager runs on ("func.func")
} Parser;

static MlirLogicalResult fail(Parser *p, const char *fmt, const char *a,
                              size_t alen, const char *b) {
  char msg[1024];
  snprintf(msg, sizeof msg, fmt, (int)alen, a, b ? b : "");
  p->err(mlirStringRefCreateFromCString(msg), p->ud);
  return mlirLogicalResultFailure();
}

static void skipSpace(Parser *p) {
  while (p->cur < p->end && isspace((unsigned char)*p->cur))
    ++p->cur;
}

static bool isNameChar(char c) {
  return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' ||
         c == '$';
}

// Scans a balanced `{...}` starting at p->cur; quotes may hide braces.
static bool scanBraces(Parser *p) {
  int depth = 0;
  char quote = 0;
  for (; p->cur < p->end; ++p->cur) {
    char c = *p->cur;
    if (quote) {
      if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      ++p->cur;
      return true;
    }
  }
  return false;
}

// Scans a balanced `(...)` group (with nested braces) starting at p->cur.
static bool scanParens(Parser *p) {
  int depth = 0;
  for (; p->cur < p->end; ++p->cur) {
    char c = *p->cur;
    if (c == '{') {
      if (!scanBraces(p))
        return false;
      --p->cur;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      ++p->cur;
      return true;
    }
  }
  return false;
}

// True if the text names a Tessera pass anywhere (used to decide whether a
// nested group can go to upstream as is).
static bool mentionsTesseraPass(const char *s, const char *end) {
  while (s < end) {
    while (s < end && !isNameChar(*s))
      ++s;
    const char *w = s;
    while (s < end && isNameChar(*s))
      ++s;
    if (s > w && tesseraLookupPassDef(mlirStringRefCreate(w, (size_t)(s - w))))
      return true;
  }
  return false;
}

static MlirLogicalResult parseElements(Parser *p, MlirOpPassManager pm);

struct Relay {
  Parser *p;
  char text[1024];
  size_t used;
};

static void collect(MlirStringRef s, void *ud) {
  struct Relay *r = ud;
  size_t n = s.length;
  if (n > sizeof r->text - 1 - r->used)
    n = sizeof r->text - 1 - r->used;
  memcpy(r->text + r->used, s.data, n);
  r->used += n;
  r->text[r->used] = 0;
}

// Hands upstream text to MLIR, turning its multi-line message (with a
// source excerpt and caret) into one line.
static MlirLogicalResult addUpstream(Parser *p, MlirOpPassManager pm,
                                     const char *s, size_t n) {
  struct Relay r = {p, "", 0};
  if (mlirLogicalResultIsSuccess(mlirOpPassManagerAddPipeline(
          pm, mlirStringRefCreate(s, n), collect, &r)))
    return mlirLogicalResultSuccess();
  // Upstream reports in pieces, some starting with a newline: keep the
  // first non-empty line, without its "<source>:1:1: error: " prefix.
  char *line = r.text;
  while (*line == '\n' || *line == ' ')
    ++line;
  char *nl = strchr(line, '\n');
  if (nl)
    *nl = 0;
  const char *msg = strstr(line, "error: ");
  msg = msg ? msg + 7 : line;
  return fail(p, "'%.*s': %s", s, n, msg);
}

static MlirLogicalResult addTessera(Parser *p, MlirOpPassManager pm,
                                    const TesseraPassDef *def,
                                    const char *opts, size_t optsLen) {
  TesseraPassOptions o;
  char err[512];
  if (!tesseraParsePassOptions(def, mlirStringRefCreate(opts, optsLen), &o,
                               err, sizeof err))
    return fail(p, "%.*s%s", "", 0, err);
  if (!def->info.isPipeline) {
    // MLIR aborts the process on a pass anchored on another op; say so here.
    // An op-agnostic pass manager ("any") takes any pass.
    if (def->opName && *def->opName && strcmp(p->anchor, "any") != 0 &&
        *p->anchor && strcmp(def->opName, p->anchor) != 0) {
      char msg[512];
      snprintf(msg, sizeof msg,
               "pass '%s' runs on '%s'; it cannot be nested under '%s'",
               def->info.argument, def->opName, p->anchor);
      tesseraPassOptionsFree(&o);
      return fail(p, "%.*s%s", "", 0, msg);
    }
    mlirOpPassManagerAddOwnedPass(pm, tesseraCreatePass(def, &o));
    return mlirLogicalResultSuccess();
  }
  if (p->depth > 16) {
    tesseraPassOptionsFree(&o);
    return fail(p, "%.*spipeline '%s' expands into itself", "", 0,
                def->info.argument);
  }
  char text[4096];
  bool ok = def->expand(&o, text, sizeof text);
  tesseraPassOptionsFree(&o);
  if (!ok)
    return fail(p, "%.*s%s", "", 0, text);
  Parser sub = {text, text, text + strlen(text), p->err, p->ud, p->depth + 1,
                ""};
  snprintf(sub.anchor, sizeof sub.anchor, "%s", p->anchor);
  return parseElements(&sub, pm);
}

static MlirLogicalResult parseElement(Parser *p, MlirOpPassManager pm) {
  skipSpace(p);
  const char *name = p->cur;
  while (p->cur < p->end && isNameChar(*p->cur))
    ++p->cur;
  size_t nameLen = (size_t)(p->cur - name);
  if (!nameLen)
    return fail(p, "expected a pass or operation name at '%.*s'%s", p->cur,
                (size_t)(p->end - p->cur), NULL);
  skipSpace(p);
  if (p->cur < p->end && *p->cur == '(') {
    const char *group = p->cur;
    if (!scanParens(p))
      return fail(p, "unbalanced parentheses after '%.*s'%s", name, nameLen,
                  NULL);
    if (!mentionsTesseraPass(group, p->cur))
      return addUpstream(p, pm, name, (size_t)(p->cur - name));
    char anchor[256];
    snprintf(anchor, sizeof anchor, "%.*s", (int)nameLen, name);
    MlirOpPassManager nested = mlirOpPassManagerGetNestedUnder(
        pm, mlirStringRefCreateFromCString(anchor));
    Parser sub = {group + 1, group + 1, p->cur - 1, p->err, p->ud, p->depth,
                  ""};
    snprintf(sub.anchor, sizeof sub.anchor, "%s", anchor);
    return parseElements(&sub, nested);
  }
  const char *opts = p->cur;
  size_t optsLen = 0;
  if (p->cur < p->end && *p->cur == '{') {
    if (!scanBraces(p))
      return fail(p, "unbalanced '{' in the options of '%.*s'%s", name,
                  nameLen, NULL);
    opts += 1;
    optsLen = (size_t)(p->cur - opts - 1);
  }
  const TesseraPassDef *def =
      tesseraLookupPassDef(mlirStringRefCreate(name, nameLen));
  if (def)
    return addTessera(p, pm, def, opts, optsLen);
  return addUpstream(p, pm, name, (size_t)(p->cur - name));
}

static MlirLogicalResult parseElements(Parser *p, MlirOpPassManager pm) {
  skipSpace(p);
  if (p->cur == p->end)
    return mlirLogicalResultSuccess();
  for (;;) {
    if (mlirLogicalResultIsFailure(parseElement(p, pm)))
      return mlirLogicalResultFailure();
    skipSpace(p);
    if (p->cur == p->end)
      return mlirLogicalResultSuccess();
    if (*p->cur != ',')
      return fail(p, "expected ',' or end of pipeline at '%.*s'%s", p->cur,
                  (size_t)(p->end - p->cur), NULL);
    ++p->cur;
  }
}

// The op `pm` runs on: its printed pipeline is "<op>(...)".
static void anchorOf(MlirOpPassManager pm, char *buf, size_t cap) {
  struct Relay r = {NULL, "", 0};
  mlirPrintPassPipeline(pm, collect, &r);
  size_t n = strcspn(r.text, "(");
  snprintf(buf, cap, "%.*s", (int)n, r.text);
}

MlirLogicalResult tesseraParsePassPipeline(MlirOpPassManager pm,
                                           MlirStringRef pipeline,
                                           MlirStringCallback errorCallback,
                                           void *userData) {
  Parser p = {pipeline.data, pipeline.data, pipeline.data + pipeline.length,
              errorCallback, userData, 0, ""};
  // Upstream passes alone: upstream's parser, with its own messages, word
  // for word (mlir-opt's), e.g. "MLIR Textual PassPipeline Parser:1:8: ..."
  // with the pipeline and a caret.
  if (!mentionsTesseraPass(p.cur, p.end)) {
    const char *q = p.cur;
    while (q < p.end && isNameChar(*q))
      ++q;
    bool anchored = q > p.cur && q < p.end && *q == '(';
    return anchored ? mlirParsePassPipeline(pm, pipeline, errorCallback,
                                            userData)
                    : mlirOpPassManagerAddPipeline(pm, pipeline,
                                                   errorCallback, userData);
  }
  anchorOf(pm, p.anchor, sizeof p.anchor);
  skipSpace(&p);
  // `builtin.module(...)` wrapping the whole pipeline anchors it on the
  // module the pass manager already runs on.
  static const char kAnchor[] = "builtin.module";
  size_t n = sizeof kAnchor - 1;
  const char *save = p.cur;
  if ((size_t)(p.end - p.cur) > n && memcmp(p.cur, kAnchor, n) == 0) {
    p.cur += n;
    skipSpace(&p);
    if (p.cur < p.end && *p.cur == '(') {
      const char *open = p.cur;
      if (!scanParens(&p))
        return fail(&p, "unbalanced parentheses in pipeline '%.*s'%s",
                    pipeline.data, pipeline.length, NULL);
      const char *close = p.cur - 1;
      skipSpace(&p);
      if (p.cur == p.end) {
        Parser sub = {open + 1, open + 1, close, errorCallback, userData, 0,
                      ""};
        snprintf(sub.anchor, sizeof sub.anchor, "%s", p.anchor);
        return parseElements(&sub, pm);
      }
    }
    p.cur = save;
  }
  return parseElements(&p, pm);
}
