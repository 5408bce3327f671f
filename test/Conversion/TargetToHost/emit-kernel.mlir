// tessera-test-emit-kernel builds the host matmul lowering from its options
// alone (no Schedule IR): the entry, its per-block function and the
// OpenMP thread count; a config it refuses is an error, not a crash.
// RUN: tessera-opt %s --tessera-test-emit-kernel='chip=host a=f16 b=f16 c=f16 epilogue=bias,gelu_tanh epilogue-type=f16' | FileCheck %s
// RUN: not tessera-opt %s --tessera-test-emit-kernel='chip=host tile-m=0' 2>&1 | FileCheck %s --check-prefix=BAD
// CHECK: func.func private @omp_get_max_threads() -> i32
// CHECK: func.func @kernel(%{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?x?xf16>, %{{.*}}: memref<?xf16>) attributes {llvm.emit_c_interface}
// CHECK: scf.parallel
// CHECK: func.func private @kernel_block(
// CHECK: math.tanh {{.*}} : vector<{{8|16}}xf32>
// CHECK: arith.truncf {{.*}} to vector<{{8|16}}xf16>
// BAD: error: tessera-test-emit-kernel: host matmul needs positive tile-m and tile-n, got 0 x 128
module {}
