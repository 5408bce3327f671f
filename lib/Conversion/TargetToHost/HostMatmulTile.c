//===- HostMatmulTile.c - Packing, register tiles and epilogue (host) -----===//
//
// The inner loops of the host matmul (HostMatmul.h): packing a K block of
// B and an M block of A into f32 panels, and the MR x NR register tiles
// that accumulate rank-1 updates from them and, on the last K block, apply
// the epilogue and store C.
//
//===----------------------------------------------------------------------===//
#include "Conversion/TargetToHost/HostMatmul.h"
#include "IR/ElementwiseFns.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirValue add(const TsBuilder *b, MlirValue x, MlirValue y) {
  return tsBinary(b, "arith.addi", x, y);
}
static MlirValue sub(const TsBuilder *b, MlirValue x, MlirValue y) {
  return tsBinary(b, "arith.subi", x, y);
}
static MlirValue mul(const TsBuilder *b, MlirValue x, MlirValue y) {
  return tsBinary(b, "arith.muli", x, y);
}

MlirType hostElemType(const TsBuilder *b, TesseraDType t) {
  return tsType(b, tesseraDTypeName(t));
}

static MlirType vecOf(int64_t n, MlirType elem) {
  return mlirVectorTypeGet(1, &n, elem);
}

MlirValue hostToF32(const HostMatmul *h, const TsBuilder *b, MlirValue v) {
  MlirType t = mlirValueGetType(v);
  if (mlirTypeIsAF32(mlirShapedTypeGetElementType(t)))
    return v;
  return tsConvert(b, "arith.extf", v, h->vf);
}

// A vector<W x t> of `t`'s zeros: the value of masked-off lanes.
static MlirValue zeros(const HostMatmul *h, const TsBuilder *b,
                       TesseraDType t) {
  return tsConstFloat(b, vecOf(h->s.W, hostElemType(b, t)), 0.0);
}

// W elements of `mem` at (row, col): a plain load when `full`, else lanes
// [0, n) of a masked one.
static MlirValue loadRow(const HostMatmul *h, const TsBuilder *b,
                         MlirValue mem, MlirValue row, MlirValue col,
                         MlirValue full, MlirValue n, TesseraDType t) {
  MlirValue idx[2] = {row, col};
  MlirType vt = vecOf(h->s.W, hostElemType(b, t));
  TsBuilder then, els;
  MlirOperation i = tsIf(b, full, 1, &vt, &then, &els);
  MlirValue u = tsVecLoad(&then, vt, mem, 2, idx);
  tsYield(&then, 1, &u);
  MlirValue mask = tsCreateMask(&els, h->vm, 1, &n);
  MlirValue x = tsMaskedLoad(&els, mem, 2, idx, mask, zeros(h, &els, t));
  tsYield(&els, 1, &x);
  return tsResult(i, 0);
}

//===----------------------------------------------------------------------===//
// Packing
//===----------------------------------------------------------------------===//

// B[pc:pc+kc, n0:n0+nc] -> Bp as ceil(nc/NR) panels of [kc][NR] f32, read
// row by row (contiguous reads of B), each row scattered to the panels.
void hostPackB(HostMatmul *h, const TsBuilder *b) {
  TsBuilder kb, jb, hb;
  MlirValue k, jr, hv;
  tsFor(b, h->c0, h->kc, h->c1, 0, NULL, &kb, &k);
  MlirValue row = add(&kb, h->pc, k), kNR = mul(&kb, k, h->cNR);
  tsFor(&kb, h->c0, h->nc, h->cNR, 0, NULL, &jb, &jr);
  MlirValue pb = mul(&jb, jr, h->kc), jw = sub(&jb, h->nc, jr);
  MlirValue col = add(&jb, h->n0, jr), dst = add(&jb, pb, kNR);
  // Whole panels (all but the last) load without a mask.
  MlirValue full = tsCmpI(&jb, "sge", jw, h->cNR);
  tsFor(&jb, h->c0, h->cNR, h->cW, 0, NULL, &hb, &hv);
  MlirValue hw = sub(&hb, jw, hv), cc = add(&hb, col, hv);
  MlirValue v = loadRow(h, &hb, h->Bv, row, cc, full, hw, h->cfg->b);
  MlirValue d = add(&hb, dst, hv);
  tsVecStore(&hb, hostToF32(h, &hb, v), h->Bp, 1, &d);
  tsYield(&hb, 0, NULL);
  tsYield(&jb, 0, NULL);
  tsYield(&kb, 0, NULL);
}

