// Concatenation along axis 1, one dispatch per input: each copies its N blocks of C_k × inner
// values to their place in the output, whose blocks are C_total × inner long (NCHW: a sample's
// channels are contiguous, so an input's channels of one sample form one block).

override WG: u32 = 256;

struct Params {
  count: u32,     // values in this input: N × C_k × inner
  block: u32,     // C_k × inner: one sample of this input
  out_block: u32, // C_total × inner: one sample of the output
  offset: u32,    // (channels of the inputs before this one) × inner
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
  let n = i / params.block;
  out[n * params.out_block + params.offset + (i - n * params.block)] = x[i];
}
