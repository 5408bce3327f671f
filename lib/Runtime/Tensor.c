//===- Tensor.c - Host tensors and .npy files ----------------------------===//
#include "tessera-c/Runtime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t tesseraElementSize(TesseraElementType t) {
  switch (t) {
  case TesseraF16:
  case TesseraBF16:
    return 2;
  case TesseraF32:
  case TesseraI32:
    return 4;
  case TesseraF64:
  case TesseraI64:
    return 8;
  }
  return 0;
}

const char *tesseraElementTypeName(TesseraElementType t) {
  static const char *const names[] = {"f32", "f16", "bf16",
                                      "f64", "i32", "i64"};
  return (unsigned)t < 6 ? names[t] : "?";
}

int64_t tesseraTensorNumElements(const TesseraTensor *t) {
  int64_t n = 1;
  for (int i = 0; i < t->rank; ++i)
    n *= t->shape[i];
  return n;
}

bool tesseraTensorAlloc(TesseraTensor *t, TesseraElementType type, int rank,
                        const int64_t *shape, char *err, size_t cap) {
  memset(t, 0, sizeof *t);
  if (rank < 0 || rank > TESSERA_MAX_RANK) {
    snprintf(err, cap, "rank %d is not supported (at most %d)", rank,
             TESSERA_MAX_RANK);
    return false;
  }
  t->type = type;
  t->rank = rank;
  size_t bytes = tesseraElementSize(type);
  for (int i = 0; i < rank; ++i) {
    if (shape[i] < 0 ||
        (shape[i] && bytes > SIZE_MAX / (size_t)shape[i])) {
      snprintf(err, cap, "invalid tensor size");
      return false;
    }
    t->shape[i] = shape[i];
    bytes *= (size_t)shape[i];
  }
  // 64-byte alignment: the host kernels use aligned vector loads.
  size_t rounded = (bytes + 63) / 64 * 64;
  t->data = t->owner = aligned_alloc(64, rounded ? rounded : 64);
  if (!t->data) {
    snprintf(err, cap, "out of memory allocating %zu bytes", bytes);
    return false;
  }
  memset(t->data, 0, rounded ? rounded : 64);
  return true;
}

