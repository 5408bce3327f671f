//===- HostMatmul.c - The host lowering of the matmul kernel family -------===//
//
// Matmul on the host: a BLIS-style blocked GEMM in upstream dialects (scf,
// vector, memref, arith, math), built through lib/IR/Builder.h at the
// kernel's location. Per program id (one tileM x tileN block of C, the
// unit the runtime's thread pool hands out):
//
//   for pc in K step KC:                  K block (kc <= KC)
//     pack B[pc:pc+kc, n0:n1] -> Bp       panels of NR = 2W columns, f32
//     for ic in [m0, m1) step MC:
//       pack A[ic:ic+mc, pc:pc+kc] -> Ap  panels of MR rows, f32
//       for jr, ir:                       MR x NR register tile
//         acc = 0; for k < kc: acc += Ap[k][0:MR] (broadcast) * Bp[k][0:NR]
//         sum = acc (+ partial sums of earlier K blocks)
//         last K block ? C = epilogue(sum) : partial sums = sum
//
// W is the f32 vector width (16 with AVX-512, 8 with AVX2); MR x 2 vectors
// of accumulators plus two B vectors and a broadcast fill the register file
// (MR = 14 with 32 zmm registers, 6 with 16 ymm). Packing converts f16/bf16
// operands to f32, so the inner loop is one FMA kind for every input type.
// Partial sums live in C when C is f32, else in an f32 workspace, so the
// epilogue and the narrowing store happen once, on the full sum. Edges are
// handled by zero padding in the packed panels and masked loads/stores.
// The loops themselves are in HostMatmulTile.c.
//
//===----------------------------------------------------------------------===//
#include "Conversion/TargetToHost/HostMatmul.h"
#include "Conversion/KernelFamilies.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

HostShape hostShape(int bits) {
  HostShape s;
  bool avx512 = bits ? bits >= 512 : tesseraHostHasAvx512();
  s.W = avx512 ? 16 : 8;
  s.MR = avx512 ? 14 : 6;
  s.NR = 2 * s.W;
  s.KC = 256; // the schedule's block_k overrides it (see buildHostMatmul)
  s.MC = s.MR * 8;
  return s;
}

static MlirValue bin(const TsBuilder *b, const char *name, MlirValue x,
                     MlirValue y) {
  return tsBinary(b, name, x, y);
}

// memref<?x?xT> (rank 2), memref<?x?x?xT> (3) or memref<?xT> (1).
static MlirType argType(const TsBuilder *b, TesseraDType t, int rank) {
  int64_t dyn[3] = {mlirShapedTypeGetDynamicSize(),
                    mlirShapedTypeGetDynamicSize(),
                    mlirShapedTypeGetDynamicSize()};
  return tsMemRefType(hostElemType(b, t), rank, dyn, (MlirAttribute){NULL});
}

// memref<?x?xT, strided<[?, 1], offset: ?>>: a 2-D view of an operand.
static MlirType viewType(const TsBuilder *b, TesseraDType t) {
  char text[64];
  snprintf(text, sizeof text, "memref<?x?x%s, strided<[?, 1], offset: ?>>",
           tesseraDTypeName(t));
  return tsType(b, text);
}

// The 2-D view of operand `v` for batch `batch` (null when not batched).
static MlirValue batchView(const TsBuilder *b, MlirValue v, TesseraDType t,
                           MlirValue batch) {
  if (mlirValueIsNull(batch))
    return tsConvert(b, "memref.cast", v, viewType(b, t));
  int64_t d = mlirShapedTypeGetDynamicSize();
  int64_t off[3] = {d, 0, 0}, sizes[3] = {1, d, d}, strides[3] = {1, 1, 1};
  MlirValue dyn[3] = {batch, tsDim(b, v, 1), tsDim(b, v, 2)};
  return tsSubview(b, v, viewType(b, t), 3, off, sizes, strides, 3, dyn);
}

static void constants(HostMatmul *h, const TsBuilder *b) {
  const HostShape *s = &h->s;
  h->c0 = tsConstIndex(b, 0);
  h->c1 = tsConstIndex(b, 1);
  h->cW = tsConstIndex(b, s->W);
  h->cMR = tsConstIndex(b, s->MR);
  h->cNR = tsConstIndex(b, s->NR);
  h->cKC = tsConstIndex(b, s->KC);
  h->cMC = tsConstIndex(b, s->MC);
  h->cKU = tsConstIndex(b, kHostKUnroll);
  h->ctrue = tsConstInt(b, mlirIntegerTypeGet(b->ctx, 1), 1);
  h->zero = tsConstFloat(b, h->vf, 0.0);
  for (int u = 0; u < kHostKUnroll; ++u)
    h->cu[u] = tsConstIndex(b, u);
  for (int i = 0; i < s->MR; ++i)
    h->ci[i] = tsConstIndex(b, i);
}

