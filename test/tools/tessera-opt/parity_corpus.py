#!/usr/bin/env python3
"""Corpus parity: tessera-opt must behave exactly like mlir-opt on upstream IR.

Every `*.mlir` file of DIR that has `// PARITY: <flags>` lines is run once per
such line, as `TOOL <flags> <file>` for both tools, from DIR and with the bare
file name (so that locations print the same). Exit status, stdout and stderr
are compared, with the program names (mlir-opt-22, mlir-opt, tessera-opt,
with or without a directory) replaced by one token.

The expected-differences file lists the cases that may differ, one a line:
    <file> | <flags> | <reason>
(lines starting with '#' are comments). A listed case that no longer differs
is an error too, so the list stays true.

Usage:
  parity_corpus.py --tessera-opt PATH --mlir-opt PATH [--expected FILE]
                   [--only SUBSTRING] [--jobs N] DIR
Exit status: 0 when every case is identical or an expected difference.
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

TIMEOUT_S = 60
DIFF_LINES = 40          # per stream and case
PARITY_RE = re.compile(r"^// PARITY:(.*)$")
TOOL_RE = re.compile(r"(?:[^\s'\"`(]*/)?(?:mlir-opt-22|mlir-opt|tessera-opt)\b")
TOKEN = "<opt>"


def resolve_tool(name):
    """An absolute path for NAME (a path, or a program found on PATH)."""
    if os.sep in name:
        path = os.path.abspath(name)
    else:
        path = shutil.which(name)
    if not path or not os.access(path, os.X_OK):
        sys.exit("error: tool not found or not executable: %s" % name)
    return path


def normalise(text):
    return TOOL_RE.sub(TOKEN, text)


def run_tool(tool, args, cwd):
    """(exit status or a word, stdout, stderr), normalised."""
    try:
        proc = subprocess.run([tool] + args, cwd=cwd, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return ("timeout after %ds" % TIMEOUT_S, "", "")
    except OSError as e:
        return ("could not run: %s" % e, "", "")
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    rc = proc.returncode
    status = str(rc) if rc >= 0 else "killed by signal %d" % -rc
    return (status, normalise(out), normalise(err))


def compare(tessera, upstream, args, cwd):
    """None when both tools behave the same, else a list of report lines."""
    a = run_tool(tessera, args, cwd)
    b = run_tool(upstream, args, cwd)
    if a == b:
        return None
    report = []
    if a[0] != b[0]:
        report.append("  exit status: tessera-opt %s, mlir-opt %s" % (a[0], b[0]))
    for idx, stream in ((1, "stdout"), (2, "stderr")):
        if a[idx] == b[idx]:
            continue
        diff = list(difflib.unified_diff(
            b[idx].splitlines(), a[idx].splitlines(),
            "mlir-opt " + stream, "tessera-opt " + stream, n=2, lineterm=""))
        if len(diff) > DIFF_LINES:
            diff = diff[:DIFF_LINES] + ["  ... (%d more diff lines)" % (len(diff) - DIFF_LINES)]
        report.append("  %s differs:" % stream)
        report.extend("    " + line for line in diff)
    return report


def read_expected(path):
    """{(file, flags): reason}; flags compared after whitespace normalisation."""
    expected = {}
    if not path:
        return expected
    with open(path, encoding="utf-8") as f:
        for num, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|", 2)]
            if len(parts) != 3 or not parts[0] or not parts[2]:
                sys.exit("%s:%d: error: expected '<file> | <flags> | <reason>'" % (path, num))
            expected[(parts[0], canon_flags(parts[1]))] = parts[2]
    return expected


def canon_flags(flags):
    return " ".join(flags.split())


def check_no_output_file(name, args):
    """Both tools run in the corpus directory: an -o other than /dev/null or
    '-' would write there (or overwrite an input)."""
    for i, arg in enumerate(args):
        target = None
        if arg in ("-o", "--o"):
            target = args[i + 1] if i + 1 < len(args) else ""
        elif re.match(r"^--?o=", arg):
            target = arg.split("=", 1)[1]
        if target is not None and target not in ("/dev/null", "-"):
            sys.exit("%s: error: PARITY flags may only use -o /dev/null or -o -, not %r"
                     % (name, target))


def collect_cases(directory, only):
    """[(file, flags)] for every PARITY line of every corpus file, sorted."""
    files = []
    cases = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".mlir"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            lines = [m.group(1).strip() for m in map(PARITY_RE.match, f.read().splitlines()) if m]
        if not lines:
            continue
        files.append(name)
        for flags in lines:
            if only and only not in name and only not in flags:
                continue
            cases.append((name, flags))
    return files, cases


def run_cases(label, cases, tessera, upstream, cwd, expected, jobs, check_unused):
    """Runs (file, flags, args) cases; prints the reports and the summary line.
    Returns the number of errors (unexpected differences and stale entries)."""
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda c: compare(tessera, upstream, c[2], cwd), cases))
    identical = expected_diffs = unexpected = stale = 0
    seen = set()
    for (name, flags, _), report in zip(cases, results):
        key = (name, canon_flags(flags))
        seen.add(key)
        reason = expected.get(key)
        if report is None and reason is None:
            identical += 1
        elif report is None:
            stale += 1
            print("STALE: %s | %s: listed as an expected difference (%s) but both tools agree"
                  % (name, flags, reason))
        elif reason is not None:
            expected_diffs += 1
        else:
            unexpected += 1
            print("DIFFERS: %s | %s" % (name, flags))
            print("\n".join(report))
    if check_unused:
        for key, reason in sorted(expected.items()):
            if key not in seen and key[0] in check_unused:
                stale += 1
                print("STALE: %s | %s: listed as an expected difference (%s) but no such case"
                      % (key[0], key[1], reason))
    print("%s %d cases, %d identical, %d expected differences, %d unexpected%s (%.1f s)"
          % (label, len(cases), identical, expected_diffs, unexpected,
             ", %d stale expected-difference entries" % stale if stale else "",
             time.monotonic() - start))
    return unexpected + stale


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tessera-opt", required=True)
    parser.add_argument("--mlir-opt", required=True)
    parser.add_argument("--expected", help="expected-differences file")
    parser.add_argument("--only", help="only cases whose file name or flags contain this")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("dir")
    opts = parser.parse_args()

    tessera = resolve_tool(opts.tessera_opt)
    upstream = resolve_tool(opts.mlir_opt)
    directory = os.path.abspath(opts.dir)
    expected = read_expected(opts.expected)
    files, cases = collect_cases(directory, opts.only)
    runs = [(name, flags, shlex.split(flags) + [name]) for name, flags in cases]
    for name, flags, args in runs:
        check_no_output_file(name, args)
    # Without --only every entry must name a case that exists (entries for
    # files without PARITY lines, e.g. the pass-flag input, are not ours).
    check = None if opts.only else set(files)
    errors = run_cases("corpus: %d files," % len(files), runs, tessera, upstream,
                       directory, expected, opts.jobs, check)
    for key, reason in sorted(expected.items()):
        if not os.path.isfile(os.path.join(directory, key[0])):
            errors += 1
            print("STALE: %s | %s: listed as an expected difference (%s) but there is no such file"
                  % (key[0], key[1], reason))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
