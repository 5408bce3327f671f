// PARITY: -split-input-file
// PARITY: -split-input-file -mlir-print-op-generic
// PARITY: -split-input-file -mlir-print-local-scope

#enc = {layout = "row-major"}
!dyn = tensor<?x?xf32>
!enc = tensor<4x?xf32, #enc>

func.func @cast_dim_rank(%t: !dyn, %u: tensor<*xf32>) -> (index, index, tensor<4x?xf32>) {
  %c0 = arith.constant 0 : index
  %d = tensor.dim %t, %c0 : !dyn
  %r = tensor.rank %u : tensor<*xf32>
  %c = tensor.cast %t : !dyn to tensor<4x?xf32>
  return %d, %r, %c : index, index, tensor<4x?xf32>
}

func.func @encoded(%t: !enc) -> !enc {
  return %t : !enc
}

// -----

func.func @extract_insert(%t: tensor<4x4xf32>, %i: index, %v: f32) -> (f32, tensor<4x4xf32>) {
  %e = tensor.extract %t[%i, %i] : tensor<4x4xf32>
  %n = tensor.insert %v into %t[%i, %i] : tensor<4x4xf32>
  return %e, %n : f32, tensor<4x4xf32>
}

func.func @from_elements_generate(%a: f32, %b: f32, %n: index) -> (tensor<2xf32>, tensor<?x3xindex>) {
  %fe = tensor.from_elements %a, %b : tensor<2xf32>
  %g = tensor.generate %n {
  ^bb0(%i: index, %j: index):
    %s = arith.addi %i, %j : index
    tensor.yield %s : index
  } : tensor<?x3xindex>
  return %fe, %g : tensor<2xf32>, tensor<?x3xindex>
}

func.func @splat(%v: f32, %n: index) -> (tensor<4x4xf32>, tensor<?x8xf32>) {
  %0 = tensor.splat %v : tensor<4x4xf32>
  %1 = tensor.splat %v[%n] : tensor<?x8xf32>
  return %0, %1 : tensor<4x4xf32>, tensor<?x8xf32>
}

// -----

func.func @slices(%t: tensor<8x16x4xf32>, %s: tensor<4x4xf32>, %o: index, %sz: index) -> (tensor<?x4xf32>, tensor<8x16x4xf32>) {
  %0 = tensor.extract_slice %t[0, %o, 0] [1, %sz, 4] [1, 1, 1] : tensor<8x16x4xf32> to tensor<?x4xf32>
  %1 = tensor.insert_slice %s into %t[0, 2, 0] [1, 4, 4] [1, 1, 1] : tensor<4x4xf32> into tensor<8x16x4xf32>
  return %0, %1 : tensor<?x4xf32>, tensor<8x16x4xf32>
}

func.func @reshapes(%t: tensor<2x3x4xf32>, %d: tensor<?x4xf32>, %n: index) -> (tensor<6x4xf32>, tensor<?x2x2xf32>) {
  %0 = tensor.collapse_shape %t [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  %1 = tensor.expand_shape %d [[0], [1, 2]] output_shape [%n, 2, 2] : tensor<?x4xf32> into tensor<?x2x2xf32>
  return %0, %1 : tensor<6x4xf32>, tensor<?x2x2xf32>
}

func.func @pad_concat(%t: tensor<?x4xf32>, %u: tensor<3x4xf32>, %h: index, %f: f32) -> (tensor<?x9xf32>, tensor<?x4xf32>) {
  %p = tensor.pad %t low[1, 2] high[%h, 3] {
  ^bb0(%i: index, %j: index):
    tensor.yield %f : f32
  } : tensor<?x4xf32> to tensor<?x9xf32>
  %c = tensor.concat dim(0) %t, %u : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  return %p, %c : tensor<?x9xf32>, tensor<?x4xf32>
}

// -----

func.func @parallel_insert(%out: tensor<128xf32>, %src: tensor<32xf32>) -> tensor<128xf32> {
  %r = scf.forall (%i) in (4) shared_outs(%o = %out) -> (tensor<128xf32>) {
    %off = arith.muli %i, %i : index
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %src into %o[%off] [32] [1] : tensor<32xf32> into tensor<128xf32>
    }
  }
  return %r : tensor<128xf32>
}

func.func @bitcast_gather(%t: tensor<4xi32>, %src: tensor<4x5x6xf32>, %idx: tensor<1x2x3xindex>) -> (tensor<4xui32>, tensor<1x2x1x1x1xf32>) {
  %b = tensor.bitcast %t : tensor<4xi32> to tensor<4xui32>
  %g = tensor.gather %src[%idx] gather_dims([0, 1, 2]) : (tensor<4x5x6xf32>, tensor<1x2x3xindex>) -> tensor<1x2x1x1x1xf32>
  return %b, %g : tensor<4xui32>, tensor<1x2x1x1x1xf32>
}
