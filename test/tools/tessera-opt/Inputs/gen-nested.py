"""Writes a function with N nested scf.execute_region ops (2 brackets each)."""
import sys

n = int(sys.argv[1])
out = sys.stdout
out.write("func.func @deep() {\n")
out.write('"scf.execute_region"() ({\n' * n)
out.write('  "scf.yield"() : () -> ()\n')
for i in range(n):
    out.write("}) : () -> ()\n")
    if i != n - 1:
        out.write('"scf.yield"() : () -> ()\n')
out.write("return\n}\n")
