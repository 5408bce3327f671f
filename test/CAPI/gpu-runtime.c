//===- gpu-runtime.c - The GPU runtime from plain C, with no GPU ---------===//
//
// Without a driver: tesseraGpuAvailable says why, tesseraGpuInvoke fails
// with the same one-line reason and touches nothing.
// RUN: env LD_LIBRARY_PATH= tessera-gpu-runtime-test nodriver 2>&1 | FileCheck %s --check-prefix=NODRIVER
//
// With a stand-in libcuda.so.1 (Inputs/fake-cuda-driver.c: host memory, no
// kernels run, every driver call printed): the whole host side of a launch
// -- cubin serialisation, host lowering with gpu-to-llvm, JIT, the mgpu*
// calls, grids, dynamic shared memory, sm_90a tensor maps and the mma.sync
// fallback, copies, and that everything is released.
// REQUIRES: ptxas
// RUN: env LD_LIBRARY_PATH=%tessera_obj_root/test/fake-cuda tessera-gpu-runtime-test fake 2>&1 | FileCheck %s --check-prefix=FAKE
//
//===----------------------------------------------------------------------===//
#include "tessera-c/Runtime.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void testNoDriver(void) {
  char err[256] = "";
  // NODRIVER: cuda available: no: cannot run on cuda: libcuda.so.1 not found (no NVIDIA driver on this machine)
  bool ok = tesseraGpuAvailable(TesseraDeviceCuda, err, sizeof err);
  printf("cuda available: %s: %s\n", ok ? "yes" : "no", err);
  // NODRIVER: hip available: no: cannot run on hip: libamdhip64.so not found (no ROCm runtime on this machine)
  ok = tesseraGpuAvailable(TesseraDeviceHip, err, sizeof err);
  printf("hip available: %s: %s\n", ok ? "yes" : "no", err);
  // NODRIVER: host available: no: the host is not a GPU device
  ok = tesseraGpuAvailable(TesseraDeviceHost, err, sizeof err);
  printf("host available: %s: %s\n", ok ? "yes" : "no", err);

  // The module is never looked at when there is no driver.
  TesseraSignature sig = {.numInputs = 0, .numResults = 1};
  TesseraTensor result = {0};
  ok = tesseraGpuInvoke(TesseraDeviceCuda, (MlirModule){NULL}, "f", &sig,
                        NULL, &result, NULL, err, sizeof err);
  // NODRIVER: invoke: failed: cannot run on cuda: libcuda.so.1 not found
  // NODRIVER-SAME: result untouched: yes
  printf("invoke: %s: %s, result untouched: %s\n", ok ? "ran" : "failed",
         err, result.data == NULL ? "yes" : "no");
}

static const char kProgram[] =
    "func.func @mm(%a: tensor<?x?xf16>, %b: tensor<?x?xf16>) -> "
    "tensor<?x?xf32> {\n"
    "  %c = \"tgraph.matmul\"(%a, %b) : (tensor<?x?xf16>, tensor<?x?xf16>) "
    "-> tensor<?x?xf32>\n"
    "  %g = \"tgraph.gelu\"(%c) {approximate = \"tanh\"} : (tensor<?x?xf32>) "
    "-> tensor<?x?xf32>\n"
    "  return %g : tensor<?x?xf32>\n"
    "}\n"
    "func.func @sm(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {\n"
    "  %y = \"tgraph.softmax\"(%x) {dim = -1 : i64} : (tensor<?x?xf32>) -> "
    "tensor<?x?xf32>\n"
    "  return %y : tensor<?x?xf32>\n"
    "}\n";

static void printError(MlirStringRef s, void *ud) {
  (void)ud;
  printf("pipeline error: %.*s\n", (int)s.length, s.data);
}

static void printToStdout(MlirStringRef s, void *ud) {
  (void)ud;
  fwrite(s.data, 1, s.length, stdout);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic d, void *ud) {
  (void)ud;
  printf("diagnostic: ");
  mlirDiagnosticPrint(d, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

static MlirModule compile(MlirContext ctx, const char *chip) {
  char pipeline[128];
  snprintf(pipeline, sizeof pipeline,
           "builtin.module(tessera-lower-to-nvvm{chip=%s})", chip);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirModule m =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kProgram));
  bool ok = mlirLogicalResultIsSuccess(tesseraParsePassPipeline(
                mlirPassManagerGetAsOpPassManager(pm),
                mlirStringRefCreateFromCString(pipeline), printError, NULL)) &&
            mlirLogicalResultIsSuccess(
                mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(m)));
  mlirPassManagerDestroy(pm);
  if (!ok) {
    printf("compile for %s failed\n", chip);
    mlirModuleDestroy(m);
    return (MlirModule){NULL};
  }
  return m;
}

static MlirOperation lookupFunc(MlirModule m, const char *name) {
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute s = mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("sym_name"));
    if (!mlirAttributeIsNull(s) && mlirAttributeIsAString(s) &&
        !strcmp(mlirStringAttrGetValue(s).data, name))
      return op;
  }
  return (MlirOperation){NULL};
}

// Runs `entry` of `m` on 2-D tensors of the given shapes and types.
static void run(MlirModule m, const char *entry, int n,
                const int64_t (*shapes)[2], const TesseraElementType *types) {
  char err[512] = "";
  TesseraSignature sig;
  if (!tesseraSignatureFromFunc(lookupFunc(m, entry), &sig, err, sizeof err)) {
    printf("signature: %s\n", err);
    return;
  }
  TesseraTensor in[4], out[1];
  for (int i = 0; i < n; ++i)
    tesseraTensorAlloc(&in[i], types[i], 2, shapes[i], err, sizeof err);
  double ms = -1;
  bool ok = tesseraGpuInvoke(TesseraDeviceCuda, m, entry, &sig, in, out, &ms,
                             err, sizeof err);
  printf("%s: %s", entry, ok ? "ran" : err);
  if (ok) {
    printf(", result %lld x %lld, %.2f ms\n", (long long)out[0].shape[0],
           (long long)out[0].shape[1], ms);
    tesseraTensorFree(&out[0]);
  } else {
    printf("\n");
  }
  for (int i = 0; i < n; ++i)
    tesseraTensorFree(&in[i]);
}

