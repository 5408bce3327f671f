// PARITY: --convert-linalg-to-loops
// PARITY: --convert-linalg-to-affine-loops
// PARITY: --convert-linalg-to-parallel-loops -canonicalize
// PARITY: --pass-pipeline='builtin.module(func.func(convert-linalg-to-loops,canonicalize,cse))' -mlir-print-debuginfo

#strided = strided<[?, 1], offset: ?>
#transpose = affine_map<(d0, d1) -> (d1, d0)>
#id = affine_map<(d0, d1) -> (d0, d1)>

func.func @matmul(%a: memref<?x?xf32, #strided>, %b: memref<?x?xf32, #strided>, %c: memref<?x?xf32, #strided>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32, #strided>, memref<?x?xf32, #strided>)
                outs(%c : memref<?x?xf32, #strided>)
  return
}

func.func @transpose_add(%x: memref<8x16xf32>, %y: memref<16x8xf32>) {
  linalg.generic {indexing_maps = [#transpose, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<8x16xf32>) outs(%y : memref<16x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}

func.func @fill_dot(%v: memref<?xf32>, %w: memref<?xf32>, %r: memref<f32>, %f: f32) {
  linalg.fill ins(%f : f32) outs(%r : memref<f32>)
  linalg.dot ins(%v, %w : memref<?xf32>, memref<?xf32>) outs(%r : memref<f32>)
  return
}

func.func @conv1d(%in: memref<?xf32>, %flt: memref<3xf32>, %out: memref<?xf32>) {
  linalg.conv_1d ins(%in, %flt : memref<?xf32>, memref<3xf32>) outs(%out : memref<?xf32>)
  return
}
