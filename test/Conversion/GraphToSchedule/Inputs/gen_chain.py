"""Writes a function of N chained tgraph.softmax ops."""
import sys

n = int(sys.argv[1])
print("func.func @chain(%x0: tensor<?x?xf32>) -> tensor<?x?xf32> {")
for i in range(n):
    print(f'  %x{i + 1} = "tgraph.softmax"(%x{i}) : (tensor<?x?xf32>) -> tensor<?x?xf32>')
print(f"  return %x{n} : tensor<?x?xf32>")
print("}")