static void testFake(void) {
  MlirContext ctx = tesseraContextCreate();
  mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, NULL, NULL);
  char err[256] = "";
  // FAKE: cuda available: yes
  printf("cuda available: %s\n",
         tesseraGpuAvailable(TesseraDeviceCuda, err, sizeof err) ? "yes"
                                                                  : err);
  const TesseraElementType mmTypes[2] = {TesseraF16, TesseraF16};
  const TesseraElementType smTypes[1] = {TesseraF32};

  // sm_80, M = 200, K = 64, N = 384, op by op: the grid loop's dims in
  // order, (ceil(200/128), ceil(384/128), 1); 49152 B of dynamic shared
  // memory is within the 48 KiB a launch gets without the opt-in
  // attribute (8).
  // FAKE-LABEL: == sm_80
  // FAKE: fake-cuda: load module (cubin)
  // FAKE: fake-cuda: function mm_k0{{$}}
  // FAKE-NEXT: fake-cuda: launch grid (2, 3, 1) block (256, 1, 1) smem 49152 params yes
  // FAKE: mm: ran, result 200 x 384, 0.25 ms
  // K = 100, N = 300: A's rows are 200 bytes, B's 600, not multiples of the
  // 16-byte cp.async chunk: the fallback with plain copies runs.
  // FAKE: fake-cuda: function mm_k0_unaligned
  // FAKE-NEXT: fake-cuda: launch grid (2, 3, 1) block (256, 1, 1) smem 49152 params yes
  // FAKE: mm: ran, result 200 x 300
  // Softmax: 1000 rows, 4 per block, along x.
  // FAKE: fake-cuda: function sm_k0
  // FAKE-NEXT: fake-cuda: launch grid (250, 1, 1) block (128, 1, 1) smem 0 params yes
  // FAKE: sm: ran, result 1000 x 77
  // Empty tensor: no launch.
  // FAKE-NOT: fake-cuda: launch
  // FAKE: sm: ran, result 0 x 77
  printf("== sm_80\n");
  MlirModule m = compile(ctx, "sm_80");
  if (!mlirModuleIsNull(m)) {
    const int64_t mm[2][2] = {{200, 64}, {64, 384}};
    run(m, "mm", 2, mm, mmTypes);
    const int64_t ragged[2][2] = {{200, 100}, {100, 300}};
    run(m, "mm", 2, ragged, mmTypes);
    const int64_t sm[1][2] = {{1000, 77}};
    run(m, "sm", 1, sm, smTypes);
    const int64_t empty[1][2] = {{0, 77}};
    run(m, "sm", 1, empty, smTypes);
    mlirModuleDestroy(m);
  }

  // sm_90a: K = 64, N = 256 allow TMA: the maps of nvidia.md, one per
  // argument the TMA copies read, from its sizes and strides ({K, M},
  // stride 2K, box {64, 128}; {N, K}, stride 2N, box {64, 64}: one 128-byte
  // span of f16; f16 = 6, 128B swizzle = 3) and the wgmma kernel (2
  // warpgroups; 3 stages of 32 KiB + 1024 B to align the base). K = 100
  // does not (A's 200-byte row stride is refused by the runtime, B's map is
  // made and freed unused): the mma.sync fallback (K tile 64, 3 stages:
  // 98304 B) runs.
  // FAKE-LABEL: == sm_90a
  // FAKE: fake-cuda: tensor map dtype 6 rank 2 dims (64, 200) stride 128 box (64, 128) interleave 0 swizzle 3 l2 0 oob 0
  // FAKE-NEXT: fake-cuda: tensor map dtype 6 rank 2 dims (256, 64) stride 512 box (64, 64) interleave 0 swizzle 3 l2 0 oob 0
  // FAKE: fake-cuda: function mm_k0{{$}}
  // FAKE-NEXT: fake-cuda: attribute 8 = 99328
  // FAKE-NEXT: fake-cuda: launch grid (2, 2, 1) block (256, 1, 1) smem 99328
  // FAKE: mm: ran, result 200 x 256
  // FAKE-NOT: dims (100, 200)
  // FAKE: fake-cuda: tensor map dtype 6 rank 2 dims (256, 100)
  // FAKE-NOT: fake-cuda: function mm_k0{{$}}
  // FAKE: fake-cuda: function mm_k0_unaligned
  // FAKE-NEXT: fake-cuda: attribute 8 = 98304
  // FAKE-NEXT: fake-cuda: launch grid (2, 2, 1) block (256, 1, 1) smem 98304
  // FAKE: mm: ran, result 200 x 256
  printf("== sm_90a\n");
  m = compile(ctx, "sm_90a");
  if (!mlirModuleIsNull(m)) {
    const int64_t tma[2][2] = {{200, 64}, {64, 256}};
    run(m, "mm", 2, tma, mmTypes);
    const int64_t ragged[2][2] = {{200, 100}, {100, 256}};
    run(m, "mm", 2, ragged, mmTypes);
    mlirModuleDestroy(m);
  }
  mlirContextDestroy(ctx);
  // FAKE: fake-cuda: 0 allocations, 0 modules live at exit
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "fake"))
    testFake();
  else
    testNoDriver();
  return 0;
}
