#!/usr/bin/env bash
# Benchmarks, peers side by side in the same script (see bench/).
#   scripts/benchmark.sh          host f32 matmul vs numpy and PyTorch (CPU);
#                                 row kernels (GB/s vs PyTorch and memcpy) and
#                                 attention vs PyTorch's SDPA; the compile
#                                 time of each pipeline
#   scripts/benchmark.sh --gpu    (on a machine with a GPU) the same kernels
#                                 through the CUDA/HIP runtime
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Peers: numpy from the Python package index (not Debian's), threadpoolctl
# to report which BLAS kernel it ran, PyTorch for CPU.
python3 -m pip install -q -r bench/requirements.txt
if [ "${1:-}" = "--gpu" ]; then
  exec python3 bench/gpu_matmul.py
fi
python3 bench/host_matmul.py
python3 bench/host_rows_attention.py
python3 bench/compile_times.py
