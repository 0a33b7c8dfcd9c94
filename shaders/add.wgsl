// Elementwise sum of tensors of one shape (residual connections). One invocation per element.
// A dispatch reads K = 1..4 inputs: out = x0 + … + x(K−1), or with ACCUMULATE
// out = out + x0 + … + x(K−1), to fold in the inputs after the first four. Left to right, as the
// CPU twin adds, so any number of inputs sums as ((x0 + x1) + x2) + … in f32.
// All four input bindings are in the layout whatever K is (a binding is used if the code names
// it): the program binds the group's first input again in the unused ones.

override WG: u32 = 256;
override K: u32 = 2u; // inputs read by this dispatch, 1..4
override ACCUMULATE: bool = false; // add onto what `out` already holds

struct Params {
  count: u32, // elements per tensor
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> x0: array<f32>;
@group(0) @binding(3) var<storage, read> x1: array<f32>;
@group(0) @binding(4) var<storage, read> x2: array<f32>;
@group(0) @binding(5) var<storage, read> x3: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  var s = x0[i];
  if (ACCUMULATE) {
    s = out[i] + s;
  }
  if (K > 1u) {
    s = s + x1[i];
  }
  if (K > 2u) {
    s = s + x2[i];
  }
  if (K > 3u) {
    s = s + x3[i];
  }
  out[i] = s;
}
