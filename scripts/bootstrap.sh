#!/usr/bin/env bash
# Installs what Tessera needs on a fresh Debian bookworm machine, then
# configures and builds it. Idempotent: a second run installs nothing and
# only rebuilds what changed.
#
#   scripts/bootstrap.sh            # release build in build/
#   scripts/bootstrap.sh --asan     # also the ASan+UBSan build in build-asan/
#   scripts/bootstrap.sh --no-build # install only
set -euo pipefail
cd "$(dirname "$0")/.."

ASAN=0
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --asan) ASAN=1 ;;
    --no-build) BUILD=0 ;;
    *) echo "bootstrap.sh: unknown argument '$arg' (use --asan or --no-build)" >&2; exit 2 ;;
  esac
done

say() { echo "[bootstrap] $*"; }
die() { echo "[bootstrap] error: $*" >&2; exit 1; }

# --- Debian packages (docs/build-facts.md) ----------------------------------------
# llvm-22: llvm-readelf/-objdump/-nm of the tests; llvm-22-tools: lit,
# FileCheck, not; lld-22: ld.lld (hsaco); python3-psutil: lit --timeout
# under Debian's python3, which runs lit. The OpenCL target
# (docs/targets/spirv.md): ocl-icd-libopencl1 (the ICD loader the runtime
# dlopens), pocl-opencl-icd (the CPU device the tests run on),
# llvm-spirv-15 (SPIR-V -> SPIR 1.2 for PoCL, which takes no SPIR-V IL),
# spirv-tools (spirv-val / spirv-dis in the tests).
APT_PACKAGES=(libmlir-22-dev mlir-22-tools llvm-22 llvm-22-dev llvm-22-tools lld-22 clang-22
              rocm-device-libs libomp-22-dev cmake ninja-build gcc g++ make
              python3-psutil ocl-icd-libopencl1 pocl-opencl-icd llvm-spirv-15
              spirv-tools)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: apt-get install ${missing[*]}"
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v llvm-config-22 >/dev/null ||
  die "llvm-config-22 not found: apt-get install llvm-22-dev"
LLVM_PREFIX=$(llvm-config-22 --prefix)
[ -f "$LLVM_PREFIX/lib/libMLIRCAPIIR.a" ] ||
  die "MLIR C API archives missing under $LLVM_PREFIX/lib: apt-get install libmlir-22-dev"
command -v mlir-opt-22 >/dev/null || die "mlir-opt-22 not found: apt-get install mlir-22-tools"

# --- Python packages ----------------------------------------------------------
PY=${PYTHON:-python3}
"$PY" -m pip --version >/dev/null 2>&1 ||
  die "no pip for $PY (set PYTHON to a python3 with pip, or apt-get install python3-pip)"
# The lines of the requirements files given that are not satisfied (package
# missing or of another version); all of them if the check cannot run.
unmet_requirements() { # requirements files...
  "$PY" - "$@" <<'PYEOF' 2>/dev/null || sed 's/#.*//; /^[[:space:]]*$/d' "$@"
import importlib.metadata as md, sys
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
for path in sys.argv[1:]:
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if req.marker and not req.marker.evaluate():
            continue
        try:
            ok = req.specifier.contains(md.version(req.name), prereleases=True)
        except md.PackageNotFoundError:
            ok = False
        if not ok:
            print(line)
PYEOF
}
# Installs what unmet_requirements lists: nothing (and no pip run) when all
# is there, so a machine set up before a requirement was added still gets it.
pip_install_requirements() { # requirements files...
  local unmet reqs flags=(-q)
  unmet=$(unmet_requirements "$@")
  [ -n "$unmet" ] || return 0
  mapfile -t reqs <<<"$unmet"
  say "installing Python packages: ${reqs[*]}"
  [ "$(id -u)" != 0 ] || flags+=(--root-user-action=ignore)
  "$PY" -m pip install "${flags[@]}" "${reqs[@]}"
}
pip_install_requirements python/requirements.txt

# --- CUDA toolkit (ptxas, libdevice) --------------------------------------------
# CUDA_HOME, else the parent of ptxas on PATH (the CUDA image: /usr/local/cuda),
# else the pip wheels of python/requirements-cuda.txt, installed here: their
# <site-packages>/nvidia/cu13 holds bin/ptxas and nvvm/libdevice as a toolkit
# root does. The build remembers it (TESSERA_CUDA_ROOT, docs/build.md).
cuda_wheel_root() {
  "$PY" - <<'PYEOF'
import glob, os
try:
    import nvidia
except ImportError:
    raise SystemExit(0)
for d in nvidia.__path__:
    for root in sorted(glob.glob(os.path.join(d, "cu*")), reverse=True):
        if os.access(os.path.join(root, "bin", "ptxas"), os.X_OK):
            print(root)
            raise SystemExit(0)
PYEOF
}
CUDA_ROOT=""
if [ -n "${CUDA_HOME:-}" ]; then
  if [ -x "$CUDA_HOME/bin/ptxas" ]; then
    CUDA_ROOT=$CUDA_HOME
  else
    say "warning: CUDA_HOME=$CUDA_HOME has no bin/ptxas; not using it"
  fi
fi
if [ -z "$CUDA_ROOT" ] && command -v ptxas >/dev/null; then
  CUDA_ROOT=$(dirname "$(dirname "$(command -v ptxas)")")
fi
if [ -z "$CUDA_ROOT" ]; then
  say "no CUDA toolkit (CUDA_HOME, ptxas on PATH): using the pip wheels of python/requirements-cuda.txt"
  pip_install_requirements python/requirements-cuda.txt
  CUDA_ROOT=$(cuda_wheel_root)
  [ -n "$CUDA_ROOT" ] ||
    die "no nvidia/cu*/bin/ptxas in the site-packages of $PY after installing python/requirements-cuda.txt"
fi
say "CUDA toolkit: $CUDA_ROOT ($("$CUDA_ROOT/bin/ptxas" --version | tail -1))"
[ -f "$CUDA_ROOT/nvvm/libdevice/libdevice.10.bc" ] ||
  say "warning: no $CUDA_ROOT/nvvm/libdevice/libdevice.10.bc: kernels that call libdevice will not link"

# --- Build --------------------------------------------------------------------
configure_and_build() { # dir, extra cmake args...
  local dir=$1; shift
  # Configured again when the CUDA root found above is not the one cached.
  local cached
  cached=$(sed -n 's/^TESSERA_CUDA_ROOT:[A-Z]*=//p' "$dir/CMakeCache.txt" 2>/dev/null || true)
  if [ ! -f "$dir/build.ninja" ] || [ "$cached" != "$CUDA_ROOT" ]; then
    cmake -S . -B "$dir" -G Ninja -DLLVM_PREFIX="$LLVM_PREFIX" \
      -DTESSERA_CUDA_ROOT="$CUDA_ROOT" "$@" >/dev/null
  fi
  ninja -C "$dir" >/dev/null
  say "built $dir"
}
if ((BUILD)); then
  configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
  if ((ASAN)); then
    configure_and_build build-asan -DCMAKE_BUILD_TYPE=Debug -DTESSERA_SANITIZE=ON
  fi
fi