// The MR rows of A at k of panel (r0, kk) as f32 vectors: plain loads when
// the block is whole (the common case), else loads masked to the k left
// (`m`) and to the rows in range (`iw` rows).
static void loadPanelRows(HostMatmul *h, const TsBuilder *b, MlirValue r0,
                          MlirValue kk, MlirValue iw, MlirValue kw,
                          MlirValue m, MlirValue *rows) {
  int MR = h->s.MR;
  MlirValue ra[kHostMaxMR];
  for (int i = 0; i < MR; ++i)
    ra[i] = add(b, r0, h->ci[i]);
  MlirValue rowsIn = tsCmpI(b, "sge", iw, h->cMR);
  MlirValue full =
      tsBinary(b, "arith.andi", rowsIn, tsCmpI(b, "sge", kw, h->cW));
  MlirType vt = vecOf(h->s.W, hostElemType(b, h->cfg->a));
  MlirType types[kHostMaxMR];
  for (int i = 0; i < MR; ++i)
    types[i] = vt;
  TsBuilder then, els;
  MlirOperation sel = tsIf(b, full, MR, types, &then, &els);
  MlirValue v[kHostMaxMR];
  for (int i = 0; i < MR; ++i) {
    MlirValue idx[2] = {ra[i], kk};
    v[i] = tsVecLoad(&then, vt, h->Av, 2, idx);
  }
  tsYield(&then, MR, v);
  MlirValue none = tsConstInt(&els, h->vm, 0);
  for (int i = 0; i < MR; ++i) {
    MlirValue idx[2] = {ra[i], kk};
    MlirValue in = tsCmpI(&els, "slt", h->ci[i], iw);
    v[i] = tsMaskedLoad(&els, h->Av, 2, idx, tsSelect(&els, in, m, none),
                        zeros(h, &els, h->cfg->a));
  }
  tsYield(&els, MR, v);
  for (int i = 0; i < MR; ++i)
    rows[i] = hostToF32(h, b, tsResult(sel, i));
}

// A[ic:ic+mc, pc:pc+kc] -> Ap as ceil(mc/MR) panels of [kc][MR] f32. W
// consecutive k of a panel are W x MR contiguous floats: the MR x W block
// of A (one vector load per row, zero rows past mc) transposed in
// registers (vector.transpose, lowered to shuffles) and stored as one flat
// vector, masked to the kc - k rows left in the last chunk.
void hostPackA(HostMatmul *h, const TsBuilder *b) {
  int W = h->s.W, MR = h->s.MR;
  TsBuilder ib, kb;
  MlirValue ir, k;
  tsFor(b, h->c0, h->mc, h->cMR, 0, NULL, &ib, &ir);
  MlirValue pa = mul(&ib, ir, h->kc), iw = sub(&ib, h->mc, ir);
  MlirValue r0 = add(&ib, h->ic, ir);
  tsFor(&ib, h->c0, h->kc, h->cW, 0, NULL, &kb, &k);
  MlirValue kw = sub(&kb, h->kc, k), kk = add(&kb, h->pc, k);
  MlirValue m = tsCreateMask(&kb, h->vm, 1, &kw);
  MlirValue rows[kHostMaxMR];
  loadPanelRows(h, &kb, r0, kk, iw, kw, m, rows);
  int64_t shape[2] = {MR, W};
  MlirValue blk = tsConstFloat(&kb, mlirVectorTypeGet(2, shape, h->f32), 0.0);
  for (int64_t i = 0; i < MR; ++i)
    blk = tsVecInsert(&kb, rows[i], blk, 1, &i);
  int64_t perm[2] = {1, 0};
  MlirType flatT = vecOf((int64_t)W * MR, h->f32);
  MlirValue flat = tsConvert(&kb, "vector.shape_cast",
                             tsTranspose(&kb, blk, 2, perm), flatT);
  MlirValue base = add(&kb, pa, mul(&kb, k, h->cMR));
  TsBuilder then, els;
  tsIf(&kb, tsCmpI(&kb, "sge", kw, h->cW), 0, NULL, &then, &els);
  tsVecStore(&then, flat, h->Ap, 1, &base);
  tsYield(&then, 0, NULL);
  MlirValue n = mul(&els, kw, h->cMR);
  MlirValue fm = tsCreateMask(&els, vecOf((int64_t)W * MR,
                                          mlirIntegerTypeGet(b->ctx, 1)),
                              1, &n);
  tsMaskedStore(&els, flat, h->Ap, 1, &base, fm);
  tsYield(&els, 0, NULL);
  tsYield(&kb, 0, NULL);
  tsYield(&ib, 0, NULL);
}

