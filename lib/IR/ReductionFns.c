//===- ReductionFns.c - The reduction functions, in one table -------------===//
#include "IR/ReductionFns.h"

#include <math.h>
#include <string.h>

const TesseraReductionFn tesseraReductionFns[] = {
    {"sum", 0.0, "add", "add"},
    {"max", -INFINITY, "max", "maximumf"},
    {"min", INFINITY, "min", "minimumf"},
    {NULL, 0.0, NULL, NULL},
};

const char *const tesseraReductionNames[] = {"sum", "max", "min", NULL};

const TesseraReductionFn *tesseraLookupReductionFn(MlirStringRef name) {
  for (const TesseraReductionFn *f = tesseraReductionFns; f->name; ++f)
    if (name.length == strlen(f->name) &&
        !memcmp(name.data, f->name, name.length))
      return f;
  return NULL;
}

MlirValue tesseraEmitReductionCombine(const TsBuilder *b,
                                      const TesseraReductionFn *fn,
                                      MlirValue x, MlirValue y) {
  const TesseraElementwiseFn *c =
      tesseraLookupElementwiseFn(mlirStringRefCreateFromCString(fn->combine));
  MlirValue args[2] = {x, y};
  return c->emit(b, args);
}
