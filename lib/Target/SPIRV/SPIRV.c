//===- SPIRV.c - gpu.module (LLVM dialect, OpenCL) -> SPIR-V -------------===//
//
// tessera-lower-to-spirv leaves each kernel as a gpu.module in the LLVM
// dialect with OpenCL's builtins (spir_kernel functions, addrspace 1
// global and 3 local pointers). Per module (docs/targets/spirv.md):
//
//   its body is cloned into a builtin.module (mlirTranslateModuleToLLVMIR
//     takes a builtin.module; the gpu.module's symbols are the kernels')
//   LLVM IR with triple spirv64-unknown-unknown
//   default<O2>: needed, not only for speed -- unoptimised, the memref
//     descriptor structs give SPIR-V that spirv-val rejects ("Result type
//     (OpTypePointer) does not match")
//   LLVM's SPIR-V backend emits the binary module, in a child process
//     (emitIsolated says why)
//
// --to=llvmir --chip=spirv stops after the optimisation, for reading.
//
//===----------------------------------------------------------------------===//
#include "Target/TranslateUtils.h"

#include "Support/StrBuf.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Target/LLVMIR.h"

#include "llvm-c/Analysis.h"
#include "llvm-c/Core.h"
#include "llvm-c/Target.h"
#include "llvm-c/TargetMachine.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char kTriple[] = "spirv64-unknown-unknown";

// The gpu.module's target, printed ("" if none).
static char *targetText(MlirOperation gpuModule) {
  MlirAttribute targets = mlirOperationGetAttributeByName(
      gpuModule, mlirStringRefCreateFromCString("targets"));
  TesseraStrBuf b = {0};
  if (!mlirAttributeIsNull(targets) && mlirAttributeIsAArray(targets) &&
      mlirArrayAttrGetNumElements(targets) > 0)
    mlirAttributePrint(mlirArrayAttrGetElement(targets, 0),
                       tesseraStrBufCallback, &b);
  if (!b.data)
    tesseraStrBufAppend(&b, "", 0);
  return b.data;
}

static MlirWalkResult findNonLLVM(MlirOperation op, void *ud) {
  MlirStringRef name = tesseraOpName(op);
  if (tesseraStrRefEquals(name, "gpu.module") || tesseraStrRefHasPrefix(name, "llvm."))
    return MlirWalkResultAdvance;
  *(MlirOperation *)ud = op;
  return MlirWalkResultInterrupt;
}

