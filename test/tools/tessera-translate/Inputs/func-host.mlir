func.func @not_lowered() {
  return
}
