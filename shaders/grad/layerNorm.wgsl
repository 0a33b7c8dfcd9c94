// Layer normalization in training (twin: src/cpu/grad/layerNorm.ts): each sample of [N, ...]
// over its S values (C × H × W, or F), γ and β one per value (or 1 and 0). Entry points:
//   forward:         one workgroup per sample: μ, σ² (two passes), r = 1/√(σ² + ε), saved per
//                    sample, and y = (x − μ)·r·γ + β.
//   backward_input:  one workgroup per sample, g = dy·γ:
//                    dx = r·(g − mean(g) − x̂·mean(g·x̂)),  x̂ = (x − μ)·r.
//   backward_params: one invocation per value i of a sample, summing over the batch:
//                    dγ_i = Σ_n dy·x̂,  dβ_i = Σ_n dy.
// Without γ (β) the program binds x in its place and HAS_GAMMA (HAS_BETA) stays false.
// Needs shaders/common/reduce.wgsl.

override WG: u32 = 256;
override HAS_GAMMA: bool = false;
override HAS_BETA: bool = false;

struct Params {
  batch: u32, // N
  size: u32,  // S, values per sample
  eps: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;
// Per sample: written by forward, read by the backward entry points.
@group(0) @binding(2) var<storage, read_write> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> rstd: array<f32>;
@group(0) @binding(4) var<storage, read> gamma: array<f32>; // one per value of a sample
@group(0) @binding(5) var<storage, read> beta: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;
@group(0) @binding(7) var<storage, read> dy: array<f32>;
@group(0) @binding(8) var<storage, read_write> dx: array<f32>;
@group(0) @binding(9) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(10) var<storage, read_write> dbeta: array<f32>;

fn gamma_at(j: u32) -> f32 {
  var g = 1.0;
  if (HAS_GAMMA) {
    g = gamma[j];
  }
  return g;
}

@compute @workgroup_size(WG)
fn forward(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let n = group_index(wid, nwg);
  if (n >= params.batch) {
    return; // uniform per workgroup: the barriers below stay in uniform control flow
  }
  let base = n * params.size;
  var sum = 0.0;
  for (var j = lid; j < params.size; j += WG) {
    sum += x[base + j];
  }
  let mu = reduce_sum(sum, lid) / f32(params.size);
  var sq = 0.0;
  for (var j = lid; j < params.size; j += WG) {
    let d = x[base + j] - mu;
    sq += d * d;
  }
  let r = 1.0 / sqrt(reduce_sum(sq, lid) / f32(params.size) + params.eps);
  if (lid == 0u) {
    mean[n] = mu;
    rstd[n] = r;
  }
  for (var j = lid; j < params.size; j += WG) {
    var b = 0.0;
    if (HAS_BETA) {
      b = beta[j];
    }
    out[base + j] = (x[base + j] - mu) * r * gamma_at(j) + b;
  }
}

@compute @workgroup_size(WG)
fn backward_input(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let n = group_index(wid, nwg);
  if (n >= params.batch) {
    return;
  }
  let base = n * params.size;
  let mu = mean[n];
  let r = rstd[n];
  var sum_g = 0.0;
  var sum_gx = 0.0;
  for (var j = lid; j < params.size; j += WG) {
    let g = dy[base + j] * gamma_at(j);
    sum_g += g;
    sum_gx += g * (x[base + j] - mu) * r;
  }
  let size = f32(params.size);
  let mean_g = reduce_sum(sum_g, lid) / size;
  let mean_gx = reduce_sum(sum_gx, lid) / size;
  for (var j = lid; j < params.size; j += WG) {
    let xhat = (x[base + j] - mu) * r;
    dx[base + j] = r * (dy[base + j] * gamma_at(j) - mean_g - xhat * mean_gx);
  }
}

@compute @workgroup_size(WG)
fn backward_params(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let j = linear_index(gid, nwg, WG);
  if (j >= params.size) {
    return;
  }
  var dg = 0.0;
  var db = 0.0;
  for (var n = 0u; n < params.batch; n++) {
    let k = n * params.size + j;
    dg += dy[k] * (x[k] - mean[n]) * rstd[n];
    db += dy[k];
  }
  dgamma[j] = dg;
  dbeta[j] = db;
}
