#!/usr/bin/env bash
# The whole test suite: set-up, the release build and the ASan+UBSan build,
# each running the full lit suite (which includes the C API tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --asan
LIT="$(llvm-config-22 --bindir)/lit"
PY=${PYTHON:-python3}
# Bootstrap has installed ptxas, cuobjdump and nvdisasm (the machine's CUDA
# toolkit or the pip wheels): a missing one is an error here, not a silent
# UNSUPPORTED (test/lit.cfg.py).
export TESSERA_REQUIRE_CUDA_TOOLS=1
# ... and PoCL, llvm-spirv-15 and spirv-tools (the OpenCL target).
export TESSERA_REQUIRE_OPENCL=1
status=0
for dir in build build-asan; do
  echo "=== lit suite: $dir"
  # A hung test fails after 10 minutes instead of holding CI (lit's
  # --timeout needs psutil for Debian's python3, which bootstrap installs).
  "$LIT" -sv --timeout=600 "$dir/test" || status=1
done
# Numerics of every host kernel against float64 numpy (docs/verification.md).
for dir in build build-asan; do
  echo "=== numerics (pytest): $dir"
  # The sanitized build runs with test/lit.cfg.py's LeakSanitizer options
  # (use_tls=0 and test/lsan.supp; the reason is written there). One
  # worker per core (pytest-xdist): every test writes only its own
  # tmp_path (measured here: 571 tests in 401 s with 2 workers).
  LSAN_OPTIONS="use_tls=0:suppressions=$PWD/test/lsan.supp" TESSERA_BUILD=$dir \
    "$PY" -m pytest -q -n auto python/tests || status=1
done
# The same programs on OpenCL (PoCL's CPU device): the generic GPU form of
# every kernel, with blocks, barriers and local memory executing for real
# (docs/targets/spirv.md). Release build only: the sanitizers would check
# PoCL, not Tessera's kernels.
echo "=== numerics (pytest) on OpenCL: build"
TESSERA_BUILD=build "$PY" -m pytest -q -n auto --device=opencl python/tests || status=1
exit $status
