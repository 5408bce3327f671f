// A kernel no generator knows cannot be committed: one located error.
// RUN: tessera-opt %s -split-input-file -verify-diagnostics --tessera-lower-schedule=target=host

// expected-error @+1 {{tessera-lower-schedule: cannot commit kernel 'k' to host: no kernel generator for a fusion group rooted at 'tgraph.layer_norm'}}
func.func @k(%x: memref<?x?xf32>) attributes {tsched.kernel = {fused = ["tgraph.layer_norm"]}} {
  return
}

// -----

// expected-error @+1 {{kernel without a 'fused' list}}
func.func @k2(%x: memref<?x?xf32>) attributes {tsched.kernel = {}} {
  return
}
