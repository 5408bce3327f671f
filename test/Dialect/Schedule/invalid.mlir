// RUN: tessera-opt %s -split-input-file -verify-diagnostics

// Every check of the tsched verifier (lib/Dialect/Schedule/*.c) and the
// structural checks IRDL makes (Schedule.irdl.mlir), at least one case each.

//===----------------------------------------------------------------------===//
// IRDL: operand / result counts and kinds
//===----------------------------------------------------------------------===//

func.func @irdl_operand_count(%v: memref<?x?xf16>) attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{op expects exactly 3 operands, but got 2}}
  %0 = "tsched.tile_matmul"(%a, %c) : (vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
  return
}

// -----

func.func @irdl_source_not_memref(%t: tensor<?x?xf16>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{expected base type 'builtin.memref' but got 'builtin.tensor'}}
  %0 = "tsched.tile_load"(%t, %i, %i) {tile = array<i64: 16, 16>, level = "registers"} : (tensor<?x?xf16>, index, index) -> vector<16x16xf16>
  return
}

// -----

func.func @irdl_offset_not_index(%x: memref<?xf16>, %i: i32) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{expected 'index' but got 'i32'}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?xf16>, i32) -> vector<16xf16>
  return
}

// -----

func.func @irdl_tile_not_vector_or_memref(%x: memref<?xf16>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{'tensor<16xf16>' does not satisfy the constraint}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?xf16>, index) -> tensor<16xf16>
  return
}

// -----

func.func @irdl_async_copy_results(%x: memref<?xf16>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{op expects exactly 2 results, but got 1}}
  %0 = "tsched.async_copy"(%x, %i) {tile = array<i64: 16>} : (memref<?xf16>, index) -> memref<16xf16, #gpu.address_space<workgroup>>
  return
}

// -----

func.func @irdl_wait_not_token(%i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{expected base type 'tsched.token' but got 'builtin.index'}}
  "tsched.wait"(%i) : (index) -> ()
  return
}

// -----

func.func @irdl_elementwise_arity() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xf32>
  // expected-error @+1 {{op expects at most 2 operands, but got 3}}
  %0 = "tsched.elementwise"(%x, %x, %x) {fn = "add"} : (vector<8xf32>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
  return
}

// -----

func.func @irdl_reduce_memref(%x: memref<8xf32>) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{expected base type 'builtin.vector' but got 'builtin.memref'}}
  %0 = "tsched.reduce"(%x) {kind = "sum"} : (memref<8xf32>) -> vector<1xf32>
  return
}

// -----

func.func @irdl_unknown_op() attributes {tsched.kernel = {}} {
  // expected-error @+1 {{unregistered operation 'tsched.tile_fill'}}
  %0 = "tsched.tile_fill"() : () -> vector<8xf32>
  return
}

//===----------------------------------------------------------------------===//
// Checks every tsched op makes
//===----------------------------------------------------------------------===//

// -----

func.func @not_in_kernel(%x: memref<?xf32>, %i: index) {
  // expected-error @+1 {{'tsched.tile_load' op must be inside a function carrying 'tsched.kernel'}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @schedule_attr_on_op(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' does not apply to tsched ops}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers", tsched.tile_loop = {kind = "grid"}} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @unknown_attr_tile_load(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{unknown attribute 'levels'; expected one of: tile, level, pad}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, levels = "registers"} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @unknown_attr_async_copy(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{unknown attribute 'level'; expected one of: tile, pad}}
  %0:2 = "tsched.async_copy"(%x, %i) {tile = array<i64: 16>, level = "shared"} : (memref<?xf32>, index) -> (memref<16xf32, #gpu.address_space<workgroup>>, !tsched.token)
  return
}

// -----

func.func @unknown_attr_wait(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  %0:2 = "tsched.async_copy"(%x, %i) {tile = array<i64: 16>} : (memref<?xf32>, index) -> (memref<16xf32, #gpu.address_space<workgroup>>, !tsched.token)
  // expected-error @+1 {{unknown attribute 'pending'; this op takes none}}
  "tsched.wait"(%0#1) {pending = 1} : (!tsched.token) -> ()
  return
}

// -----

func.func @unknown_attr_tile_store(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  %v = ub.poison : vector<16xf32>
  // expected-error @+1 {{unknown attribute 'tile'; this op takes none}}
  "tsched.tile_store"(%v, %x, %i) {tile = array<i64: 16>} : (vector<16xf32>, memref<?xf32>, index) -> ()
  return
}

// -----

func.func @unknown_attr_tile_matmul() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{unknown attribute 'acc'; expected one of: transpose_a, transpose_b, compute}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) {acc = f32} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
  return
}

// -----

func.func @unknown_attr_elementwise() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xf32>
  // expected-error @+1 {{unknown attribute 'approx'; expected one of: fn}}
  %0 = "tsched.elementwise"(%x) {fn = "gelu", approx = "tanh"} : (vector<8xf32>) -> vector<8xf32>
  return
}

