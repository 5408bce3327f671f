//===- HostEmit.h - What the host kernel generators share ----------------===//
//
// The register shape of the host matmul kernels and the vector code of the
// matmul generator's epilogue (HostMatmul.c).
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TARGETTOHOST_HOSTEMIT_H
#define TESSERA_CONVERSION_TARGETTOHOST_HOSTEMIT_H

#include "Conversion/KernelGen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P(...) tesseraStrBufPrintf(out, __VA_ARGS__)

typedef struct HostShape {
  int W;      // f32 lanes per vector
  int MR, NR; // register tile
  int KC, MC; // cache blocks (MC a multiple of MR)
} HostShape;

/// The shape for the vector width the Target IR committed to (512 with
/// AVX-512, 256 with AVX2); 0 means this CPU's.
HostShape hostShape(int bits);

/// %<dst> = exp(%<src>) on vector<Wxf32> without libm (Cody-Waite reduction,
/// a degree-6 polynomial, 2^n in the exponent bits); needs %one_v.
void hostEmitVecExp(TesseraStrBuf *out, const char *dst, const char *src,
                    int W);

/// `src` (vector<W x t>) as vector<W x f32>: the name to use, `src` itself
/// when t is f32, else `dst`, defined by an extf.
const char *hostEmitToF32(TesseraStrBuf *out, const char *dst, const char *src,
                          TesseraDType t, int W);

/// The matmul epilogue of `cfg` on vector %<v> for row %<row> and columns
/// from %<col> under mask %<mask>; the result's name goes into `res`.
void hostEmitEpilogue(TesseraStrBuf *out, const TesseraMatmulKernelConfig *cfg,
                      const HostShape *s, const char *v, const char *row,
                      const char *col, const char *mask, char *res, size_t cap);

#endif // TESSERA_CONVERSION_TARGETTOHOST_HOSTEMIT_H
