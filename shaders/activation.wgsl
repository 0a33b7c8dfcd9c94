// Elementwise activation: out[i] = f(x[i]). The function itself is apply_activation of
// shaders/common/activate.wgsl (shared with conv2d's and linear's fused epilogue): ACT is its
// kind, neg_slope, hi and zero_neg the piecewise-linear family's parameters (see epilogue() in
// src/gpu/programs/activate.ts).

override WG: u32 = 256;
override ACT: u32 = 0u;

struct Params {
  count: u32,
  neg_slope: f32,
  hi: f32,
  zero_neg: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  out[i] = apply_activation(ACT, x[i], params.neg_slope, params.hi, params.zero_neg);
}
