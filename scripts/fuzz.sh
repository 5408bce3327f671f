#!/usr/bin/env bash
# Differential testing with random Graph IR programs (python/tests/randprog.py):
#   scripts/fuzz.sh N [FIRST] [--device=host|opencl]
# compiles and runs seeds FIRST..FIRST+N-1 (FIRST default 0), and the seeds of
# python/tests/fuzz_regressions.txt, on the device (default host) and
# compares each result with float64 numpy: test_random_programs.py, one
# worker per core. A failing seed's message says how to reproduce it; add it
# to python/tests/fuzz_regressions.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:?usage: scripts/fuzz.sh N [FIRST] [--device=host|opencl]}
FIRST=0
DEVICE=host
for a in "${@:2}"; do
  case "$a" in
    --device=*) DEVICE=${a#--device=} ;;
    *) FIRST=$a ;;
  esac
done
TESSERA_BUILD=${TESSERA_BUILD:-build} TESSERA_FUZZ_SEEDS=$N TESSERA_FUZZ_FIRST=$FIRST \
  exec python3 -m pytest -q -n auto --device="$DEVICE" python/tests/test_random_programs.py
