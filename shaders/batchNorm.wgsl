// Batch normalization over [N, C, H, W] (per channel, statistics over N × H × W) or [N, F]
// (inner = 1). Entry points:
//   stats: training only; one workgroup per channel computes the batch mean, then the biased
//          variance as the mean of squared deviations from it (two passes over the data: no
//          cancellation as in E[x²] − E[x]²). Needs shaders/common/reduce.wgsl.
//   apply: one invocation per element, out = (x − mean) · gamma / sqrt(var + eps) + beta, with
//          the running statistics (inference) or the batch statistics from `stats` (training).

override WG: u32 = 256;

struct Params {
  count: u32,    // N × C × inner elements
  channels: u32, // C
  inner: u32,    // H × W, or 1 for [N, F]
  batch: u32,    // N
  eps: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;
// Per channel. Written by `stats`, read by `apply`; in inference they hold the running statistics
// (bound read_write only so that both entry points share one declaration).
@group(0) @binding(2) var<storage, read_write> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> variance: array<f32>;
@group(0) @binding(4) var<storage, read> gamma: array<f32>;
@group(0) @binding(5) var<storage, read> beta: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn stats(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let c = group_index(wid, nwg);
  if (c >= params.channels) {
    return; // uniform per workgroup: the barriers below stay in uniform control flow
  }
  let mv = channel_mean_var(c, lid);
  let mu = mv.x;
  let v = mv.y;
  if (lid == 0u) {
    mean[c] = mu;
    variance[c] = v;
  }
}

@compute @workgroup_size(WG)
fn apply(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let c = (i / params.inner) % params.channels;
  let scale = gamma[c] / sqrt(variance[c] + params.eps);
  out[i] = (x[i] - mean[c]) * scale + beta[c];
}
