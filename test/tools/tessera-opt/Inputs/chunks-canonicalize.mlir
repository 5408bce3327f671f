func.func @loop(%lb: index, %ub: index, %step: index) -> index {
  %c0 = arith.constant 0 : index
  %r = scf.for %i = %lb to %ub step %step iter_args(%acc = %c0) -> (index) {
    %n = arith.addi %acc, %i : index
    scf.yield %n : index
  }
  return %r : index
}

// -----

func.func @empty() -> tensor<?x?xf32> {
  %c5 = arith.constant 5 : index
  %0 = tensor.empty(%c5, %c5) : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @alloc() -> tensor<?x?xf32> {
  %c5 = arith.constant 5 : index
  %0 = bufferization.alloc_tensor(%c5, %c5) : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
