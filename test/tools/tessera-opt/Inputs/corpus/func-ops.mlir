// PARITY:
// PARITY: -mlir-print-op-generic
// PARITY: -mlir-print-debuginfo
// PARITY: -mlir-print-local-scope
// PARITY: -convert-func-to-llvm
// PARITY: -convert-func-to-llvm='use-bare-ptr-memref-call-conv=1' -reconcile-unrealized-casts

#map = affine_map<(d0) -> (d0 * 2)>
!fn = (i32) -> i32
!m = memref<4xf32>

func.func private @external(!m) -> () attributes {llvm.emit_c_interface}
func.func nested @declared_nested(i32) -> i32

func.func @square(%x: i32) -> i32 attributes {tag = #map} {
  %0 = arith.muli %x, %x : i32
  return %0 : i32
}

func.func @indirect(%x: i32) -> i32 {
  %f = func.constant @square : !fn
  %0 = func.call_indirect %f(%x) : !fn
  %1 = call @square(%0) : (i32) -> i32
  return %1 : i32
}

func.func @arg_res_attrs(%a: !m {llvm.noalias}, %b: i64 {llvm.signext}) -> (i64 {llvm.zeroext}) {
  func.call @external(%a) : (!m) -> ()
  return %b : i64
}

func.func @multi_block(%c: i1, %x: i32) -> i32 {
  cf.cond_br %c, ^then, ^else
^then:
  %0 = func.call @square(%x) : (i32) -> i32
  return %0 : i32
^else:
  return %x : i32
}

func.func @with_loc(%x: f32 loc("arg.mlir":1:20)) -> f32 {
  %0 = arith.addf %x, %x : f32 loc("body.mlir":2:8)
  return %0 : f32 loc(callsite("inner"("a.mlir":3:4) at "outer"("b.mlir":5:6)))
} loc(fused["f.mlir":1:1, "g.mlir":2:2])
