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
#define FIRST(v) _mm512_cvtss_f32(v)
#define ADD _mm512_add_ps
#else
typedef __m256 V;
#define FMA _mm256_fmadd_ps
#define SET1 _mm256_set1_ps
#define LANES 8
#define FIRST(v) _mm256_cvtss_f32(v)
#define ADD _mm256_add_ps
#endif

enum { ITERS = 50000000, CHAINS = 10 }; // CHAINS: accumulators in work()
static volatile float sink;

// Ten named accumulators (not an array, which compilers may keep in
// memory): ten independent FMA chains cover latency x throughput.
static void *work(void *arg) {
  (void)arg;
  V a = SET1(1.0000001f), b = SET1(0.9999999f);
  V c0 = SET1(0), c1 = SET1(1), c2 = SET1(2), c3 = SET1(3), c4 = SET1(4);
  V c5 = SET1(5), c6 = SET1(6), c7 = SET1(7), c8 = SET1(8), c9 = SET1(9);
  for (long i = 0; i < ITERS; ++i) {
    c0 = FMA(c0, a, b), c1 = FMA(c1, a, b), c2 = FMA(c2, a, b);
    c3 = FMA(c3, a, b), c4 = FMA(c4, a, b), c5 = FMA(c5, a, b);
    c6 = FMA(c6, a, b), c7 = FMA(c7, a, b), c8 = FMA(c8, a, b);
    c9 = FMA(c9, a, b);
  }
  V s = ADD(ADD(ADD(c0, c1), ADD(c2, c3)), ADD(ADD(c4, c5), ADD(c6, c7)));
  sink = FIRST(ADD(s, ADD(c8, c9)));
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
