"""Writes the payload of the first #gpu.object in a `gpu.binary` (as printed
by gpu-module-to-binary) to a file, decoding MLIR's string escapes, so that
llvm-readelf / llvm-objdump can read the hsaco (format=bin) or the assembly
(format=isa). Used by the lit tests until tessera-translate --to=hsaco does
this; needs nothing but the Python that runs lit."""
import re
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    text = open(src, encoding="latin-1").read()
    m = re.search(r'(?:bin|assembly) = "((?:[^"\\]|\\.)*)"', text)
    if not m:
        sys.exit("extract-gpu-binary: no gpu.object payload in " + src)
    s, out, i = m.group(1), bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            nxt = s[i + 1]
            if nxt in '"\\':
                out.append(ord(nxt))
                i += 2
                continue
            if nxt == "n":
                out.append(10)
                i += 2
                continue
            if nxt == "t":
                out.append(9)
                i += 2
                continue
            out.append(int(s[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(ord(c))
            i += 1
    open(dst, "wb").write(bytes(out))


if __name__ == "__main__":
    main()
