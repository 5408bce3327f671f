// PARITY: -arith-expand -split-input-file
// PARITY: -arith-expand=include-bf16=true -split-input-file
// PARITY: -convert-arith-to-llvm -split-input-file
// PARITY: -convert-arith-to-llvm='index-bitwidth=32' -split-input-file -mlir-print-op-generic
// PARITY: -arith-emulate-wide-int="widest-int-supported=32" -split-input-file
// PARITY: -arith-emulate-unsupported-floats="source-types=bf16 target-type=f32" -split-input-file

func.func @expand_ceil_floor(%a: i32, %b: i32) -> (i32, i32, i32) {
  %0 = arith.ceildivsi %a, %b : i32
  %1 = arith.floordivsi %a, %b : i32
  %2 = arith.ceildivui %a, %b : i32
  return %0, %1, %2 : i32, i32, i32
}

func.func @expand_minmax(%a: f32, %b: f32) -> (f32, f32) {
  %0 = arith.maximumf %a, %b : f32
  %1 = arith.minnumf %a, %b : f32
  return %0, %1 : f32, f32
}

func.func @bf16_math(%a: bf16, %b: bf16) -> bf16 {
  %0 = arith.addf %a, %b : bf16
  %1 = arith.extf %0 : bf16 to f32
  %2 = arith.truncf %1 : f32 to bf16
  return %2 : bf16
}

// -----

func.func @wide(%a: i64, %b: i64) -> (i64, i1) {
  %0 = arith.addi %a, %b : i64
  %1 = arith.muli %0, %b : i64
  %2 = arith.cmpi ult, %1, %a : i64
  return %1, %2 : i64, i1
}

func.func @index_math(%i: index, %j: index) -> index {
  %0 = arith.addi %i, %j : index
  %1 = arith.index_cast %0 : index to i32
  %2 = arith.index_cast %1 : i32 to index
  return %2 : index
}

func.func @vectors(%a: vector<4xf32>, %b: vector<4xf32>) -> vector<4xi1> {
  %0 = arith.cmpf oeq, %a, %b : vector<4xf32>
  return %0 : vector<4xi1>
}
