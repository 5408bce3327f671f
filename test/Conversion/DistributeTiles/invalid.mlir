// What the op-by-op GPU lowering (lib/Conversion/DistributeTiles) cannot
// build is a located error at the op, never a wrong kernel. Target IR is
// written by hand here, with the mistakes tessera-lower-schedule would not
// make.
// RUN: tessera-opt %s -split-input-file -verify-diagnostics --tessera-lower-target-to-nvvm

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @missing_convert(%A: memref<?x16xf32>, %B: memref<?x16xf32>, %O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 1024, args = ["memref", "memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %M = memref.dim %A, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 16, 16>, level = "registers", ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} : (memref<?x16xf32>, index, index) -> vector<16x16xf32>
      %z = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} dense<0.0> : vector<16x16xf32>
      %b, %t = "ttarget.copy"(%B, %c0, %c0) {family = "cp.async", tile = array<i64: 16, 16>} : (memref<?x16xf32>, index, index) -> (memref<16x16xf32, #gpu.address_space<workgroup>>, !tsched.token)
      "tsched.wait"(%t) : (!tsched.token) -> ()
      // expected-error @+1 {{kernel compiled op by op for sm_80: operand a is in layout mma_acc, the instruction needs mma_a (a ttarget.convert_layout is missing)}}
      %s = "ttarget.mma"(%a, %b, %z) {family = "mma.sync", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>, compute = tf32} : (vector<16x16xf32>, memref<16x16xf32, #gpu.address_space<workgroup>>, vector<16x16xf32>) -> vector<16x16xf32>
      "tsched.tile_store"(%s, %O, %m, %c0) : (vector<16x16xf32>, memref<?x16xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @no_layout(%A: memref<?x16xf32>, %O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 0, args = ["memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %M = memref.dim %A, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      // expected-error @+1 {{the op has no layout for its result tile (ttarget.layouts; run tessera-lower-schedule)}}
      %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 16, 16>, level = "registers"} : (memref<?x16xf32>, index, index) -> vector<16x16xf32>
      "tsched.tile_store"(%a, %O, %m, %c0) : (vector<16x16xf32>, memref<?x16xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

// A reduction across warps combines their partials in shared memory
// (16 rows x 2 warps x 4 bytes), which ttarget.kernel must commit.
module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{kernel compiled op by op for sm_80: the kernel needs 128 bytes of shared memory; ttarget.kernel commits 0}}
  func.func @reduce_across_warps(%A: memref<?x16xf32>, %O: memref<?x1xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 64>, shared_memory = 0, args = ["memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %M = memref.dim %A, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 16, 16>, level = "registers", ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 2>}]} : (memref<?x16xf32>, index, index) -> vector<16x16xf32>
      %r = "tsched.reduce"(%a) {kind = "sum", ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 2>, slice = 1}]} : (vector<16x16xf32>) -> vector<16x1xf32>
      "tsched.tile_store"(%r, %O, %m, %c0) : (vector<16x1xf32>, memref<?x1xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @elementwise_layouts(%A: memref<?x16xf32>, %O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 0, args = ["memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %M = memref.dim %A, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      %a = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 16, 16>, level = "registers", ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} : (memref<?x16xf32>, index, index) -> vector<16x16xf32>
      %b = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 16, 16>, level = "registers", ttarget.layouts = [{kind = "mma_a", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} : (memref<?x16xf32>, index, index) -> vector<16x16xf32>
      // expected-error @+1 {{operand 1 is in layout mma_a, the op needs mma_acc (a ttarget.convert_layout is missing)}}
      %c = "tsched.elementwise"(%a, %b) {fn = "add", ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} : (vector<16x16xf32>, vector<16x16xf32>) -> vector<16x16xf32>
      "tsched.tile_store"(%c, %O, %m, %c0) : (vector<16x16xf32>, memref<?x16xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @yield_layout(%A: memref<?x16xf32>, %O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 0, args = ["memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %M = memref.dim %A, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      %z = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} dense<0.0> : vector<16x16xf32>
      %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> (vector<16x16xf32>) {
        %b = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 16, 16>, level = "registers", ttarget.layouts = [{kind = "mma_a", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} : (memref<?x16xf32>, index, index) -> vector<16x16xf32>
        // expected-error @+1 {{operand 0 is in layout mma_a, the loop carries mma_acc (a ttarget.convert_layout is missing)}}
        scf.yield %b : vector<16x16xf32>
      } {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]}
      "tsched.tile_store"(%r, %O, %m, %c0) : (vector<16x16xf32>, memref<?x16xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @shared_tile_load(%A: memref<?x16xf32>, %O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 1024, args = ["memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %M = memref.dim %A, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      // expected-error @+1 {{only register tile loads (level = "registers", 2-D tiles or 1-D rows) are lowered op by op; stage shared tiles with async_copy}}
      %b = "tsched.tile_load"(%A, %m, %c0) {tile = array<i64: 16, 16>, level = "shared"} : (memref<?x16xf32>, index, index) -> memref<16x16xf32, #gpu.address_space<workgroup>>
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @ring_offsets(%A: memref<?x16xf32>, %O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 2048, args = ["memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %M = memref.dim %A, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      %r = scf.for %i = %c0 to %M step %c16 iter_args(%row = %c0) -> (index) {
        // expected-error @+1 {{a copy of a tile loop with stages = 2 is issued stages - 1 iterations ahead, so its offsets must be index arithmetic of the induction variable and values from outside the loop}}
        %b, %t = "ttarget.copy"(%A, %row, %c0) {family = "cp.async", tile = array<i64: 16, 16>} : (memref<?x16xf32>, index, index) -> (memref<16x16xf32, #gpu.address_space<workgroup>>, !tsched.token)
        "tsched.wait"(%t) : (!tsched.token) -> ()
        %n = arith.addi %row, %c16 : index
        scf.yield %n : index
      } {tsched.tile_loop = {kind = "reduction", stages = 2}}
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @non_splat(%O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 0, args = ["memref"]}} {
    %c0 = arith.constant 0 : index
    %M = memref.dim %O, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      // expected-error @+1 {{only splat 2-D tile constants are lowered op by op}}
      %z = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} dense<[[0.0,1.0,2.0,3.0,4.0,5.0,6.0,7.0],[8.0,9.0,10.0,11.0,12.0,13.0,14.0,15.0],[16.0,17.0,18.0,19.0,20.0,21.0,22.0,23.0],[24.0,25.0,26.0,27.0,28.0,29.0,30.0,31.0],[32.0,33.0,34.0,35.0,36.0,37.0,38.0,39.0],[40.0,41.0,42.0,43.0,44.0,45.0,46.0,47.0],[48.0,49.0,50.0,51.0,52.0,53.0,54.0,55.0],[56.0,57.0,58.0,59.0,60.0,61.0,62.0,63.0],[64.0,65.0,66.0,67.0,68.0,69.0,70.0,71.0],[72.0,73.0,74.0,75.0,76.0,77.0,78.0,79.0],[80.0,81.0,82.0,83.0,84.0,85.0,86.0,87.0],[88.0,89.0,90.0,91.0,92.0,93.0,94.0,95.0],[96.0,97.0,98.0,99.0,100.0,101.0,102.0,103.0],[104.0,105.0,106.0,107.0,108.0,109.0,110.0,111.0],[112.0,113.0,114.0,115.0,116.0,117.0,118.0,119.0],[120.0,121.0,122.0,123.0,124.0,125.0,126.0,127.0]]> : vector<16x8xf32>
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{kernel compiled op by op for sm_80: the kernel has no grid loop (scf.forall with tsched.tile_loop kind "grid")}}
  func.func @no_grid(%O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 0, args = ["memref"]}} {
    return
  }
}

// -----

// vector.broadcast makes a tile of a scalar; a tile is broadcast by
// tsched.elementwise.
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @broadcast_tile(%O: memref<?x16xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>, shared_memory = 0, args = ["memref"]}} {
    %c0 = arith.constant 0 : index
    %M = memref.dim %O, %c0 : memref<?x16xf32>
    scf.forall (%m) = (0) to (%M) step (16) {
      %r = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>, slice = 0}]} dense<1.0> : vector<1x8xf32>
      // expected-error @+1 {{only broadcasts of a scalar to a 2-D tile are lowered op by op (broadcast tiles with tsched.elementwise)}}
      %z = vector.broadcast %r {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} : vector<1x8xf32> to vector<16x8xf32>
      "tsched.tile_store"(%z, %O, %m, %c0) : (vector<16x8xf32>, memref<?x16xf32>, index, index) -> ()
    } {tsched.tile_loop = {kind = "grid"}}
    return
  }
}
