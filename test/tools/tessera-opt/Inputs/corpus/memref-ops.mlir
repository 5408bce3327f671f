// PARITY: -split-input-file
// PARITY: -split-input-file -mlir-print-op-generic -mlir-print-debuginfo
// PARITY: -split-input-file -verify-roundtrip

#strided2 = strided<[?, 1], offset: ?>
#col = affine_map<(d0, d1) -> (d1, d0)>
!smem = memref<32x32xf16, 3>

memref.global "private" constant @lut : memref<4xi32> = dense<[1, 2, 3, 4]>
memref.global @scratch : memref<16xf32> = uninitialized

func.func @alloc_family(%n: index) -> memref<?x8xf32> {
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  %b = memref.alloca() : memref<4xf32>
  %s = memref.alloc() : !smem
  memref.dealloc %s : !smem
  %g = memref.get_global @lut : memref<4xi32>
  return %a : memref<?x8xf32>
}

func.func @views(%m: memref<?x?xf32>, %o: index, %s: index) -> memref<?x?xf32, #strided2> {
  %sv = memref.subview %m[%o, 0] [%s, 4] [1, 1] : memref<?x?xf32> to memref<?x4xf32, #strided2>
  %c = memref.cast %sv : memref<?x4xf32, #strided2> to memref<?x?xf32, #strided2>
  return %c : memref<?x?xf32, #strided2>
}

func.func @layout_map(%m: memref<4x8xf32, #col>) -> memref<4x8xf32, #col> {
  return %m : memref<4x8xf32, #col>
}

// -----

func.func @load_store_copy(%a: memref<8xf32>, %b: memref<8xf32>, %i: index) {
  %v = memref.load %a[%i] : memref<8xf32>
  memref.store %v, %b[%i] : memref<8xf32>
  memref.copy %a, %b : memref<8xf32> to memref<8xf32>
  %p = memref.extract_aligned_pointer_as_index %a : memref<8xf32> -> index
  return
}

func.func @reshapes(%m: memref<2x3x4xf32>, %d: memref<?x4xf32>, %n: index) -> (memref<6x4xf32>, memref<?x2x2xf32>) {
  %0 = memref.collapse_shape %m [[0, 1], [2]] : memref<2x3x4xf32> into memref<6x4xf32>
  %1 = memref.expand_shape %d [[0], [1, 2]] output_shape [%n, 2, 2] : memref<?x4xf32> into memref<?x2x2xf32>
  return %0, %1 : memref<6x4xf32>, memref<?x2x2xf32>
}

func.func @reinterpret_and_metadata(%m: memref<?x?xf32>) -> memref<4x4xf32, strided<[8, 1], offset: 2>> {
  %base, %off, %sz:2, %st:2 = memref.extract_strided_metadata %m : memref<?x?xf32> -> memref<f32>, index, index, index, index, index
  %r = memref.reinterpret_cast %m to offset: [2], sizes: [4, 4], strides: [8, 1] : memref<?x?xf32> to memref<4x4xf32, strided<[8, 1], offset: 2>>
  return %r : memref<4x4xf32, strided<[8, 1], offset: 2>>
}

// -----

func.func @atomics_and_scope(%m: memref<10xf32>, %i: index, %f: f32) -> f32 {
  %old = memref.atomic_rmw addf %f, %m[%i] : (f32, memref<10xf32>) -> f32
  %r = memref.generic_atomic_rmw %m[%i] : memref<10xf32> {
  ^bb0(%cur: f32):
    %n = arith.mulf %cur, %f : f32
    memref.atomic_yield %n : f32
  }
  memref.alloca_scope {
    %t = memref.alloca() : memref<2xf32>
    memref.store %r, %t[%i] : memref<2xf32>
  }
  return %old : f32
}

func.func @transpose_view(%m: memref<?x?xf32>, %buf: memref<2048xi8>, %z: index) -> memref<?x?xf32, strided<[1, ?]>> {
  %t = memref.transpose %m (i, j) -> (j, i) : memref<?x?xf32> to memref<?x?xf32, strided<[1, ?]>>
  %v = memref.view %buf[%z][] : memref<2048xi8> to memref<16x32xf32>
  return %t : memref<?x?xf32, strided<[1, ?]>>
}
