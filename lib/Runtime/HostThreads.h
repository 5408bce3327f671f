//===- HostThreads.h - The OpenMP runtime the host kernels run on ---------===//
#ifndef TESSERA_RUNTIME_HOSTTHREADS_H
#define TESSERA_RUNTIME_HOSTTHREADS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Ends libomp's worker threads (OpenMP 5.0 omp_pause_resource_all with
/// omp_pause_hard = 2), if libomp is loaded. Idle workers would otherwise
/// outlive the JIT-compiled module; a process exiting with them alive also
/// defeats LeakSanitizer's tracer.
void tesseraHostPauseOpenMP(void);

#ifdef __cplusplus
}
#endif

#endif // TESSERA_RUNTIME_HOSTTHREADS_H
