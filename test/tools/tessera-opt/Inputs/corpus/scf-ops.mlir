// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -mlir-print-debuginfo -mlir-pretty-debuginfo
// PARITY: -verify-roundtrip

// Several top-level functions sharing file-level aliases (no split).

#ub = affine_map<(d0) -> (d0 + 8)>
!vec = memref<?xf32>
!acc = f32

func.func @for_reduction(%m: !vec, %n: index) -> !acc {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %z) -> (!acc) {
    %v = memref.load %m[%i] : !vec
    %s = arith.addf %a, %v : f32
    scf.yield %s : f32
  }
  return %r : !acc
}

func.func @if_else(%c: i1, %a: i32, %b: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %s = arith.addi %a, %b : i32
    scf.yield %s : i32
  } else {
    scf.yield %b : i32
  }
  scf.if %c {
    "llvm.intr.trap"() : () -> ()
  }
  return %r : i32
}

func.func @while_loop(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r = scf.while (%i = %c0) : (i32) -> i32 {
    %cond = arith.cmpi slt, %i, %n : i32
    scf.condition(%cond) %i : i32
  } do {
  ^bb0(%j: i32):
    %next = arith.addi %j, %c1 : i32
    scf.yield %next : i32
  }
  return %r : i32
}

func.func @parallel_reduce(%m: memref<?x?xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %r = scf.parallel (%i, %j) = (%c0, %c0) to (%n, %n) step (%c1, %c1) init (%z) -> f32 {
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%x: f32, %y: f32):
      %s = arith.addf %x, %y : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}

func.func @forall_mapping(%t: tensor<64xf32>) -> tensor<64xf32> {
  %r = scf.forall (%i) = (0) to (64) step (16) shared_outs(%o = %t) -> (tensor<64xf32>) {
    %s = tensor.extract_slice %o[%i] [16] [1] : tensor<64xf32> to tensor<16xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [16] [1] : tensor<16xf32> into tensor<64xf32>
    }
  } {mapping = [#gpu.thread<x>]}
  return %r : tensor<64xf32>
}

func.func @index_switch(%i: index) -> i32 {
  %r = scf.index_switch %i -> i32
  case 2 {
    %c = arith.constant 20 : i32
    scf.yield %c : i32
  }
  case 5 {
    %c = arith.constant 50 : i32
    scf.yield %c : i32
  }
  default {
    %c = arith.constant 0 : i32
    scf.yield %c : i32
  }
  return %r : i32
}

func.func @execute_region() -> i64 {
  %r = scf.execute_region -> i64 {
    %c = arith.constant 7 : i64
    scf.yield %c : i64
  }
  return %r : i64
}

func.func @affine_bound(%lb: index) {
  %c1 = arith.constant 1 : index
  %ub = affine.apply #ub(%lb)
  scf.for %i = %lb to %ub step %c1 {
  }
  return
}
