// PARITY: -split-input-file -verify-diagnostics
// PARITY: -verify-diagnostics=only-expected -split-input-file

func.func @launch_requires_terminator(%sz: index) {
  // expected-note @+1 {{in 'gpu.launch' body region}}
  gpu.launch blocks(%bx, %by, %bz) in (%sbx = %sz, %sby = %sz, %sbz = %sz)
             threads(%tx, %ty, %tz) in (%stx = %sz, %sty = %sz, %stz = %sz) {
    // expected-error @+1 {{expected 'gpu.terminator' or a terminator with successors}}
    "gpu.yield"() : () -> ()
  }
  return
}

// -----

module attributes {gpu.container_module} {
  func.func @launch_func_missing_kernel(%sz: index) {
    // expected-error @+1 {{kernel container 'nope' is undefined}}
    gpu.launch_func @nope::@k blocks in (%sz, %sz, %sz) threads in (%sz, %sz, %sz)
    return
  }
}

// -----

func.func @launch_func_without_container(%sz: index) {
  // expected-error @+1 {{expected the closest surrounding module to have the 'gpu.container_module' attribute}}
  gpu.launch_func @kernels::@k blocks in (%sz, %sz, %sz) threads in (%sz, %sz, %sz)
  return
}

// -----

// expected-note @+1 {{prior use here}}
func.func @shuffle_mismatch(%v: f32, %o: i32, %w: i32) {
  // expected-error @+1 {{use of value '%v' expects different type than prior uses: 'i32' vs 'f32'}}
  %r, %ok = gpu.shuffle xor %v, %o, %w : i32
  return
}

// -----

gpu.module @kernels {
  // expected-error @+1 {{'gpu.func' op expected memref type in attribution}}
  gpu.func @bad_attribution() workgroup(%x: f32) kernel {
    gpu.return
  }
}

// -----

gpu.module @kernels {
  // expected-error @+1 {{'gpu.func' op expected void return type for kernel function}}
  gpu.func @kernel_with_results() -> f32 kernel {
    %c = arith.constant 0.0 : f32
    gpu.return %c : f32
  }
}

// -----

func.func @reduce_op_type(%v: i32) {
  // expected-error @+1 {{`minnumf` reduction operation is not compatible with type 'i32'}}
  %r = gpu.all_reduce minnumf %v {} : (i32) -> (i32)
  return
}
