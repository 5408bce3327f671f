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

# CUDA tools, found here at configure time and put on the tests' PATH:
#   ptxas     (`REQUIRES: ptxas`): bin/ of the CUDA root this build was
#             configured with (TESSERA_CUDA_ROOT: the machine's toolkit, or
#             the pip wheels nvidia-cuda-nvcc + nvidia-nvvm that
#             scripts/bootstrap.sh installs where there is none);
#   cuobjdump + nvdisasm (`REQUIRES: cuobjdump`, the SASS checks:
#             `cuobjdump -sass` runs nvdisasm from PATH): the pip wheels
#             nvidia-cuda-cuobjdump / nvidia-cuda-nvdisasm
#             (<site-packages>/nvidia/cu13/bin), which the CUDA image lacks.
# Each is looked for in the CUDA root's bin/, then on PATH, then in the
# nvidia/cu*/bin folders of lit's Python and of `python3` on PATH (the one
# bootstrap pip-installs into); without a configured root, also CUDA_HOME
# and /usr/local/cuda. A missing tool makes its tests UNSUPPORTED, with a
# warning here -- or, with TESSERA_REQUIRE_CUDA_TOOLS=1 (scripts/test.sh,
# where bootstrap has installed them all), stops the run.
def _wheel_bin_dirs():
    import glob
    import subprocess
    code = "import nvidia; print('\\n'.join(nvidia.__path__))"
    roots = []
    try:
        import nvidia
        roots += list(nvidia.__path__)
    except ImportError:
        pass
    py = shutil.which("python3", path=config.environment["PATH"])
    if py:
        try:
            roots += subprocess.run([py, "-c", code], capture_output=True, text=True,
                                    timeout=60).stdout.split("\n")
        except (OSError, subprocess.SubprocessError):
            pass
    dirs = []
    for r in filter(None, roots):
        for d in sorted(glob.glob(os.path.join(r.strip(), "cu*", "bin")), reverse=True):
            if d not in dirs:
                dirs.append(d)
    return dirs


_cuda_root = getattr(config, "tessera_cuda_root", "")
_search = [os.path.join(_cuda_root, "bin")] if _cuda_root else []
_search += config.environment["PATH"].split(os.pathsep) + _wheel_bin_dirs()
if not _cuda_root:
    _search += [os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "bin"),
                "/usr/local/cuda/bin"]
_search = [d for i, d in enumerate(_search) if d and d not in _search[:i]]


def _cuda_tool(name):
    for d in _search:
        path = os.path.join(d, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


_tools = {name: _cuda_tool(name) for name in ("ptxas", "cuobjdump", "nvdisasm")}
_features = {"ptxas": ["ptxas"], "cuobjdump": ["cuobjdump", "nvdisasm"]}
_missing = [name for name, path in _tools.items() if not path]
for _path in reversed([p for p in _tools.values() if p]):
    _dir = os.path.dirname(_path)
    if config.environment["PATH"].split(os.pathsep)[0] != _dir:
        config.environment["PATH"] = _dir + os.pathsep + config.environment["PATH"]
for _feature, _needs in _features.items():
    if all(_tools[n] for n in _needs):
        config.available_features.add(_feature)
lit_config.note("CUDA tools: " + ", ".join("%s=%s" % (n, p or "none") for n, p in _tools.items()))
if _missing:
    _msg = ("not found: %s (looked in %s); scripts/bootstrap.sh installs them "
            "(python/requirements*.txt)" % (", ".join(_missing), os.pathsep.join(_search)))
    if os.environ.get("TESSERA_REQUIRE_CUDA_TOOLS") == "1":
        lit_config.fatal(_msg + "; TESSERA_REQUIRE_CUDA_TOOLS=1 (scripts/test.sh) needs all of them")
    lit_config.warning(_msg + "; the tests that REQUIRE them are UNSUPPORTED")

# %nvvm_device_to_llvm: the upstream pipeline that lowers a generated NVIDIA
# kernel (gpu, nvgpu, nvvm, vector, memref, scf, arith, math) to the LLVM
# dialect inside its gpu.module, after tessera-lower-target-to-nvvm attached
# the target; tessera-translate --to=ptx takes it from there. Spelled out
# once so every test uses the same one.
config.nvvm_device_to_llvm = (
    "gpu.module(convert-nvgpu-to-nvvm,convert-vector-to-scf,convert-scf-to-cf,"
    "convert-nvvm-to-llvm,expand-strided-metadata,lower-affine,convert-gpu-to-nvvm,"
    "convert-vector-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"
    "canonicalize,cse,reconcile-unrealized-casts)")
config.substitutions.append(("%nvvm_device_to_llvm", config.nvvm_device_to_llvm))

# cuda-device / hip-device: a GPU this machine can run on, asked of the
# driver itself (the tests that need one run on GPU machines, and are
# UNSUPPORTED elsewhere).
def _cuda_devices():
    import ctypes
    try:
        cuda = ctypes.CDLL("libcuda.so.1")
        n = ctypes.c_int(0)
        if cuda.cuInit(0) != 0 or cuda.cuDeviceGetCount(ctypes.byref(n)) != 0:
            return 0
        return n.value
    except OSError:
        return 0


def _hip_devices():
    import ctypes
    try:
        hip = ctypes.CDLL("libamdhip64.so")
        n = ctypes.c_int(0)
        return n.value if hip.hipGetDeviceCount(ctypes.byref(n)) == 0 else 0
    except OSError:
        return 0


# opencl: an OpenCL platform with a device (PoCL here, Debian's
# pocl-opencl-icd, installed by bootstrap); spirv-tools: spirv-val and
# spirv-dis (Debian's spirv-tools). With TESSERA_REQUIRE_OPENCL=1
# (scripts/test.sh, after bootstrap) a missing one stops the run.
def _opencl_devices():
    import ctypes
    try:
        cl = ctypes.CDLL("libOpenCL.so.1")
        platforms = (ctypes.c_void_p * 8)()
        n = ctypes.c_uint(0)
        if cl.clGetPlatformIDs(8, platforms, ctypes.byref(n)) != 0:
            return 0
        total = 0
        for i in range(min(n.value, 8)):
            m = ctypes.c_uint(0)
            if cl.clGetDeviceIDs(ctypes.c_void_p(platforms[i]), ctypes.c_ulonglong(0xFFFFFFFF),
                                 0, None, ctypes.byref(m)) == 0:
                total += m.value
        return total
    except OSError:
        return 0


_spirv_tools = all(shutil.which(t) for t in ("spirv-val", "spirv-dis"))
if _opencl_devices() > 0:
    config.available_features.add("opencl")
if _spirv_tools:
    config.available_features.add("spirv-tools")
if os.environ.get("TESSERA_REQUIRE_OPENCL") == "1" and (_opencl_devices() == 0 or not _spirv_tools):
    lit_config.fatal("no OpenCL device or no spirv-val/spirv-dis; scripts/bootstrap.sh installs "
                     "pocl-opencl-icd, ocl-icd-libopencl1, llvm-spirv-15 and spirv-tools")

if _cuda_devices() > 0:
    config.available_features.add("cuda-device")
if _hip_devices() > 0:
    config.available_features.add("hip-device")
lit_config.note("GPUs: cuda=%d hip=%d" % (_cuda_devices(), _hip_devices()))
