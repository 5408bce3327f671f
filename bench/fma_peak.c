// Register-only FMA throughput of this CPU (fp32, all cores): the ceiling
// the host matmul is judged against. 8 independent accumulator chains per
// thread hide the FMA latency; vector width from the compiler flags.
#define _POSIX_C_SOURCE 200809L
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
typedef __m512 V;
#define FMA _mm512_fmadd_ps
#define SET1 _mm512_set1_ps
#define LANES 16
#else
typedef __m256 V;
#define FMA _mm256_fmadd_ps
#define SET1 _mm256_set1_ps
#define LANES 8
#endif

enum { ITERS = 50000000, CHAINS = 10 };
static volatile float sink;

static void *work(void *arg) {
  (void)arg;
  V acc[CHAINS], a = SET1(1.0000001f), b = SET1(0.9999999f);
  for (int c = 0; c < CHAINS; ++c)
    acc[c] = SET1((float)c);
  for (long i = 0; i < ITERS; ++i)
    for (int c = 0; c < CHAINS; ++c)
      acc[c] = FMA(acc[c], a, b);
  float s = 0;
  for (int c = 0; c < CHAINS; ++c)
    s += ((float *)&acc[c])[0];
  sink = s;
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  pthread_t t[64];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < threads; ++i)
    pthread_create(&t[i], NULL, work, NULL);
  for (int i = 0; i < threads; ++i)
    pthread_join(t[i], NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  double flops = 2.0 * LANES * CHAINS * (double)ITERS * threads;
  printf("%.1f\n", flops / s * 1e-9);
  return 0;
}
