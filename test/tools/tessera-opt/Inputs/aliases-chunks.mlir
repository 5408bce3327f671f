#id = affine_map<(d0) -> (d0)>
!f = f32
func.func @a(%x: memref<4x!f, #id>) { return }
func.func @b() { return }

// -----
#shift = affine_map<(d0) -> (d0 + 1)>
!v = vector<4xf32>
func.func @c(%x: memref<8xf32, #shift>, %v: !v) { return }
func.func @d() { return }
