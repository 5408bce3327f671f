#!/usr/bin/env python3
"""Pass-flag parity: every single-pass flag mlir-opt accepts works the same in
tessera-opt.

The pass names come from `mlir-opt --help` (its "Passes:" and "Pass
Pipelines:" sections); `test-*` passes and the few others that exist only in
mlir-opt's test library (they need the test dialect or test-only
registrations, which are not in the MLIR C API archives) are skipped. Each
pass runs as `TOOL --<pass> INPUT` for both tools, from INPUT's directory, and
exit status, stdout and stderr are compared as in parity_corpus.py; so are a
few passes with options. Cases listed in the expected-differences file (file
column: the input's name) may differ; a listed case that no longer differs is
an error.

Usage:
  parity_pass_flags.py --tessera-opt PATH --mlir-opt PATH [--expected FILE]
                       [--only SUBSTRING] [--sample N] [--jobs N] INPUT
"""

import argparse
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parity_corpus  # noqa: E402  (same directory)

# Passes of mlir-opt's test library without a test- prefix (registered by
# mlir-opt's registerTestPasses, absent from the C API archives).
TEST_ONLY = {
    "affine-super-vectorizer-test",
    "slice-analysis-test",
    "tosa-test-quant-utils",
}

# Passes with options: (flags) beyond the plain --<pass> runs.
WITH_OPTIONS = [
    "--canonicalize=max-iterations=1",
    "--canonicalize=test-convergence",
    "--canonicalize='region-simplify=aggressive top-down=false'",
    "--canonicalize=disable-patterns=CanonicalizeSingleResultAffineMinMaxOp",
    "--cse --sccp --symbol-dce",
    "--inline=default-pipeline=''",
    "--inline='default-pipeline=canonicalize max-iterations=1'",
    "--convert-linalg-to-loops --convert-scf-to-cf",
    "--convert-scf-to-cf --convert-cf-to-llvm --convert-func-to-llvm --reconcile-unrealized-casts",
    "--one-shot-bufferize=bufferize-function-boundaries",
    "--finalize-memref-to-llvm=index-bitwidth=32",
    "--convert-to-llvm=filter-dialects=arith,func",
    "--loop-invariant-code-motion --mlir-print-ir-after-all",
    "--generate-runtime-verification",
    "--print-op-stats=json",
    "--remove-dead-values",
    "--convert-vector-to-llvm=enable-x86vector",
    "--pass-pipeline=builtin.module(func.func(canonicalize,cse),symbol-dce)",
]


def pass_names(mlir_opt):
    """The pass and pass-pipeline names listed by `mlir-opt --help`."""
    text = subprocess.run([mlir_opt, "--help"], capture_output=True, text=True,
                          timeout=60).stdout
    names = []
    section = False
    for line in text.splitlines():
        if re.match(r"^    (Passes|Pass Pipelines):$", line):
            section = True
            continue
        if section and re.match(r"^  \S", line):    # the next option group
            break
        m = re.match(r"^      --([A-Za-z0-9][A-Za-z0-9_.-]*)", line) if section else None
        if m:
            names.append(m.group(1))
    if not names:
        sys.exit("error: no passes found in `%s --help`" % mlir_opt)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tessera-opt", required=True)
    parser.add_argument("--mlir-opt", required=True)
    parser.add_argument("--expected", help="expected-differences file")
    parser.add_argument("--only", help="only passes / flags containing this")
    parser.add_argument("--sample", type=int, default=0,
                        help="run only every N-th pass (deterministic); 0: all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("input")
    opts = parser.parse_args()

    tessera = parity_corpus.resolve_tool(opts.tessera_opt)
    upstream = parity_corpus.resolve_tool(opts.mlir_opt)
    path = os.path.abspath(opts.input)
    cwd, name = os.path.split(path)
    expected = {k: v for k, v in parity_corpus.read_expected(opts.expected).items()
                if k[0] == name}

    all_names = pass_names(upstream)
    names = [n for n in all_names if not n.startswith("test-") and n not in TEST_ONLY]
    skipped = len(all_names) - len(names)
    if opts.sample > 1:
        names = names[::opts.sample]
    flags = ["--" + n for n in names] + WITH_OPTIONS
    if opts.only:
        flags = [f for f in flags if opts.only in f]
    runs = [(name, f, parity_corpus.shlex.split(f) + [name]) for f in flags]
    for _, _, args in runs:
        parity_corpus.check_no_output_file(name, args)
    errors = parity_corpus.run_cases(
        "pass flags: %d passes (%d test-only skipped%s), %d with options,"
        % (len(names), skipped, ", every %d-th" % opts.sample if opts.sample > 1 else "",
           len(WITH_OPTIONS)),
        runs, tessera, upstream, cwd, expected, opts.jobs,
        None if (opts.only or opts.sample > 1) else {name})
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
