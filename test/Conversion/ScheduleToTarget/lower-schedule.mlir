// RUN: tessera-opt %s --tessera-lower-graph --tessera-lower-schedule=target=host | FileCheck %s --check-prefix=HOST
// RUN: tessera-opt %s --tessera-lower-graph --tessera-lower-schedule=target=sm_80 | FileCheck %s --check-prefix=SM80
// RUN: tessera-opt %s --tessera-lower-graph='block-k=64 stages=3' --tessera-lower-schedule=target=sm_90a | FileCheck %s --check-prefix=SM90A
// RUN: tessera-opt %s --tessera-lower-graph='stages=2' --tessera-lower-schedule=target=gfx942 | FileCheck %s --check-prefix=GFX942
// The committed IR verifies as Target IR on every target.
// RUN: tessera-opt %s --tessera-lower-graph --tessera-lower-schedule=target=sm_80 --tessera-verify > /dev/null
// RUN: tessera-opt %s --tessera-lower-graph='stages=2' --tessera-lower-schedule=target=gfx942 --tessera-verify > /dev/null
// RUN: tessera-opt %s --tessera-lower-graph='block-k=64 stages=3' --tessera-lower-schedule=target=sm_90a --tessera-verify > /dev/null

// "native" is resolved once, here: the IR names this CPU, not "native", and
// no thread count of this machine is baked in (threads are counted when the
// kernel runs).
// HOST-NOT: "native"
// HOST: module attributes {ttarget.target = {chip = "host", cpu = "{{[a-z0-9-]+}}", features = [
// HOST: ttarget.kernel = {args = ["memref", "memref", "memref", "memref"], copy = "plain", lowering = "matmul", mma = "{{generic|avx512}}"}
// HOST: "ttarget.copy"({{.*}}) {family = "plain"
// HOST: "ttarget.mma"({{.*}}) {family = "{{generic|avx512}}"

// mma.sync kernels are compiled op by op (no whole-nest sm_80 lowering).
// SM80: module attributes {ttarget.target = {chip = "sm_80", features = ["+ptx80"]}}
// SM80: ttarget.kernel = {args = ["memref", "memref", "memref", "memref"], block = array<i64: {{[0-9]+}}>, copy = "cp.async", fallback = @{{[a-z0-9_]+}}_unaligned, lowering = "ops", mma = "mma.sync", shared_memory = {{[0-9]+}} : i64}
// SM80: "ttarget.copy"({{.*}}) {family = "cp.async"
// SM80: "ttarget.mma"({{.*}}) {family = "mma.sync", shape = array<i64: 16, 8, 16>

// sm_90a's 16-bit kernels: wgmma + TMA, op by op. The arguments TMA copies
// read are passed as tensor maps; both tiles are 128-byte swizzled (B's
// 256-byte rows as two boxes); two warpgroups of 64 rows each.
// SM90A: ttarget.kernel = {args = ["tma", "tma", "memref", "memref"], block = array<i64: 256>, copy = "tma", fallback = @linear_gelu_k0_unaligned, lowering = "ops", mma = "wgmma", shared_memory = 99328 : i64}
// SM90A: "ttarget.copy"({{.*}}) {family = "tma", swizzle = 128 : i64, tile = array<i64: 128, 64>}
// SM90A: "ttarget.copy"({{.*}}) {family = "tma", swizzle = 128 : i64, tile = array<i64: 64, 128>}
// SM90A: "ttarget.mma"({{.*}}) {family = "wgmma", shape = array<i64: 64, 128, 16>, warps = array<i64: 2, 1>}
// The fallback: the same Schedule IR, op by op on mma.sync with plain
// copies.
// SM90A: func.func @linear_gelu_k0_unaligned({{.*}}ttarget.kernel = {args = ["memref", "memref", "memref", "memref"], block = array<i64: 256>, copy = "plain", lowering = "ops", mma = "mma.sync"
// SM90A: "ttarget.copy"({{.*}}) {family = "plain"
// SM90A: "ttarget.mma"({{.*}}) {family = "mma.sync", shape = array<i64: 16, 8, 16>

// AMD kernels are compiled op by op (no whole-nest MFMA lowering).
// GFX942: ttarget.kernel = {{{.*}}copy = "plain", lowering = "ops", mma = "mfma"
// GFX942: "ttarget.mma"({{.*}}) {family = "mfma", shape = array<i64: 32, 32, 8>

func.func @linear_gelu(%x: tensor<?x?xf16>, %w: tensor<?x?xf16>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = "tgraph.matmul"(%x, %w) : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %bb = "tgraph.broadcast"(%b) : (tensor<?xf32>) -> tensor<?x?xf32>
  %z = "tgraph.add"(%y, %bb) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = "tgraph.gelu"(%z) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}
