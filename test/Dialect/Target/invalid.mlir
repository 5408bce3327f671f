// RUN: tessera-opt %s -split-input-file -verify-diagnostics

// Every check of the ttarget verifier (lib/Dialect/Target/*.c) and the
// structural checks IRDL makes (Target.irdl.mlir), at least one case each.

//===----------------------------------------------------------------------===//
// IRDL
//===----------------------------------------------------------------------===//

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @irdl_mma_operands() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    // expected-error @+1 {{op expects exactly 3 operands, but got 2}}
    %0 = "ttarget.mma"(%a, %a) {family = "mma.sync", shape = array<i64: 16, 8, 16>} : (vector<16x16xf16>, vector<16x16xf16>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @irdl_copy_source(%t: tensor<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{expected base type 'builtin.memref' but got 'builtin.tensor'}}
    %0:2 = "ttarget.copy"(%t, %i) {family = "plain", tile = array<i64: 16>} : (tensor<?xf16>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

func.func @irdl_unknown_op() {
  // expected-error @+1 {{unregistered operation 'ttarget.launch'}}
  "ttarget.launch"() : () -> ()
  return
}

//===----------------------------------------------------------------------===//
// ttarget.target
//===----------------------------------------------------------------------===//

// -----

// expected-error @+1 {{'func.func' op attribute 'ttarget.target' must be on a builtin.module or gpu.module}}
func.func @target_on_func() attributes {ttarget.target = {chip = "sm_80"}} {
  return
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' must be a dictionary, got "sm_80"}}
module attributes {ttarget.target = "sm_80"} {
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' has unknown key 'arch'; expected one of: chip, features, cpu}}
module attributes {ttarget.target = {arch = "sm_80"}} {
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' requires key 'chip'}}
module attributes {ttarget.target = {features = ["+ptx80"]}} {
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' key 'chip' must be one of "sm_80", "sm_90", "sm_90a", "gfx90a", "gfx942", "host", "spirv", got "sm_100a"}}
module attributes {ttarget.target = {chip = "sm_100a"}} {
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' key 'features' must be an array of non-empty strings, got "+avx512f"}}
module attributes {ttarget.target = {chip = "host", features = "+avx512f"}} {
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' feature "avx512f" must start with '+' or '-'}}
module attributes {ttarget.target = {chip = "host", features = ["avx512f"]}} {
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' feature "+ptx80" is a PTX ISA version; chip "gfx942" is not an NVIDIA GPU}}
module attributes {ttarget.target = {chip = "gfx942", features = ["+ptx80"]}} {
}

// -----

// sm_90a PTX does not exist before ISA 8.0.
// expected-error @+1 {{attribute 'ttarget.target' chip "sm_90a" needs PTX ISA 8.0 or newer (+ptx80), got "+ptx78"}}
module attributes {ttarget.target = {chip = "sm_90a", features = ["+ptx78"]}} {
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' key 'cpu' applies to chip "host"}}
module attributes {ttarget.target = {chip = "gfx90a", cpu = "znver3"}} {
}

// -----

// expected-error @+1 {{attribute 'ttarget.target' key 'cpu' must be a CPU name (e.g. "znver5"), got ""}}
module attributes {ttarget.target = {chip = "host", cpu = ""}} {
}

// -----

// A malformed descriptor is reported once; the kernels under it skip the
// checks that need the chip.
// expected-error @+1 {{key 'chip' must be one of}}
module attributes {ttarget.target = {chip = "gfx1100"}} {
  func.func @kernel_under_bad_target() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma"}} {
    return
  }
}

//===----------------------------------------------------------------------===//
// ttarget.kernel: placement, keys, families
//===----------------------------------------------------------------------===//

// -----

// expected-error @+1 {{'builtin.module' op attribute 'ttarget.kernel' must be on a func.func or gpu.func}}
module attributes {ttarget.kernel = {mma = "generic", copy = "plain"}} {
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'lowering' must be a non-empty string ("ops" or a whole-nest family such as "matmul")}}
  func.func @kernel_lowering_not_string() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, lowering = 1 : i64}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' must be a dictionary, got "wgmma"}}
  func.func @kernel_not_dict() attributes {ttarget.kernel = "wgmma"} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' has unknown key 'num_warps'; expected one of: mma, copy, block, threads, grid, cluster, shared_memory, args}}
  func.func @kernel_unknown_key() attributes {ttarget.kernel = {mma = "generic", copy = "plain", num_warps = 4}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' requires key 'mma'}}
  func.func @kernel_mma_missing() attributes {ttarget.kernel = {copy = "plain", block = array<i64: 32>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'mma' must be one of "wgmma", "mma.sync", "mfma", "avx512", "generic", got "hmma"}}
  func.func @kernel_mma_bad() attributes {ttarget.kernel = {mma = "hmma", copy = "plain", block = array<i64: 32>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' requires key 'copy'}}
  func.func @kernel_copy_missing() attributes {ttarget.kernel = {mma = "generic", block = array<i64: 32>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'copy' must be one of "tma", "cp.async", "plain", got 1 : i64}}
  func.func @kernel_copy_bad() attributes {ttarget.kernel = {mma = "generic", copy = 1, block = array<i64: 32>}} {
    return
  }
}

// -----

// expected-error @+1 {{attribute 'ttarget.kernel' needs an enclosing 'ttarget.target' (on a builtin.module or gpu.module)}}
func.func @kernel_without_target() attributes {ttarget.kernel = {mma = "generic", copy = "plain"}} {
  return
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'mma' = "wgmma" requires chip "sm_90a", got "sm_90"}}
  func.func @wgmma_on_sm90() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx942"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'mma' = "mma.sync" requires an NVIDIA chip (sm_80, sm_90, sm_90a), got "gfx942"}}
  func.func @mma_sync_on_amd() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 256>}} {
    return
  }
}

// -----

// An OpenCL device (chip "spirv") has neither NVIDIA's nor AMD's matrix
// instructions and copies, and its kernels need a block.
module attributes {ttarget.target = {chip = "spirv"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'mma' = "mma.sync" requires an NVIDIA chip (sm_80, sm_90, sm_90a), got "spirv"}}
  func.func @mma_sync_on_spirv() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 128>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "spirv"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'copy' = "cp.async" requires an NVIDIA chip (sm_80, sm_90, sm_90a), got "spirv"}}
  func.func @cp_async_on_spirv() attributes {ttarget.kernel = {mma = "generic", copy = "cp.async", block = array<i64: 128>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "spirv"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' requires key 'block' on chip "spirv"}}
  func.func @no_block_on_spirv() attributes {ttarget.kernel = {mma = "generic", copy = "plain"}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'mma' = "mfma" requires an AMD gfx9 chip (gfx90a, gfx942), got "sm_80"}}
  func.func @mfma_on_nvidia() attributes {ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 256>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'mma' = "avx512" requires chip "host", got "gfx90a"}}
  func.func @avx512_on_gpu() attributes {ttarget.kernel = {mma = "avx512", copy = "plain", block = array<i64: 64>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "host", features = ["+avx2", "-avx512f"]}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'mma' = "avx512" requires the host feature "+avx512f"}}
  func.func @avx512_without_feature() attributes {ttarget.kernel = {mma = "avx512", copy = "plain"}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'copy' = "tma" requires chip "sm_90" or "sm_90a", got "sm_80"}}
  func.func @tma_on_sm80() attributes {ttarget.kernel = {mma = "mma.sync", copy = "tma", block = array<i64: 128>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "host", features = ["+avx512f"]}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'copy' = "cp.async" requires an NVIDIA chip (sm_80, sm_90, sm_90a), got "host"}}
  func.func @cp_async_on_host() attributes {ttarget.kernel = {mma = "avx512", copy = "cp.async"}} {
    return
  }
}

