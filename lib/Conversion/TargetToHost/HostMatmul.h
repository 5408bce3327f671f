//===- HostMatmul.h - The host matmul lowering, shared by its two files ---===//
//
// The packed BLIS-style loop nest that the `matmul` kernel family lowers to
// on the host (HostMatmul.c: functions, grid and blocks; HostMatmulTile.c:
// packing, the register tile and the epilogue), built through
// lib/IR/Builder.h at the kernel's location.
//
//===----------------------------------------------------------------------===//
#ifndef TESSERA_CONVERSION_TARGETTOHOST_HOSTMATMUL_H
#define TESSERA_CONVERSION_TARGETTOHOST_HOSTMATMUL_H

#include "Conversion/KernelGen.h"
#include "IR/Builder.h"

// Rank-1 updates per iteration of the register tile's K loop.
enum { kHostKUnroll = 4, kHostMaxMR = 14 };

typedef struct HostShape {
  int W;      // f32 lanes per vector
  int MR, NR; // register tile
  int KC, MC; // cache blocks (MC a multiple of MR)
} HostShape;

/// The shape for the vector width the Target IR committed to (512 with
/// AVX-512, 256 with AVX2); 0 means this CPU's.
HostShape hostShape(int bits);

/// One host matmul being built: its config and shape, the types it uses,
/// and the values of the function being built that its loops read.
typedef struct HostMatmul {
  const TesseraMatmulKernelConfig *cfg;
  HostShape s;
  int64_t tileN;      // the largest N block, a multiple of NR
  int apSize, bpSize; // f32 elements of the packed A and B buffers
  MlirType idx, f32, vf, vm; // index, f32, vector<W x f32>, vector<W x i1>
  // Constants of the current function.
  MlirValue c0, c1, cW, cMR, cNR, cKC, cMC, cKU, ctrue, zero;
  MlirValue cu[kHostKUnroll], ci[kHostMaxMR];
  // The problem and its grid (both functions).
  MlirValue A, B, C, extra[TESSERA_MAX_EPILOGUE];
  MlirValue M, N, K, K1, tM, tN, nb, blocks, grid, cores;
  // The block function: views, packed buffers, its block of C.
  MlirValue Av, Bv, Cv, Ev[TESSERA_MAX_EPILOGUE], Ap, Bp, Wk;
  MlirValue m0i, m1i, n0, nc;
  // The current K block and M block.
  MlirValue pc, kc, last, notfirst, ic, mc;
} HostMatmul;

/// B[pc:pc+kc, n0:n0+nc] -> Bp; A[ic:ic+mc, pc:pc+kc] -> Ap; the register
/// tiles of the M block (HostMatmulTile.c).
void hostPackB(HostMatmul *h, const TsBuilder *b);
void hostPackA(HostMatmul *h, const TsBuilder *b);
void hostRegisterTiles(HostMatmul *h, const TsBuilder *b);

/// vector<W x t> as vector<W x f32> (`v` itself when t is f32).
MlirValue hostToF32(const HostMatmul *h, const TsBuilder *b, MlirValue v);
/// The element type of `t`.
MlirType hostElemType(const TsBuilder *b, TesseraDType t);

#endif // TESSERA_CONVERSION_TARGETTOHOST_HOSTMATMUL_H