// -----

func.func @unknown_attr_reduce() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xf32>
  // expected-error @+1 {{unknown attribute 'axis'; expected one of: kind, dim, order}}
  %0 = "tsched.reduce"(%x) {kind = "sum", axis = 0} : (vector<8xf32>) -> vector<1xf32>
  return
}

//===----------------------------------------------------------------------===//
// tsched.tile_load / tsched.async_copy
//===----------------------------------------------------------------------===//

// -----

func.func @load_level_missing(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{requires attribute 'level' ("shared" or "registers")}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_level_bad(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'level' must be one of "shared", "registers", got "global"}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "global"} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_level_not_string(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'level' must be a string, got 1 : i64}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = 1} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_shared_from_shared(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  %s = "tsched.tile_load"(%x, %i) {tile = array<i64: 64>, level = "shared"} : (memref<?xf32>, index) -> memref<64xf32, #gpu.address_space<workgroup>>
  // expected-error @+1 {{source must be a global memref (no memory space or #gpu.address_space<global>), got memref<64xf32, #gpu.address_space<workgroup>>}}
  %0 = "tsched.tile_load"(%s, %i) {tile = array<i64: 16>, level = "shared"} : (memref<64xf32, #gpu.address_space<workgroup>>, index) -> memref<16xf32, #gpu.address_space<workgroup>>
  return
}

// -----

func.func @load_from_private(%x: memref<16xf32, #gpu.address_space<private>>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{source must be a global or shared memref, got memref<16xf32, #gpu.address_space<private>>}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<16xf32, #gpu.address_space<private>>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_integer_memory_space(%x: memref<?xf32, 3>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{source must be a global or shared memref, got memref<?xf32, 3>}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?xf32, 3>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_source_rank(%x: memref<1x1x1x1x1x1x1x1x?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{source has rank 9; at most 8 is supported}}
  %0 = "tsched.tile_load"(%x, %i, %i, %i, %i, %i, %i, %i, %i, %i) {tile = array<i64: 16>, level = "registers"} : (memref<1x1x1x1x1x1x1x1x?xf32>, index, index, index, index, index, index, index, index, index) -> vector<16xf32>
  return
}

// -----

func.func @load_result_rank(%x: memref<?x?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result has rank 9; at most 8 is supported}}
  %0 = "tsched.tile_load"(%x, %i, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?x?xf32>, index, index) -> vector<1x1x1x1x1x1x1x1x16xf32>
  return
}

// -----

func.func @load_offset_count(%x: memref<?x?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{expects 2 offsets (one per source dimension), got 1}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?x?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_tile_missing(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{requires attribute 'tile' (e.g. array<i64: 128, 64>)}}
  %0 = "tsched.tile_load"(%x, %i) {level = "registers"} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_tile_kind(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tile' must be an i64 array (e.g. array<i64: 0, 1>), got [16]}}
  %0 = "tsched.tile_load"(%x, %i) {tile = [16], level = "registers"} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_tile_too_long(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tile' has 9 elements; at most 8 are supported}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 1, 1, 1, 1, 1, 1, 1, 1, 1>, level = "registers"} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_tile_empty(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tile' must not be empty}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64>, level = "registers"} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_tile_rank(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{tile has rank 2 but the source only 1}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 4, 16>, level = "registers"} : (memref<?xf32>, index) -> vector<4x16xf32>
  return
}

// -----

func.func @load_tile_nonpositive(%x: memref<?x?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{tile sizes must be positive, got 16x0}}
  %0 = "tsched.tile_load"(%x, %i, %i) {tile = array<i64: 16, 0>, level = "registers"} : (memref<?x?xf32>, index, index) -> vector<16x1xf32>
  return
}

// -----

func.func @load_shared_result_vector(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result must be a memref in #gpu.address_space<workgroup> (a shared tile), got vector<16xf32>}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "shared"} : (memref<?xf32>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_registers_result_memref(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result must be a vector (a register tile), got memref<16xf32, #gpu.address_space<workgroup>>}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?xf32>, index) -> memref<16xf32, #gpu.address_space<workgroup>>
  return
}

// -----

func.func @load_result_scalable(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result must have a fixed size, got vector<[16]xf32>}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?xf32>, index) -> vector<[16]xf32>
  return
}

// -----

func.func @load_result_shape(%x: memref<?x?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result shape 16x32 does not match tile 16x64}}
  %0 = "tsched.tile_load"(%x, %i, %i) {tile = array<i64: 16, 64>, level = "registers"} : (memref<?x?xf32>, index, index) -> vector<16x32xf32>
  return
}

