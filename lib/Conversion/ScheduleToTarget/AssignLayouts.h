//===- AssignLayouts.h - Commitments of kernels compiled op by op ---------===//
#ifndef TESSERA_CONVERSION_SCHEDULETOTARGET_ASSIGNLAYOUTS_H
#define TESSERA_CONVERSION_SCHEDULETOTARGET_ASSIGNLAYOUTS_H

#include "Dialect/Target/TargetUtils.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct TesseraDistributedPlan {
  bool amd;         // mfma (wave64) rather than mma.sync (warps of 32)
  bool wgmma;       // sm_90a wgmma: shape[1] is each matmul's N
  bool tma;         // sm_90a: the copies are TMA (16-bit wgmma kernels)
  bool generic;     // no tensor-core form: the generic GPU lowering
  bool half;        // mma.sync m16n8k16 on f16 / bf16 tiles
  bool tf32;        // mma.sync / wgmma on f32 tiles, as tf32
  TtLayout blocked; // generic: the layout of the main tile
  int64_t shape[3]; // the instruction
  int64_t warps[2];
  int64_t blockThreads;
} TesseraDistributedPlan;

/// Chooses the instruction and warps of `func`'s tile matmuls on `chip`
/// (before they become ttarget.mma; PlanDistributed.c). False with why in
/// `err`.
bool tesseraPlanDistributed(MlirOperation func, const char *chip,
                            TesseraDistributedPlan *p, char *err, size_t cap);
/// The blocked layout of the generic GPU form for an R x C tile and
/// `wave`-lane warps (PlanDistributed.c); false if none fits.
bool tesseraBlockedLayout(int64_t R, int64_t C, int64_t wave, TtLayout *l);
/// Writes ttarget.layouts and inserts ttarget.convert_layout (after the
/// tile matmuls are ttarget.mma).
bool tesseraAssignLayouts(MlirOperation func, const TesseraDistributedPlan *p,
                          char *err, size_t cap);

#endif // TESSERA_CONVERSION_SCHEDULETOTARGET_ASSIGNLAYOUTS_H