//===----------------------------------------------------------------------===//
// ttarget.kernel: launch shape
//===----------------------------------------------------------------------===//

// -----

module attributes {ttarget.target = {chip = "host"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' applies to GPU chips; host kernels take 'threads'}}
  func.func @block_on_host() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 1>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx942"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' requires key 'block' on chip "gfx942"}}
  func.func @block_missing() attributes {ttarget.kernel = {mma = "generic", copy = "plain"}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' must have 1 to 3 entries, got 4}}
  func.func @block_rank() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 8, 4, 2, 2>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' entries must be positive, got 0}}
  func.func @block_zero() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32, 0>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' must be an i64 array (e.g. array<i64: 128, 1, 1>), got [128]}}
  func.func @block_kind() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = [128]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' dimension z = 128 exceeds 64 on "sm_90a"}}
  func.func @block_z() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 1, 1, 128>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' dimension x = 2048 exceeds 1024 on "gfx90a"}}
  func.func @block_x() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 2048>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' has 2048 threads; "sm_80" allows at most 1024 per block}}
  func.func @block_threads() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 64, 32>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' has 96 threads; mma = "wgmma" needs a multiple of 128 (whole warpgroups)}}
  func.func @block_warpgroups() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 96>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' has 48 threads; mma = "mma.sync" needs a multiple of 32 (whole warps)}}
  func.func @block_warps() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 16, 3>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx942"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'block' has 32 threads; mma = "mfma" needs a multiple of 64 (whole wave64 wavefronts)}}
  func.func @block_wavefronts() attributes {ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 32>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'threads' applies to chip "host"; GPU kernels take 'block'}}
  func.func @threads_on_gpu() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, threads = 4}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "host"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'threads' must be in [1, 65536], got 0}}
  func.func @threads_zero() attributes {ttarget.kernel = {mma = "generic", copy = "plain", threads = 0}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'grid' entries must be positive, got -1}}
  func.func @grid_negative() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, grid = array<i64: -1>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'grid' dimension y = 65536 exceeds 65535 on "sm_80"}}
  func.func @grid_y() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, grid = array<i64: 1, 65536>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx942"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'grid' dimension x has more than 4294967295 work-items (grid x block)}}
  func.func @grid_work_items() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 256>, grid = array<i64: 16777216>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'cluster' requires chip "sm_90" or "sm_90a", got "sm_80"}}
  func.func @cluster_on_sm80() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, cluster = array<i64: 2>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'cluster' has 16 blocks; at most 8 (the portable cluster size)}}
  func.func @cluster_size() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, cluster = array<i64: 4, 4>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'grid' dimension x = 33 is not a multiple of the cluster's 2}}
  func.func @cluster_grid() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, grid = array<i64: 33, 4>, cluster = array<i64: 2>}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // 164 KiB is the SM's capacity; one block can have 163 KiB.
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'shared_memory' = 167936 bytes exceeds "sm_80"'s 166912 (163 KiB per block)}}
  func.func @shared_sm80() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, shared_memory = 167936}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'shared_memory' = 233472 bytes exceeds "sm_90a"'s 232448 (227 KiB per block)}}
  func.func @shared_sm90a() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, shared_memory = 233472}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'shared_memory' = 65540 bytes exceeds "gfx90a"'s 65536 (64 KiB per block)}}
  func.func @lds_gfx90a() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 64>, shared_memory = 65540}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'shared_memory' must be in [0, 9223372036854775807], got -4}}
  func.func @shared_negative() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, shared_memory = -4}} {
    return
  }
}

