//===- GpuRuntime.c - GPU execution (placeholder until written) ----------===//
#include "tessera-c/Runtime.h"

#include <stdio.h>

bool tesseraGpuAvailable(TesseraDevice device, char *err, size_t cap) {
  (void)device;
  snprintf(err, cap, "GPU execution is not implemented yet");
  return false;
}

bool tesseraGpuInvoke(TesseraDevice device, MlirModule lowered,
                      const char *entry, const TesseraSignature *sig,
                      const TesseraTensor *inputs, TesseraTensor *results,
                      double *millis, char *err, size_t cap) {
  (void)device, (void)lowered, (void)entry, (void)sig, (void)inputs;
  (void)results, (void)millis;
  snprintf(err, cap, "GPU execution is not implemented yet");
  return false;
}
