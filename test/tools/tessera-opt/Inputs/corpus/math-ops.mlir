// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -canonicalize
// PARITY: -verify-roundtrip

!v = vector<8xf32>
!t = tensor<?xf64>

func.func @unary(%x: f32, %v: !v, %t: !t) -> (f32, !v, !t) {
  %0 = math.exp %x : f32
  %1 = math.log %0 fastmath<afn> : f32
  %2 = math.sqrt %v : !v
  %3 = math.rsqrt %2 : !v
  %4 = math.tanh %t : !t
  %5 = math.absf %1 : f32
  %6 = math.floor %5 : f32
  %7 = math.erf %3 : !v
  return %6, %7, %4 : f32, !v, !t
}

func.func @binary(%x: f32, %y: f32, %i: i32, %j: i32) -> (f32, f32, i32, f32) {
  %0 = math.powf %x, %y : f32
  %1 = math.atan2 %x, %y : f32
  %2 = math.ipowi %i, %j : i32
  %3 = math.fma %x, %y, %0 : f32
  %4 = math.copysign %3, %1 : f32
  %5 = math.fpowi %4, %j : f32, i32
  return %1, %4, %2, %5 : f32, f32, i32, f32
}

func.func @integer(%i: i32) -> (i32, i32, i32) {
  %0 = math.ctlz %i : i32
  %1 = math.ctpop %i : i32
  %2 = math.absi %i : i32
  return %0, %1, %2 : i32, i32, i32
}

func.func @constant_fold() -> (f32, f64) {
  %c = arith.constant 4.0 : f32
  %0 = math.sqrt %c : f32
  %d = arith.constant 0.0 : f64
  %1 = math.cos %d : f64
  return %0, %1 : f32, f64
}

func.func @predicates(%x: f32) -> (i1, i1) {
  %0 = math.isnan %x : f32
  %1 = math.isfinite %x : f32
  return %0, %1 : i1, i1
}
