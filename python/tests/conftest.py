"""Shared helpers for the numerics tests: run Graph IR through tessera-run
and compare with a float64 numpy reference."""
import json
import math
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TESSERA_BUILD", ROOT / "build"))
TESSERA_RUN = BUILD / "bin" / "tessera-run"


def _elementwise_table():
    """The elementwise function table of lib/IR/ElementwiseFns.c, as the
    test binary prints it: name -> (arity, numpy formula, float64 samples).
    The references below evaluate these formulas, so the tests and every
    layer of the compiler share one definition of each function."""
    out = subprocess.run([str(BUILD / "bin" / "tessera-elementwise-fns-test"),
                          "--json"], capture_output=True, text=True, check=True)
    return {f["name"]: f for f in json.loads(out.stdout)}


ELEMENTWISE = _elementwise_table()
# What the formulas may call: numpy's functions, and erf (not in numpy).
_NAMESPACE = {n: getattr(np, n) for n in ("maximum", "minimum", "power", "abs",
                                           "exp", "exp2", "log", "sqrt", "tanh")}
_NAMESPACE["erf"] = np.vectorize(math.erf, otypes=[float])


def elementwise_reference(name):
    """float64 numpy function of the table's `name` (its formula)."""
    code = compile(ELEMENTWISE[name]["formula"], name, "eval")
    if ELEMENTWISE[name]["arity"] == 1:
        return lambda x: eval(code, {"__builtins__": {}}, {**_NAMESPACE, "x": x})
    return lambda x, y: eval(code, {"__builtins__": {}}, {**_NAMESPACE, "x": x, "y": y})

# Unit roundoff of each storage type (half an ulp at 1.0).
EPS = {"f32": 2.0**-24, "f16": 2.0**-11, "bf16": 2.0**-8}
# Absolute rounding error in the subnormal range: half the spacing of the
# subnormals (f16's start at 2**-24; f32 and bf16 share f32's exponents).
TINY = {"f32": 2.0**-150, "f16": 2.0**-25, "bf16": 2.0**-134}


def to_storage(x, dtype):
    """float64 array -> (array as stored in the .npy, float64 of the stored
    values). bf16 is kept as its 16 bits in uint16, rounded to nearest even."""
    if dtype == "f32":
        s = x.astype(np.float32)
        return s, s.astype(np.float64)
    if dtype == "f16":
        s = x.astype(np.float16)
        return s, s.astype(np.float64)
    u = x.astype(np.float32).view(np.uint32)
    bits = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    return bits, from_storage(bits, "bf16")


def from_storage(a, dtype):
    if dtype == "bf16":
        return (a.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return a.astype(np.float64)


def pytest_addoption(parser):
    parser.addoption(
        "--device", default="host", choices=["host", "opencl"],
        help="where run_graph runs the programs: the host, or OpenCL (the "
             "SPIR-V target, on PoCL here); tests of host-only pipelines "
             "are skipped on OpenCL")


@pytest.fixture(scope="session")
def device(request):
    return request.config.getoption("--device")


@pytest.fixture(scope="session")
def tessera_run():
    if not TESSERA_RUN.exists():
        pytest.fail(f"{TESSERA_RUN} not built (run scripts/bootstrap.sh)")
    return str(TESSERA_RUN)


def tensor_type(dtype, dims):
    """tensor<d0xd1x...xdtype> of `dims` (ints or "?"); tensor<dtype> if none."""
    return f"tensor<{'x'.join(str(d) for d in dims)}x{dtype}>" if dims else f"tensor<{dtype}>"


def _tessera_run(tessera_run, tmp_path, device, ir, entry, inputs, num_results, extra):
    """Writes `ir` and the inputs and runs tessera-run on `device`: (the
    process, the output paths)."""
    if device != "host":
        if any(a.startswith("--pass-pipeline") for a in extra):
            pytest.skip(f"a host pipeline; not run on {device}")
        extra = (*extra, f"--device={device}")
    src = tmp_path / "prog.mlir"
    src.write_text(ir)
    args = [tessera_run, str(src), f"--entry={entry}"]
    for i, a in enumerate(inputs):
        p = tmp_path / f"in{i}.npy"
        np.save(p, a)
        args.append(f"--input=@{p}")
    outs = [tmp_path / f"out{i}.npy" for i in range(num_results)]
    args += [f"--output=@{p}" for p in outs]
    args += list(extra)
    # A hang is a failure, not a stuck CI run.
    return subprocess.run(args, capture_output=True, text=True, timeout=600), outs


@pytest.fixture
def run_graph(tessera_run, tmp_path, device):
    """Writes `ir` and the inputs, runs `entry` on `device` (pytest
    --device), returns the results."""

    def run(ir, entry, inputs, num_results=1, extra=()):
        proc, outs = _tessera_run(tessera_run, tmp_path, device, ir, entry, inputs,
                                  num_results, extra)
        if proc.returncode != 0:
            raise AssertionError(f"tessera-run failed:\n{proc.stderr}")
        return [np.load(p) for p in outs]

    return run


@pytest.fixture
def run_graph_fails(tessera_run, tmp_path, device):
    """Like run_graph for a program that must be refused at run time (a
    shape or id check): asserts a non-zero exit, returns the stderr."""

    def run(ir, entry, inputs, num_results=1, extra=()):
        proc, _ = _tessera_run(tessera_run, tmp_path, device, ir, entry, inputs,
                               num_results, extra)
        assert proc.returncode != 0, "tessera-run succeeded on a program it must refuse"
        return proc.stderr

    return run


@pytest.fixture
def tessera_opt(tmp_path):
    """Runs tessera-opt on `ir` with `args`; returns its output IR."""

    def run(ir, *args):
        src = tmp_path / "in.mlir"
        src.write_text(ir)
        proc = subprocess.run([str(BUILD / "bin" / "tessera-opt"), str(src), *args],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise AssertionError(f"tessera-opt failed:\n{proc.stderr}")
        return proc.stdout

    return run
