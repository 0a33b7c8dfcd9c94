// A fused activation chosen at run time by a uniform code (the ACTIVATION_CODES of
// src/gpu/programs/activation.ts): ops that end in an activation (conv2d, linear) apply it in
// their epilogue instead of a second pass over memory. Prepended by the program that uses it.
// Same definitions as shaders/activation.wgsl and the CPU twin src/cpu/activation.ts.

// erf with |error| < 1.2e-7 (Numerical Recipes erfc, Chebyshev fit), for exact GELU.
fn act_erf(v: f32) -> f32 {
  let z = abs(v);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return select(r - 1.0, 1.0 - r, v >= 0.0);
}

// Stable for large |v|: never exp of a large positive number.
fn act_sigmoid(v: f32) -> f32 {
  if (v >= 0.0) {
    return 1.0 / (1.0 + exp(-v));
  }
  let e = exp(v);
  return e / (1.0 + e);
}

// code: 0 relu, 1 relu6, 2 leakyRelu (slope alpha), 3 sigmoid, 4 tanh, 5 gelu, 6 silu,
// anything else identity. NaN propagates unchanged, as in the CPU twin.
fn apply_activation(code: u32, v: f32, alpha: f32) -> f32 {
  var r = v;
  switch code {
    case 0u: { r = max(v, 0.0); }
    case 1u: { r = clamp(v, 0.0, 6.0); }
    case 2u: { r = select(v * alpha, v, v >= 0.0); }
    case 3u: { r = act_sigmoid(v); }
    case 4u: { r = tanh(clamp(v, -15.0, 15.0)); } // clamped: f32 tanh overflows
    case 5u: { r = 0.5 * v * (1.0 + act_erf(v * 0.70710678118654752)); }
    case 6u: { r = v * act_sigmoid(v); }
    default: {}
  }
  return select(r, v, is_nan(v));
}
