// PARITY: -split-input-file
// PARITY: -split-input-file -mlir-print-op-generic
// PARITY: -split-input-file -verify-roundtrip

// Named ops on buffers and tensors, generic ops with traits from aliases.

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
!buf = memref<?x?xf32, strided<[?, 1], offset: ?>>

func.func @named_on_buffers(%a: !buf, %b: !buf, %c: !buf, %v: memref<?xf32>, %w: memref<?xf32>) {
  linalg.matmul ins(%a, %b : !buf, !buf) outs(%c : !buf)
  linalg.matvec ins(%a, %v : !buf, memref<?xf32>) outs(%w : memref<?xf32>)
  return
}

func.func @row_sum(%x: memref<?x?xf32>, %acc: memref<?xf32>) {
  linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf32>) outs(%acc : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#accesses = [
  affine_map<(i, j, k) -> (i, k)>,
  affine_map<(i, j, k) -> (k, j)>,
  affine_map<(i, j, k) -> (i, j)>
]
#matmul_trait = {
  indexing_maps = #accesses,
  iterator_types = ["parallel", "parallel", "reduction"],
  library_call = "external_matmul"
}
!lhs = tensor<?x?xf32>

func.func @generic_matmul(%a: !lhs, %b: !lhs, %c: !lhs) -> !lhs {
  %0 = linalg.generic #matmul_trait ins(%a, %b : !lhs, !lhs) outs(%c : !lhs) attrs = {tag = "mm"} {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> !lhs
  return %0 : !lhs
}

func.func @generic_index(%init: tensor<4x8xindex>) -> tensor<4x8xindex> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      outs(%init : tensor<4x8xindex>) {
  ^bb0(%out: index):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %s = arith.addi %i, %j : index
    linalg.yield %s : index
  } -> tensor<4x8xindex>
  return %0 : tensor<4x8xindex>
}

// -----

func.func @fill_and_copy(%t: tensor<?x16xf32>, %f: f32) -> tensor<?x16xf32> {
  %0 = linalg.fill ins(%f : f32) outs(%t : tensor<?x16xf32>) -> tensor<?x16xf32>
  %1 = linalg.copy ins(%0 : tensor<?x16xf32>) outs(%t : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %1 : tensor<?x16xf32>
}

func.func @map_reduce_transpose(%lhs: tensor<8x32xf32>, %rhs: tensor<8x32xf32>,
                                %init: tensor<8x32xf32>, %red: tensor<8xf32>,
                                %tr: tensor<32x8xf32>) -> (tensor<8xf32>, tensor<32x8xf32>) {
  %add = linalg.map ins(%lhs, %rhs : tensor<8x32xf32>, tensor<8x32xf32>) outs(%init : tensor<8x32xf32>)
    (%l: f32, %r: f32, %o: f32) {
      %0 = arith.addf %l, %r : f32
      linalg.yield %0 : f32
    }
  %sum = linalg.reduce ins(%add : tensor<8x32xf32>) outs(%red : tensor<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %0 = arith.addf %in, %acc : f32
      linalg.yield %0 : f32
    }
  %t = linalg.transpose ins(%add : tensor<8x32xf32>) outs(%tr : tensor<32x8xf32>) permutation = [1, 0]
  return %sum, %t : tensor<8xf32>, tensor<32x8xf32>
}

func.func @broadcast(%x: tensor<16xf32>, %init: tensor<16x4xf32>) -> tensor<16x4xf32> {
  %b = linalg.broadcast ins(%x : tensor<16xf32>) outs(%init : tensor<16x4xf32>) dimensions = [1]
  return %b : tensor<16x4xf32>
}

// -----

#mapA = affine_map<(b, m, n, k) -> (b, m, k)>
#mapB = affine_map<(b, m, n, k) -> (b, k, n)>
#mapC = affine_map<(b, m, n, k) -> (b, m, n)>

func.func @contract_and_batch(%a: tensor<2x?x?xf32>, %b: tensor<2x?x?xf32>, %c: tensor<2x?x?xf32>) -> (tensor<2x?x?xf32>, tensor<2x?x?xf32>) {
  %0 = linalg.contract indexing_maps = [#mapA, #mapB, #mapC]
      ins(%a, %b : tensor<2x?x?xf32>, tensor<2x?x?xf32>) outs(%c : tensor<2x?x?xf32>) -> tensor<2x?x?xf32>
  %1 = linalg.batch_matmul ins(%a, %b : tensor<2x?x?xf32>, tensor<2x?x?xf32>) outs(%c : tensor<2x?x?xf32>) -> tensor<2x?x?xf32>
  return %0, %1 : tensor<2x?x?xf32>, tensor<2x?x?xf32>
}

func.func @conv(%in: tensor<1x18x18x4xf32>, %flt: tensor<3x3x4x8xf32>, %out: tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32> {
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%in, %flt : tensor<1x18x18x4xf32>, tensor<3x3x4x8xf32>) outs(%out : tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  return %0 : tensor<1x16x16x8xf32>
}

func.func @elementwise(%x: tensor<4x4xf32>, %y: tensor<4x4xf32>, %o: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = linalg.add ins(%x, %y : tensor<4x4xf32>, tensor<4x4xf32>) outs(%o : tensor<4x4xf32>) -> tensor<4x4xf32>
  %1 = linalg.exp ins(%0 : tensor<4x4xf32>) outs(%o : tensor<4x4xf32>) -> tensor<4x4xf32>
  %2 = linalg.max ins(%1, %y : tensor<4x4xf32>, tensor<4x4xf32>) outs(%o : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

func.func @pack_unpack(%src: tensor<128x256xf32>, %dst: tensor<16x8x8x32xf32>, %back: tensor<128x256xf32>) -> tensor<128x256xf32> {
  %p = linalg.pack %src inner_dims_pos = [0, 1] inner_tiles = [8, 32] into %dst : tensor<128x256xf32> -> tensor<16x8x8x32xf32>
  %u = linalg.unpack %p inner_dims_pos = [0, 1] inner_tiles = [8, 32] into %back : tensor<16x8x8x32xf32> -> tensor<128x256xf32>
  return %u : tensor<128x256xf32>
}

func.func @softmax(%x: tensor<2x16x32xf32>, %o: tensor<2x16x32xf32>) -> tensor<2x16x32xf32> {
  %0 = linalg.softmax dimension(2) ins(%x : tensor<2x16x32xf32>) outs(%o : tensor<2x16x32xf32>) -> tensor<2x16x32xf32>
  return %0 : tensor<2x16x32xf32>
}
