"""Differential testing with random valid Graph IR programs (randprog.py):
each program, from a fixed seed, is compiled and run on the device of the
run (pytest --device), and each result compared with the float64 numpy
evaluation of the same program within its derived error bound.

The test command runs the first 120 seeds on the host (release and ASan
builds) and the first 30 on OpenCL (PoCL compiles each kernel afresh: ~4 s
a program here), 270 programs; TESSERA_FUZZ_SEEDS=N (from
TESSERA_FUZZ_FIRST) runs others on any device, which `scripts/fuzz.sh`
sets. A seed that once failed goes into
fuzz_regressions.txt and runs on every device."""
import os
import pathlib


import randprog

HERE = pathlib.Path(__file__).resolve().parent
SEEDS = {"host": 120, "opencl": 30}


def regressions():
    path = HERE / "fuzz_regressions.txt"
    seeds = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            seeds.append(int(line))
    return seeds


def pytest_generate_tests(metafunc):
    if "seed" in metafunc.fixturenames:
        device = metafunc.config.getoption("--device")
        count = int(os.environ.get("TESSERA_FUZZ_SEEDS", SEEDS[device]))
        first = int(os.environ.get("TESSERA_FUZZ_FIRST", 0))
        seeds = sorted(set(range(first, first + count)) | set(regressions()))
        metafunc.parametrize("seed", seeds)


def test_random_program(run_graph, seed):
    ir, inputs, _, outs = randprog.generate(seed)
    results = run_graph(ir, "f", inputs, num_results=len(outs))
    for i, (ok, err, bound) in enumerate(randprog.check(outs, results)):
        assert ok, (f"seed {seed}: result {i} off by {err:.3g} (bound {bound:.3g}); "
                    f"reproduce: python3 python/tests/randprog.py {seed}\n{ir}")
