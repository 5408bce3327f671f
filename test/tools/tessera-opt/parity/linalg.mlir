// Upstream-only IR: tessera-opt must print exactly what mlir-opt-22 prints.
// RUN: tessera-opt %s > %t.tessera
// RUN: %mlir_opt %s > %t.upstream
// RUN: diff %t.tessera %t.upstream
// RUN: tessera-opt %s --pass-pipeline='builtin.module(func.func(convert-linalg-to-loops),canonicalize,cse)' > %t.tessera.loops
// RUN: %mlir_opt %s --pass-pipeline='builtin.module(func.func(convert-linalg-to-loops),canonicalize,cse)' > %t.upstream.loops
// RUN: diff %t.tessera.loops %t.upstream.loops
// RUN: tessera-opt %s --linalg-generalize-named-ops --mlir-print-op-generic > %t.tessera.gen
// RUN: %mlir_opt %s --linalg-generalize-named-ops --mlir-print-op-generic > %t.upstream.gen
// RUN: diff %t.tessera.gen %t.upstream.gen
// RUN: FileCheck %s --input-file=%t.tessera.loops

// CHECK-LABEL: func.func @matmul
// CHECK: scf.for
func.func @matmul(%a: memref<16x8xf32>, %b: memref<8x32xf32>, %c: memref<16x32xf32>) {
  linalg.matmul ins(%a, %b : memref<16x8xf32>, memref<8x32xf32>) outs(%c : memref<16x32xf32>)
  return
}

func.func @bias_relu(%x: tensor<?x64xf32>, %bias: tensor<64xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %d0 = tensor.dim %x, %c0 : tensor<?x64xf32>
  %init = tensor.empty(%d0) : tensor<?x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %bias : tensor<?x64xf32>, tensor<64xf32>) outs(%init : tensor<?x64xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x64xf32>
  return %r : tensor<?x64xf32>
}
