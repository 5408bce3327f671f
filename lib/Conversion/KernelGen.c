//===- KernelGen.c - Shared bits of the kernel generators ----------------===//
#include "Conversion/KernelGen.h"

const char *tesseraDTypeName(TesseraDType t) {
  switch (t) {
  case TESSERA_F32:
    return "f32";
  case TESSERA_F16:
    return "f16";
  case TESSERA_BF16:
    return "bf16";
  }
  return "f32";
}

bool tesseraHostHasAvx512(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}
