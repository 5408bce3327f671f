//===- TargetToSPIRV.c - tessera-lower-target-to-spirv -------------------===//
//
// Target IR committed to chip "spirv" (an OpenCL 3 device) -> gpu.modules
// + gpu.launch_func in the entries, through the same op-by-op lowering as
// the other GPUs (lib/Conversion/TargetToGPU, DistributeTiles' generic
// form). docs/targets/spirv.md records the route; two things differ from
// CUDA and HIP, and are rewritten here in each kernel:
//
//   - Workgroup memory. OpenCL has no dynamic shared memory: the kernel's
//     gpu.dynamic_shared_memory becomes a workgroup attribution of the
//     committed size (a trailing __local argument once lowered, whose size
//     the OpenCL runtime passes with clSetKernelArg(k, i, bytes, NULL)).
//   - Shuffles. A device need not have subgroups (PoCL 3.1 has none), so
//     each gpu.shuffle xor becomes an exchange through workgroup memory:
//     store, barrier, load of lane tid ^ offset, barrier. The op-by-op
//     lowering emits shuffles only in its row reductions, in control flow
//     that every thread of the block takes, as barriers need.
//   - Types: workgroup memory in address space 3 and bf16 as i16
//     (TypeRewrite.c).
//   - Math functions LLVM has no intrinsic for become OpenCL builtin calls
//     (f16 ones on f32: devices need not have cl_khr_fp16's builtins; the
//     SPIR-V translation widens f16 intrinsics for the same reason).
//
//===----------------------------------------------------------------------===//
#include "Conversion/GeneratedDialects.h"
#include "Conversion/TargetToGPU/TargetToGPU.h"
#include "Conversion/TargetToSPIRV/TypeRewrite.h"

#include "Dialect/Schedule/ScheduleUtils.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "IR/OpList.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdio.h>
#include <string.h>

// SPIR-V 1.2 (what OpenCL 3 devices and llvm-spirv-15 take) for OpenCL's
// Kernel capability with 64-bit addresses; f16 storage and arithmetic.
static void targetAttr(char *buf, size_t cap, const char *chip) {
  (void)chip;
  snprintf(buf, cap,
           "#spirv.target_env<#spirv.vce<v1.2, [Kernel, Addresses, Int64, "
           "Int16, Int8, Float16, Float64], []>, api=OpenCL, "
           "#spirv.resource_limits<>>");
}

static void errorAt(MlirOperation op, const char *what) {
  char msg[400];
  snprintf(msg, sizeof msg, "tessera-lower-target-to-spirv: %s", what);
  mlirEmitError(mlirOperationGetLocation(op), msg);
}

static MlirOperation kernelFunc(MlirOperation gpuModule) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(gpuModule, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (tsOpIs(op, "gpu.func"))
      return op;
  return (MlirOperation){NULL};
}

typedef struct Kernel {
  MlirOperation func;
  MlirBlock entry;
  TsBuilder top; // before the first op of the body
  MlirValue tid;
  int64_t threads;
  // One exchange buffer per shuffled type.
  MlirType xchType[4];
  MlirValue xch[4];
  int nxch;
} Kernel;

// Appends a workgroup attribution of `type` (after the arguments and the
// attributions before it; the kernels have no private ones).
static MlirValue addAttribution(Kernel *k, MlirType type) {
  MlirAttribute n = tvGetAttr(k->func, "workgroup_attributions");
  int64_t count = mlirAttributeIsNull(n) ? 0 : mlirIntegerAttrGetValueInt(n);
  MlirValue v = mlirBlockAddArgument(k->entry, type, k->top.loc);
  mlirOperationSetAttributeByName(
      k->func, mlirStringRefCreateFromCString("workgroup_attributions"),
      tsI64Attr(&k->top, count + 1));
  return v;
}

static MlirType workgroupMemref(Kernel *k, int64_t n, MlirType elem) {
  MlirAttribute space = tsAttr(&k->top, "#gpu.address_space<workgroup>");
  return mlirMemRefTypeGet(elem, 1, &n, mlirAttributeGetNull(), space);
}

