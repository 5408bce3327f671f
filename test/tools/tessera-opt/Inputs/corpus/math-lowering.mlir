// PARITY: -math-expand-ops -split-input-file
// PARITY: -math-expand-ops=ops=tanh,ctlz -split-input-file
// PARITY: -convert-math-to-llvm -split-input-file
// PARITY: -convert-math-to-libm -split-input-file
// PARITY: -math-uplift-to-fma -math-sincos-fusion -split-input-file
// PARITY: -convert-math-to-rocdl -split-input-file

func.func @expand(%x: f32, %i: i32, %v: vector<4xf32>) -> (f32, i32, vector<4xf32>, f32) {
  %0 = math.tanh %x : f32
  %1 = math.ctlz %i : i32
  %2 = math.exp2 %v : vector<4xf32>
  %3 = math.round %x : f32
  return %0, %1, %2, %3 : f32, i32, vector<4xf32>, f32
}

// -----

func.func @libm(%x: f64, %y: f32) -> (f64, f32, f64) {
  %0 = math.atan %x : f64
  %1 = math.erf %y : f32
  %2 = math.cbrt %x : f64
  return %0, %1, %2 : f64, f32, f64
}

func.func @fma_and_sincos(%a: f32, %b: f32, %c: f32) -> (f32, f32, f32) {
  %m = arith.mulf %a, %b fastmath<contract> : f32
  %s = arith.addf %m, %c fastmath<contract> : f32
  %sin = math.sin %a : f32
  %cos = math.cos %a : f32
  return %s, %sin, %cos : f32, f32, f32
}