//===----------------------------------------------------------------------===//
// ttarget.kernel: argument ABI
//===----------------------------------------------------------------------===//

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' must be an array of non-empty strings, got ["memref", 0]}}
  func.func @args_kind(%x: memref<?xf32>, %n: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, args = ["memref", 0 : i64]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' has 1 entries but the function has 2 arguments}}
  func.func @args_count(%x: memref<?xf32>, %n: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, args = ["memref"]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' entry 1 must be one of "memref", "ptr", "scalar", "tma", got "value"}}
  func.func @args_unknown(%x: memref<?xf32>, %n: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, args = ["memref", "value"]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' entry 0 is "scalar" but argument 0 is memref<?xf32>}}
  func.func @args_scalar_memref(%x: memref<?xf32>, %n: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, args = ["scalar", "scalar"]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' entry 1 is "memref" but argument 1 is index, not a memref}}
  func.func @args_memref_scalar(%x: memref<?xf32>, %n: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, args = ["memref", "memref"]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' entry 0 is "ptr", which passes only the aligned pointer, but argument 0 has a dynamic shape: memref<?xf32>}}
  func.func @args_ptr_dynamic(%x: memref<?xf32>) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>, args = ["ptr"]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' entry 0 is "tma" but the kernel's copy is "cp.async"}}
  func.func @args_tma_without_tma(%x: memref<?x?xf16>) attributes {ttarget.kernel = {mma = "wgmma", copy = "cp.async", block = array<i64: 128>, args = ["tma"]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' entry 0 is "tma" but argument 0 is not in global memory: memref<64x64xf16, #gpu.address_space<workgroup>>}}
  func.func @args_tma_shared(%x: memref<64x64xf16, #gpu.address_space<workgroup>>) attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>, args = ["tma"]}} {
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'args' entry 0 is "tma" but argument 0 has rank 6; TMA handles at most 5}}
  func.func @args_tma_rank(%x: memref<?x?x?x?x?x?xf16>) attributes {ttarget.kernel = {mma = "mma.sync", copy = "tma", block = array<i64: 128>, args = ["tma"]}} {
    return
  }
}

//===----------------------------------------------------------------------===//
// Checks every ttarget op makes
//===----------------------------------------------------------------------===//

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @op_not_in_kernel(%x: memref<?xf16>, %i: index) {
    // expected-error @+1 {{'ttarget.copy' op must be inside a function carrying 'ttarget.kernel'}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "plain", tile = array<i64: 16>} : (memref<?xf16>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @target_attr_on_op(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.kernel' does not apply to ttarget ops}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "plain", tile = array<i64: 16>, ttarget.kernel = {}} : (memref<?xf16>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @unknown_attr_copy(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{unknown attribute 'stages'; expected one of: family, tile, pad, swizzle, vector_bytes, transpose}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "plain", tile = array<i64: 16>, stages = 2} : (memref<?xf16>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @unknown_attr_mma() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    %c = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{unknown attribute 'order'; expected one of: family, shape, warps, transpose_a, transpose_b, compute, layout}}
    %0 = "ttarget.mma"(%a, %a, %c) {family = "mma.sync", shape = array<i64: 16, 8, 16>, order = "row"} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

//===----------------------------------------------------------------------===//
// ttarget.mma
//===----------------------------------------------------------------------===//

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_family_missing() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    %c = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{requires attribute 'family' ("wgmma", "mma.sync", "mfma", "avx512" or "generic")}}
    %0 = "ttarget.mma"(%a, %a, %c) {shape = array<i64: 16, 8, 16>} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_family_bad() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    %c = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{attribute 'family' must be one of "wgmma", "mma.sync", "mfma", "avx512", "generic", got "hmma"}}
    %0 = "ttarget.mma"(%a, %a, %c) {family = "hmma", shape = array<i64: 16, 8, 16>} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_shape_missing() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    %c = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{requires attribute 'shape' (one instruction's [m, n, k])}}
    %0 = "ttarget.mma"(%a, %a, %c) {family = "mma.sync"} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_shape_entries() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    %c = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{attribute 'shape' must hold 3 positive sizes [m, n, k], got array<i64: 16, 8>}}
    %0 = "ttarget.mma"(%a, %a, %c) {family = "mma.sync", shape = array<i64: 16, 8>} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_shape_kind() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    %c = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{attribute 'shape' must be an i64 array (e.g. array<i64: 0, 1>), got "m16n8k16"}}
    %0 = "ttarget.mma"(%a, %a, %c) {family = "mma.sync", shape = "m16n8k16"} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_warps() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    %c = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{attribute 'warps' must hold 2 positive counts [along M, along N], got array<i64: 1, 0>}}
    %0 = "ttarget.mma"(%a, %a, %c) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 1, 0>} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

