// Elementwise activation: out[i] = f(x[i]). FN picks the function (see ACTIVATION_CODES in
// src/gpu/programs/activation.ts); ALPHA is leaky ReLU's negative slope.

override WG: u32 = 256;
override FN: u32 = 0u;

struct Params {
  count: u32,
  alpha: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

// erf with |error| < 1.2e-7 (Numerical Recipes erfc, Chebyshev fit), for exact GELU.
fn erf_approx(v: f32) -> f32 {
  let z = abs(v);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return select(r - 1.0, 1.0 - r, v >= 0.0);
}

fn sigmoid(v: f32) -> f32 {
  // Stable for large |v|: never exp of a large positive number.
  if (v >= 0.0) {
    return 1.0 / (1.0 + exp(-v));
  }
  let e = exp(v);
  return e / (1.0 + e);
}

fn activate(v: f32) -> f32 {
  switch FN {
    case 0u: { return max(v, 0.0); }                              // relu
    case 1u: { return clamp(v, 0.0, 6.0); }                       // relu6
    case 2u: { return select(v * params.alpha, v, v >= 0.0); }    // leakyRelu
    case 3u: { return sigmoid(v); }                               // sigmoid
    case 4u: { return tanh(clamp(v, -15.0, 15.0)); }              // tanh (clamped: f32 tanh overflows)
    case 5u: { return 0.5 * v * (1.0 + erf_approx(v * 0.70710678118654752)); } // gelu (erf)
    case 6u: { return v * sigmoid(v); }                           // silu
    default: { return v; }                                        // identity
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let v = x[i];
  // NaN propagates, as in the CPU twin.
  out[i] = select(activate(v), v, is_nan(v));
}
