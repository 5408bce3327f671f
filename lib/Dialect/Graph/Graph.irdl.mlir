// The tgraph dialect (Graph IR): tensor ops on builtin tensor<> types.
//
// IRDL checks structure only: operand and result counts and that each is a
// builtin tensor. Shapes, element types and every attribute are checked by
// the semantic verifier (GraphVerify.c), because IRDL treats declared
// attributes as required and our attributes are optional with defaults.
// Each operand gets its own irdl.base value: a shared constraint value would
// force the operands to have equal types. docs/dialects/graph.md describes
// each op.
irdl.dialect @tgraph {
  // lhs MxK, rhs KxN -> MxN.
  irdl.operation @matmul {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  // lhs BxMxK, rhs BxKxN -> BxMxN.
  // input [..., K] x weight [N, K]^T (+ optional bias [N]) -> [..., N], as
  // torch.nn.functional.linear.
  irdl.operation @linear {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    %t3 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0, weight: %t1, bias: optional %t2)
    irdl.results(result: %t3)
  }
  irdl.operation @batch_matmul {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  // Elementwise binary, no implicit broadcasting.
  irdl.operation @add {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  // Elementwise binary, no implicit broadcasting.
  irdl.operation @sub {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  // Elementwise binary, no implicit broadcasting.
  irdl.operation @mul {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  // Elementwise binary, no implicit broadcasting.
  irdl.operation @div {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  // Elementwise binary, no implicit broadcasting.
  irdl.operation @max {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  // Elementwise unary.
  irdl.operation @exp {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Elementwise unary.
  irdl.operation @tanh {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Elementwise unary.
  irdl.operation @relu {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Elementwise unary. Optional attribute: approximate.
  irdl.operation @gelu {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Elementwise unary.
  irdl.operation @silu {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Optional attribute: dim.
  irdl.operation @min {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  irdl.operation @pow {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  irdl.operation @swiglu {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(gate: %t0, up: %t1)
    irdl.results(result: %t2)
  }
  irdl.operation @log_softmax {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  irdl.operation @neg {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  irdl.operation @abs {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  irdl.operation @sqrt {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  irdl.operation @rsqrt {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  irdl.operation @log {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  irdl.operation @sigmoid {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  irdl.operation @clamp {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  irdl.operation @softmax {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // q [..., S, D], k [..., T, D], v [..., T, Dv], optional additive mask
  // [S, T] -> [..., S, Dv]. Attributes scale, causal, precision.
  irdl.operation @attention {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    %t3 = irdl.base "!builtin.tensor"
    %t4 = irdl.base "!builtin.tensor"
    irdl.operands(q: %t0, k: %t1, v: %t2, mask: optional %t3)
    irdl.results(result: %t4)
  }
  // Attributes kind and dims (required, checked in C), keep_dims.
  irdl.operation @reduce {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Attributes dims (required, checked in C), correction, keep_dims.
  irdl.operation @var {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Attribute permutation (required, checked in C).
  irdl.operation @transpose {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Same element type; equal element counts when static.
  irdl.operation @reshape {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Attributes offsets (required), strides; sizes are the result's.
  irdl.operation @slice {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Attributes low and high (required: elements added before and after
  // each dim), value (optional f64, default 0).
  irdl.operation @pad {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // input cut into equal parts along attribute dim (required), one per
  // result: the elements of a variadic share one constraint value, so all
  // results have one type (unequal parts are slices).
  irdl.operation @split {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(results: variadic %t1)
  }
  // lhs and rhs joined along attribute dim (required). Two operands: the
  // elements of one IRDL variadic share one constraint value, so they would
  // all need one type (one size along dim); a longer concat is a chain,
  // which the lowering writes straight into the final buffer.
  irdl.operation @concat {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t0, rhs: %t1)
    irdl.results(result: %t2)
  }
  // Optional attribute: broadcast_dimensions.
  irdl.operation @broadcast {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Same shape, element type changes.
  irdl.operation @cast {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0)
    irdl.results(result: %t1)
  }
  // Attribute value (required, checked in C).
  irdl.operation @constant {
    %t0 = irdl.base "!builtin.tensor"
    irdl.operands()
    irdl.results(result: %t0)
  }
  // Each element's index along attribute dim (required); the optional
  // operand gives the result's dims (a dynamic result needs it).
  irdl.operation @iota {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    irdl.operands(like: optional %t0)
    irdl.results(result: %t1)
  }
  // The rows of table [V, D] that ids (i32 / i64) name: [..., D].
  irdl.operation @embedding {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(ids: %t0, table: %t1)
    irdl.results(result: %t2)
  }
  // Optional weight, then bias; attributes epsilon, axis. The variadic
  // operands share one constraint value, so weight and bias must have
  // identical types (which they do: both cover the normalised dims).
  irdl.operation @layer_norm {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0, params: variadic %t1)
    irdl.results(result: %t2)
  }
  // Optional weight; attributes epsilon, axis.
  irdl.operation @rms_norm {
    %t0 = irdl.base "!builtin.tensor"
    %t1 = irdl.base "!builtin.tensor"
    %t2 = irdl.base "!builtin.tensor"
    irdl.operands(input: %t0, params: variadic %t1)
    irdl.results(result: %t2)
  }
}