// A module this translation takes: targeted at SPIR-V (or at nothing) and
// lowered to the LLVM dialect.
static MlirLogicalResult checkModule(MlirContext ctx, MlirOperation gm) {
  MlirStringRef name = tesseraSymName(gm);
  char *target = targetText(gm);
  bool other = *target && strncmp(target, "#spirv.target_env", 17);
  if (other)
    tesseraTranslateError(ctx, "gpu.module @%.*s is compiled for %s, not for "
                          "SPIR-V (use --to=ptx|cubin|amdgcn|hsaco)",
                          (int)name.length, name.data, target);
  free(target);
  if (other)
    return mlirLogicalResultFailure();
  MlirOperation bad = {NULL};
  mlirOperationWalk(gm, findNonLLVM, &bad, MlirWalkPreOrder);
  if (!mlirOperationIsNull(bad)) {
    MlirStringRef op = tesseraOpName(bad);
    tesseraTranslateError(ctx, "gpu.module @%.*s holds '%.*s': SPIR-V is made "
                          "from the LLVM dialect (lower the program with "
                          "tessera-opt --tessera-lower-to-spirv)",
                          (int)name.length, name.data, (int)op.length,
                          op.data);
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

// `d` without its entry `drop`.
static MlirAttribute dictWithout(MlirAttribute d, const char *drop) {
  intptr_t n = mlirDictionaryAttrGetNumElements(d), k = 0;
  MlirNamedAttribute kept[16];
  for (intptr_t i = 0; i < n && k < 16; ++i) {
    MlirNamedAttribute e = mlirDictionaryAttrGetElement(d, i);
    if (!tesseraStrRefEquals(mlirIdentifierStr(e.name), drop))
      kept[k++] = e;
  }
  return mlirDictionaryAttrGet(mlirAttributeGetContext(d), k, kept);
}

// convert-gpu-to-llvm-spv marks each workgroup attribution `noalias`. In
// LLVM that holds per invocation, i.e. per work-item, and the work-items
// of a group share the buffer: with it, O2 forwards a work-item's loads
// of its neighbours' lanes across the barrier (the shuffle exchanges of
// TargetToSPIRV.c read stale values). Dropped here.
static void dropLocalNoalias(MlirOperation fn) {
  MlirStringRef key = mlirStringRefCreateFromCString("arg_attrs");
  MlirAttribute args = mlirOperationGetAttributeByName(fn, key);
  if (mlirAttributeIsNull(args) || !mlirAttributeIsAArray(args))
    return;
  intptr_t n = mlirArrayAttrGetNumElements(args);
  MlirAttribute *out = malloc((size_t)(n ? n : 1) * sizeof *out);
  if (!out)
    return;
  for (intptr_t i = 0; i < n; ++i) {
    MlirAttribute d = mlirArrayAttrGetElement(args, i);
    bool local = mlirAttributeIsADictionary(d) &&
                 !mlirAttributeIsNull(mlirDictionaryAttrGetElementByName(
                     d, mlirStringRefCreateFromCString(
                            "llvm.workgroup_attribution")));
    out[i] = local ? dictWithout(d, "llvm.noalias") : d;
  }
  mlirOperationSetAttributeByName(
      fn, key, mlirArrayAttrGet(mlirOperationGetContext(fn), n, out));
  free(out);
}

// A builtin.module holding clones of the gpu.module's ops.
static MlirModule bodyAsModule(MlirOperation gm) {
  MlirModule m = mlirModuleCreateEmpty(mlirOperationGetLocation(gm));
  MlirBlock to = mlirModuleGetBody(m);
  MlirBlock from = mlirRegionGetFirstBlock(mlirOperationGetRegion(gm, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(from);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirOperation c = mlirOperationClone(op);
    if (tesseraStrRefEquals(tesseraOpName(c), "llvm.func"))
      dropLocalNoalias(c);
    mlirBlockAppendOwnedOperation(to, c);
  }
  return m;
}

static LLVMTargetMachineRef spirvMachine(MlirContext ctx) {
  tesseraInitLLVMTargets();
  LLVMTargetRef target;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(kTriple, &target, &err)) {
    tesseraTranslateError(ctx, "this libLLVM has no SPIR-V backend (%s): %s",
                          kTriple, err ? err : "");
    LLVMDisposeMessage(err);
    return NULL;
  }
  // Code generation at -O0 (the middle end has run default<O2>): at -O1 and
  // above LLVM 22's SPIR-V backend turned a loop's trunc into an
  // OpBitwiseAnd of an i32 result with an i64 operand, which spirv-val and
  // llvm-spirv-15 reject (the f32 attention kernel, head dim 64).
  return LLVMCreateTargetMachine(target, kTriple, "", "",
                                 LLVMCodeGenLevelNone, LLVMRelocDefault,
                                 LLVMCodeModelDefault);
}

// Calls of f16 intrinsics (llvm.fabs.f16, ...) -> the f32 intrinsic
// between fpext and fptrunc. The kernels compute in f32; instcombine
// narrows fpext + fabs + fptrunc back to fabs.f16, which becomes OpenCL's
// half builtin, and a device without cl_khr_fp16's builtins cannot link
// it (PoCL 3.1: "Cannot find symbol _Z4fabsDh in kernel library"). Run
// after the optimisation, which would narrow them again.
static void widenHalfIntrinsics(LLVMModuleRef m) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef half = LLVMHalfTypeInContext(ctx);
  LLVMTypeRef f32 = LLVMFloatTypeInContext(ctx);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  for (LLVMValueRef fn = LLVMGetFirstFunction(m); fn;
       fn = LLVMGetNextFunction(fn)) {
    unsigned id = LLVMGetIntrinsicID(fn);
    LLVMTypeRef ft = LLVMGlobalGetValueType(fn);
    if (!id || !LLVMIntrinsicIsOverloaded(id) ||
        LLVMGetReturnType(ft) != half)
      continue;
    LLVMValueRef wide = LLVMGetIntrinsicDeclaration(m, id, &f32, 1);
    LLVMTypeRef wideType = LLVMGlobalGetValueType(wide);
    LLVMUseRef u;
    while ((u = LLVMGetFirstUse(fn))) {
      LLVMValueRef call = LLVMGetUser(u);
      if (!LLVMIsACallInst(call))
        break; // not a call: left alone
      LLVMPositionBuilderBefore(b, call);
      unsigned n = (unsigned)LLVMGetNumArgOperands(call);
      LLVMValueRef args[8];
      if (n > 8)
        break;
      for (unsigned i = 0; i < n; ++i) {
        LLVMValueRef a = LLVMGetOperand(call, i);
        args[i] = LLVMTypeOf(a) == half ? LLVMBuildFPExt(b, a, f32, "") : a;
      }
      LLVMValueRef r = LLVMBuildCall2(b, wideType, wide, args, n, "");
      LLVMValueRef narrow = LLVMBuildFPTrunc(b, r, half, "");
      LLVMReplaceAllUsesWith(call, narrow);
      LLVMInstructionEraseFromParent(call);
    }
  }
  LLVMDisposeBuilder(b);
}

// Code generation, malloc'ed; NULL with a reason.
static char *emitHere(LLVMTargetMachineRef tm, LLVMModuleRef m, size_t *size,
                      char *why, size_t cap) {
  LLVMMemoryBufferRef buf = NULL;
  char *err = NULL;
  if (LLVMTargetMachineEmitToMemoryBuffer(tm, m, LLVMObjectFile, &err, &buf)) {
    snprintf(why, cap, "%s", err ? err : "LLVM gave no reason");
    LLVMDisposeMessage(err);
    return NULL;
  }
  *size = LLVMGetBufferSize(buf);
  char *out = malloc(*size ? *size : 1);
  if (out)
    memcpy(out, LLVMGetBufferStart(buf), *size);
  else
    snprintf(why, cap, "out of memory");
  LLVMDisposeMemoryBuffer(buf);
  return out;
}

static bool readAll(int fd, void *p, size_t n) {
  for (char *c = p; n > 0;) {
    ssize_t got = read(fd, c, n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return false;
    c += got;
    n -= (size_t)got;
  }
  return true;
}

static bool writeAll(int fd, const void *p, size_t n) {
  for (const char *c = p; n > 0;) {
    ssize_t put = write(fd, c, n);
    if (put < 0 && errno == EINTR)
      continue;
    if (put <= 0)
      return false;
    c += put;
    n -= (size_t)put;
  }
  return true;
}

// Code generation in a child process. LLVM 22's SPIR-V backend keeps its
// module analysis in a static (SPIRVModuleAnalysis::MAI) whose
// basic-block-to-id map outlives a run: a later module whose
// MachineFunction lands at a freed one's address gets stale ids, and the
// SPIR-V defines an id twice (seen on the 8th of 21 elementwise kernels
// of one program). A forked child starts from this process's state, in
// which no SPIR-V code generation has run. The child writes
// [u64 size][bytes], or [u64 ~0][message].
static char *emitIsolated(LLVMTargetMachineRef tm, LLVMModuleRef m,
                          size_t *size, char *why, size_t cap) {
  int fds[2];
  if (pipe(fds) != 0)
    return emitHere(tm, m, size, why, cap);
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return emitHere(tm, m, size, why, cap);
  }
  if (pid == 0) {
    close(fds[0]);
    char msg[512];
    size_t n = 0;
    char *out = emitHere(tm, m, &n, msg, sizeof msg);
    uint64_t head = out ? n : UINT64_MAX;
    bool ok = writeAll(fds[1], &head, sizeof head) &&
              (out ? writeAll(fds[1], out, n)
                   : writeAll(fds[1], msg, strlen(msg) + 1));
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  uint64_t head = 0;
  char *out = NULL;
  bool ok = readAll(fds[0], &head, sizeof head);
  if (ok && head != UINT64_MAX && (out = malloc(head ? head : 1)) &&
      readAll(fds[0], out, head)) {
    *size = head;
  } else {
    free(out);
    out = NULL;
    char msg[512] = "the code generation process died";
    if (ok && head == UINT64_MAX) {
      ssize_t got = read(fds[0], msg, sizeof msg - 1);
      msg[got > 0 ? got : 0] = 0;
    }
    snprintf(why, cap, "%s", msg);
  }
  close(fds[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return out;
}

static MlirLogicalResult translateOne(MlirContext ctx, MlirOperation gm,
                                      TesseraTranslateFormat format,
                                      TesseraTranslateCallback callback,
                                      void *userData) {
  MlirStringRef name = tesseraSymName(gm);
  MlirModule body = bodyAsModule(gm);
  LLVMContextRef llvmCtx = LLVMContextCreate();
  LLVMModuleRef m =
      mlirTranslateModuleToLLVMIR(mlirModuleGetOperation(body), llvmCtx);
  LLVMTargetMachineRef tm = NULL;
  MlirLogicalResult r = mlirLogicalResultFailure();
  char *msg = NULL;
  if (!m) {
    tesseraTranslateError(ctx, "gpu.module @%.*s: translation to LLVM IR "
                          "failed", (int)name.length, name.data);
    goto done;
  }
  tm = spirvMachine(ctx);
  if (!tm)
    goto done;
  LLVMSetTarget(m, kTriple);
  LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
  char *dlText = LLVMCopyStringRepOfTargetData(dl);
  LLVMSetDataLayout(m, dlText);
  LLVMDisposeMessage(dlText);
  LLVMDisposeTargetData(dl);
  if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) {
    tesseraTranslateError(ctx, "gpu.module @%.*s: the translated LLVM IR is "
                          "invalid: %s", (int)name.length, name.data, msg);
    goto done;
  }
  // O2 always (see the top of the file), whatever the options ask.
  if (mlirLogicalResultIsFailure(tesseraOptimizeLLVM(ctx, m, tm, 2)))
    goto done;
  widenHalfIntrinsics(m);
  char *text = LLVMPrintModuleToString(m);
  // LLVM's SPIR-V backend aborts the process on `bfloat` without
  // SPV_KHR_bfloat16, which OpenCL devices (and llvm-spirv-15) lack: bf16
  // lives as i16 in memory (TargetToSPIRV.c) and must not survive as a
  // type. Checked on the printed module, which spells every type, nested
  // ones included.
  bool bf16 = format != TesseraTranslateLLVMIR && strstr(text, "bfloat");
  if (format == TesseraTranslateLLVMIR)
    callback(name, mlirStringRefCreateFromCString(text), userData);
  LLVMDisposeMessage(text);
  if (bf16)
    tesseraTranslateError(ctx, "gpu.module @%.*s: a bf16 value is left in the "
                          "device code; SPIR-V for OpenCL has no bf16 type "
                          "(SPV_KHR_bfloat16)", (int)name.length, name.data);
  if (bf16 || format == TesseraTranslateLLVMIR) {
    r = bf16 ? r : mlirLogicalResultSuccess();
    goto done;
  }
  size_t size = 0;
  char why[512];
  char *spirv = emitIsolated(tm, m, &size, why, sizeof why);
  if (!spirv) {
    tesseraTranslateError(ctx, "gpu.module @%.*s: SPIR-V code generation "
                          "failed: %s", (int)name.length, name.data, why);
    goto done;
  }
  callback(name, mlirStringRefCreate(spirv, size), userData);
  free(spirv);
  r = mlirLogicalResultSuccess();
done:
  if (msg)
    LLVMDisposeMessage(msg);
  if (tm)
    LLVMDisposeTargetMachine(tm);
  if (m)
    LLVMDisposeModule(m);
  LLVMContextDispose(llvmCtx);
  mlirModuleDestroy(body);
  return r;
}

MlirLogicalResult tesseraTranslateSPIRV(MlirModule module,
                                        TesseraTranslateFormat format,
                                        const TesseraTranslateOptions *opts,
                                        TesseraTranslateCallback callback,
                                        void *userData) {
  MlirContext ctx = mlirModuleGetContext(module);
  tesseraTranslateRegister(ctx);
  if (opts->chip.length && !tesseraStrRefEquals(opts->chip, "spirv")) {
    tesseraTranslateError(ctx, "--to=spirv takes no chip but 'spirv' (got "
                          "'%.*s')", (int)opts->chip.length, opts->chip.data);
    return mlirLogicalResultFailure();
  }
  // Collected first: the callback may replace a module it receives (the
  // GPU runtime embeds each as a gpu.binary).
  MlirOperation mods[256];
  size_t total = 0, done = 0, n = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (!tesseraStrRefEquals(tesseraOpName(op), "gpu.module"))
      continue;
    ++total;
    if (opts->gpuModule.length && !mlirStringRefEqual(tesseraSymName(op),
                                                      opts->gpuModule))
      continue;
    if (n == sizeof mods / sizeof *mods) {
      tesseraTranslateError(ctx, "more than %zu gpu.modules", n);
      return mlirLogicalResultFailure();
    }
    mods[n++] = op;
  }
  for (size_t i = 0; i < n; ++i) {
    if (mlirLogicalResultIsFailure(checkModule(ctx, mods[i])) ||
        mlirLogicalResultIsFailure(
            translateOne(ctx, mods[i], format, callback, userData)))
      return mlirLogicalResultFailure();
    ++done;
  }
  if (done)
    return mlirLogicalResultSuccess();
  if (!total)
    tesseraTranslateError(ctx, "the input has no gpu.module to translate to "
                          "spirv (lower Graph IR with tessera-opt "
                          "--tessera-lower-to-spirv first)");
  else
    tesseraTranslateError(ctx, "the input has no gpu.module named @%.*s",
                          (int)opts->gpuModule.length, opts->gpuModule.data);
  return mlirLogicalResultFailure();
}
