//===- KernelRecipe.c - Reading a kernel generator config off IR ---------===//
#include "Conversion/KernelRecipe.h"
#include "Dialect/VerifyUtils.h"
#include "IR/Builder.h"
#include "Support/Source.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

bool tesseraIsKernel(MlirOperation func) {
  return !mlirAttributeIsNull(tvGetAttr(func, "tsched.kernel"));
}

static bool dtypeOf(MlirType shaped, TesseraDType *t) {
  MlirType e = mlirShapedTypeGetElementType(shaped);
  if (mlirTypeIsAF32(e))
    *t = TESSERA_F32;
  else if (mlirTypeIsAF16(e))
    *t = TESSERA_F16;
  else if (mlirTypeIsABF16(e))
    *t = TESSERA_BF16;
  else
    return false;
  return true;
}

static int64_t param(MlirAttribute kernel, const char *key, int64_t dflt) {
  MlirAttribute params = mlirDictionaryAttrGetElementByName(
      kernel, mlirStringRefCreateFromCString("params"));
  if (mlirAttributeIsNull(params))
    return dflt;
  MlirAttribute v = mlirDictionaryAttrGetElementByName(
      params, mlirStringRefCreateFromCString(key));
  return mlirAttributeIsNull(v) || !mlirAttributeIsAInteger(v)
             ? dflt
             : mlirIntegerAttrGetValueSInt(v);
}

static bool isOp(MlirOperation op, const char *name) {
  return tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), name);
}

// The function argument a value was loaded from (through extf), or -1.
static int loadedArg(MlirValue v, MlirBlock entry) {
  while (mlirValueIsAOpResult(v)) {
    MlirOperation d = mlirOpResultGetOwner(v);
    if (isOp(d, "arith.extf")) {
      v = mlirOperationGetOperand(d, 0);
      continue;
    }
    if (!isOp(d, "tsched.tile_load"))
      return -1;
    MlirValue src = mlirOperationGetOperand(d, 0);
    if (!mlirValueIsABlockArgument(src) ||
        mlirBlockArgumentGetOwner(src).ptr != entry.ptr)
      return -1;
    return (int)mlirBlockArgumentGetArgNumber(src);
  }
  return -1;
}

struct EpiWalk {
  TesseraMatmulKernelConfig *cfg;
  MlirBlock entry;
  bool ok;
  char *err;
  size_t cap;
};

static MlirWalkResult collectEpilogue(MlirOperation op, void *ud) {
  struct EpiWalk *w = ud;
  if (!isOp(op, "tsched.elementwise") || !w->ok)
    return MlirWalkResultAdvance;
  MlirAttribute fnA = tvGetAttr(op, "fn");
  MlirStringRef fn = mlirStringAttrGetValue(fnA);
  TesseraMatmulKernelConfig *c = w->cfg;
  if (c->numEpilogue == TESSERA_MAX_EPILOGUE) {
    snprintf(w->err, w->cap, "more than %d fused epilogue ops",
             TESSERA_MAX_EPILOGUE);
    w->ok = false;
    return MlirWalkResultInterrupt;
  }
  TesseraEpilogueOp *e = &c->epilogue[c->numEpilogue];
  e->operandType = TESSERA_F32;
  if (tvStrEq(fn, "add") && mlirOperationGetNumOperands(op) == 2) {
    int arg = loadedArg(mlirOperationGetOperand(op, 1), w->entry);
    if (arg < 3) {
      snprintf(w->err, w->cap, "epilogue add of a value that is not a "
               "bias or residual argument");
      w->ok = false;
      return MlirWalkResultInterrupt;
    }
    MlirType t = mlirValueGetType(mlirBlockGetArgument(w->entry, arg));
    e->kind = mlirShapedTypeGetRank(t) == 1 ? TESSERA_EPI_BIAS
                                            : TESSERA_EPI_RESIDUAL;
    if (!dtypeOf(t, &e->operandType)) {
      snprintf(w->err, w->cap, "epilogue operand of unsupported type");
      w->ok = false;
      return MlirWalkResultInterrupt;
    }
  } else if (!tesseraEpilogueActivation(fn.data, fn.length, &e->kind)) {
    snprintf(w->err, w->cap, "epilogue op '%.*s' has no generator yet",
             (int)fn.length, fn.data);
    w->ok = false;
    return MlirWalkResultInterrupt;
  }
  ++c->numEpilogue;
  return MlirWalkResultAdvance;
}

// ttarget.kernel's `threads` (host): 0 when absent, i.e. at run time.
static int64_t hostThreads(MlirOperation func) {
  MlirAttribute k = tvGetAttr(func, "ttarget.kernel");
  MlirAttribute t =
      mlirAttributeIsNull(k) || !mlirAttributeIsADictionary(k)
          ? k
          : mlirDictionaryAttrGetElementByName(
                k, mlirStringRefCreateFromCString("threads"));
  return !mlirAttributeIsNull(t) && mlirAttributeIsAInteger(t)
             ? mlirIntegerAttrGetValueInt(t)
             : 0;
}