// The threads the grid is cut for: the Target IR's `threads`, or when it
// is 0 the OpenMP runtime's count on the machine that runs the code (read
// once, in the entry; the block function receives it).
static MlirValue cores(const HostMatmul *h, const TsBuilder *b) {
  if (h->cfg->hostThreads > 0)
    return tsConstIndex(b, h->cfg->hostThreads);
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirValue n =
      tsResult(tsCall(b, "omp_get_max_threads", 0, NULL, 1, &i32), 0);
  return bin(b, "arith.maxui",
             tsConvert(b, "arith.index_cast", n, h->idx), h->c1);
}

// Problem sizes and the program-id grid of the matmul; h->cores is set.
static void gridSize(HostMatmul *h, const TsBuilder *b) {
  int rank = h->cfg->batched ? 3 : 2;
  h->M = tsDim(b, h->A, rank - 2);
  h->K = tsDim(b, h->A, rank - 1);
  h->N = tsDim(b, h->B, rank - 1);
  // The schedule's block is an upper bound: the blocks actually used split
  // M and N evenly (rounded to the register tile), so that no program is
  // left with a sliver while another does a full block. At least one
  // program per core (when M allows), so small problems use every core.
  MlirValue tMmax = tsConstIndex(b, h->cfg->tileM);
  MlirValue tNmax = tsConstIndex(b, h->tileN);
  MlirValue mb0 = bin(b, "arith.ceildivui", h->M, tMmax);
  MlirValue nb0 = bin(b, "arith.ceildivui", h->N, tNmax);
  h->nb = bin(b, "arith.maxui", nb0, h->c1);
  MlirValue mbase = bin(b, "arith.maxui", mb0, h->c1);
  MlirValue want = bin(b, "arith.ceildivui", h->cores, h->nb);
  MlirValue mtiles = bin(b, "arith.maxui",
                         bin(b, "arith.ceildivui", h->M, h->cMR), h->c1);
  MlirValue mb1 =
      bin(b, "arith.maxui", mbase, bin(b, "arith.minui", want, mtiles));
  // Whole rounds of programs: a multiple of the core count when M allows
  // (3 programs on 2 cores would leave one core idle a third of the time).
  MlirValue tot0 = bin(b, "arith.muli", mb1, h->nb);
  MlirValue tot = bin(b, "arith.muli",
                      bin(b, "arith.ceildivui", tot0, h->cores), h->cores);
  MlirValue mb2 = bin(b, "arith.ceildivui", tot, h->nb);
  MlirValue mb = bin(b, "arith.maxui", bin(b, "arith.minui", mb2, mtiles), mb1);
  MlirValue tM0 = bin(b, "arith.ceildivui", h->M, mb);
  h->tM = bin(b, "arith.muli", bin(b, "arith.ceildivui", tM0, h->cMR), h->cMR);
  MlirValue tN0 = bin(b, "arith.ceildivui", h->N, h->nb);
  h->tN = bin(b, "arith.muli", bin(b, "arith.ceildivui", tN0, h->cNR), h->cNR);
  h->blocks = bin(b, "arith.muli", mb, h->nb);
  h->K1 = bin(b, "arith.maxui", h->K, h->c1);
  MlirValue nbatch =
      h->cfg->batched ? tsDim(b, h->A, 0) : tsConstIndex(b, 1);
  h->grid = bin(b, "arith.muli", nbatch, h->blocks);
}

// The function type (A, B, C, epilogue operands, then `nTail` indices).
static MlirType signature(const HostMatmul *h, const TsBuilder *b,
                          int nTail, int *nArgs) {
  const TesseraMatmulKernelConfig *cfg = h->cfg;
  int rank = cfg->batched ? 3 : 2, n = 0;
  MlirType in[3 + TESSERA_MAX_EPILOGUE + 2];
  in[n++] = argType(b, cfg->a, rank);
  in[n++] = argType(b, cfg->b, rank);
  in[n++] = argType(b, cfg->c, rank);
  for (int e = 0; e < cfg->numEpilogue; ++e) {
    TesseraEpilogueKind k = cfg->epilogue[e].kind;
    if (k == TESSERA_EPI_BIAS || k == TESSERA_EPI_RESIDUAL)
      in[n++] = argType(b, cfg->epilogue[e].operandType,
                        k == TESSERA_EPI_BIAS ? 1 : rank);
  }
  *nArgs = n;
  for (int i = 0; i < nTail; ++i)
    in[n++] = h->idx;
  return mlirFunctionTypeGet(b->ctx, n, in, 0, NULL);
}

