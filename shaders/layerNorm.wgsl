// Layer normalization: each sample of [N, ...] is normalized over all of its values (C × H × W,
// or F) with its own mean and biased variance, then optionally scaled and shifted elementwise.
// One workgroup per sample; every loop strides by WG so a 64 × 56 × 56 sample still fits.
// Two passes (mean, then squared deviations from it) avoid E[x²] − E[x]² cancellation.
// Needs shaders/common/reduce.wgsl.

override WG: u32 = 256;
// Without gamma (beta) the program binds x in its place and these stay false.
override HAS_GAMMA: bool = false;
override HAS_BETA: bool = false;

struct Params {
  batch: u32, // N
  size: u32,  // values per sample
  eps: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read> gamma: array<f32>; // one per value of a sample
@group(0) @binding(4) var<storage, read> beta: array<f32>;

@compute @workgroup_size(WG)
fn main(
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
  let inv = 1.0 / sqrt(reduce_sum(sq, lid) / f32(params.size) + params.eps);
  for (var j = lid; j < params.size; j += WG) {
    var g = 1.0;
    var b = 0.0;
    if (HAS_GAMMA) {
      g = gamma[j];
    }
    if (HAS_BETA) {
      b = beta[j];
    }
    out[base + j] = (x[base + j] - mu) * inv * g + b;
  }
}
