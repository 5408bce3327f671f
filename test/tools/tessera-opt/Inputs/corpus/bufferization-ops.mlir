// PARITY: -split-input-file
// PARITY: -split-input-file -mlir-print-op-generic
// PARITY: -split-input-file -canonicalize

!t = tensor<?xf32>
!m = memref<?xf32>

func.func @conversions(%m: !m, %t: !t) -> (!t, !m) {
  %0 = bufferization.to_tensor %m restrict writable : !m to !t
  %1 = bufferization.to_buffer %t read_only : !t to !m
  return %0, %1 : !t, !m
}

func.func @alloc_tensor(%n: index) -> (tensor<?x4xf32>, tensor<8xf32>) {
  %0 = bufferization.alloc_tensor(%n) : tensor<?x4xf32>
  %c = bufferization.alloc_tensor() {memory_space = 1 : i64} : tensor<8xf32>
  %1 = bufferization.alloc_tensor() copy(%c) : tensor<8xf32>
  return %0, %1 : tensor<?x4xf32>, tensor<8xf32>
}

// -----

func.func @materialize(%t: tensor<4xf32>, %m: memref<4xf32>) {
  bufferization.materialize_in_destination %t in restrict writable %m : (tensor<4xf32>, memref<4xf32>) -> ()
  return
}

func.func @dealloc_and_clone(%m: memref<2xf32>, %c: i1) -> memref<2xf32> {
  %0 = bufferization.clone %m : memref<2xf32> to memref<2xf32>
  %r = bufferization.dealloc (%m : memref<2xf32>) if (%c) retain (%0 : memref<2xf32>)
  return %0 : memref<2xf32>
}

func.func @round_trip_fold(%m: memref<4xf32>) -> memref<4xf32> {
  %t = bufferization.to_tensor %m : memref<4xf32> to tensor<4xf32>
  %b = bufferization.to_buffer %t : tensor<4xf32> to memref<4xf32>
  return %b : memref<4xf32>
}