// Binds the function's arguments (A, B, C, the epilogue operands).
static void bindArgs(HostMatmul *h, MlirBlock entry, int nArgs) {
  h->A = mlirBlockGetArgument(entry, 0);
  h->B = mlirBlockGetArgument(entry, 1);
  h->C = mlirBlockGetArgument(entry, 2);
  for (int i = 3; i < nArgs; ++i)
    h->extra[i - 3] = mlirBlockGetArgument(entry, i);
}

// One K block of the program's block of C: pack B, then per M block pack
// A and run the register tiles.
static void kBlock(HostMatmul *h, const TsBuilder *b) {
  TsBuilder kb, mb;
  tsFor(b, h->c0, h->K1, h->cKC, 0, NULL, &kb, &h->pc);
  h->kc = bin(&kb, "arith.minui", bin(&kb, "arith.subi", h->K, h->pc),
              h->cKC);
  MlirValue kend = bin(&kb, "arith.addi", h->pc, h->kc);
  h->last = tsCmpI(&kb, "uge", kend, h->K);
  MlirValue first = tsCmpI(&kb, "eq", h->pc, h->c0);
  h->notfirst = bin(&kb, "arith.xori", first, h->ctrue);
  hostPackB(h, &kb);
  tsFor(&kb, h->m0i, h->m1i, h->cMC, 0, NULL, &mb, &h->ic);
  h->mc = bin(&mb, "arith.minui", bin(&mb, "arith.subi", h->m1i, h->ic),
              h->cMC);
  hostPackA(h, &mb);
  hostRegisterTiles(h, &mb);
  tsYield(&mb, 0, NULL);
  tsYield(&kb, 0, NULL);
}

// func.func private @<name>_block(args..., %pid, %cores): one program.
static void blockFunction(HostMatmul *h, const TsBuilder *at,
                          const char *name) {
  const TesseraMatmulKernelConfig *cfg = h->cfg;
  int nArgs;
  TsBuilder b;
  MlirOperation f = tsFunc(at, name, signature(h, at, 2, &nArgs), &b);
  mlirOperationSetAttributeByName(
      f, mlirStringRefCreateFromCString("sym_visibility"),
      tsStrAttr(at, "private"));
  MlirBlock entry = b.block;
  bindArgs(h, entry, nArgs);
  MlirValue pid = mlirBlockGetArgument(entry, nArgs);
  h->cores = mlirBlockGetArgument(entry, nArgs + 1);
  constants(h, &b);
  gridSize(h, &b);
  int64_t apShape = h->apSize, bpShape = h->bpSize;
  h->Ap = tsMemAlloc(&b, tsMemRefType(h->f32, 1, &apShape,
                                      (MlirAttribute){NULL}), 0, NULL, 64);
  h->Bp = tsMemAlloc(&b, tsMemRefType(h->f32, 1, &bpShape,
                                      (MlirAttribute){NULL}), 0, NULL, 64);
  if (cfg->c != TESSERA_F32) {
    MlirValue sizes[2] = {h->tM, h->tN};
    h->Wk = tsMemAlloc(&b, argType(&b, TESSERA_F32, 2), 2, sizes, 64);
  }
  MlirValue batch = bin(&b, "arith.divui", pid, h->blocks);
  MlirValue rb = bin(&b, "arith.remui", pid, h->blocks);
  MlirValue ib = bin(&b, "arith.divui", rb, h->nb);
  MlirValue jb = bin(&b, "arith.remui", rb, h->nb);
  h->m0i = bin(&b, "arith.muli", ib, h->tM);
  MlirValue mlen = bin(&b, "arith.minui",
                       bin(&b, "arith.subi", h->M, h->m0i), h->tM);
  h->m1i = bin(&b, "arith.addi", h->m0i, mlen);
  h->n0 = bin(&b, "arith.muli", jb, h->tN);
  h->nc = bin(&b, "arith.minui", bin(&b, "arith.subi", h->N, h->n0), h->tN);
  MlirValue bv = cfg->batched ? batch : (MlirValue){NULL};
  h->Av = batchView(&b, h->A, cfg->a, bv);
  h->Bv = batchView(&b, h->B, cfg->b, bv);
  h->Cv = batchView(&b, h->C, cfg->c, bv);
  int extra = 0;
  for (int e = 0; e < cfg->numEpilogue; ++e) {
    TesseraEpilogueKind k = cfg->epilogue[e].kind;
    if (k == TESSERA_EPI_RESIDUAL)
      h->Ev[extra] = batchView(&b, h->extra[extra],
                               cfg->epilogue[e].operandType, bv);
    extra += k == TESSERA_EPI_BIAS || k == TESSERA_EPI_RESIDUAL;
  }
  // K blocks; with K = 0 one empty block still applies the epilogue to 0.
  kBlock(h, &b);
  tsMemDealloc(&b, h->Ap);
  tsMemDealloc(&b, h->Bp);
  if (cfg->c != TESSERA_F32)
    tsMemDealloc(&b, h->Wk);
  tsReturn(&b, 0, NULL);
}

