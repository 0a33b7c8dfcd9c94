// Backward of the elementwise activations (twin: src/cpu/grad/activation.ts): dx = dy · f'(x),
// x the forward's input. ACT is the activation's code (ACTIVATION_CODES in
// src/gpu/programs/activate.ts), a pipeline constant so that only its case is compiled.
// PyTorch's slopes at the kinks: relu'(0) = 0; relu6' is 1 only strictly inside (0, 6);
// leakyRelu'(0) = alpha. A NaN x gives a NaN slope (identity's is 1); at ±∞ gelu' and silu' are
// NaN (∞ · 0 in PyTorch's formulas), sigmoid', tanh' and relu6' 0. Beyond |x| = 80 the smooth
// slopes are taken at their limits (below 1e-34 away) rather than trusting exp of a huge argument.
// Needs shaders/common/activate.wgsl (act_erf, act_sigmoid).

override WG: u32 = 256;
override ACT: u32 = 7u;

struct Params {
  count: u32,
  alpha: f32, // leakyRelu's negative slope
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

fn grad_is_inf(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) == 0x7f800000u;
}

fn grad_nan() -> f32 {
  var bits = 0x7fc00000u; // a var: a constant expression may not be NaN
  return bitcast<f32>(bits);
}

fn slope(v: f32) -> f32 {
  if (ACT == 7u) {
    return 1.0;
  }
  if (is_nan(v)) {
    return grad_nan();
  }
  let far = abs(v) > 80.0; // ±∞ included
  var s: f32;
  switch ACT {
    case 0u: { s = select(0.0, 1.0, v > 0.0); }
    case 1u: { s = select(0.0, 1.0, v > 0.0 && v < 6.0); }
    case 2u: { s = select(params.alpha, 1.0, v > 0.0); }
    case 3u: {
      let e = exp(-abs(v));
      s = select(e / ((1.0 + e) * (1.0 + e)), 0.0, far);
    }
    case 4u: {
      let e = exp(-2.0 * abs(v));
      s = select(4.0 * e / ((1.0 + e) * (1.0 + e)), 0.0, far);
    }
    case 5u: {
      // Φ(v) + v φ(v)
      let cdf = 0.5 * (1.0 + act_erf(v * 0.70710678118654752));
      s = select(cdf + v * 0.3989422804014327 * exp(-0.5 * v * v), select(0.0, 1.0, v > 0.0), far);
      s = select(s, grad_nan(), grad_is_inf(v));
    }
    default: {
      // silu: σ(v) (1 + v σ(−v))
      s = act_sigmoid(v) * (1.0 + v * act_sigmoid(-v));
      s = select(s, select(0.0, 1.0, v > 0.0), far);
      s = select(s, grad_nan(), grad_is_inf(v));
    }
  }
  return s;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  dx[i] = dy[i] * slope(x[i]);
}
