// Global average pooling, [N, C, H, W] → [N, C, 1, 1]: one workgroup per channel plane, each
// invocation sums a strided slice of the plane, then a tree reduction in workgroup memory.
// Needs shaders/common/reduce.wgsl (prepended by the program).

override WG: u32 = 256;

struct Params {
  planes: u32, // N × C
  plane: u32,  // H × W values per plane
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let p = group_index(wid, nwg);
  // Uniform across the workgroup, so returning early keeps the barriers below uniform.
  if (p >= params.planes) {
    return;
  }
  let base = p * params.plane;
  var sum = 0.0;
  for (var i = lid; i < params.plane; i += WG) {
    sum += x[base + i];
  }
  let total = reduce_sum(sum, lid);
  if (lid == 0u) {
    out[p] = total / f32(params.plane);
  }
}
