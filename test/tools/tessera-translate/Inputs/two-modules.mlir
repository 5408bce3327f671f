module attributes {gpu.container_module} {
  gpu.module @first [#nvvm.target<chip = "sm_80">] {
    gpu.func @k1() kernel { gpu.return }
  }
  gpu.module @second [#nvvm.target<chip = "sm_90">] {
    gpu.func @k2() kernel { gpu.return }
  }
}