//===----------------------------------------------------------------------===//
// The register tile
//===----------------------------------------------------------------------===//

// Where the register tiles of one (jr, ir) read and write.
typedef struct Tile {
  MlirValue pa, pb;          // panel offsets in Ap and Bp
  MlirValue iw, cfull;       // rows left; the NR columns are all in range
  MlirValue m[2];            // lane masks of the two column vectors
  MlirValue col[2];          // their first column of C
  MlirValue accCol[2];       // ... of the partial sums' memory
  MlirValue row[kHostMaxMR], accRow[kHostMaxMR];
  MlirValue in[kHostMaxMR];  // row i is in range
  MlirValue ld[kHostMaxMR];  // row i has partial sums from earlier K blocks
} Tile;

// The 2 MR accumulators after k in [lo, hi) by `step`, each iteration
// `unroll` rank-1 updates: acc += Ap[k][0:MR] (broadcast) x Bp[k][0:NR].
static void kLoop(HostMatmul *h, const TsBuilder *b, const Tile *t,
                  MlirValue *acc, MlirValue lo, MlirValue hi, MlirValue step,
                  int unroll) {
  int MR = h->s.MR;
  TsBuilder lb;
  MlirValue k;
  MlirOperation loop = tsFor(b, lo, hi, step, 2 * MR, acc, &lb, &k);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  MlirValue cur[2 * kHostMaxMR];
  for (int i = 0; i < 2 * MR; ++i)
    cur[i] = mlirBlockGetArgument(body, 1 + i);
  for (int u = 0; u < unroll; ++u) {
    MlirValue ku = add(&lb, k, h->cu[u]);
    MlirValue bo = add(&lb, t->pb, mul(&lb, ku, h->cNR));
    MlirValue boW = add(&lb, bo, h->cW);
    MlirValue b0 = tsVecLoad(&lb, h->vf, h->Bp, 1, &bo);
    MlirValue b1 = tsVecLoad(&lb, h->vf, h->Bp, 1, &boW);
    MlirValue ao = add(&lb, t->pa, mul(&lb, ku, h->cMR));
    for (int i = 0; i < MR; ++i) {
      MlirValue at = add(&lb, ao, h->ci[i]);
      MlirValue av = tsBroadcast(&lb, tsLoad(&lb, h->Ap, 1, &at), h->vf);
      cur[2 * i] = tsFma(&lb, av, b0, cur[2 * i]);
      cur[2 * i + 1] = tsFma(&lb, av, b1, cur[2 * i + 1]);
    }
  }
  tsYield(&lb, 2 * MR, cur);
  for (int i = 0; i < 2 * MR; ++i)
    acc[i] = tsResult(loop, i);
}

// The memory of the partial sums: C itself when C is f32, else the f32
// workspace, whose rows / columns are relative to the block origin.
static MlirValue accMem(const HostMatmul *h) {
  return h->cfg->c == TESSERA_F32 ? h->Cv : h->Wk;
}