// -----

func.func @load_shared_result_dynamic(%x: memref<?x?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result shape 16x? does not match tile 16x64}}
  %0 = "tsched.tile_load"(%x, %i, %i) {tile = array<i64: 16, 64>, level = "shared"} : (memref<?x?xf32>, index, index) -> memref<16x?xf32, #gpu.address_space<workgroup>>
  return
}

// -----

func.func @load_element_type(%x: memref<?xf16>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result element type f32 differs from the source element type f16}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers"} : (memref<?xf16>, index) -> vector<16xf32>
  return
}

// -----

func.func @load_pad_type(%x: memref<?xf16>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'pad' (the value of out-of-bounds elements) must be a f16 constant, got 0.000000e+00 : f32}}
  %0 = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "registers", pad = 0.0 : f32} : (memref<?xf16>, index) -> vector<16xf16>
  return
}

// -----

func.func @copy_pad_not_number(%x: memref<?xf16>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'pad' (the value of out-of-bounds elements) must be a f16 constant, got "-inf"}}
  %0:2 = "tsched.async_copy"(%x, %i) {tile = array<i64: 16>, pad = "-inf"} : (memref<?xf16>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !tsched.token)
  return
}

// -----

func.func @copy_from_shared(%x: memref<?xf16>, %i: index) attributes {tsched.kernel = {}} {
  %s = "tsched.tile_load"(%x, %i) {tile = array<i64: 64>, level = "shared"} : (memref<?xf16>, index) -> memref<64xf16, #gpu.address_space<workgroup>>
  // expected-error @+1 {{source must be a global memref}}
  %0:2 = "tsched.async_copy"(%s, %i) {tile = array<i64: 16>} : (memref<64xf16, #gpu.address_space<workgroup>>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !tsched.token)
  return
}

// -----

func.func @copy_to_global(%x: memref<?xf16>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result must be a memref in #gpu.address_space<workgroup> (a shared tile), got memref<16xf16>}}
  %0:2 = "tsched.async_copy"(%x, %i) {tile = array<i64: 16>} : (memref<?xf16>, index) -> (memref<16xf16>, !tsched.token)
  return
}

//===----------------------------------------------------------------------===//
// tsched.wait / tsched.tile_store
//===----------------------------------------------------------------------===//

// -----

func.func @wait_nothing() attributes {tsched.kernel = {}} {
  // expected-error @+1 {{expects at least one token}}
  "tsched.wait"() : () -> ()
  return
}

// -----

func.func @store_global_tile(%x: memref<16xf32>, %y: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{tile must be a register tile (vector) or a shared tile (memref in #gpu.address_space<workgroup>), got memref<16xf32>}}
  "tsched.tile_store"(%x, %y, %i) : (memref<16xf32>, memref<?xf32>, index) -> ()
  return
}

// -----

func.func @store_dynamic_shared_tile(%s: memref<?xf32, #gpu.address_space<workgroup>>, %y: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{tile must have a static shape, got memref<?xf32, #gpu.address_space<workgroup>>}}
  "tsched.tile_store"(%s, %y, %i) : (memref<?xf32, #gpu.address_space<workgroup>>, memref<?xf32>, index) -> ()
  return
}

// -----

func.func @store_rank0_tile(%y: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  %v = ub.poison : vector<f32>
  // expected-error @+1 {{tile must have rank >= 1, got vector<f32>}}
  "tsched.tile_store"(%v, %y, %i) : (vector<f32>, memref<?xf32>, index) -> ()
  return
}

// -----

func.func @store_to_shared(%x: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  %v = ub.poison : vector<16xf32>
  %s = "tsched.tile_load"(%x, %i) {tile = array<i64: 64>, level = "shared"} : (memref<?xf32>, index) -> memref<64xf32, #gpu.address_space<workgroup>>
  // expected-error @+1 {{dest must be a global memref (no memory space or #gpu.address_space<global>), got memref<64xf32, #gpu.address_space<workgroup>>}}
  "tsched.tile_store"(%v, %s, %i) : (vector<16xf32>, memref<64xf32, #gpu.address_space<workgroup>>, index) -> ()
  return
}

// -----

func.func @store_offset_count(%y: memref<?x?xf32>, %i: index) attributes {tsched.kernel = {}} {
  %v = ub.poison : vector<16xf32>
  // expected-error @+1 {{expects 2 offsets (one per dest dimension), got 1}}
  "tsched.tile_store"(%v, %y, %i) : (vector<16xf32>, memref<?x?xf32>, index) -> ()
  return
}

// -----

func.func @store_tile_rank(%y: memref<?xf32>, %i: index) attributes {tsched.kernel = {}} {
  %v = ub.poison : vector<4x16xf32>
  // expected-error @+1 {{tile has rank 2 but the dest only 1}}
  "tsched.tile_store"(%v, %y, %i) : (vector<4x16xf32>, memref<?xf32>, index) -> ()
  return
}

// -----

func.func @store_element_type(%y: memref<?xf16>, %i: index) attributes {tsched.kernel = {}} {
  %v = ub.poison : vector<16xf32>
  // expected-error @+1 {{tile element type f32 differs from the dest element type f16}}
  "tsched.tile_store"(%v, %y, %i) : (vector<16xf32>, memref<?xf16>, index) -> ()
  return
}

//===----------------------------------------------------------------------===//
// tsched.tile_matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_global_operand(%g: memref<16x16xf16>) attributes {tsched.kernel = {}} {
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{operand 'a' must be a register tile (vector) or a shared tile (memref in #gpu.address_space<workgroup>), got memref<16x16xf16>}}
  %0 = "tsched.tile_matmul"(%g, %g, %c) : (memref<16x16xf16>, memref<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
  return
}

// -----

func.func @matmul_rank() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %b = ub.poison : vector<2x16x16xf16>
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{operand 'b' must be a 2-D tile, got vector<2x16x16xf16>}}
  %0 = "tsched.tile_matmul"(%a, %b, %c) : (vector<16x16xf16>, vector<2x16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
  return
}

// -----

func.func @matmul_acc_rank() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %c = ub.poison : vector<256xf32>
  // expected-error @+1 {{accumulator must be a 2-D tile, got vector<256xf32>}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) : (vector<16x16xf16>, vector<16x16xf16>, vector<256xf32>) -> vector<256xf32>
  return
}

// -----

func.func @matmul_acc_scalable() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %c = ub.poison : vector<16x[16]xf32>
  // expected-error @+1 {{accumulator must have a fixed size, got vector<16x[16]xf32>}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) : (vector<16x16xf16>, vector<16x16xf16>, vector<16x[16]xf32>) -> vector<16x[16]xf32>
  return
}

// -----

func.func @matmul_result_type() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{result type vector<16x16xf16> must equal the accumulator type vector<16x16xf32>}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf16>
  return
}

// -----

func.func @matmul_transpose_kind() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{attribute 'transpose_b' must be a boolean (true or false), got 1 : i64}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) {transpose_b = 1} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
  return
}

// -----

func.func @matmul_k_mismatch() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x32xf16>
  %b = ub.poison : vector<16x64xf16>
  %c = ub.poison : vector<16x64xf32>
  // expected-error @+1 {{contraction sizes differ: 'a' has K = 32, 'b' has K = 16}}
  %0 = "tsched.tile_matmul"(%a, %b, %c) : (vector<16x32xf16>, vector<16x64xf16>, vector<16x64xf32>) -> vector<16x64xf32>
  return
}

