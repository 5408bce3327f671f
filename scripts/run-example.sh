#!/usr/bin/env bash
# The main job: set everything up on a fresh machine, then compile the
# matmul + bias/residual + gelu example (examples/matmul_gelu.mlir) for
# NVIDIA (cubin, sm_80 and sm_90a), AMD (hsaco, gfx942) and this CPU, run
# the host one and print its error against numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
EXAMPLE=examples/matmul_gelu.mlir
OUT=build/example
mkdir -p "$OUT"
OPT=build/bin/tessera-opt
TRANSLATE=build/bin/tessera-translate

echo "=== Graph IR -> Schedule IR -> Target IR (sm_90a), the layers one by one"
"$OPT" "$EXAMPLE" --tessera-lower-graph=block-k=64 -o "$OUT/schedule.mlir"
"$OPT" "$OUT/schedule.mlir" --tessera-lower-schedule=target=sm_90a -o "$OUT/target-sm_90a.mlir"
grep -m1 -o 'ttarget.kernel = {[^}]*}' "$OUT/target-sm_90a.mlir"

for chip in sm_80 sm_90a; do
  echo "=== cubin for $chip"
  "$OPT" "$EXAMPLE" "--tessera-lower-to-nvvm=chip=$chip" -o "$OUT/$chip.mlir"
  "$TRANSLATE" --to=cubin "$OUT/$chip.mlir" -o "$OUT/linear_gelu.$chip.cubin" \
    --gpu-module=linear_gelu_k0_module
  ls -l "$OUT/linear_gelu.$chip.cubin"
done

echo "=== hsaco for gfx942"
"$OPT" "$EXAMPLE" --tessera-lower-to-rocdl=chip=gfx942 -o "$OUT/gfx942.mlir"
"$TRANSLATE" --to=hsaco "$OUT/gfx942.mlir" -o "$OUT/linear_gelu.gfx942.hsaco" \
  --gpu-module=linear_gelu_k0_module
ls -l "$OUT/linear_gelu.gfx942.hsaco"

echo "=== host object, then run on the host"
"$OPT" "$EXAMPLE" --tessera-lower-to-host -o "$OUT/host.mlir"
"$TRANSLATE" --to=obj "$OUT/host.mlir" -o "$OUT/matmul_gelu.o"
ls -l "$OUT/matmul_gelu.o"
python3 examples/run_matmul_gelu.py
