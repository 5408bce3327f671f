// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -verify-roundtrip
// PARITY: -mlir-elide-elementsattrs-if-larger=2
// PARITY: -mlir-print-debuginfo

!i = i64
!vf = vector<4xf32>
!tf = tensor<2x2xf16>

func.func @integer(%a: !i, %b: !i) -> (!i, !i, !i, i1) {
  %0 = arith.addi %a, %b overflow<nsw, nuw> : !i
  %1 = arith.divsi %0, %b : !i
  %2 = arith.remui %1, %a : !i
  %3 = arith.shli %2, %a : !i
  %4 = arith.andi %3, %b : !i
  %5 = arith.maxsi %4, %a : !i
  %6 = arith.ceildivsi %5, %b : !i
  %7 = arith.cmpi sge, %6, %a : !i
  return %0, %5, %6, %7 : !i, !i, !i, i1
}

func.func @float(%a: !vf, %b: !vf) -> (!vf, vector<4xi1>) {
  %0 = arith.addf %a, %b fastmath<fast> : !vf
  %1 = arith.mulf %0, %b fastmath<nnan, ninf> : !vf
  %2 = arith.divf %1, %a : !vf
  %3 = arith.maximumf %2, %a : !vf
  %4 = arith.negf %3 : !vf
  %5 = arith.cmpf ult, %4, %b : !vf
  return %4, %5 : !vf, vector<4xi1>
}

func.func @casts(%i: i32, %f: f32, %x: index, %t: !tf) -> (f64, i8, index, i64, f16, tensor<2x2xf32>) {
  %0 = arith.extf %f : f32 to f64
  %1 = arith.trunci %i : i32 to i8
  %2 = arith.index_cast %i : i32 to index
  %3 = arith.index_castui %x : index to i64
  %4 = arith.truncf %f : f32 to f16
  %5 = arith.bitcast %i : i32 to f32
  %6 = arith.sitofp %i : i32 to f32
  %7 = arith.fptoui %6 : f32 to i32
  %8 = arith.extf %t : !tf to tensor<2x2xf32>
  return %0, %1, %2, %3, %4, %8 : f64, i8, index, i64, f16, tensor<2x2xf32>
}

func.func @constants() -> (i1, i32, f32, f64, index, tensor<4xi32>, vector<3xf16>, bf16) {
  %0 = arith.constant true
  %1 = arith.constant -42 : i32
  %2 = arith.constant 3.5 : f32
  %3 = arith.constant 0x7FF0000000000000 : f64
  %4 = arith.constant 1024 : index
  %5 = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %6 = arith.constant dense<0.5> : vector<3xf16>
  %7 = arith.constant 1.0e-3 : bf16
  return %0, %1, %2, %3, %4, %5, %6, %7 : i1, i32, f32, f64, index, tensor<4xi32>, vector<3xf16>, bf16
}

func.func @select_and_wide(%c: i1, %a: i32, %b: i32) -> (i32, i32, i32) {
  %0 = arith.select %c, %a, %b : i32
  %lo, %hi = arith.mului_extended %a, %b : i32
  %s, %ov = arith.addui_extended %a, %b : i32, i1
  return %0, %lo, %hi : i32, i32, i32
}
