// Workgroup tree reductions, for shaders that give one workgroup to one row, channel or sample.
// Not part of withCommon(): the shaders that need it prepend it themselves. The including shader
// declares `override WG: u32` (a power of two, at most 256 = the device's invocation limit) and
// calls these from uniform control flow, since they contain barriers.

// One f32 per invocation: WG × 4 bytes (1 KiB at WG = 256, well inside 16 KiB).
var<workgroup> red_scratch: array<f32, WG>;

// The workgroup's index when grid1d split the groups over x and y (see program.ts).
fn group_index(wid: vec3u, nwg: vec3u) -> u32 {
  return wid.x + wid.y * nwg.x;
}

// -inf, the identity of max. Built at run time: a constant expression may not be infinite.
fn neg_inf() -> f32 {
  var bits = 0xff800000u;
  return bitcast<f32>(bits);
}

// Sum of `v` over the workgroup, returned to every invocation. Pairwise (tree) order, so the
// rounding error grows with log2(WG), not WG.
fn reduce_sum(v: f32, lid: u32) -> f32 {
  red_scratch[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid < s) {
      red_scratch[lid] = red_scratch[lid] + red_scratch[lid + s];
    }
    workgroupBarrier();
  }
  let total = red_scratch[0];
  // Everyone has read the result before the scratch is reused by the next reduction.
  workgroupBarrier();
  return total;
}

// Maximum of `v` over the workgroup. Callers keep NaN out (max() with NaN is unspecified).
fn reduce_max(v: f32, lid: u32) -> f32 {
  red_scratch[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid < s) {
      red_scratch[lid] = max(red_scratch[lid], red_scratch[lid + s]);
    }
    workgroupBarrier();
  }
  let best = red_scratch[0];
  workgroupBarrier();
  return best;
}
