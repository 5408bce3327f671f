func.func @f() {
  // expected-error @+1 {{this error is never produced}}
  return
}
