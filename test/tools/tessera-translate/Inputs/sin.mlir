module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @sin_kernel(%x: memref<?xf32>) kernel {
      %i = gpu.thread_id x
      %v = memref.load %x[%i] : memref<?xf32>
      %s = math.sin %v : f32
      memref.store %s, %x[%i] : memref<?xf32>
      gpu.return
    }
  }
}
