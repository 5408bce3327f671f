// PARITY: -split-input-file
// PARITY: -split-input-file -verify-diagnostics
// PARITY: -split-input-file -canonicalize -output-split-marker='// ====='
// PARITY:
// PARITY: -split-input-file='// +++++'

// The split machinery itself: a chunk per marker, near misses, chunks that
// fail to parse next to chunks that succeed, and a custom marker (which the
// PARITY line above contains too: it splits there as well).

#id = affine_map<(d0) -> (d0)>
!t = tensor<4xf32>

func.func @first(%x: !t) -> !t {
  return %x : !t
}

// -----

// A marker that is one dash short is not a marker. Aliases of an earlier
// chunk are not visible here.
// ----
func.func @second(%i: index) -> index {
  // expected-error @+1 {{undefined symbol alias id 'id'}}
  %0 = affine.apply #id(%i)
  return %0 : index
}

// -----
// -----

func.func @after_empty_chunk() {
  return
}

// +++++

func.func @custom_marker_chunk(%a: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %0 = arith.addi %a, %c0 : i32
  return %0 : i32
}

// -----

module {
  func.func @explicit_module() {
    return
  }
}

// -----
