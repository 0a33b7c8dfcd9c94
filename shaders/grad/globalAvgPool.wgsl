// Backward of global average pooling (twin: src/cpu/grad/globalAvgPool.ts): every cell of a
// channel plane gets dy of its plane divided by H × W. One invocation per input cell.

override WG: u32 = 256;

struct Params {
  count: u32, // input cells N × C × H × W
  plane: u32, // H × W
}

@group(0) @binding(0) var<storage, read> dy: array<f32>; // [N, C]: one per plane
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  dx[i] = dy[i / params.plane] / f32(params.plane);
}