// ttarget.mma keeps tsched.tile_matmul's type rules.
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_types() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf16>
    %b = ub.poison : vector<32x8xf16>
    %c = ub.poison : vector<16x8xf32>
    // expected-error @+1 {{contraction sizes differ: 'a' has K = 16, 'b' has K = 32}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "mma.sync", shape = array<i64: 16, 8, 16>} : (vector<16x16xf16>, vector<32x8xf16>, vector<16x8xf32>) -> vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  func.func @mma_family_differs() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>}} {
    %a = ub.poison : vector<16x16xf16>
    %c = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{family "mma.sync" differs from the kernel's mma "wgmma"}}
    %0 = "ttarget.mma"(%a, %a, %c) {family = "mma.sync", shape = array<i64: 16, 8, 16>} : (vector<16x16xf16>, vector<16x16xf16>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_sync_shape() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x32xf16>
    %b = ub.poison : vector<32x8xf16>
    %c = ub.poison : vector<16x8xf32>
    // expected-error @+1 {{mma.sync has no m16n8k32 instruction for f16 inputs with f32 accumulators on "sm_80"}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "mma.sync", shape = array<i64: 16, 8, 32>} : (vector<16x32xf16>, vector<32x8xf16>, vector<16x8xf32>) -> vector<16x8xf32>
    return
  }
}

// -----

// f32 operands go through tensor cores only as tf32.
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_sync_f32() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x8xf32>
    %b = ub.poison : vector<8x8xf32>
    %c = ub.poison : vector<16x8xf32>
    // expected-error @+1 {{mma.sync has no m16n8k8 instruction for f32 inputs with f32 accumulators on "sm_80"}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "mma.sync", shape = array<i64: 16, 8, 8>} : (vector<16x8xf32>, vector<8x8xf32>, vector<16x8xf32>) -> vector<16x8xf32>
    return
  }
}

// -----

// FP8 mma.sync needs sm_89 or newer.
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_sync_fp8_sm80() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x32xf8E4M3FN>
    %b = ub.poison : vector<32x8xf8E4M3FN>
    %c = ub.poison : vector<16x8xf32>
    // expected-error @+1 {{mma.sync has no m16n8k32 instruction for f8E4M3FN inputs with f32 accumulators on "sm_80"}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "mma.sync", shape = array<i64: 16, 8, 32>} : (vector<16x32xf8E4M3FN>, vector<32x8xf8E4M3FN>, vector<16x8xf32>) -> vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  func.func @wgmma_n(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "wgmma", copy = "plain", block = array<i64: 128>}} {
    %a = ub.poison : vector<64x16xf16>
    %b, %t = "ttarget.copy"(%x, %i, %i) {family = "plain", tile = array<i64: 16, 12>} : (memref<?x?xf16>, index, index) -> (memref<16x12xf16, #gpu.address_space<workgroup>>, !tsched.token)
    %c = ub.poison : vector<64x12xf32>
    // expected-error @+1 {{wgmma has no m64n12k16 instruction for f16 inputs with f32 accumulators on "sm_90a"}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "wgmma", shape = array<i64: 64, 12, 16>} : (vector<64x16xf16>, memref<16x12xf16, #gpu.address_space<workgroup>>, vector<64x12xf32>) -> vector<64x12xf32>
    return
  }
}

// -----

// MFMA accumulates f16 products in f32 only.
module attributes {ttarget.target = {chip = "gfx90a"}} {
  func.func @mfma_f16_accumulator() attributes {ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 64>}} {
    %a = ub.poison : vector<32x8xf16>
    %b = ub.poison : vector<8x32xf16>
    %c = ub.poison : vector<32x32xf16>
    // expected-error @+1 {{mfma has no m32n32k8 instruction for f16 inputs with f16 accumulators on "gfx90a"}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "mfma", shape = array<i64: 32, 32, 8>} : (vector<32x8xf16>, vector<8x32xf16>, vector<32x32xf16>) -> vector<32x32xf16>
    return
  }
}

// -----