// The partial sums of earlier K blocks for row i (zeros in the first).
static void partialSums(HostMatmul *h, const TsBuilder *b, const Tile *t,
                        int i, MlirValue *p) {
  MlirType two[2] = {h->vf, h->vf};
  TsBuilder then, els, full, part;
  MlirOperation ld = tsIf(b, t->ld[i], 2, two, &then, &els);
  MlirOperation y = tsIf(&then, t->cfull, 2, two, &full, &part);
  MlirValue u[2];
  for (int c = 0; c < 2; ++c) {
    MlirValue idx[2] = {t->accRow[i], t->accCol[c]};
    u[c] = tsVecLoad(&full, h->vf, accMem(h), 2, idx);
  }
  tsYield(&full, 2, u);
  for (int c = 0; c < 2; ++c) {
    MlirValue idx[2] = {t->accRow[i], t->accCol[c]};
    u[c] = tsMaskedLoad(&part, accMem(h), 2, idx, t->m[c], h->zero);
  }
  tsYield(&part, 2, u);
  MlirValue r[2] = {tsResult(y, 0), tsResult(y, 1)};
  tsYield(&then, 2, r);
  MlirValue z[2] = {h->zero, h->zero};
  tsYield(&els, 2, z);
  p[0] = tsResult(ld, 0);
  p[1] = tsResult(ld, 1);
}

// The epilogue of the config on `v` (f32) for C's `row` and columns from
// `col` under `mask`: the bias and residual adds read their operand (in
// its type, widened), the activations are the elementwise table's.
static MlirValue epilogue(HostMatmul *h, const TsBuilder *b, MlirValue v,
                          MlirValue row, MlirValue col, MlirValue mask) {
  const TesseraMatmulKernelConfig *cfg = h->cfg;
  int extra = 0;
  for (int e = 0; e < cfg->numEpilogue; ++e) {
    const TesseraEpilogueOp *op = &cfg->epilogue[e];
    if (op->kind == TESSERA_EPI_BIAS || op->kind == TESSERA_EPI_RESIDUAL) {
      bool bias = op->kind == TESSERA_EPI_BIAS;
      MlirValue idx[2] = {row, col};
      MlirValue x = tsMaskedLoad(
          b, bias ? h->extra[extra] : h->Ev[extra], bias ? 1 : 2,
          bias ? idx + 1 : idx, mask, zeros(h, b, op->operandType));
      v = tsBinary(b, "arith.addf", v, hostToF32(h, b, x));
      ++extra;
      continue;
    }
    v = op->fn->emit(b, &v);
  }
  return v;
}

// Row i of the tile: the sum so far (this block's plus the earlier
// blocks'), stored as C after the epilogue on the last K block, else as
// partial sums.
static void storeRow(HostMatmul *h, const TsBuilder *b, const Tile *t, int i,
                     const MlirValue *acc, const MlirValue *p) {
  TsBuilder in;
  tsIf(b, t->in[i], 0, NULL, &in, NULL);
  MlirValue s[2];
  for (int c = 0; c < 2; ++c)
    // The first block is taken as it is (adding 0.0 would turn a -0.0
    // into +0.0).
    s[c] = tsSelect(&in, h->notfirst,
                    tsBinary(&in, "arith.addf", acc[2 * i + c], p[c]),
                    acc[2 * i + c]);
  TsBuilder last, partial;
  tsIf(&in, h->last, 0, NULL, &last, &partial);
  MlirType ct = vecOf(h->s.W, hostElemType(b, h->cfg->c));
  for (int c = 0; c < 2; ++c) {
    MlirValue r = epilogue(h, &last, s[c], t->row[i], t->col[c], t->m[c]);
    if (h->cfg->c != TESSERA_F32)
      r = tsConvert(&last, "arith.truncf", r, ct);
    MlirValue idx[2] = {t->row[i], t->col[c]};
    TsBuilder full, part;
    tsIf(&last, t->cfull, 0, NULL, &full, &part);
    tsVecStore(&full, r, h->Cv, 2, idx);
    tsYield(&full, 0, NULL);
    tsMaskedStore(&part, r, h->Cv, 2, idx, t->m[c]);
    tsYield(&part, 0, NULL);
  }
  tsYield(&last, 0, NULL);
  TsBuilder full, part;
  tsIf(&partial, t->cfull, 0, NULL, &full, &part);
  for (int c = 0; c < 2; ++c) {
    MlirValue idx[2] = {t->accRow[i], t->accCol[c]};
    tsVecStore(&full, s[c], accMem(h), 2, idx);
    tsMaskedStore(&part, s[c], accMem(h), 2, idx, t->m[c]);
  }
  tsYield(&full, 0, NULL);
  tsYield(&part, 0, NULL);
  tsYield(&partial, 0, NULL);
  tsYield(&in, 0, NULL);
}

