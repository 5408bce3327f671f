//===- Dialects.c - Loading the embedded IRDL dialects -------------------===//
//
// The dialects are defined in IRDL (lib/Dialect/*/*.irdl.mlir). The build
// embeds those files (cmake/EmbedFiles.cmake); here they are parsed in the
// user's context and registered with mlirLoadIRDLDialects.
//
//===----------------------------------------------------------------------===//
#include "Support/Source.h"
#include "tessera-c/Tessera.h"

#include "mlir-c/Dialect/IRDL.h"
#include "mlir-c/RegisterEverything.h"

#include <stddef.h>

struct TesseraEmbeddedFile {
  const char *name;
  const char *data;
  size_t size;
};
extern const struct TesseraEmbeddedFile tesseraEmbeddedIRDL[];
extern const size_t tesseraNumEmbeddedIRDL;

MlirLogicalResult tesseraLoadDialects(MlirContext ctx) {
  for (size_t i = 0; i < tesseraNumEmbeddedIRDL; ++i) {
    const struct TesseraEmbeddedFile *f = &tesseraEmbeddedIRDL[i];
    MlirOperation defs = mlirOperationCreateParse(
        ctx, mlirStringRefCreate(f->data, f->size),
        mlirStringRefCreateFromCString(f->name));
    if (mlirOperationIsNull(defs))
      return mlirLogicalResultFailure();
    MlirModule m = tesseraWrapInModule(defs, mlirOperationGetLocation(defs));
    MlirLogicalResult r = mlirLoadIRDLDialects(m);
    mlirModuleDestroy(m);
    if (mlirLogicalResultIsFailure(r))
      return r;
  }
  return mlirLogicalResultSuccess();
}

MlirContext tesseraContextCreate(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirRegisterAllPasses();
  mlirRegisterAllLLVMTranslations(ctx);
  if (mlirLogicalResultIsFailure(tesseraLoadDialects(ctx))) {
    mlirContextDestroy(ctx);
    return (MlirContext){NULL};
  }
  return ctx;
}