// -----

func.func @matmul_k_mismatch_transposed() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x32xf16>
  %b = ub.poison : vector<32x64xf16>
  %c = ub.poison : vector<16x32xf32>
  // B is read as N x K: K = 64.
  // expected-error @+1 {{contraction sizes differ: 'a' has K = 32, 'b' has K = 64}}
  %0 = "tsched.tile_matmul"(%a, %b, %c) {transpose_b = true} : (vector<16x32xf16>, vector<32x64xf16>, vector<16x32xf32>) -> vector<16x32xf32>
  return
}

// -----

func.func @matmul_m_mismatch() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x32xf16>
  %b = ub.poison : vector<32x64xf16>
  %c = ub.poison : vector<32x64xf32>
  // expected-error @+1 {{accumulator has M = 32 but 'a' has M = 16}}
  %0 = "tsched.tile_matmul"(%a, %b, %c) : (vector<16x32xf16>, vector<32x64xf16>, vector<32x64xf32>) -> vector<32x64xf32>
  return
}

// -----

func.func @matmul_n_mismatch() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x32xf16>
  %b = ub.poison : vector<32x64xf16>
  %c = ub.poison : vector<16x32xf32>
  // expected-error @+1 {{accumulator has N = 32 but 'b' has N = 64}}
  %0 = "tsched.tile_matmul"(%a, %b, %c) : (vector<16x32xf16>, vector<32x64xf16>, vector<16x32xf32>) -> vector<16x32xf32>
  return
}

// -----

func.func @matmul_mixed_inputs() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %b = ub.poison : vector<16x16xbf16>
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{operands 'a' and 'b' have different element types (f16, bf16)}}
  %0 = "tsched.tile_matmul"(%a, %b, %c) : (vector<16x16xf16>, vector<16x16xbf16>, vector<16x16xf32>) -> vector<16x16xf32>
  return
}