// gfx942 replaced v_mfma_i32_32x32x8i8 by v_mfma_i32_32x32x16_i8.
module attributes {ttarget.target = {chip = "gfx942"}} {
  func.func @mfma_i8_gfx942() attributes {ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 64>}} {
    %a = ub.poison : vector<32x8xi8>
    %b = ub.poison : vector<8x32xi8>
    %c = ub.poison : vector<32x32xi32>
    // expected-error @+1 {{mfma has no m32n32k8 instruction for i8 inputs with i32 accumulators on "gfx942"}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "mfma", shape = array<i64: 32, 32, 8>} : (vector<32x8xi8>, vector<8x32xi8>, vector<32x32xi32>) -> vector<32x32xi32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "host", features = ["+avx512f"]}} {
  func.func @avx512_accumulator() attributes {ttarget.kernel = {mma = "avx512", copy = "plain"}} {
    %a = ub.poison : vector<8x64xi8>
    %b = ub.poison : vector<64x32xi8>
    %c = ub.poison : vector<8x32xi32>
    // expected-error @+1 {{avx512 accumulates f16, bf16 and f32 products in f32 and f64 in f64; got i32 accumulators}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "avx512", shape = array<i64: 4, 32, 1>} : (vector<8x64xi8>, vector<64x32xi8>, vector<8x32xi32>) -> vector<8x32xi32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "host", features = ["+avx512f"]}} {
  func.func @avx512_shape() attributes {ttarget.kernel = {mma = "avx512", copy = "plain"}} {
    %a = ub.poison : vector<8x64xf32>
    %b = ub.poison : vector<64x24xf32>
    %c = ub.poison : vector<8x24xf32>
    // expected-error @+1 {{avx512 shape must be [m, n, 1] with n a multiple of 16 (one zmm register), got [4, 24, 1]}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "avx512", shape = array<i64: 4, 24, 1>} : (vector<8x64xf32>, vector<64x24xf32>, vector<8x24xf32>) -> vector<8x24xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "host", features = ["+avx512f"]}} {
  func.func @avx512_registers() attributes {ttarget.kernel = {mma = "avx512", copy = "plain"}} {
    %a = ub.poison : vector<16x64xf32>
    %b = ub.poison : vector<64x64xf32>
    %c = ub.poison : vector<16x64xf32>
    // expected-error @+1 {{avx512 register block 8x64 needs more than the 32 zmm registers (m * n/16 accumulators + n/16 B vectors + 1 A broadcast)}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "avx512", shape = array<i64: 8, 64, 1>} : (vector<16x64xf32>, vector<64x64xf32>, vector<16x64xf32>) -> vector<16x64xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_divisible() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 128>}} {
    %a = ub.poison : vector<48x16xf16>
    %b = ub.poison : vector<16x64xf16>
    %c = ub.poison : vector<48x64xf32>
    // 48 rows are 3 instructions: they do not split over 2 warps.
    // expected-error @+1 {{tile 48x64x16 (MxNxK) does not split into warps 2x2 of 16x8x16 instructions}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 2, 2>} : (vector<48x16xf16>, vector<16x64xf16>, vector<48x64xf32>) -> vector<48x64xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  func.func @wgmma_b_registers() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>}} {
    %a = ub.poison : vector<64x16xf16>
    %b = ub.poison : vector<16x64xf16>
    %c = ub.poison : vector<64x64xf32>
    // expected-error @+1 {{wgmma reads operand 'b' from shared memory; got a register tile}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "wgmma", shape = array<i64: 64, 64, 16>} : (vector<64x16xf16>, vector<16x64xf16>, vector<64x64xf32>) -> vector<64x64xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_too_many_warps() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 128>}} {
    %a = ub.poison : vector<64x16xf16>
    %b = ub.poison : vector<16x64xf16>
    %c = ub.poison : vector<64x64xf32>
    // expected-error @+1 {{warps 4x2 need 256 threads (mma.sync: 32 per warp) but the kernel's block has 128}}
    %0 = "ttarget.mma"(%a, %b, %c) {family = "mma.sync", shape = array<i64: 16, 8, 16>, warps = array<i64: 4, 2>} : (vector<64x16xf16>, vector<16x64xf16>, vector<64x64xf32>) -> vector<64x64xf32>
    return
  }
}

//===----------------------------------------------------------------------===//
// ttarget.copy
//===----------------------------------------------------------------------===//

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @copy_family_missing(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{requires attribute 'family' ("tma", "cp.async" or "plain")}}
    %0:2 = "ttarget.copy"(%x, %i) {tile = array<i64: 16>} : (memref<?xf16>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @copy_family_bad(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'family' must be one of "tma", "cp.async", "plain", got "ldg"}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "ldg", tile = array<i64: 16>} : (memref<?xf16>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

// ttarget.copy keeps tsched.async_copy's type rules.
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @copy_types(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{result shape 32 does not match tile 16}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "plain", tile = array<i64: 16>} : (memref<?xf16>, index) -> (memref<32xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @copy_token(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{result 'token' must be !tsched.token, got !gpu.async.token}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "plain", tile = array<i64: 16>} : (memref<?xf16>, index) -> (memref<16xf16, #gpu.address_space<workgroup>>, !gpu.async.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @swizzle_rows(%x: memref<?x?xf32>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'swizzle' on family "cp.async" needs rows that are a multiple of 64 bytes, got 96-byte rows}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "cp.async", tile = array<i64: 8, 24>, swizzle = 64} : (memref<?x?xf32>, index, index) -> (memref<8x24xf32, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @swizzle_1d(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'swizzle' on family "cp.async" needs a 2-D tile, got rank 1}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "cp.async", tile = array<i64: 64>, swizzle = 128} : (memref<?xf16>, index) -> (memref<64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  func.func @swizzle_value(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "tma", block = array<i64: 32>, args = ["tma", "scalar"]}} {
    // expected-error @+1 {{attribute 'swizzle' must be 0, 32, 64 or 128 (bytes), got 256}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "tma", tile = array<i64: 64, 64>, swizzle = 256} : (memref<?x?xf16>, index, index) -> (memref<64x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @vector_bytes_without_cp_async(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'vector_bytes' applies to family "cp.async"}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "plain", tile = array<i64: 64>, vector_bytes = 16} : (memref<?xf16>, index) -> (memref<64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @vector_bytes_value(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'vector_bytes' must be 4, 8 or 16, got 32}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "cp.async", tile = array<i64: 64>, vector_bytes = 32} : (memref<?xf16>, index) -> (memref<64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @vector_bytes_kind(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'vector_bytes' must be an integer (e.g. 1 : i64), got "16"}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "cp.async", tile = array<i64: 64>, vector_bytes = "16"} : (memref<?xf16>, index) -> (memref<64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  func.func @copy_family_differs(%x: memref<?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "tma", block = array<i64: 32>}} {
    // expected-error @+1 {{family "cp.async" differs from the kernel's copy "tma"}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "cp.async", tile = array<i64: 64>} : (memref<?xf16>, index) -> (memref<64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @cp_async_pad(%x: memref<?xf32>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{family "cp.async" fills out-of-bounds elements with zero; a non-zero 'pad' needs family "plain"}}
    %0:2 = "ttarget.copy"(%x, %i) {family = "cp.async", tile = array<i64: 64>, pad = 0xFF800000 : f32} : (memref<?xf32>, index) -> (memref<64xf32, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  func.func @tma_rank(%x: memref<?x?x?x?x?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "tma", block = array<i64: 32>}} {
    // expected-error @+1 {{family "tma" copies tiles of rank at most 5, got 6}}
    %0:2 = "ttarget.copy"(%x, %i, %i, %i, %i, %i, %i) {family = "tma", tile = array<i64: 1, 1, 1, 1, 2, 64>} : (memref<?x?x?x?x?x?xf16>, index, index, index, index, index, index) -> (memref<1x1x1x1x2x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  func.func @tma_box(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "tma", block = array<i64: 32>, args = ["tma", "scalar"]}} {
    // expected-error @+1 {{family "tma" boxes are at most 256 per dimension, got tile 512x64}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "tma", tile = array<i64: 512, 64>} : (memref<?x?xf16>, index, index) -> (memref<512x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  func.func @tma_inner_bytes(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "tma", block = array<i64: 32>, args = ["tma", "scalar"]}} {
    // expected-error @+1 {{family "tma" needs the tile's inner dimension to be a multiple of 16 bytes, got 12}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "tma", tile = array<i64: 64, 6>} : (memref<?x?xf16>, index, index) -> (memref<64x6xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90a"}} {
  func.func @tma_swizzle_span(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>, args = ["tma", "scalar"]}} {
    // expected-error @+1 {{the tile's inner dimension is 160 bytes, not a whole number of 128-byte swizzle spans (a swizzled TMA box is one span wide)}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "tma", tile = array<i64: 64, 80>, swizzle = 128} : (memref<?x?xf16>, index, index) -> (memref<64x80xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  func.func @tma_source_abi(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "tma", block = array<i64: 32>, args = ["memref", "scalar"]}} {
    // expected-error @+1 {{family "tma" needs a source that is a kernel argument passed as "tma" in 'ttarget.kernel' args}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "tma", tile = array<i64: 64, 64>} : (memref<?x?xf16>, index, index) -> (memref<64x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_90"}} {
  func.func @tma_source_not_argument(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "tma", block = array<i64: 32>, args = ["tma", "scalar"]}} {
    %v = memref.subview %x[0, 0] [%i, %i] [1, 1] : memref<?x?xf16> to memref<?x?xf16, strided<[?, 1]>>
    // expected-error @+1 {{family "tma" needs a source that is a kernel argument passed as "tma" in 'ttarget.kernel' args}}
    %0:2 = "ttarget.copy"(%v, %i, %i) {family = "tma", tile = array<i64: 64, 64>} : (memref<?x?xf16, strided<[?, 1]>>, index, index) -> (memref<64x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @cp_async_inner_bytes(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{family "cp.async" with vector_bytes = 16 needs the tile's inner dimension (4 x 2 bytes) to be a multiple of 16 bytes}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "cp.async", tile = array<i64: 64, 4>} : (memref<?x?xf16>, index, index) -> (memref<64x4xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

// expected-error @+1 {{unknown attribute 'ttarget.chip'; ttarget attributes are ttarget.target, ttarget.kernel, ttarget.layouts and ttarget.stream}}
module attributes {ttarget.chip = "sm_80"} {
}

// -----

// Register layouts (ttarget.layouts, TargetLayout.c) and ttarget.convert_layout.

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layouts_not_array() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' must be an array of layouts, one per vector result, got {kind = "mma_acc"}}}
    %c = arith.constant {ttarget.layouts = {kind = "mma_acc"}} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layouts_count() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' has 0 entries for 1 vector results}}
    %c = arith.constant {ttarget.layouts = []} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_kind() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' key 'kind' must be one of}}
    %c = arith.constant {ttarget.layouts = [{kind = "wmma", warps = array<i64: 1, 1>}]} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_no_warps() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' requires key 'warps'}}
    %c = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>}]} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_mma_no_shape() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' requires key 'shape'}}
    %c = arith.constant {ttarget.layouts = [{kind = "mma_acc", warps = array<i64: 1, 1>}]} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_blocked_shape() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' key 'shape' does not apply to a blocked layout}}
    %c = arith.constant {ttarget.layouts = [{kind = "blocked", threads = array<i64: 8, 4>, shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_mma_shape() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' key 'shape' must be the mma.sync m16n8k8 or m16n8k16 instruction (the fragments laid out so far), got 16x8x32}}
    %c = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 32>, warps = array<i64: 1, 1>}]} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx942"}} {
  func.func @layout_mfma_shape() attributes {ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 64>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' key 'shape' must be the MFMA 16x16x4, 16x16x16, 32x32x2 or 32x32x8 instruction (the fragments laid out so far), got 32x32x16}}
    %c = arith.constant {ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 16>, warps = array<i64: 1, 1>}]} dense<0.0> : vector<32x32xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_blocked_threads() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    // expected-error @+1 {{attribute 'ttarget.layouts' key 'threads' must split one warp (32) or wavefront (64), got 16 threads}}
    %c = arith.constant {ttarget.layouts = [{kind = "blocked", threads = array<i64: 4, 4>, warps = array<i64: 1, 1>}]} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_slice_size() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{layout mma_acc with slice = 1 needs dim 1 of size 1, got vector<16x8xf32>}}
    %c = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>, slice = 1}]} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_fits() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 64>}} {
    // expected-error @+1 {{vector<16x8xf32> does not split into whole 32x8 pieces of layout mma_acc}}
    %c = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 2, 1>}]} dense<0.0> : vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_rank() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{a register layout applies to a 2-D vector tile or a 1-D row, not vector<2x16x8xf32>}}
    %c = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} dense<0.0> : vector<2x16x8xf32>
    return
  }
}

