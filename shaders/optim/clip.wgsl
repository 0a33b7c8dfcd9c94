// Gradient clipping by the global L2 norm (torch.nn.utils.clip_grad_norm_), inside the training
// step's pass, with no readback: the sum of squares of every gradient buffer → one total → the
// norm N and the factor κ = min(1, c / (N + 1e-6)) in a small buffer the update kernels read.
// Twin: src/cpu/optim/clip.ts. Needs shaders/common/reduce.wgsl.
// Entry points (same bindings, other buffers):
//   partial: one dispatch per gradient buffer x, a few workgroups striding over it, each writing
//            its sum of squares to out[offset + group] (the partial sums of all buffers in one
//            scratch buffer).
//   finish:  one workgroup: x = the partial sums (count of them), out = [N, κ].
// Float32 sums in another order than PyTorch's (per-tensor norms, then their norm): N agrees to
// rounding, not bit for bit.

override WG: u32 = 256;
override EPS: f32 = 1e-6; // added to N before dividing (CLIP_EPS in src/core/train/optim.ts)

struct Params {
  count: u32,    // partial: elements of this gradient; finish: partial sums in all
  offset: u32,   // partial: this gradient's first partial sum
  max_norm: f32, // finish: c
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

fn quiet_nan() -> f32 {
  var bits = 0x7fc00000u; // a var: a constant expression may not be NaN
  return bitcast<f32>(bits);
}

@compute @workgroup_size(WG)
fn partial(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let group = group_index(wid, nwg);
  let stride = nwg.x * nwg.y * WG;
  var s = 0.0;
  for (var i = group * WG + lid; i < params.count; i += stride) {
    let g = x[i];
    s += g * g;
  }
  let total = reduce_sum(s, lid);
  if (lid == 0u) {
    out[params.offset + group] = total;
  }
}

@compute @workgroup_size(WG)
fn finish(@builtin(local_invocation_index) lid: u32) {
  var s = 0.0;
  for (var i = lid; i < params.count; i += WG) {
    s += x[i];
  }
  let total = reduce_sum(s, lid);
  if (lid == 0u) {
    let norm = sqrt(total);
    // NaN gradients: κ = NaN, as PyTorch's clamp keeps it (min() with NaN is unspecified).
    var scale = min(params.max_norm / (norm + EPS), 1.0);
    if (is_nan(norm)) {
      scale = quiet_nan();
    }
    out[0] = norm;
    out[1] = scale;
  }
}