// -----

func.func @matmul_compute_not_type() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf32>
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{attribute 'compute' must be a type (e.g. tf32), got "tf32"}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) {compute = "tf32"} : (vector<16x16xf32>, vector<16x16xf32>, vector<16x16xf32>) -> vector<16x16xf32>
  return
}

// -----

func.func @matmul_compute_not_allowed() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xf16>
  %c = ub.poison : vector<16x16xf32>
  // expected-error @+1 {{compute type tf32 is not allowed for f16 operands; expected the operands' type}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) {compute = tf32} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
  return
}

// -----

func.func @matmul_unsupported_input() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xi16>
  %c = ub.poison : vector<16x16xi32>
  // expected-error @+1 {{no tile matmul multiplies i16; supported inputs are f64, f32, tf32, f16, bf16, f8E4M3FN, f8E5M2 and i8}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) : (vector<16x16xi16>, vector<16x16xi16>, vector<16x16xi32>) -> vector<16x16xi32>
  return
}

// -----

func.func @matmul_accumulator_type() attributes {tsched.kernel = {}} {
  %a = ub.poison : vector<16x16xbf16>
  %c = ub.poison : vector<16x16xbf16>
  // expected-error @+1 {{accumulator element type bf16 is not allowed for bf16 inputs; expected f32}}
  %0 = "tsched.tile_matmul"(%a, %a, %c) : (vector<16x16xbf16>, vector<16x16xbf16>, vector<16x16xbf16>) -> vector<16x16xbf16>
  return
}

//===----------------------------------------------------------------------===//
// tsched.elementwise
//===----------------------------------------------------------------------===//

// -----

func.func @elementwise_fn_missing() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xf32>
  // expected-error @+1 {{requires attribute 'fn' (e.g. "gelu")}}
  %0 = "tsched.elementwise"(%x) : (vector<8xf32>) -> vector<8xf32>
  return
}

// -----

func.func @elementwise_fn_unknown() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xf32>
  // expected-error @+1 {{attribute 'fn' must be one of "add", "sub", "mul", "div", "max", "min", "pow", "swiglu", "neg", "abs", "exp", "exp2", "log", "sqrt", "rsqrt", "tanh", "relu", "silu", "sigmoid", "gelu", "gelu_tanh", got "swish"}}
  %0 = "tsched.elementwise"(%x) {fn = "swish"} : (vector<8xf32>) -> vector<8xf32>
  return
}

// -----

func.func @elementwise_unary_arity() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xf32>
  // expected-error @+1 {{fn "gelu" takes 1 operand, got 2}}
  %0 = "tsched.elementwise"(%x, %x) {fn = "gelu"} : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>
  return
}

// -----

func.func @elementwise_binary_arity() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xf32>
  // expected-error @+1 {{fn "add" takes 2 operands, got 1}}
  %0 = "tsched.elementwise"(%x) {fn = "add"} : (vector<8xf32>) -> vector<8xf32>
  return
}

// -----

func.func @elementwise_result_rank0() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<f32>
  // expected-error @+1 {{result must have rank >= 1, got vector<f32>}}
  %0 = "tsched.elementwise"(%x) {fn = "exp"} : (vector<f32>) -> vector<f32>
  return
}

// -----

func.func @elementwise_integer() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xi32>
  // expected-error @+1 {{fn "relu" needs float tiles, got i32}}
  %0 = "tsched.elementwise"(%x) {fn = "relu"} : (vector<8xi32>) -> vector<8xi32>
  return
}

// -----

func.func @elementwise_operand_scalable() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<[8]xf32>
  // expected-error @+1 {{operand must have a fixed size, got vector<[8]xf32>}}
  %0 = "tsched.elementwise"(%x) {fn = "exp"} : (vector<[8]xf32>) -> vector<8xf32>
  return
}

// -----

func.func @elementwise_mixed_types() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<8xf32>
  %y = ub.poison : vector<8xf16>
  // expected-error @+1 {{operand 1 element type f16 differs from the result element type f32 (convert with arith.extf/truncf)}}
  %0 = "tsched.elementwise"(%x, %y) {fn = "add"} : (vector<8xf32>, vector<8xf16>) -> vector<8xf32>
  return
}

// -----

func.func @elementwise_not_broadcastable() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xf32>
  %y = ub.poison : vector<4xf32>
  // Trailing dims align: 4 does not stretch to 8.
  // expected-error @+1 {{operand 1 (vector<4xf32>) does not broadcast to the result shape 4x8}}
  %0 = "tsched.elementwise"(%x, %y) {fn = "mul"} : (vector<4x8xf32>, vector<4xf32>) -> vector<4x8xf32>
  return
}

