"""Every prefix cut of some upstream-style inputs (at a fixed set of byte
offsets) must give exit status 0 or 1 from tessera-opt: a diagnostic, never a
crash (a signal) or a hang. Run as
  truncate_no_crash.py TESSERA_OPT FILE...
"""
import subprocess
import sys

CUTS = 24  # offsets per file, spread evenly


def main():
    tool, files = sys.argv[1], sys.argv[2:]
    bad = []
    runs = 0
    for path in files:
        data = open(path, "rb").read()
        for i in range(1, CUTS + 1):
            cut = data[: len(data) * i // (CUTS + 1)]
            for flags in ([], ["-split-input-file"], ["-split-input-file", "-canonicalize"]):
                runs += 1
                try:
                    r = subprocess.run([tool, *flags, "-", "-o", "/dev/null"], input=cut,
                                       capture_output=True, timeout=60)
                except subprocess.TimeoutExpired:
                    bad.append(f"{path} cut at {len(cut)} {flags}: timed out")
                    continue
                if r.returncode not in (0, 1):
                    bad.append(f"{path} cut at {len(cut)} {flags}: exit {r.returncode}\n"
                               + r.stderr.decode(errors="replace")[-2000:])
    for b in bad:
        print("CRASH:", b)
    print(f"truncated inputs: {runs} runs, {len(bad)} crashes or hangs")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