// The MR x NR register tile at (ir, jr): accumulate over kc from zero,
// add the partial sums of earlier K blocks, whose cache lines are
// prefetched before the K loop so that the loads do not stall it, then
// store.
static void registerTile(HostMatmul *h, const TsBuilder *b, Tile *t,
                         MlirValue ir) {
  int MR = h->s.MR;
  bool ws = h->cfg->c != TESSERA_F32;
  t->pa = mul(b, ir, h->kc);
  t->iw = sub(b, h->mc, ir);
  MlirValue row0 = add(b, h->ic, ir), wrow0 = sub(b, row0, h->m0i);
  MlirValue acc[2 * kHostMaxMR];
  for (int i = 0; i < MR; ++i) {
    t->in[i] = tsCmpI(b, "slt", h->ci[i], t->iw);
    t->row[i] = add(b, row0, h->ci[i]);
    t->accRow[i] = ws ? add(b, wrow0, h->ci[i]) : t->row[i];
    t->ld[i] = tsBinary(b, "arith.andi", t->in[i], h->notfirst);
    TsBuilder pf;
    tsIf(b, t->ld[i], 0, NULL, &pf, NULL);
    for (int c = 0; c < 2; ++c) {
      MlirValue idx[2] = {t->accRow[i], t->accCol[c]};
      tsPrefetchRead(&pf, accMem(h), 2, idx, 3);
    }
    tsYield(&pf, 0, NULL);
    acc[2 * i] = acc[2 * i + 1] = tsConstFloat(b, h->vf, 0.0);
  }
  // The K loop, unrolled by kHostKUnroll (fewer loop-control uops between
  // the FMAs), then the kc % kHostKUnroll remainder one step at a time.
  MlirValue kcm = sub(b, h->kc, tsBinary(b, "arith.remui", h->kc, h->cKU));
  kLoop(h, b, t, acc, h->c0, kcm, h->cKU, kHostKUnroll);
  kLoop(h, b, t, acc, kcm, h->kc, h->c1, 1);
  MlirValue p[kHostMaxMR][2];
  for (int i = 0; i < MR; ++i)
    partialSums(h, b, t, i, p[i]);
  for (int i = 0; i < MR; ++i)
    storeRow(h, b, t, i, acc, p[i]);
}

void hostRegisterTiles(HostMatmul *h, const TsBuilder *b) {
  TsBuilder jb, ib;
  MlirValue jr, ir;
  Tile t;
  tsFor(b, h->c0, h->nc, h->cNR, 0, NULL, &jb, &jr);
  t.pb = mul(&jb, jr, h->kc);
  MlirValue jw = sub(&jb, h->nc, jr);
  t.col[0] = add(&jb, h->n0, jr);
  t.col[1] = add(&jb, t.col[0], h->cW);
  t.m[0] = tsCreateMask(&jb, h->vm, 1, &jw);
  MlirValue jwW = sub(&jb, jw, h->cW);
  t.m[1] = tsCreateMask(&jb, h->vm, 1, &jwW);
  if (h->cfg->c == TESSERA_F32) {
    t.accCol[0] = t.col[0];
    t.accCol[1] = t.col[1];
  } else {
    t.accCol[0] = sub(&jb, t.col[0], h->n0);
    t.accCol[1] = add(&jb, t.accCol[0], h->cW);
  }
  // Full-width tiles (all but the last column panel) use plain vector
  // loads and stores: masked stores are microcoded and slow on AMD cores.
  t.cfull = tsCmpI(&jb, "sge", jw, h->cNR);
  tsFor(&jb, h->c0, h->mc, h->cMR, 0, NULL, &ib, &ir);
  registerTile(h, &ib, &t, ir);
  tsYield(&ib, 0, NULL);
  tsYield(&jb, 0, NULL);
}