// The host vector width the module is committed to: 512 if its
// ttarget.target lists +avx512f, else 256; 0 (this CPU) without a target.
static int hostVectorBits(MlirOperation func) {
  MlirOperation module = mlirOperationGetParentOperation(func);
  MlirAttribute target = mlirOperationIsNull(module)
                             ? (MlirAttribute){NULL}
                             : tvGetAttr(module, "ttarget.target");
  if (mlirAttributeIsNull(target))
    return 0;
  MlirAttribute feats = mlirDictionaryAttrGetElementByName(
      target, mlirStringRefCreateFromCString("features"));
  if (mlirAttributeIsNull(feats) || !mlirAttributeIsAArray(feats))
    return 256;
  for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(feats); ++i)
    if (tvStrEq(mlirStringAttrGetValue(mlirArrayAttrGetElement(feats, i)),
                "+avx512f"))
      return 512;
  return 256;
}

bool tesseraKernelRecipe(MlirOperation func, const char *chip,
                         TesseraKernelRecipe *r, char *err, size_t cap) {
  memset(r, 0, sizeof *r);
  MlirAttribute kernel = tvGetAttr(func, "tsched.kernel");
  MlirAttribute fused = mlirAttributeIsNull(kernel)
                            ? kernel
                            : mlirDictionaryAttrGetElementByName(
                                  kernel,
                                  mlirStringRefCreateFromCString("fused"));
  if (mlirAttributeIsNull(fused) || mlirArrayAttrGetNumElements(fused) < 1) {
    snprintf(err, cap, "kernel without a 'fused' list: no generator knows "
             "its shape");
    return false;
  }
  MlirStringRef root =
      mlirStringAttrGetValue(mlirArrayAttrGetElement(fused, 0));
  MlirStringRef sym = mlirStringAttrGetValue(tvGetAttr(func, "sym_name"));
  snprintf(r->name, sizeof r->name, "%.*s", (int)sym.length, sym.data);
  MlirBlock entry =
      mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  intptr_t nargs = mlirBlockGetNumArguments(entry);
  if (tvStrEq(root, "tgraph.softmax")) {
    TesseraSoftmaxKernelConfig *s = &r->softmax;
    r->kind = TESSERA_KERNEL_SOFTMAX;
    s->name = r->name;
    s->chip = chip;
    s->rowsPerBlock = param(kernel, "rows_per_block", 4);
    s->threads = param(kernel, "threads", 128);
    s->hostVectorBits = hostVectorBits(func);
    if (nargs != 2 ||
        !dtypeOf(mlirValueGetType(mlirBlockGetArgument(entry, 0)), &s->in) ||
        !dtypeOf(mlirValueGetType(mlirBlockGetArgument(entry, 1)), &s->out)) {
      snprintf(err, cap, "softmax kernel must take (input, output) memrefs "
               "of f32, f16 or bf16");
      return false;
    }
    return true;
  }
  if (!tvStrEq(root, "tgraph.matmul") && !tvStrEq(root, "tgraph.batch_matmul")) {
    snprintf(err, cap, "no kernel generator for a fusion group rooted at "
             "'%.*s'", (int)root.length, root.data);
    return false;
  }
  TesseraMatmulKernelConfig *c = &r->matmul;
  r->kind = TESSERA_KERNEL_MATMUL;
  c->name = r->name;
  c->chip = chip;
  c->batched = tvStrEq(root, "tgraph.batch_matmul");
  c->tileM = param(kernel, "block_m", 128);
  c->tileN = param(kernel, "block_n", 128);
  c->tileK = param(kernel, "block_k", 32);
  c->stages = param(kernel, "stages", 1);
  c->warps = param(kernel, "warps", 4);
  c->hostVectorBits = hostVectorBits(func);
  c->hostThreads = hostThreads(func);
  if (nargs < 3 ||
      !dtypeOf(mlirValueGetType(mlirBlockGetArgument(entry, 0)), &c->a) ||
      !dtypeOf(mlirValueGetType(mlirBlockGetArgument(entry, 1)), &c->b) ||
      !dtypeOf(mlirValueGetType(mlirBlockGetArgument(entry, 2)), &c->c)) {
    snprintf(err, cap, "matmul kernel must take (A, B, C, ...) memrefs of "
             "f32, f16 or bf16");
    return false;
  }
  struct EpiWalk w = {c, entry, true, err, cap};
  mlirOperationWalk(func, collectEpilogue, &w, MlirWalkPreOrder);
  return w.ok;
}

// Generated code declares the external functions it calls (e.g.
// omp_get_max_threads); a declaration the module already has is dropped.
static void dropKnownDeclarations(MlirModule m, MlirOperation dstModule) {
  MlirSymbolTable table = mlirSymbolTableCreate(dstModule);
  MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
  while (!mlirOperationIsNull(op)) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    MlirAttribute name = tvGetAttr(op, "sym_name");
    bool declaration =
        tvStrEq(mlirIdentifierStr(mlirOperationGetName(op)), "func.func") &&
        !mlirAttributeIsNull(name) &&
        mlirBlockIsNull(
            mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0)));
    if (declaration &&
        !mlirOperationIsNull(mlirSymbolTableLookup(
            table, mlirStringAttrGetValue(name))))
      mlirOperationDestroy(op);
    op = next;
  }
  mlirSymbolTableDestroy(table);
}

bool tesseraReplaceWithGenerated(MlirOperation func, const char *text) {
  MlirContext ctx = mlirOperationGetContext(func);
  MlirModule m = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(text));
  if (mlirModuleIsNull(m))
    return false;
  dropKnownDeclarations(m, mlirOperationGetParentOperation(func));
  tsSetLocations(mlirModuleGetOperation(m), mlirOperationGetLocation(func));
  tesseraMoveModuleOps(m, mlirOperationGetBlock(func), func);
  mlirOperationDestroy(func);
  return true;
}
