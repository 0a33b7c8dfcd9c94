// Batch norm's per-channel statistics over N × inner values, one workgroup per channel: the
// inference forward's `stats` and the training forward's `forward_stats` share them. The including
// shader declares `x` (NCHW values), `params` with `channels`, `inner` (H·W, or 1 for [N, F]) and
// `batch`, and prepends reduce.wgsl; called from uniform control flow (it has barriers).

// Index in x of the j-th value (j < N × inner) of channel c.
fn channel_at(c: u32, j: u32) -> u32 {
  let n = j / params.inner;
  return (n * params.channels + c) * params.inner + (j - n * params.inner);
}

// (mean, biased variance) of channel c, two passes (the variance of the centred values).
fn channel_mean_var(c: u32, lid: u32) -> vec2f {
  let per = params.batch * params.inner;
  var sum = 0.0;
  for (var j = lid; j < per; j += WG) {
    sum += x[channel_at(c, j)];
  }
  let mu = reduce_sum(sum, lid) / f32(per);
  var sq = 0.0;
  for (var j = lid; j < per; j += WG) {
    let d = x[channel_at(c, j)] - mu;
    sq += d * d;
  }
  return vec2f(mu, reduce_sum(sq, lid) / f32(per));
}
