# Lit configuration for Tessera's test suite (run through the generated
# lit.site.cfg.py in the build tree, which sets the paths).
import os
import shutil

import lit.formats

config.name = "Tessera"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test", ".c"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tessera_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "Inputs"]

# Tools: Tessera's from the build, FileCheck & co from LLVM 22, and the
# upstream mlir-opt-22 for the parity tests.
config.environment["PATH"] = os.pathsep.join(
    [config.tessera_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])]
)
mlir_opt = shutil.which("mlir-opt-22") or os.path.join(config.llvm_tools_dir, "mlir-opt")
config.substitutions.append(("%mlir_opt", mlir_opt))
config.substitutions.append(("%tessera_obj_root", config.tessera_obj_root))
config.substitutions.append(("%tessera_src_root", config.tessera_src_root))

if config.tessera_sanitized:
    config.available_features.add("asan")
    # LeakSanitizer: MLIR keeps some process-lifetime singletons.
    config.environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    supp = os.path.join(config.tessera_src_root, "test", "lsan.supp")
    # use_tls=0: LeakSanitizer's tracer crashes ("Tracer caught signal 11")
    # scanning the dynamic TLS of libomp, which the JIT dlopens (a bogus DTLS
    # range from glibc). Not scanning TLS can only add false reports, never
    # hide a leak; the one it adds (glibc's dlopen bookkeeping) is in
    # lsan.supp.
    config.environment["LSAN_OPTIONS"] = "use_tls=0:suppressions=" + supp
for var in ("HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

# `REQUIRES: cuobjdump`: SASS checks. cuobjdump / ptxas may live outside PATH:
# in the CUDA root, or (cuobjdump, nvdisasm) in the pip wheels
# nvidia-cuda-cuobjdump / nvidia-cuda-nvdisasm (site-packages/nvidia/cu*/bin).
def _nvidia_tool(name):
    found = shutil.which(name, path=config.environment["PATH"])
    if found:
        return found
    import glob, subprocess
    cands = [os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "bin", name)]
    try:
        out = subprocess.run(["python3", "-c", "import nvidia; print('\\n'.join(nvidia.__path__))"],
                             capture_output=True, text=True, timeout=60).stdout.split()
    except (OSError, subprocess.SubprocessError):
        out = []
    for d in out:
        cands += sorted(glob.glob(os.path.join(d, "*", "bin", name)))
    return next((c for c in cands if os.access(c, os.X_OK)), None)

for _tool in ("ptxas", "cuobjdump"):
    _path = _nvidia_tool(_tool)
    if _path:
        config.available_features.add(_tool)
        config.environment["PATH"] = os.path.dirname(_path) + os.pathsep + config.environment["PATH"]
