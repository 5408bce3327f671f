//===- AMDGPU.c - gpu.module -> AMDGCN / hsaco / device LLVM IR (AMD) -----===//
//
// The ROCm root. Upstream's ROCDL serialiser wants a ROCm installation:
// it links the device libraries from <rocm>/amdgcn/bitcode (ocml, ockl,
// oclc_isa_version_<gfx>, ...) and, for format=bin, runs
// <rocm>/llvm/bin/ld.lld -shared to turn the object into an hsaco. Debian
// has no ROCm tree, but has both ingredients: LLVM's own ld.lld
// (lld-22) and the rocm-device-libs bitcode. So unless the caller names a
// root (--rocm-path) or ROCM_PATH points at a real one, each translation
// builds a throw-away root in $TMPDIR:
//
//   tessera-rocm-XXXXXX/llvm/bin/ld.lld  -> ld.lld-22
//   tessera-rocm-XXXXXX/amdgcn/bitcode   -> <dpkg -L rocm-device-libs>/amdgcn/bitcode
//
// passes it as gpu-module-to-binary's toolkit= option, and removes it.
// A run-time root (rather than one made in the build tree) keeps an
// installed libTessera and the Python package working wherever they are.
// Debian's rocm-device-libs is ROCm 5.2 (no oclc_isa_version_942.bc);
// checked anyway: a gfx942 kernel calling ocml (math.sin) links with no
// undefined symbol left (test/tools/tessera-translate/hsaco.mlir).
//
//===----------------------------------------------------------------------===//
#include "Target/TranslateUtils.h"

#include "Support/StrBuf.h"

#include "llvm/Config/llvm-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// Each checked with LLVM 22's AMDGPU back end, through ld.lld to an hsaco.
const char *const tesseraAMDChips[] = {
    "gfx906",  "gfx908",  "gfx90a",  "gfx942",  "gfx950", "gfx1030",
    "gfx1100", "gfx1101", "gfx1200", "gfx1201", NULL};

static void buildTarget(char *buf, size_t cap, const char *chip,
                        const char *features, int optLevel) {
  if (*features)
    snprintf(buf, cap,
             "#rocdl.target<O = %d, chip = \"%s\", features = \"%s\">",
             optLevel, chip, features);
  else
    snprintf(buf, cap, "#rocdl.target<O = %d, chip = \"%s\">", optLevel,
             chip);
}

static void buildLowering(char *buf, size_t cap, const char *chip) {
  if (chip)
    snprintf(buf, cap,
             "gpu.module(convert-scf-to-cf,convert-amdgpu-to-rocdl{chipset=%s},"
             "convert-gpu-to-rocdl{chipset=%s},reconcile-unrealized-casts)",
             chip, chip);
  else
    snprintf(buf, cap,
             "gpu.module(convert-scf-to-cf,convert-gpu-to-rocdl,"
             "reconcile-unrealized-casts)");
}

static const TesseraGPUVendor kAMD = {
    .kind = TesseraChipAMD,
    .targetPrefix = "#rocdl.target",
    .isaName = "amdgcn",
    .buildTarget = buildTarget,
    .buildLowering = buildLowering,
};

static bool hasLinker(const char *root) {
  TesseraStrBuf b = {0};
  tesseraStrBufPrintf(&b, "%s/llvm/bin/ld.lld", root);
  bool ok = tesseraIsExecutable(b.data);
  tesseraStrBufFree(&b);
  return ok;
}

// LLVM's ld.lld: the versioned name first, so that an unrelated ld.lld on
// PATH does not win over the LLVM this library is built on.
static char *findLinker(void) {
  char name[64];
  snprintf(name, sizeof name, "ld.lld-%d", LLVM_VERSION_MAJOR);
  char *p = tesseraFindOnPath(name);
  if (p)
    return p;
  snprintf(name, sizeof name, "/usr/lib/llvm-%d/bin/ld.lld",
           LLVM_VERSION_MAJOR);
  if (tesseraIsExecutable(name))
    return strdup(name);
  return tesseraFindOnPath("ld.lld");
}

static const char *findDeviceLibs(void) {
  static const char *const dirs[] = {
      "/usr/lib/x86_64-linux-gnu/amdgcn/bitcode",
      "/usr/lib/aarch64-linux-gnu/amdgcn/bitcode",
      "/usr/lib/amdgcn/bitcode",
      "/usr/share/amdgcn/bitcode",
      "/opt/rocm/amdgcn/bitcode",
  };
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; ++i) {
    char probe[256];
    snprintf(probe, sizeof probe, "%s/ocml.bc", dirs[i]);
    if (tesseraIsFile(probe))
      return dirs[i];
  }
  return NULL;
}

