//===- Families.c - the table of kernel families --------------------------===//
//
// One entry per kind of kernel tessera-lower-graph makes: the ops it claims
// (Fusion.c) and its schedule builder. A new family is a claim, a builder
// and a line here; the Schedule IR it writes is compiled by every target
// through the lowerings of its ops (docs/adding-a-kernel.md). How a target
// launches it is read from the kernel's own IR (its scf.forall grid), and a
// family that has a fast whole-nest lowering too is recognised by its body
// (Conversion/KernelFamilies.h), never by its name.
//
//===----------------------------------------------------------------------===//
#include "Conversion/GraphToSchedule/LowerGraph.h"

const GtsFamily gtsFamilies[] = {
    {"matmul", gtsClaimMatmul, gtsBuildMatmul},
    {"softmax", gtsClaimSoftmax, gtsBuildSoftmax},
    {"attention", gtsClaimAttention, gtsBuildAttention},
    {"elementwise", gtsClaimElementwise, gtsBuildElementwise},
    {"norm", gtsClaimNorm, gtsBuildNorm},
    {"reduce", gtsClaimReduce, gtsBuildReduce},
    {"reshape", gtsClaimReshape, gtsBuildReshape},
    {"permute", gtsClaimPermute, gtsBuildPermute},
    {"slice", gtsClaimSlice, gtsBuildSlice},
    {"concat", gtsClaimConcat, gtsBuildConcat},
    {"pad", gtsClaimPad, gtsBuildPad},
    {"split", gtsClaimSplit, gtsBuildSplit},
    {"iota", gtsClaimIota, gtsBuildIota},
    {"embedding", gtsClaimEmbedding, gtsBuildEmbedding},
    {"constant", gtsClaimConstant, gtsBuildConstant},
    {NULL, NULL, NULL},
};
