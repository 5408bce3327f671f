// The target pass takes only modules committed to chip "spirv".
// expected-error @+1 {{tessera-lower-target-to-spirv: the module is not committed to a spirv* chip (run tessera-lower-schedule{target=<chip>} first)}}
module attributes {ttarget.target = {chip = "sm_80"}} {
}
