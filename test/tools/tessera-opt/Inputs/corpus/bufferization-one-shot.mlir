// PARITY: -one-shot-bufferize -split-input-file -allow-unregistered-dialect
// PARITY: -one-shot-bufferize="bufferize-function-boundaries=1 unknown-type-conversion=identity-layout-map" -split-input-file -allow-unregistered-dialect
// PARITY: -one-shot-bufferize="allow-unknown-ops" -split-input-file -allow-unregistered-dialect
// PARITY: -eliminate-empty-tensors -empty-tensor-to-alloc-tensor -one-shot-bufferize="bufferize-function-boundaries" -split-input-file -allow-unregistered-dialect
// PARITY: --pass-pipeline='builtin.module(one-shot-bufferize{bufferize-function-boundaries},func.func(buffer-hoisting,buffer-loop-hoisting,promote-buffers-to-stack))' -split-input-file -allow-unregistered-dialect

func.func @local_tensors(%f: f32, %i: index) -> f32 {
  %e = tensor.empty() : tensor<16xf32>
  %fill = linalg.fill ins(%f : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %ins = tensor.insert %f into %fill[%i] : tensor<16xf32>
  %r = tensor.extract %ins[%i] : tensor<16xf32>
  return %r : f32
}

// -----

func.func @matmul(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

func.func @caller(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %r = call @matmul(%a, %b, %e) : (tensor<8x16xf32>, tensor<16x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

func.func @unknown_op(%t: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "foo.opaque"(%t) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @loop_alloc(%n: index, %f: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> f32 {
    %e = tensor.empty() : tensor<4xf32>
    %t = tensor.insert %f into %e[%c0] : tensor<4xf32>
    %v = tensor.extract %t[%c0] : tensor<4xf32>
    %s = arith.addf %acc, %v : f32
    scf.yield %s : f32
  }
  return %r : f32
}
