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
