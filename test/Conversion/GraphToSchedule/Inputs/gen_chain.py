"""Writes a function of N chained tgraph.softmax ops ("softmax N"), or of N
arguments chained by matmuls ("args N")."""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
t = "tensor<?x?xf32>"
if kind == "softmax":
    print(f"func.func @chain(%x0: {t}) -> {t} {{")
    for i in range(n):
        print(f'  %x{i + 1} = "tgraph.softmax"(%x{i}) : ({t}) -> {t}')
    print(f"  return %x{n} : {t}")
else:
    args = ", ".join(f"%a{i}: {t}" for i in range(n))
    print(f"func.func @many_args({args}) -> {t} {{")
    prev = "%a0"
    for i in range(1, n):
        print(f'  %y{i} = "tgraph.matmul"({prev}, %a{i}) : ({t}, {t}) -> {t}')
        prev = f"%y{i}"
    print(f"  return {prev} : {t}")
print("}")