// -----

func.func @elementwise_operand_rank() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<2x4x8xf32>
  // expected-error @+1 {{operand 0 (vector<2x4x8xf32>) does not broadcast to the result shape 4x8}}
  %0 = "tsched.elementwise"(%x) {fn = "exp"} : (vector<2x4x8xf32>) -> vector<4x8xf32>
  return
}

// -----

func.func @elementwise_result_too_big() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<1x8xf32>
  %y = ub.poison : vector<8xf32>
  // expected-error @+1 {{result shape 4x8 is not the broadcast of the operand shapes (1x8)}}
  %0 = "tsched.elementwise"(%x, %y) {fn = "sub"} : (vector<1x8xf32>, vector<8xf32>) -> vector<4x8xf32>
  return
}

// -----

func.func @elementwise_rank() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<1x1x1x1x1x1x1x1x8xf32>
  // expected-error @+1 {{result has rank 9; at most 8 is supported}}
  %0 = "tsched.elementwise"(%x) {fn = "exp"} : (vector<1x1x1x1x1x1x1x1x8xf32>) -> vector<1x1x1x1x1x1x1x1x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// tsched.reduce
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_kind_missing() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xf32>
  // expected-error @+1 {{requires attribute 'kind' ("sum", "max" or "min")}}
  %0 = "tsched.reduce"(%x) : (vector<4x8xf32>) -> vector<4x1xf32>
  return
}

// -----

func.func @reduce_kind_bad() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xf32>
  // expected-error @+1 {{attribute 'kind' must be one of "sum", "max", "min", got "mean"}}
  %0 = "tsched.reduce"(%x) {kind = "mean"} : (vector<4x8xf32>) -> vector<4x1xf32>
  return
}

// -----

func.func @reduce_order_bad() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xf32>
  // expected-error @+1 {{attribute 'order' must be one of "tree", "sequential", got "pairwise"}}
  %0 = "tsched.reduce"(%x) {kind = "sum", order = "pairwise"} : (vector<4x8xf32>) -> vector<4x1xf32>
  return
}

// -----

func.func @reduce_dim_kind() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xf32>
  // expected-error @+1 {{attribute 'dim' must be an integer (e.g. 1 : i64), got "rows"}}
  %0 = "tsched.reduce"(%x) {kind = "sum", dim = "rows"} : (vector<4x8xf32>) -> vector<4x1xf32>
  return
}

// -----

func.func @reduce_dim_range() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xf32>
  // expected-error @+1 {{dim 2 is out of range for a rank-2 input}}
  %0 = "tsched.reduce"(%x) {kind = "sum", dim = 2} : (vector<4x8xf32>) -> vector<4x1xf32>
  return
}

// -----

func.func @reduce_input_rank0() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<f32>
  // expected-error @+1 {{input must have rank >= 1, got vector<f32>}}
  %0 = "tsched.reduce"(%x) {kind = "sum"} : (vector<f32>) -> vector<1xf32>
  return
}

// -----

func.func @reduce_rank() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<1x1x1x1x1x1x1x1x8xf32>
  // expected-error @+1 {{input has rank 9; at most 8 is supported}}
  %0 = "tsched.reduce"(%x) {kind = "sum"} : (vector<1x1x1x1x1x1x1x1x8xf32>) -> vector<1x1x1x1x1x1x1x1x1xf32>
  return
}

// -----

func.func @reduce_dropped_dim() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xf32>
  // expected-error @+1 {{result shape 4 must be 4x1 (the input shape with dim 1 reduced to 1)}}
  %0 = "tsched.reduce"(%x) {kind = "max"} : (vector<4x8xf32>) -> vector<4xf32>
  return
}

// -----

func.func @reduce_element_type() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xf32>
  // expected-error @+1 {{result element type f16 must be f32}}
  %0 = "tsched.reduce"(%x) {kind = "sum"} : (vector<4x8xf32>) -> vector<4x1xf16>
  return
}

// -----

func.func @reduce_element_type_narrow() attributes {tsched.kernel = {}} {
  %x = ub.poison : vector<4x8xbf16>
  // expected-error @+1 {{result element type f64 must be bf16 or f32}}
  %0 = "tsched.reduce"(%x) {kind = "sum"} : (vector<4x8xbf16>) -> vector<4x1xf64>
  return
}

//===----------------------------------------------------------------------===//
// tsched.kernel
//===----------------------------------------------------------------------===//

// -----

func.func @kernel_on_loop(%n: index) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'scf.for' op attribute 'tsched.kernel' must be on a func.func or gpu.func}}
  scf.for %i = %c0 to %n step %c1 {
  } {tsched.kernel = {}}
  return
}

