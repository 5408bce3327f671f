// PARITY:
// PARITY: -mlir-print-local-scope
// PARITY: -mlir-print-debuginfo -mlir-print-local-scope
// PARITY: -mlir-print-debuginfo -mlir-pretty-debuginfo
// PARITY: -mlir-elide-elementsattrs-if-larger=3
// PARITY: -mlir-print-elementsattrs-with-hex-if-larger=2
// PARITY: -mlir-print-value-users
// PARITY: -mlir-print-unique-ssa-ids
// PARITY: -mlir-use-nameloc-as-prefix -mlir-print-debuginfo
// PARITY: -mlir-print-skip-regions
// PARITY: -mlir-print-op-on-diagnostic=false -canonicalize
// PARITY: -mlir-print-ir-after-all -canonicalize -cse
// PARITY: -mlir-print-ir-before=cse -mlir-print-ir-after=canonicalize -canonicalize -cse
// PARITY: -mlir-print-ir-after-change -mlir-print-ir-module-scope -mlir-disable-threading --pass-pipeline='builtin.module(func.func(canonicalize,cse))'
// PARITY: -emit-bytecode -o /dev/null

// Printer options on a module with attribute and type aliases, dense
// constants, named and fused locations and nested regions.

#map0 = affine_map<(d0, d1) -> (d0 + d1 * 3 - d1 floordiv 4)>
#set0 = affine_set<(d0) : (d0 - 10 >= 0)>
#dict = {alpha = 1 : i32, beta = "two", gamma = [3.0 : f32, #map0]}
!rowmajor = memref<16x16xf32, strided<[16, 1]>>
!nested = tuple<!rowmajor, i32>
#loc_a = loc("a.mlir":10:4)

module attributes {acme.attrs = #dict} {
  func.func @constants() -> (tensor<8xi32>, tensor<2x2xf64>, tensor<4xi8>) {
    %0 = arith.constant dense<[1, 2, 3, 4, 5, 6, 7, 8]> : tensor<8xi32>
    %1 = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf64>
    %2 = arith.constant dense<7> : tensor<4xi8>
    return %0, %1, %2 : tensor<8xi32>, tensor<2x2xf64>, tensor<4xi8>
  } loc(#loc_a)

  func.func @named_values(%m: !rowmajor, %i: index) -> f32 {
    %v = memref.load %m[%i, %i] : !rowmajor loc("loaded"("b.mlir":3:9))
    %w = arith.addf %v, %v : f32 loc(fused<"fusion">["c.mlir":1:1, "d.mlir":2:2])
    %z = arith.constant 0.0 : f32
    %u = arith.addf %w, %z : f32
    %dup = arith.addf %w, %z : f32
    %r = arith.mulf %u, %dup : f32
    return %r : f32 loc(callsite("callee"("e.mlir":1:1) at "caller"("f.mlir":2:2)))
  }

  func.func @affine_things(%i: index, %j: index) -> index attributes {map = #map0, set = #set0, tup = tuple<i1, !nested>} {
    %0 = affine.apply #map0(%i, %j)
    %1 = affine.if #set0(%0) -> index {
      affine.yield %0 : index
    } else {
      affine.yield %j : index
    }
    return %1 : index
  }
}
