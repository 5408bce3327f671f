// This machine's copy bandwidth: `threads` threads each memcpy a slice of
// a `bytes`-byte buffer (the first touch of both buffers done, as the
// kernels' inputs and outputs are); prints the median GB/s of `reps`
// copies, counting read + write (2 x bytes) as the row-kernel benchmark
// counts a kernel's traffic.
//   copy_bw BYTES THREADS REPS
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Slice {
  char *dst;
  const char *src;
  size_t n;
} Slice;

static void *copySlice(void *p) {
  Slice *s = p;
  memcpy(s->dst, s->src, s->n);
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  size_t bytes = strtoull(argv[1], NULL, 10);
  int threads = atoi(argv[2]), reps = atoi(argv[3]);
  if (threads < 1 || threads > 256 || reps < 1 || reps > 1000)
    return 2;
  char *src = malloc(bytes), *dst = malloc(bytes);
  if (!src || !dst)
    return 1;
  memset(src, 1, bytes);
  memset(dst, 0, bytes);
  pthread_t tid[256];
  Slice sl[256];
  double *t = malloc(sizeof(double) * (size_t)reps);
  for (int r = 0; r < reps; ++r) {
    double t0 = now();
    for (int i = 0; i < threads; ++i) {
      size_t lo = bytes * (size_t)i / (size_t)threads;
      size_t hi = bytes * (size_t)(i + 1) / (size_t)threads;
      sl[i] = (Slice){dst + lo, src + lo, hi - lo};
      pthread_create(&tid[i], NULL, copySlice, &sl[i]);
    }
    for (int i = 0; i < threads; ++i)
      pthread_join(tid[i], NULL);
    t[r] = now() - t0;
  }
  qsort(t, (size_t)reps, sizeof *t, cmp);
  printf("%.3f\n", 2.0 * (double)bytes / t[reps / 2] * 1e-9);
  free(t);
  free(src);
  free(dst);
  return 0;
}
