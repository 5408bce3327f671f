#!/usr/bin/env bash
# The main job: set everything up on a fresh machine, then compile an example
# through tessera-opt and show the result.
#
# Today that is Graph IR -> verified, precision policy applied (the lowering
# pipelines to cubin / hsaco / host objects arrive with the vertical slice).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
EXAMPLE=${1:-examples/matmul_gelu.mlir}
echo "=== $EXAMPLE: tessera-opt --tessera-set-precision --tessera-verify"
build/bin/tessera-opt "$EXAMPLE" --tessera-set-precision --tessera-verify