// -----

// expected-error @+1 {{attribute 'tsched.kernel' must be a dictionary, got unit}}
func.func @kernel_not_dict() attributes {tsched.kernel} {
  return
}

// -----

// expected-error @+1 {{attribute 'tsched.kernel' has unknown key 'grid'; expected one of: fused}}
func.func @kernel_unknown_key() attributes {tsched.kernel = {grid = [1]}} {
  return
}

// -----

// expected-error @+1 {{attribute 'tsched.kernel' key 'fused' must be an array of non-empty strings, got ["tgraph.matmul", 1]}}
func.func @kernel_fused_kind() attributes {tsched.kernel = {fused = ["tgraph.matmul", 1]}} {
  return
}

// -----

// Tiles and stages are the body's: a kernel has no parameter dictionary.
// expected-error @+1 {{attribute 'tsched.kernel' has unknown key 'params'; expected one of: fused}}
func.func @kernel_params() attributes {tsched.kernel = {params = {block_m = 128}}} {
  return
}

// -----

// expected-error @+1 {{a kernel returns nothing (outputs are memref arguments), got 1 results}}
func.func @kernel_results(%x: memref<?xf32>) -> memref<?xf32> attributes {tsched.kernel = {}} {
  return %x : memref<?xf32>
}

// -----

// expected-error @+1 {{kernel argument 1 must be a memref, index, integer or float, got tensor<?xf32>}}
func.func @kernel_tensor_argument(%x: memref<?xf32>, %t: tensor<?xf32>) attributes {tsched.kernel = {}} {
  return
}

// -----

// expected-error @+1 {{attribute 'tsched.kernel' needs a function with a body}}
func.func private @kernel_declaration(%x: memref<?xf32>) attributes {tsched.kernel = {}}

// -----

// expected-error @+1 {{a kernel has at most one grid loop (it is one launch), found 2}}
func.func @kernel_two_grids(%n: index) attributes {tsched.kernel = {}} {
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {kind = "grid"}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

//===----------------------------------------------------------------------===//
// tsched.tile_loop
//===----------------------------------------------------------------------===//

// -----

func.func @tile_loop_on_if(%c: i1) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{'scf.if' op attribute 'tsched.tile_loop' must be on an scf.for or scf.forall}}
  scf.if %c {
  } {tsched.tile_loop = {kind = "sequential"}}
  return
}

// -----

func.func @tile_loop_not_dict(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' must be a dictionary, got "grid"}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = "grid"}
  return
}

// -----

func.func @tile_loop_unknown_key(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' has unknown key 'unroll'; expected one of: kind, stages, group_m}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {kind = "grid", unroll = 2}}
  return
}

// -----

func.func @tile_loop_kind_missing(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' requires key 'kind'}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {group_m = 4}}
  return
}

// -----

func.func @tile_loop_kind_bad(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' key 'kind' must be one of "grid", "reduction", "sequential", got "parallel"}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {kind = "parallel"}}
  return
}

// -----

func.func @grid_on_for(%n: index) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{attribute 'tsched.tile_loop' kind "grid" needs an scf.forall}}
  scf.for %i = %c0 to %n step %c1 {
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

func.func @grid_with_stages(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' key 'stages' applies to scf.for loops}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {kind = "grid", stages = 2}}
  return
}

// -----

func.func @grid_nested(%n: index) attributes {tsched.kernel = {}} {
  scf.forall (%i) in (%n) {
    // expected-error @+1 {{attribute 'tsched.tile_loop' kind "grid" must be directly in the body of a function carrying 'tsched.kernel'}}
    scf.forall (%j) in (%n) {
    } {tsched.tile_loop = {kind = "grid"}}
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

func.func @grid_not_in_kernel(%n: index) {
  // expected-error @+1 {{attribute 'tsched.tile_loop' kind "grid" must be directly in the body of a function carrying 'tsched.kernel'}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

func.func @grid_rank(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' kind "grid" has at most 3 dimensions, got 4}}
  scf.forall (%i, %j, %k, %l) in (%n, %n, %n, %n) {
  } {tsched.tile_loop = {kind = "grid"}}
  return
}

// -----

func.func @grid_group_m_range(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' key 'group_m' must be in [1, 9223372036854775807], got 0}}
  scf.forall (%i, %j) in (%n, %n) {
  } {tsched.tile_loop = {kind = "grid", group_m = 0}}
  return
}

// -----

func.func @grid_group_m_kind(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' key 'group_m' must be an integer (e.g. 3 : i64), got 8.000000e+00 : f32}}
  scf.forall (%i, %j) in (%n, %n) {
  } {tsched.tile_loop = {kind = "grid", group_m = 8.0 : f32}}
  return
}

// -----

func.func @grid_group_m_1d(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' key 'group_m' needs a grid of at least 2 dimensions}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {kind = "grid", group_m = 8}}
  return
}

// -----

func.func @forall_not_grid(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{attribute 'tsched.tile_loop' on an scf.forall must have kind "grid"}}
  scf.forall (%i) in (%n) {
  } {tsched.tile_loop = {kind = "sequential"}}
  return
}

// -----

func.func @serial_not_in_kernel(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'scf.for' op attribute 'tsched.tile_loop' must be inside a function carrying 'tsched.kernel'}}
  scf.for %i = %c0 to %n step %c1 {
  } {tsched.tile_loop = {kind = "sequential"}}
  return
}

// -----

func.func @serial_group_m(%n: index) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{attribute 'tsched.tile_loop' key 'group_m' applies to grid loops}}
  scf.for %i = %c0 to %n step %c1 {
  } {tsched.tile_loop = {kind = "sequential", group_m = 2}}
  return
}