// -----

// A 1-D row is the 1 x N slice along dim 0 (one value per column).
module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @layout_row_not_sliced() attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{a 1-D row vector<16xf32> needs a layout with slice = 0}}
    %c = arith.constant {ttarget.layouts = [{kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}]} dense<0.0> : vector<16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @convert_type(%x: vector<16x8xf32>) attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{result type vector<16x16xf32> must equal the source type vector<16x8xf32> (a layout change moves elements, not values)}}
    %y = "ttarget.convert_layout"(%x) {layout = {kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}} : (vector<16x8xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @convert_no_layout(%x: vector<16x8xf32>) attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{requires attribute 'layout' (the result's)}}
    %y = "ttarget.convert_layout"(%x) : (vector<16x8xf32>) -> vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @convert_fits(%x: vector<16x4xf32>) attributes {ttarget.kernel = {mma = "mma.sync", copy = "cp.async", block = array<i64: 32>}} {
    // expected-error @+1 {{vector<16x4xf32> does not split into whole 16x8 pieces of layout mma_a}}
    %y = "ttarget.convert_layout"(%x) {layout = {kind = "mma_a", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}} : (vector<16x4xf32>) -> vector<16x4xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @convert_outside_kernel(%x: vector<16x8xf32>) {
    // expected-error @+1 {{must be inside a function carrying 'ttarget.kernel'}}
    %y = "ttarget.convert_layout"(%x) {layout = {kind = "mma_acc", shape = array<i64: 16, 8, 8>, warps = array<i64: 1, 1>}} : (vector<16x8xf32>) -> vector<16x8xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_layout_attr() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{attribute 'layout' must be a dictionary, got "row"}}
    %0 = "ttarget.mma"(%a, %a, %a) {family = "generic", shape = array<i64: 1, 1, 1>, layout = "row"} : (vector<16x16xf32>, vector<16x16xf32>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @mma_layout_fits() attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 32>}} {
    %a = ub.poison : vector<16x16xf32>
    // expected-error @+1 {{vector<16x16xf32> does not split into whole 32x32 pieces of layout blocked}}
    %0 = "ttarget.mma"(%a, %a, %a) {family = "generic", shape = array<i64: 1, 1, 1>, layout = {kind = "blocked", threads = array<i64: 1, 32>, warps = array<i64: 32, 1>}} : (vector<16x16xf32>, vector<16x16xf32>, vector<16x16xf32>) -> vector<16x16xf32>
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "sm_80"}} {
  func.func @transpose_not_plain(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "cp.async", block = array<i64: 64>}} {
    // expected-error @+1 {{attribute 'transpose' applies to family "plain"}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "cp.async", tile = array<i64: 32, 64>, transpose = true} : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx942"}} {
  func.func @transpose_value(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 64>}} {
    // expected-error @+1 {{attribute 'transpose' must be a bool}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "plain", tile = array<i64: 32, 64>, transpose = 1} : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

module attributes {ttarget.target = {chip = "gfx942"}} {
  func.func @transpose_with_swizzle(%x: memref<?x?xf16>, %i: index) attributes {ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 64>}} {
    // expected-error @+1 {{attribute 'transpose' needs a 2-D tile and no swizzle}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "plain", tile = array<i64: 32, 64>, transpose = true, swizzle = 128} : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    return
  }
}

// -----

// Only a tile matmul's operand reads a transposed buffer (its lowering
// knows the element order); a tile load would read it row-major.
module attributes {ttarget.target = {chip = "gfx942"}} {
  func.func @transpose_read_by_load(%x: memref<?x?xf16>, %i: index) attributes {tsched.kernel = {fused = ["tgraph.matmul"]}, ttarget.kernel = {mma = "generic", copy = "plain", block = array<i64: 64>}} {
    // expected-error @+1 {{a transposed buffer is read only by the operands of a ttarget.mma (not wgmma)}}
    %0:2 = "ttarget.copy"(%x, %i, %i) {family = "plain", tile = array<i64: 32, 64>, transpose = true} : (memref<?x?xf16>, index, index) -> (memref<32x64xf16, #gpu.address_space<workgroup>>, !tsched.token)
    %c0 = arith.constant 0 : index
    %1 = "tsched.tile_load"(%0#0, %c0, %c0) {tile = array<i64: 32, 64>, level = "registers"} : (memref<32x64xf16, #gpu.address_space<workgroup>>, index, index) -> vector<32x64xf16>
    return
  }
}

// -----

// ttarget.stream is a unit attribute on a tile_store whose value a chain
// of register ops makes, with no memory write between its loads and the
// store.
module attributes {ttarget.target = {chip = "gfx942"}} {
  func.func @stream_errors(%R: memref<?x32xf32>, %O: memref<?x32xf32>, %P: memref<?x32xf32>)
      attributes {tsched.kernel = {}, ttarget.kernel = {mma = "mfma", copy = "plain", block = array<i64: 64>, shared_memory = 0, args = ["memref", "memref", "memref"]}} {
    %c0 = arith.constant 0 : index
    %z = arith.constant {ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 8>, warps = array<i64: 1, 1>}]} dense<1.0> : vector<32x32xf32>
    // expected-error @+1 {{ttarget.stream must be a unit attribute}}
    "tsched.tile_store"(%z, %O, %c0, %c0) {ttarget.stream = true} : (vector<32x32xf32>, memref<?x32xf32>, index, index) -> ()
    // expected-error @+1 {{ttarget.stream: nothing to stream (the stored tile is not made by a tile load, elementwise or arith op that only the store uses)}}
    "tsched.tile_store"(%z, %O, %c0, %c0) {ttarget.stream} : (vector<32x32xf32>, memref<?x32xf32>, index, index) -> ()
    %r = "tsched.tile_load"(%R, %c0, %c0) {tile = array<i64: 32, 32>, level = "registers", ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 8>, warps = array<i64: 1, 1>}]} : (memref<?x32xf32>, index, index) -> vector<32x32xf32>
    "tsched.tile_store"(%z, %P, %c0, %c0) : (vector<32x32xf32>, memref<?x32xf32>, index, index) -> ()
    %s = "tsched.elementwise"(%z, %r) {fn = "add", ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 8>, warps = array<i64: 1, 1>}]} : (vector<32x32xf32>, vector<32x32xf32>) -> vector<32x32xf32>
    // expected-error @+1 {{ttarget.stream: nothing to stream (an op that writes memory stands between the chain's loads and the store)}}
    "tsched.tile_store"(%s, %O, %c0, %c0) {ttarget.stream} : (vector<32x32xf32>, memref<?x32xf32>, index, index) -> ()
    // expected-error @+1 {{ttarget.stream: nothing to stream (it goes on a tsched.tile_store)}}
    %w = arith.addf %z, %z {ttarget.stream, ttarget.layouts = [{kind = "mfma_acc", shape = array<i64: 32, 32, 8>, warps = array<i64: 1, 1>}]} : vector<32x32xf32>
    return
  }
}

