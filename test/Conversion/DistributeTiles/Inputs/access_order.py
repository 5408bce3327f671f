"""Prints the order of a gpu.func's global loads and stores (stream.test).

Usage: access_order.py FILE FUNC NAME=ARG...  e.g. R=arg2 O=arg3

Each memref.load / memref.store of a named argument, in text order, is one
access "load R" / "store O"; consecutive equal accesses are run-length
coded ("load R x32, store O x32").
"""
import re
import sys


def main():
    path, func, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    args = dict(n.split("=")[::-1] for n in names)
    text = open(path).read()
    start = text.index("gpu.func @%s(" % func)
    body = text[start:text.index("gpu.return", start)]
    seq = []
    pat = re.compile(r"memref\.(load|store) (?:%\w+, )?%(arg\d+)\[")
    for m in pat.finditer(body):
        if m.group(2) in args:
            seq.append("%s %s" % (m.group(1), args[m.group(2)]))
    runs = []
    for a in seq:
        if runs and runs[-1][0] == a:
            runs[-1][1] += 1
        else:
            runs.append([a, 1])
    print(", ".join("%s x%d" % (a, n) for a, n in runs))


main()
