//===- HostKernels.c - host kernel generators (placeholder until written) ---===//
#include "Conversion/KernelGen.h"

#include <stdio.h>

bool tesseraGenHostMatmul(const TesseraMatmulKernelConfig *cfg, TesseraStrBuf *out, char *err, size_t cap) {
  (void)cfg;
  (void)out;
  snprintf(err, cap, "tesseraGenHostMatmul: not implemented yet");
  return false;
}

bool tesseraGenHostSoftmax(const TesseraSoftmaxKernelConfig *cfg, TesseraStrBuf *out, char *err, size_t cap) {
  (void)cfg;
  (void)out;
  snprintf(err, cap, "tesseraGenHostSoftmax: not implemented yet");
  return false;
}