static void replaceDynamicShared(Kernel *k, MlirOperation op, int64_t bytes) {
  MlirType i8 = mlirIntegerTypeGet(k->top.ctx, 8);
  MlirValue buf = addAttribution(k, workgroupMemref(k, bytes > 0 ? bytes : 1, i8));
  MlirValue old = mlirOperationGetResult(op, 0);
  MlirValue cast = tsConvert(&k->top, "memref.cast", buf, mlirValueGetType(old));
  mlirValueReplaceAllUsesOfWith(old, cast);
  mlirOperationDestroy(op);
}

static MlirValue exchangeBuffer(Kernel *k, MlirType t) {
  for (int i = 0; i < k->nxch; ++i)
    if (mlirTypeEqual(k->xchType[i], t))
      return k->xch[i];
  if (k->nxch == 4)
    return (MlirValue){NULL};
  k->xchType[k->nxch] = t;
  k->xch[k->nxch] = addAttribution(k, workgroupMemref(k, k->threads, t));
  return k->xch[k->nxch++];
}

static bool constantBelow(MlirValue v, int64_t bound) {
  if (!mlirValueIsAOpResult(v))
    return false;
  MlirOperation def = mlirOpResultGetOwner(v);
  MlirAttribute a = tvGetAttr(def, "value");
  return tsOpIs(def, "arith.constant") && mlirAttributeIsAInteger(a) &&
         mlirIntegerAttrGetValueInt(a) >= 0 &&
         mlirIntegerAttrGetValueInt(a) < bound;
}

// gpu.shuffle xor %v, %offset, 32 -> the value of lane tid ^ offset,
// through workgroup memory. Lanes are grouped in 32s from thread 0
// (DistributeTiles' warps), so tid ^ offset stays in the warp.
static bool replaceShuffle(Kernel *k, MlirOperation op) {
  MlirAttribute mode = tvGetAttr(op, "mode");
  MlirValue value = mlirOperationGetOperand(op, 0);
  MlirValue offset = mlirOperationGetOperand(op, 1);
  MlirValue width = mlirOperationGetOperand(op, 2);
  if (mlirAttributeIsNull(mode) ||
      !mlirAttributeEqual(mode, tsAttr(&k->top, "#gpu<shuffle_mode xor>")) ||
      !constantBelow(offset, 32) || !constantBelow(width, 33) ||
      k->threads % 32) {
    errorAt(op, "only xor shuffles by a constant lane offset in warps of 32 "
                "can be lowered for devices without subgroups");
    return false;
  }
  MlirValue buf = exchangeBuffer(k, mlirValueGetType(value));
  if (mlirValueIsNull(buf)) {
    errorAt(op, "more than 4 shuffled types in one kernel");
    return false;
  }
  TsBuilder b = tsBuilderBefore(op);
  tsStore(&b, value, buf, 1, &k->tid);
  tsOp(&b, "gpu.barrier", 0, NULL, 0, NULL, 0, NULL, 0);
  MlirValue off = tsConvert(&b, "arith.index_cast", offset, tsIndexType(&b));
  MlirValue src = tsBinary(&b, "arith.xori", k->tid, off);
  MlirValue got = tsLoad(&b, buf, 1, &src);
  tsOp(&b, "gpu.barrier", 0, NULL, 0, NULL, 0, NULL, 0);
  MlirValue valid = tsConstInt(&b, mlirIntegerTypeGet(b.ctx, 1), 1);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), got);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 1), valid);
  mlirOperationDestroy(op);
  return true;
}

// Math functions without an LLVM intrinsic (erf), or whose
// convert-math-to-llvm form loses accuracy (expm1 as exp(x) - 1): calls of
// OpenCL's builtins, which LLVM's SPIR-V backend emits as OpenCL.std
// instructions. The name is the Itanium mangling of `float name(float)`.
static const char *const kOpenCLMath[] = {
    "erf", "erfc", "expm1", "log1p", "tanh", "tan", "atan", "asin", "acos",
    "sinh", "cosh", "asinh", "acosh", "atanh", "cbrt", NULL};

static const char *openclMathName(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  for (int i = 0; kOpenCLMath[i]; ++i)
    if (n.length == 5 + strlen(kOpenCLMath[i]) && !strncmp(n.data, "math.", 5) &&
        !strncmp(n.data + 5, kOpenCLMath[i], n.length - 5))
      return kOpenCLMath[i];
  return NULL;
}

