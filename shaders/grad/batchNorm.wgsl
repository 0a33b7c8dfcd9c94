// Batch normalization in training (twin: src/cpu/grad/batchNorm.ts) over [N, C, H, W] (per
// channel, M = N × H × W values) or [N, F] (inner = 1). Entry points:
//   forward_stats:   one workgroup per channel: the batch mean μ and the biased variance σ² (two
//                    passes: no E[x²] − E[x]² cancellation); saves μ and r = 1/√(σ² + ε), and
//                    updates the running statistics as PyTorch: running ← (1 − m)·running + m·μ,
//                    and with the unbiased σ²·M/(M − 1) for the variance.
//   forward_apply:   one invocation per element: y = (x − μ)·r·γ + β.
//   backward_params: one workgroup per channel: dβ = Σ dy, dγ = Σ dy·x̂ with x̂ = (x − μ)·r.
//   backward_input:  one invocation per element: dx = γ·r·(dy − (dβ + x̂·dγ)/M); with FROZEN
//                    statistics (a network trained in inference mode) dx = γ·r·dy.
//   frozen_stats:    one invocation per channel: μ and r from the running statistics, for the
//                    backward of a network that normalizes with them.
// Needs shaders/common/reduce.wgsl.

override WG: u32 = 256;
override FROZEN: bool = false;

struct Params {
  count: u32,    // N × C × inner elements
  channels: u32, // C
  inner: u32,    // H × W, or 1 for [N, F]
  batch: u32,    // N
  eps: f32,
  momentum: f32, // of the running statistics (PyTorch: 0.1)
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;
// Per channel: written by forward_stats, read by the others.
@group(0) @binding(2) var<storage, read_write> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> inv_std: array<f32>;
@group(0) @binding(4) var<storage, read_write> running_mean: array<f32>;
@group(0) @binding(5) var<storage, read_write> running_var: array<f32>;
@group(0) @binding(6) var<storage, read> gamma: array<f32>;
@group(0) @binding(7) var<storage, read> beta: array<f32>;
@group(0) @binding(8) var<storage, read_write> out: array<f32>;
@group(0) @binding(9) var<storage, read> dy: array<f32>;
// Per channel: written by backward_params, read by backward_input.
@group(0) @binding(10) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(11) var<storage, read_write> dbeta: array<f32>;
@group(0) @binding(12) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG)
fn forward_stats(
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
    let m = params.momentum;
    let per = params.batch * params.inner;
    mean[c] = mu;
    inv_std[c] = 1.0 / sqrt(v + params.eps);
    running_mean[c] = (1.0 - m) * running_mean[c] + m * mu;
    running_var[c] = (1.0 - m) * running_var[c] + m * v * f32(per) / f32(per - 1u);
  }
}

@compute @workgroup_size(WG)
fn forward_apply(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let c = (i / params.inner) % params.channels;
  out[i] = (x[i] - mean[c]) * inv_std[c] * gamma[c] + beta[c];
}

@compute @workgroup_size(WG)
fn backward_params(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let c = group_index(wid, nwg);
  if (c >= params.channels) {
    return;
  }
  let per = params.batch * params.inner;
  let mu = mean[c];
  let r = inv_std[c];
  var sum = 0.0;
  var sum_xhat = 0.0;
  for (var j = lid; j < per; j += WG) {
    let k = channel_at(c, j);
    sum += dy[k];
    sum_xhat += dy[k] * (x[k] - mu) * r;
  }
  let db = reduce_sum(sum, lid);
  let dg = reduce_sum(sum_xhat, lid);
  if (lid == 0u) {
    dbeta[c] = db;
    dgamma[c] = dg;
  }
}

@compute @workgroup_size(WG)
fn backward_input(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let c = (i / params.inner) % params.channels;
  let r = inv_std[c];
  let k = gamma[c] * r;
  if (FROZEN) {
    dx[i] = k * dy[i];
    return;
  }
  let m = f32(params.batch * params.inner);
  let xhat = (x[i] - mean[c]) * r;
  dx[i] = k * (dy[i] - (dbeta[c] + xhat * dgamma[c]) / m);
}

@compute @workgroup_size(WG)
fn frozen_stats(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = linear_index(gid, nwg, WG);
  if (c >= params.channels) {
    return;
  }
  mean[c] = running_mean[c];
  inv_std[c] = 1.0 / sqrt(running_var[c] + params.eps);
}
