// Backward of concatenation along axis 1 (twin: src/cpu/grad/concat.ts): input k takes back
// its channels of dy. One dispatch per input, one invocation per value of that input; the same
// parameters as the forward copy (shaders/concat.wgsl), read and written the other way round.

override WG: u32 = 256;

struct Params {
  count: u32,     // values of this input: N × block
  block: u32,     // this input's values per sample: C_k × inner
  out_block: u32, // dy's values per sample: ΣC × inner
  offset: u32,    // where this input's channels start in a sample of dy: (ΣC before k) × inner
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let n = i / params.block;
  dx[i] = dy[n * params.out_block + params.offset + (i - n * params.block)];
}
