// Softmax along axis 1, stable: exp(x_i − max) / Σ exp(x_j − max), so every exponent is ≤ 0.
// Entry points:
//   rows:      [N, F] (inner = 1): one workgroup per row, max and sum by workgroup reductions.
//   positions: [N, C, ...] (inner > 1): one invocation per (n, position), looping over channels.
// As in the CPU twin (and PyTorch), a NaN in a row, a +inf in it (inf − inf) or a row of only
// −inf (0 / 0) makes the whole row NaN; a −inf next to finite values gives 0.
// Needs shaders/common/reduce.wgsl.

override WG: u32 = 256;

struct Params {
  batch: u32,    // N
  channels: u32, // softmax length C (or F)
  inner: u32,    // positions per sample: H × W, or 1
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn is_inf(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) == 0x7f800000u;
}

fn quiet_nan() -> f32 {
  var bits = 0x7fc00000u; // a var: a constant expression may not be NaN
  return bitcast<f32>(bits);
}

// exp(v − m) with v − m ≤ 0; a difference below −100 (−inf included) underflows to exactly 0
// without relying on how exp treats −inf.
fn shifted_exp(v: f32, m: f32) -> f32 {
  let d = v - m;
  return select(exp(d), 0.0, d < -100.0);
}

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
  var m = neg_inf();
  var nans = 0.0;
  for (var j = lid; j < params.channels; j += WG) {
    let v = x[base + j];
    if (is_nan(v)) {
      nans += 1.0;
    } else {
      m = max(m, v);
    }
  }
  let row_max = reduce_max(m, lid);
  let poisoned = reduce_sum(nans, lid) > 0.0 || is_inf(row_max);
  var sum = 0.0;
  for (var j = lid; j < params.channels; j += WG) {
    sum += shifted_exp(x[base + j], row_max);
  }
  let total = reduce_sum(sum, lid);
  for (var j = lid; j < params.channels; j += WG) {
    out[base + j] = select(shifted_exp(x[base + j], row_max) / total, quiet_nan(), poisoned);
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
  let stride = params.inner;
  var m = neg_inf();
  var poisoned = false;
  for (var c = 0u; c < params.channels; c++) {
    let v = x[base + c * stride];
    if (is_nan(v)) {
      poisoned = true;
    } else {
      m = max(m, v);
    }
  }
  poisoned = poisoned || is_inf(m);
  var sum = 0.0;
  for (var c = 0u; c < params.channels; c++) {
    sum += shifted_exp(x[base + c * stride], m);
  }
  for (var c = 0u; c < params.channels; c++) {
    let i = base + c * stride;
    out[i] = select(shifted_exp(x[i], m) / sum, quiet_nan(), poisoned);
  }
}
