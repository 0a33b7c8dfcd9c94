// The losses and their gradients (twin: src/cpu/grad/loss.ts; maths in src/core/train/loss.ts).
// The loss value and the correct count go to a 16-byte `stats` buffer (LossStats) that the
// caller reads back only when it wants them. Entry points:
//   ce_rows:   softmax cross-entropy, one workgroup per row of K logits: the row maximum m (NaN
//              kept out), Σ exp(z − m), the first index holding m; writes dz = (softmax − onehot)/N
//              and the row's loss m + log Σ − z[label] and 1/0 correct to `rows` [2N]. A row with
//              a NaN, a +∞, only −∞, or a label outside [0, K) is poisoned: NaN loss and gradient,
//              not correct.
//   ce_total:  one workgroup: stats = (Σ loss / N, Σ correct, N).
//   mse_grad:  one invocation per value: d = 2 (y − t) / count.
//   mse_total: one workgroup: stats = (Σ (y − t)² / count, 0, N).
// Needs shaders/common/reduce.wgsl.

override WG: u32 = 256;

struct Params {
  batch: u32,   // N
  classes: u32, // cross-entropy: K, the row length
  count: u32,   // MSE: every value, N × …
}

struct LossStats {
  loss: f32,
  correct: u32,
  batch: u32,
  unused: u32,
}

@group(0) @binding(0) var<storage, read> y: array<f32>; // logits [N, K], or the MSE output
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read> labels: array<u32>; // one class per sample
@group(0) @binding(3) var<storage, read_write> grad: array<f32>; // d loss / d y, y's shape
// Per row: the loss at [r], 1.0 when correct at [N + r] (written by ce_rows, read by ce_total).
@group(0) @binding(4) var<storage, read_write> rows: array<f32>;
@group(0) @binding(5) var<storage, read_write> stats: LossStats;
@group(0) @binding(6) var<storage, read> expected: array<f32>; // MSE: y's shape

fn loss_is_inf(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) == 0x7f800000u;
}

fn loss_nan() -> f32 {
  var bits = 0x7fc00000u; // a var: a constant expression may not be NaN
  return bitcast<f32>(bits);
}

// exp(v − m) with v − m ≤ 0; below −100 (−∞ included) exactly 0, as in shaders/softmax.wgsl.
fn shifted_exp(v: f32, m: f32) -> f32 {
  let d = v - m;
  return select(exp(d), 0.0, d < -100.0);
}

@compute @workgroup_size(WG)
fn ce_rows(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let r = group_index(wid, nwg);
  if (r >= params.batch) {
    return; // uniform per workgroup: the barriers below stay in uniform control flow
  }
  let K = params.classes;
  let base = r * K;
  let label = labels[r];
  var m = neg_inf();
  var nans = 0.0;
  for (var j = lid; j < K; j += WG) {
    let v = y[base + j];
    if (is_nan(v)) {
      nans += 1.0;
    } else {
      m = max(m, v);
    }
  }
  let row_max = reduce_max(m, lid);
  let poisoned = reduce_sum(nans, lid) > 0.0 || loss_is_inf(row_max) || label >= K;
  var sum = 0.0;
  var first = neg_inf(); // −(the first index holding the maximum), as a max
  for (var j = lid; j < K; j += WG) {
    let v = y[base + j];
    sum += shifted_exp(v, row_max);
    if (v == row_max) {
      first = max(first, -f32(j));
    }
  }
  let total = reduce_sum(sum, lid);
  let winner = u32(-reduce_max(first, lid));
  let scale = 1.0 / f32(params.batch);
  for (var j = lid; j < K; j += WG) {
    let p = shifted_exp(y[base + j], row_max) / total;
    let g = (p - select(0.0, 1.0, j == label)) * scale;
    grad[base + j] = select(g, loss_nan(), poisoned);
  }
  if (lid == 0u) {
    let picked = y[base + min(label, K - 1u)];
    rows[r] = select(row_max + log(total) - picked, loss_nan(), poisoned);
    rows[params.batch + r] = select(0.0, 1.0, !poisoned && winner == label);
  }
}

@compute @workgroup_size(WG)
fn ce_total(@builtin(local_invocation_index) lid: u32) {
  var loss = 0.0;
  var correct = 0.0;
  for (var r = lid; r < params.batch; r += WG) {
    loss += rows[r];
    correct += rows[params.batch + r];
  }
  let total = reduce_sum(loss, lid);
  let right = reduce_sum(correct, lid);
  if (lid == 0u) {
    stats = LossStats(total / f32(params.batch), u32(right), params.batch, 0u);
  }
}

@compute @workgroup_size(WG)
fn mse_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  grad[i] = 2.0 * (y[i] - expected[i]) / f32(params.count);
}

@compute @workgroup_size(WG)
fn mse_total(@builtin(local_invocation_index) lid: u32) {
  var sq = 0.0;
  for (var i = lid; i < params.count; i += WG) {
    let d = y[i] - expected[i];
    sq += d * d;
  }
  let total = reduce_sum(sq, lid);
  if (lid == 0u) {
    stats = LossStats(total / f32(params.count), 0u, params.batch, 0u);
  }
}
