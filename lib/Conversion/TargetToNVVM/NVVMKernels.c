//===- NVVMKernels.c - NVIDIA kernel generators (placeholder until written) ---===//
#include "Conversion/KernelGen.h"

#include <stdio.h>

bool tesseraGenNVVMMatmul(const TesseraMatmulKernelConfig *cfg, TesseraStrBuf *out, TesseraLaunchInfo *launch, char *err, size_t cap) {
  (void)cfg;
  (void)out;
  (void)launch;
  snprintf(err, cap, "tesseraGenNVVMMatmul: not implemented yet");
  return false;
}

bool tesseraGenNVVMSoftmax(const TesseraSoftmaxKernelConfig *cfg, TesseraStrBuf *out, TesseraLaunchInfo *launch, char *err, size_t cap) {
  (void)cfg;
  (void)out;
  (void)launch;
  snprintf(err, cap, "tesseraGenNVVMSoftmax: not implemented yet");
  return false;
}
