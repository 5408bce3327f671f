func.func @f(%a: i32) -> i64 {
  // expected-error @+1 {{type of return operand 0}}
  return %a : i32
}
