// Backward of softmax along axis 1 (twin: src/cpu/grad/softmax.ts), from the forward's output y:
// dx_c = y_c (dy_c − Σ_k y_k dy_k). Entry points as the forward's (shaders/softmax.wgsl):
//   rows:      [N, F] (inner = 1): one workgroup per row, the dot product by a reduction.
//   positions: [N, C, ...] (inner > 1): one invocation per (n, position), looping over channels.
// Needs shaders/common/reduce.wgsl.

override WG: u32 = 256;

struct Params {
  batch: u32,    // N
  channels: u32, // softmax length C (or F)
  inner: u32,    // positions per sample: H × W, or 1
}

@group(0) @binding(0) var<storage, read> y: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn rows(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let r = group_index(wid, nwg);
  if (r >= params.batch) {
    return; // uniform per workgroup: the barriers below stay in uniform control flow
  }
  let base = r * params.channels;
  var part = 0.0;
  for (var j = lid; j < params.channels; j += WG) {
    part += y[base + j] * dy[base + j];
  }
  let dot = reduce_sum(part, lid);
  for (var j = lid; j < params.channels; j += WG) {
    dx[base + j] = y[base + j] * (dy[base + j] - dot);
  }
}

@compute @workgroup_size(WG)
fn positions(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = linear_index(gid, nwg, WG);
  if (t >= params.batch * params.inner) {
    return;
  }
  let n = t / params.inner;
  let base = n * params.channels * params.inner + (t - n * params.inner);
  var dot = 0.0;
  for (var c = 0u; c < params.channels; c++) {
    let i = base + c * params.inner;
    dot += y[i] * dy[i];
  }
  for (var c = 0u; c < params.channels; c++) {
    let i = base + c * params.inner;
    dx[i] = y[i] * (dy[i] - dot);
  }
}