// True if the module holding `at` defines or declares @name.
static bool hasSymbol(MlirOperation module, const char *name) {
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(top);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute s = mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("sym_name"));
    if (!mlirAttributeIsNull(s) && mlirAttributeIsAString(s)) {
      MlirStringRef v = mlirStringAttrGetValue(s);
      if (v.length == strlen(name) && !memcmp(v.data, name, v.length))
        return true;
    }
  }
  return false;
}

// The entry, @<name>(args...): one program id per (batch, M block,
// N block) in an scf.parallel, which the host pipeline turns into an
// OpenMP worksharing loop. The per-block body is its own function so that
// the parallel region stays one block (convert-scf-to-openmp wraps it in
// an alloca_scope, which must not become multi-block).
static void entryFunction(HostMatmul *h, const TsBuilder *at,
                          const char *blockName) {
  int nArgs;
  TsBuilder b;
  MlirOperation f =
      tsFunc(at, h->cfg->name, signature(h, at, 0, &nArgs), &b);
  tsSetUnitAttr(f, "llvm.emit_c_interface");
  bindArgs(h, b.block, nArgs);
  constants(h, &b);
  h->cores = cores(h, &b);
  gridSize(h, &b);
  TsBuilder body;
  MlirValue pid;
  tsParallel(&b, 1, &h->c0, &h->grid, &h->c1, &body, &pid);
  MlirValue args[3 + TESSERA_MAX_EPILOGUE + 2];
  for (int i = 0; i < nArgs; ++i)
    args[i] = mlirBlockGetArgument(b.block, i);
  args[nArgs] = pid;
  args[nArgs + 1] = h->cores;
  tsCall(&body, blockName, nArgs + 2, args, 0, NULL);
  tsReturn(&b, 0, NULL);
}

bool tesseraBuildHostMatmul(const TesseraMatmulKernelConfig *cfg,
                            MlirOperation kernel, char *err, size_t cap) {
  HostMatmul h = {.cfg = cfg, .s = hostShape(cfg->hostVectorBits)};
  // The K block is the schedule's block_k: a B micro-panel of KC x NR f32
  // should sit in half of L1 (KC = 256 with AVX2: 16 KiB) and the packed A
  // block in L2.
  if (cfg->tileK >= 16 && cfg->tileK <= 4096)
    h.s.KC = (int)cfg->tileK;
  if (cfg->tileM <= 0 || cfg->tileN <= 0) {
    snprintf(err, cap,
             "host matmul needs positive tile-m and tile-n, got %lld x %lld",
             (long long)cfg->tileM, (long long)cfg->tileN);
    return false;
  }
  // The N block of a program id is packed whole: round it to NR.
  h.tileN = (cfg->tileN + h.s.NR - 1) / h.s.NR * h.s.NR;
  if (h.tileN > 8192 || cfg->tileM > 65536) {
    snprintf(err, cap,
             "host matmul tile %lld x %lld is too large (tile-n <= 8192)",
             (long long)cfg->tileM, (long long)cfg->tileN);
    return false;
  }
  h.apSize = h.s.MC * h.s.KC;
  h.bpSize = (int)(h.s.KC * h.tileN);
  TsBuilder at = tsBuilderBefore(kernel);
  h.idx = tsIndexType(&at);
  h.f32 = tsF32Type(&at);
  int64_t W = h.s.W;
  h.vf = mlirVectorTypeGet(1, &W, h.f32);
  h.vm = mlirVectorTypeGet(1, &W, mlirIntegerTypeGet(at.ctx, 1));
  MlirOperation module = mlirOperationGetParentOperation(kernel);
  if (cfg->hostThreads <= 0 && !hasSymbol(module, "omp_get_max_threads")) {
    MlirType i32 = mlirIntegerTypeGet(at.ctx, 32);
    tsFuncDecl(&at, "omp_get_max_threads",
               mlirFunctionTypeGet(at.ctx, 0, NULL, 1, &i32));
  }
  char blockName[160];
  snprintf(blockName, sizeof blockName, "%s_block", cfg->name);
  // Both functions go where the kernel is; the entry takes its name.
  entryFunction(&h, &at, blockName);
  blockFunction(&h, &at, blockName);
  mlirOperationDestroy(kernel);
  return true;
}