void tesseraTensorFree(TesseraTensor *t) {
  free(t->owner);
  memset(t, 0, sizeof *t);
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

static bool descrToType(const char *d, TesseraElementType *t) {
  static const struct {
    const char *descr;
    TesseraElementType type;
  } map[] = {{"<f4", TesseraF32}, {"<f2", TesseraF16}, {"<f8", TesseraF64},
             {"<u2", TesseraBF16}, {"<V2", TesseraBF16}, {"|V2", TesseraBF16},
             {"<i4", TesseraI32}, {"<i8", TesseraI64}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; ++i)
    if (!strcmp(d, map[i].descr)) {
      *t = map[i].type;
      return true;
    }
  return false;
}

static const char *typeToDescr(TesseraElementType t) {
  static const char *const d[] = {"<f4", "<f2", "<u2", "<f8", "<i4", "<i8"};
  return d[t];
}

// Finds `'key':` in the header dict and returns the text after it.
static const char *dictValue(const char *h, const char *key) {
  char pat[32];
  snprintf(pat, sizeof pat, "'%s':", key);
  const char *p = strstr(h, pat);
  if (!p)
    return NULL;
  p += strlen(pat);
  while (*p == ' ')
    ++p;
  return p;
}

bool tesseraNpyRead(const char *path, TesseraTensor *out, char *err,
                    size_t cap) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, cap, "cannot open '%s': %s", path, strerror(errno));
    return false;
  }
  unsigned char pre[10];
  bool ok = false;
  char *header = NULL;
  if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0) {
    snprintf(err, cap, "'%s' is not a .npy file", path);
    goto done;
  }
  size_t hlen;
  if (pre[6] == 1) {
    hlen = pre[8] | (size_t)pre[9] << 8;
  } else if (pre[6] == 2 || pre[6] == 3) {
    unsigned char more[2];
    if (fread(more, 1, 2, f) != 2)
      goto truncated;
    hlen = pre[8] | (size_t)pre[9] << 8 | (size_t)more[0] << 16 |
           (size_t)more[1] << 24;
  } else {
    snprintf(err, cap, "'%s': unsupported .npy version %d", path, pre[6]);
    goto done;
  }
  if (hlen > (1u << 20)) {
    snprintf(err, cap, "'%s': .npy header too large", path);
    goto done;
  }
  header = malloc(hlen + 1);
  if (!header || fread(header, 1, hlen, f) != hlen)
    goto truncated;
  header[hlen] = 0;
  const char *d = dictValue(header, "descr");
  char descr[16] = "";
  if (d && *d == '\'') {
    size_t n = strcspn(d + 1, "'");
    if (n < sizeof descr)
      memcpy(descr, d + 1, n);
  }
  TesseraElementType type;
  if (!descrToType(descr, &type)) {
    snprintf(err, cap,
             "'%s': element type '%s' is not supported (f32, f16, bf16 as "
             "uint16 or ml_dtypes.bfloat16, f64, i32, i64; little-endian)",
             path, descr);
    goto done;
  }
  const char *fo = dictValue(header, "fortran_order");
  if (fo && !strncmp(fo, "True", 4)) {
    snprintf(err, cap, "'%s': Fortran-order arrays are not supported "
             "(save np.ascontiguousarray(x))", path);
    goto done;
  }
  const char *sh = dictValue(header, "shape");
  if (!sh || *sh != '(') {
    snprintf(err, cap, "'%s': .npy header has no shape", path);
    goto done;
  }
  int64_t shape[TESSERA_MAX_RANK];
  int rank = 0;
  ++sh;
  while (*sh && *sh != ')') {
    while (*sh == ' ' || *sh == ',')
      ++sh;
    if (*sh == ')')
      break;
    char *end;
    long long v = strtoll(sh, &end, 10);
    if (end == sh || v < 0 || rank == TESSERA_MAX_RANK) {
      snprintf(err, cap, "'%s': bad or too many dims in shape", path);
      goto done;
    }
    shape[rank++] = v;
    sh = end;
  }
  if (!tesseraTensorAlloc(out, type, rank, shape, err, cap))
    goto done;
  size_t bytes =
      (size_t)tesseraTensorNumElements(out) * tesseraElementSize(type);
  if (fread(out->data, 1, bytes, f) != bytes) {
    tesseraTensorFree(out);
    goto truncated;
  }
  ok = true;
  goto done;
truncated:
  snprintf(err, cap, "'%s': truncated .npy file", path);
done:
  free(header);
  fclose(f);
  return ok;
}

bool tesseraNpyWrite(const char *path, const TesseraTensor *t, char *err,
                     size_t cap) {
  char dict[256];
  int n = snprintf(dict, sizeof dict,
                   "{'descr': '%s', 'fortran_order': False, 'shape': (",
                   typeToDescr(t->type));
  for (int i = 0; i < t->rank; ++i)
    n += snprintf(dict + n, sizeof dict - (size_t)n, "%lld%s",
                  (long long)t->shape[i], t->rank == 1 ? "," : i + 1 < t->rank ? ", " : "");
  n += snprintf(dict + n, sizeof dict - (size_t)n, "), }");
  // Pad so that the data starts on a 64-byte boundary, newline-terminated.
  size_t total = 10 + (size_t)n + 1;
  size_t pad = (64 - total % 64) % 64;
  size_t hlen = (size_t)n + pad + 1;
  FILE *f = fopen(path, "wb");
  if (!f) {
    snprintf(err, cap, "cannot write '%s': %s", path, strerror(errno));
    return false;
  }
  unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                           (unsigned char)(hlen & 0xff),
                           (unsigned char)(hlen >> 8)};
  fwrite(pre, 1, 10, f);
  fwrite(dict, 1, (size_t)n, f);
  for (size_t i = 0; i < pad; ++i)
    fputc(' ', f);
  fputc('\n', f);
  size_t bytes =
      (size_t)tesseraTensorNumElements(t) * tesseraElementSize(t->type);
  bool ok = fwrite(t->data, 1, bytes, f) == bytes;
  ok &= fclose(f) == 0;
  if (!ok)
    snprintf(err, cap, "cannot write '%s': %s", path, strerror(errno));
  return ok;
}
