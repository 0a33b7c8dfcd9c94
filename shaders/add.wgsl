// Elementwise sum of tensors of one shape (residual connections). One invocation per element.
// Entry points sumK: out = x0 + … + x(K−1) for K = 2..4; accK: out = out + x0 + … + x(K−1) for
// K = 1..3, to fold in further inputs after a first sum4. Left to right, as the CPU twin adds.
// Each entry point uses only its bindings, so the 'auto' layout binds exactly params, out and K
// inputs (in binding order, from 0).

override WG: u32 = 256;

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
fn sum2(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i < params.count) {
    out[i] = x0[i] + x1[i];
  }
}

@compute @workgroup_size(WG)
fn sum3(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i < params.count) {
    out[i] = x0[i] + x1[i] + x2[i];
  }
}

@compute @workgroup_size(WG)
fn sum4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i < params.count) {
    out[i] = x0[i] + x1[i] + x2[i] + x3[i];
  }
}

@compute @workgroup_size(WG)
fn acc1(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i < params.count) {
    out[i] = out[i] + x0[i];
  }
}

@compute @workgroup_size(WG)
fn acc2(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i < params.count) {
    out[i] = out[i] + x0[i] + x1[i];
  }
}

@compute @workgroup_size(WG)
fn acc3(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i < params.count) {
    out[i] = out[i] + x0[i] + x1[i] + x2[i];
  }
}
