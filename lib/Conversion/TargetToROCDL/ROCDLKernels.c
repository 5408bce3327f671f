//===- ROCDLKernels.c - AMD kernel generators (placeholder until written) ---===//
#include "Conversion/KernelGen.h"

#include <stdio.h>

bool tesseraGenROCDLMatmul(const TesseraMatmulKernelConfig *cfg, TesseraStrBuf *out, TesseraLaunchInfo *launch, char *err, size_t cap) {
  (void)cfg;
  (void)out;
  (void)launch;
  snprintf(err, cap, "tesseraGenROCDLMatmul: not implemented yet");
  return false;
}

bool tesseraGenROCDLSoftmax(const TesseraSoftmaxKernelConfig *cfg, TesseraStrBuf *out, TesseraLaunchInfo *launch, char *err, size_t cap) {
  (void)cfg;
  (void)out;
  (void)launch;
  snprintf(err, cap, "tesseraGenROCDLSoftmax: not implemented yet");
  return false;
}