// math.<fn> %x (f32, or f16 widened) -> func.call @_Z<len><fn>f.
static bool replaceMathCall(MlirOperation gpuModule, MlirOperation op,
                            const char *fn) {
  MlirValue x = mlirOperationGetOperand(op, 0);
  MlirType t = mlirValueGetType(x);
  if (!mlirTypeIsAF32(t) && !mlirTypeIsAF16(t)) {
    errorAt(op, "math functions are lowered for scalar f32 and f16 on SPIR-V");
    return false;
  }
  char sym[32];
  snprintf(sym, sizeof sym, "_Z%zu%sf", strlen(fn), fn);
  TsBuilder b = tsBuilderBefore(op);
  MlirType f32 = mlirF32TypeGet(b.ctx);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(gpuModule, 0));
  bool declared = false;
  for (MlirOperation d = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(d) && !declared; d = mlirOperationGetNextInBlock(d))
    declared = tsOpIs(d, "func.func") &&
               tvStrEq(mlirStringAttrGetValue(tvGetAttr(d, "sym_name")), sym);
  if (!declared) {
    TsBuilder top = tsBuilderBefore(mlirBlockGetFirstOperation(body));
    tsFuncDecl(&top, sym, mlirFunctionTypeGet(b.ctx, 1, &f32, 1, &f32));
  }
  MlirValue arg = mlirTypeIsAF32(t) ? x : tsConvert(&b, "arith.extf", x, f32);
  MlirValue r = tsResult(tsCall(&b, sym, 1, &arg, 1, &f32), 0);
  if (!mlirTypeIsAF32(t))
    r = tsConvert(&b, "arith.truncf", r, t);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), r);
  mlirOperationDestroy(op);
  return true;
}

static bool finishKernel(MlirOperation gpuModule,
                         const TesseraLaunchInfo *launch) {
  Kernel k;
  memset(&k, 0, sizeof k);
  k.func = kernelFunc(gpuModule);
  if (mlirOperationIsNull(k.func)) {
    errorAt(gpuModule, "the kernel module has no gpu.func");
    return false;
  }
  k.entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(k.func, 0));
  k.top = tsBuilderBefore(mlirBlockGetFirstOperation(k.entry));
  k.threads = launch->blockThreads;
  MlirType idx = tsIndexType(&k.top);
  MlirNamedAttribute dim =
      tsNamed(&k.top, "dimension", tsAttr(&k.top, "#gpu<dim x>"));
  k.tid = tsResult(tsOp(&k.top, "gpu.thread_id", 0, NULL, 1, &idx, 1, &dim, 0),
                   0);
  TsOpList ops = {0};
  mlirOperationWalk(k.func, tsOpListCollectAll, &ops, MlirWalkPreOrder);
  bool ok = true;
  for (int i = 0; i < ops.n && ok; ++i) {
    if (tsOpIs(ops.ops[i], "gpu.dynamic_shared_memory"))
      replaceDynamicShared(&k, ops.ops[i], launch->sharedBytes);
    else if (tsOpIs(ops.ops[i], "gpu.shuffle"))
      ok = replaceShuffle(&k, ops.ops[i]);
    else if (openclMathName(ops.ops[i]))
      ok = replaceMathCall(gpuModule, ops.ops[i], openclMathName(ops.ops[i]));
  }
  tsOpListFree(&ops);
  MlirType ft = mlirTypeAttrGetValue(tvGetAttr(k.func, "function_type"));
  return ok && tspvRewriteTypes(k.func, mlirFunctionTypeGetNumInputs(ft));
}

static const TesseraGpuVendor kSPIRV = {
    .passName = "tessera-lower-target-to-spirv",
    .chipPrefix = "spirv",
    .target = TESSERA_GEN_SPIRV,
    .targetAttr = targetAttr,
    .finishKernel = finishKernel,
};

static void run(MlirOperation module, MlirExternalPass pass,
                const TesseraPassOptions *o) {
  (void)o;
  tesseraLowerTargetToGPU(module, pass, &kSPIRV);
}

const TesseraPassDef tesseraLowerTargetToSPIRVPassDef = {
    .info = {.argument = "tessera-lower-target-to-spirv",
             .summary = "Target IR (chip spirv) -> gpu.module kernels for "
                        "OpenCL devices (workgroup memory as attributions, "
                        "shuffles through it) + gpu.launch_func and device "
                        "buffers in the entries"},
    .opName = "builtin.module",
    .run = run,
    .dependentDialects = TESSERA_GENERATED_KERNEL_DIALECTS,
};
