#include "mlir-c/IR.h"
#include "mlir-c/RegisterEverything.h"
#include <stdio.h>
int main(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry r = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(r);
  mlirContextAppendDialectRegistry(ctx, r);
  mlirRegisterAllPasses();
  mlirRegisterAllLLVMTranslations(ctx);
  printf("ok\n");
  mlirDialectRegistryDestroy(r);
  mlirContextDestroy(ctx);
  return 0;
}