// -----

// ttarget.kernel's `fallback`: a symbol, on a kernel whose copies need
// aligned operands, naming a sibling kernel with plain copies and the same
// function type.
module attributes {ttarget.target = {chip = "sm_90a"}} {
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'fallback' must be a symbol (@kernel)}}
  func.func @fb_not_symbol() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>, fallback = "fb"}} {
    return
  }
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'fallback' is for a kernel whose copies need aligned operands (copy "tma" or "cp.async"); this one's is "plain"}}
  func.func @fb_plain_copies() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 128>, fallback = @fb}} {
    return
  }
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'fallback' names @missing, which is not a function of this module}}
  func.func @fb_missing() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>, fallback = @missing}} {
    return
  }
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'fallback' names @fb_tma, which is not a kernel with plain copies}}
  func.func @fb_to_tma() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>, fallback = @fb_tma}} {
    return
  }
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'fallback' names @fb_plain, which is not a kernel with plain copies}}
  func.func @fb_to_plain_func() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>, fallback = @fb_plain}} {
    return
  }
  // expected-error @+1 {{attribute 'ttarget.kernel' key 'fallback' names @fb, whose function type differs from this kernel's}}
  func.func @fb_type(%A: memref<?x?xf16>) attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>, fallback = @fb}} {
    return
  }
  func.func @fb() attributes {ttarget.kernel = {mma = "mma.sync", copy = "plain", block = array<i64: 128>}} {
    return
  }
  func.func @fb_tma() attributes {ttarget.kernel = {mma = "wgmma", copy = "tma", block = array<i64: 128>}} {
    return
  }
  func.func @fb_plain() {
    return
  }
}
