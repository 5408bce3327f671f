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

# --- Debian packages (DESIGN.md §4) ----------------------------------------
APT_PACKAGES=(libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools lld-22 clang-22
              rocm-device-libs libomp-22-dev cmake ninja-build gcc g++ make
              python3-psutil)
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

# --- CUDA toolkit (ptxas): on the machine image, not installed here --------
CUDA_ROOT="${CUDA_HOME:-}"
if [ -z "$CUDA_ROOT" ] && command -v ptxas >/dev/null; then
  CUDA_ROOT=$(dirname "$(dirname "$(command -v ptxas)")")
fi
if [ -n "$CUDA_ROOT" ] && [ -x "$CUDA_ROOT/bin/ptxas" ]; then
  say "CUDA toolkit: $CUDA_ROOT ($("$CUDA_ROOT/bin/ptxas" --version | tail -1))"
else
  say "warning: ptxas not found (set CUDA_HOME or put the CUDA toolkit's bin/ on PATH); cubin output will be unavailable"
  CUDA_ROOT=""
fi

# --- Python packages for the tests ------------------------------------------
PY=${PYTHON:-python3}
if ! "$PY" -c "import numpy, pytest" 2>/dev/null; then
  say "installing Python packages: python/requirements.txt"
  "$PY" -m pip install -q -r python/requirements.txt
fi

# --- Build --------------------------------------------------------------------
configure_and_build() { # dir, extra cmake args...
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
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