typedef struct RocmRoot {
  char *path;     // what to pass as toolkit=
  bool temporary; // made here: remove when done
  bool hasLinker;
} RocmRoot;

static void joinPath(char *buf, size_t cap, const char *a, const char *b) {
  snprintf(buf, cap, "%s/%s", a, b);
}

static bool makeTemporaryRoot(RocmRoot *root) {
  const char *tmp = getenv("TMPDIR");
  char templ[512];
  snprintf(templ, sizeof templ, "%s/tessera-rocm-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(templ))
    return false;
  root->path = strdup(templ);
  root->temporary = true;
  char p[600];
  char *lld = findLinker();
  if (lld) {
    joinPath(p, sizeof p, templ, "llvm");
    mkdir(p, 0700);
    joinPath(p, sizeof p, templ, "llvm/bin");
    mkdir(p, 0700);
    joinPath(p, sizeof p, templ, "llvm/bin/ld.lld");
    root->hasLinker = symlink(lld, p) == 0;
    free(lld);
  }
  const char *libs = findDeviceLibs();
  if (libs) {
    joinPath(p, sizeof p, templ, "amdgcn");
    mkdir(p, 0700);
    joinPath(p, sizeof p, templ, "amdgcn/bitcode");
    if (symlink(libs, p) != 0)
      fprintf(stderr, "tessera: warning: could not link %s into %s\n", libs,
              templ);
  }
  return true;
}

static void removeTemporaryRoot(const RocmRoot *root) {
  if (!root->temporary)
    return;
  static const char *const entries[] = {"llvm/bin/ld.lld", "llvm/bin",
                                        "llvm", "amdgcn/bitcode", "amdgcn",
                                        ""};
  char p[600];
  for (size_t i = 0; i < sizeof entries / sizeof *entries; ++i) {
    joinPath(p, sizeof p, root->path, entries[i]);
    if (unlink(p) != 0)
      rmdir(p);
  }
}

static bool findRocmRoot(const TesseraTranslateOptions *opts, RocmRoot *root) {
  if (opts->toolkitPath.length) {
    root->path = tesseraStrRefDup(opts->toolkitPath);
    root->hasLinker = hasLinker(root->path);
    return true;
  }
  static const char *const vars[] = {"ROCM_PATH", "ROCM_ROOT", "ROCM_HOME"};
  for (size_t i = 0; i < sizeof vars / sizeof *vars; ++i) {
    const char *v = getenv(vars[i]);
    if (v && *v && hasLinker(v)) {
      root->path = strdup(v);
      root->hasLinker = true;
      return true;
    }
  }
  return makeTemporaryRoot(root);
}

MlirLogicalResult tesseraTranslateAMD(MlirModule module,
                                      TesseraTranslateFormat format,
                                      const TesseraTranslateOptions *opts,
                                      TesseraTranslateCallback callback,
                                      void *userData) {
  MlirContext ctx = mlirModuleGetContext(module);
  RocmRoot root = {0};
  if (!findRocmRoot(opts, &root)) {
    tesseraTranslateError(ctx, "could not create a temporary ROCm root in "
                          "$TMPDIR");
    return mlirLogicalResultFailure();
  }
  MlirLogicalResult r = mlirLogicalResultFailure();
  const char *upstreamFormat = format == TesseraTranslateHSACO ? "bin"
                               : format == TesseraTranslateLLVMIR ? "llvm"
                                                                   : "isa";
  if (format == TesseraTranslateHSACO && !root.hasLinker) {
    if (opts->toolkitPath.length)
      tesseraTranslateError(ctx, "hsaco needs ld.lld, but there is no "
                            "executable '%s/llvm/bin/ld.lld'", root.path);
    else
      tesseraTranslateError(
          ctx, "hsaco needs ld.lld: none found (looked at --rocm-path, "
          "ROCM_PATH, ld.lld-%d and ld.lld on PATH, /usr/lib/llvm-%d/bin)",
          LLVM_VERSION_MAJOR, LLVM_VERSION_MAJOR);
  } else {
    r = tesseraSerializeGPUModules(module, &kAMD, opts, upstreamFormat,
                                   root.path, format == TesseraTranslateLLVMIR,
                                   callback, userData);
  }
  removeTemporaryRoot(&root);
  free(root.path);
  return r;
}
