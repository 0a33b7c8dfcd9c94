// Dropout in training (twin: src/cpu/grad/dropout.ts; the mask's definition and the TypeScript
// hash it must equal bit for bit: src/core/train/dropout.ts). Element i is kept when
// hash(seed, step, i) ≥ threshold = ⌊p · 2³²⌋, and multiplied by scale = f32(1/(1 − p)) if kept,
// by 0 if not (so NaN and ±∞ become NaN either way, as x · mask · scale).
// Entry points:
//   apply:  dst = src · mask · scale. The forward (src = x, dst = y) and the backward (src = dy,
//           dst = dx) are the same pass with the same (seed, step): nothing is stored between.
//   hashes: hashed[i] = hash(seed, step, first + i), for the test that holds it against the
//           TypeScript one.

override WG: u32 = 256;

struct Params {
  count: u32,
  seed: u32,
  step: u32,
  threshold: u32,
  scale: f32,
  first: u32, // hashes only: the index of element 0
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read_write> hashed: array<u32>; // hashes only

// lowbias32 (C. Wellons): a 32-bit avalanche.
fn lowbias32(v: u32) -> u32 {
  var x = v;
  x = (x ^ (x >> 16u)) * 0x7feb352du;
  x = (x ^ (x >> 15u)) * 0x846ca68bu;
  return x ^ (x >> 16u);
}

// pcg3d (Jarzynski & Olano 2020) of (seed, step, index), the words xor'ed, then lowbias32.
fn dropout_hash(seed: u32, step: u32, index: u32) -> u32 {
  var v = vec3u(seed, step, index) * 1664525u + 1013904223u;
  v.x += v.y * v.z;
  v.y += v.z * v.x;
  v.z += v.x * v.y;
  v ^= v >> vec3u(16u);
  v.x += v.y * v.z;
  v.y += v.z * v.x;
  v.z += v.x * v.y;
  return lowbias32(v.x ^ v.y ^ v.z);
}

@compute @workgroup_size(WG)
fn apply(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let keep = dropout_hash(params.seed, params.step, i) >= params.threshold;
  dst[i] = src[i] * select(0.0, params.scale, keep);
}

@compute @workgroup_size(WG)
fn hashes(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  hashed[i] = dropout_hash(params.seed, params.step, params.first + i);
}
