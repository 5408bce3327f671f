// PARITY: -one-shot-bufferize="bufferize-function-boundaries" -split-input-file
// PARITY: -one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -cse -split-input-file
// PARITY: -one-shot-bufferize="bufferize-function-boundaries test-analysis-only print-conflicts" -split-input-file

!t = tensor<?xf32>

func.func @insert_extract(%t: !t, %i: index, %f: f32) -> (f32, !t) {
  %0 = tensor.insert %f into %t[%i] : !t
  %1 = tensor.extract %t[%i] : !t
  return %1, %0 : f32, !t
}

func.func @slice_and_insert(%t: tensor<16xf32>, %o: index) -> tensor<16xf32> {
  %s = tensor.extract_slice %t[%o] [4] [1] : tensor<16xf32> to tensor<4xf32>
  %c = arith.constant 2.0 : f32
  %f = linalg.fill ins(%c : f32) outs(%s : tensor<4xf32>) -> tensor<4xf32>
  %r = tensor.insert_slice %f into %t[%o] [4] [1] : tensor<4xf32> into tensor<16xf32>
  return %r : tensor<16xf32>
}

// -----

func.func @generate_and_pad(%n: index, %f: f32) -> tensor<?x6xf32> {
  %g = tensor.generate %n {
  ^bb0(%i: index, %j: index):
    tensor.yield %f : f32
  } : tensor<?x4xf32>
  %p = tensor.pad %g low[0, 1] high[0, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %f : f32
  } : tensor<?x4xf32> to tensor<?x6xf32>
  return %p : tensor<?x6xf32>
}

func.func @loop_carried(%t: tensor<8xf32>, %lb: index, %ub: index, %st: index) -> tensor<8xf32> {
  %r = scf.for %i = %lb to %ub step %st iter_args(%a = %t) -> (tensor<8xf32>) {
    %v = tensor.extract %a[%i] : tensor<8xf32>
    %w = arith.addf %v, %v : f32
    %n = tensor.insert %w into %a[%i] : tensor<8xf32>
    scf.yield %n : tensor<8xf32>
  }
  return %r : tensor<8xf32>
}