// -----

func.func @reduction_without_iter_args(%n: index) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{attribute 'tsched.tile_loop' kind "reduction" needs loop-carried values (iter_args)}}
  scf.for %i = %c0 to %n step %c1 {
  } {tsched.tile_loop = {kind = "reduction"}}
  return
}

// -----

func.func @stages_range(%n: index) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{attribute 'tsched.tile_loop' key 'stages' must be in [1, 8], got 9}}
  scf.for %i = %c0 to %n step %c1 {
  } {tsched.tile_loop = {kind = "sequential", stages = 9}}
  return
}

// -----

func.func @stages_without_copy(%x: memref<?xf32>, %n: index) attributes {tsched.kernel = {}} {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  // Synchronous loads have nothing to overlap.
  // expected-error @+1 {{attribute 'tsched.tile_loop' key 'stages' = 3 pipelines async copies, but the loop body has no tsched.async_copy or ttarget.copy}}
  scf.for %i = %c0 to %n step %c16 {
    %t = "tsched.tile_load"(%x, %i) {tile = array<i64: 16>, level = "shared"} : (memref<?xf32>, index) -> memref<16xf32, #gpu.address_space<workgroup>>
  } {tsched.tile_loop = {kind = "sequential", stages = 3}}
  return
}

// -----

// expected-error @+1 {{unknown attribute 'tsched.tile'; tsched attributes are tsched.kernel and tsched.tile_loop}}
func.func @unknown_discardable() attributes {tsched.kernel = {}, tsched.tile = array<i64: 1>} {
  return
}

//===----------------------------------------------------------------------===//
// tsched.iota
//===----------------------------------------------------------------------===//

// -----

func.func @iota_dim_missing(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{requires attribute 'dim' (0: row coordinates, 1: column coordinates)}}
  %0 = "tsched.iota"(%n) : (index) -> vector<4x8xi32>
  return
}

// -----

func.func @iota_dim_range(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{dim 2 is out of range for a rank-2 result}}
  %0 = "tsched.iota"(%n) {dim = 2} : (index) -> vector<4x8xi32>
  return
}

// -----

func.func @iota_row_dim(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{dim 1 is out of range for a rank-1 result}}
  %0 = "tsched.iota"(%n) {dim = 1} : (index) -> vector<8xi32>
  return
}

// -----

func.func @iota_f32(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result element type must be i32, got f32}}
  %0 = "tsched.iota"(%n) {dim = 0} : (index) -> vector<4x8xf32>
  return
}

// -----

func.func @iota_rank3(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{result must be a 2-D tile or a 1-D row, got rank 3}}
  %0 = "tsched.iota"(%n) {dim = 0} : (index) -> vector<2x4x8xi32>
  return
}

// -----

func.func @iota_memref(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{expected base type 'builtin.vector' but got 'builtin.memref'}}
  %0 = "tsched.iota"(%n) {dim = 0} : (index) -> memref<8xi32>
  return
}

// -----

func.func @iota_offset_i32(%n: i32) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{expected 'index' but got 'i32'}}
  %0 = "tsched.iota"(%n) {dim = 0} : (i32) -> vector<8xi32>
  return
}

// -----

func.func @iota_unknown_attr(%n: index) attributes {tsched.kernel = {}} {
  // expected-error @+1 {{unknown attribute 'axis'; expected one of: dim}}
  %0 = "tsched.iota"(%n) {dim = 0, axis = 1} : (index) -> vector<8xi32>
  return
}

// -----

func.func @iota_outside_kernel(%n: index) {
  // expected-error @+1 {{must be inside a function carrying 'tsched.kernel'}}
  %0 = "tsched.iota"(%n) {dim = 0} : (index) -> vector<8xi32>
  return
}
