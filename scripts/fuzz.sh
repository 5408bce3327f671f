#!/usr/bin/env bash
# Differential testing with random Graph IR programs (python/tests/randprog.py):
#   scripts/fuzz.sh N [FIRST] [--device=host|opencl]
# compiles and runs seeds FIRST..FIRST+N-1 (FIRST default 0) on the device
# (default host) and compares each result with float64 numpy; prints each
# failing seed with the command that reproduces it, and exits non-zero if
# any failed. Add a failing seed to python/tests/fuzz_regressions.txt.
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
TESSERA_BUILD=${TESSERA_BUILD:-build} exec python3 - "$N" "$FIRST" "$DEVICE" <<'PYEOF'
import os, pathlib, subprocess, sys, tempfile
import numpy as np
sys.path.insert(0, "python/tests")
import randprog
n, first, device = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
run = pathlib.Path(os.environ["TESSERA_BUILD"]) / "bin" / "tessera-run"
failed = []
with tempfile.TemporaryDirectory() as d:
    d = pathlib.Path(d)
    for seed in range(first, first + n):
        ir, inputs, _, outs = randprog.generate(seed)
        (d / "p.mlir").write_text(ir)
        args = [str(run), str(d / "p.mlir"), "--entry=f", f"--device={device}"]
        for i, a in enumerate(inputs):
            np.save(d / f"in{i}.npy", a)
            args.append(f"--input=@{d / f'in{i}.npy'}")
        args += [f"--output=@{d / f'out{i}.npy'}" for i in range(len(outs))]
        try:
            p = subprocess.run(args, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            failed.append((seed, "hang (600 s)"))
            continue
        if p.returncode != 0:
            failed.append((seed, (p.stderr.strip().splitlines() or ["no output"])[-1]))
            continue
        res = [np.load(d / f"out{i}.npy") for i in range(len(outs))]
        for i, (ok, err, bound) in enumerate(randprog.check(outs, res)):
            if not ok:
                failed.append((seed, f"result {i} off by {err:.3g} (bound {bound:.3g})"))
for seed, why in failed:
    print(f"seed {seed}: {why}  (python3 python/tests/randprog.py {seed})")
print(f"{n - len(set(s for s, _ in failed))} of {n} programs passed on {device}")
sys.exit(1 if failed else 0)
PYEOF
