// A fused activation for ops that end in one (conv2d, linear): applied in their epilogue instead
// of a second pass over memory. Prepended by the program that uses it; same definitions as
// shaders/activation.wgsl and the CPU twin src/cpu/activation.ts.
//
// `kind` must be a pipeline constant (an override): SwiftShader runs every case of a switch on a
// run-time value, which made the epilogue cost more than a depthwise conv itself. To keep the
// pipeline count low, relu, relu6, leakyRelu and identity share kind 0, a piecewise-linear family
// with run-time parameters (see epilogue() in src/gpu/programs/activate.ts):
//   v < 0:  0 when zero_neg is 1 (relu, relu6), else v * neg_slope (leakyRelu, identity);
//   then:   hi where the result is above hi (relu6: 6; else +inf, never above).
// relu must not be v * 0: at v = -inf that is NaN, where PyTorch and the CPU twin give 0; a
// leakyRelu of slope 0 does give NaN there (-inf * 0), as PyTorch and the CPU twin do.
// Comparisons and select only, no min/max: WGSL leaves min and max of a NaN unspecified (SwiftShader
// returned hi for min(NaN, hi), so relu(-inf) came out +inf). Kinds 3 sigmoid, 4 tanh, 5 gelu,
// 6 silu (the ACTIVATION_CODES of src/gpu/programs/activate.ts) each compile apart.

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
  let e = exp(-abs(v));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), v >= 0.0);
}

// NaN propagates unchanged, as in the CPU twin.
fn apply_activation(kind: u32, v: f32, neg_slope: f32, hi: f32, zero_neg: u32) -> f32 {
  var r: f32;
  switch kind {
    case 3u: { r = act_sigmoid(v); }
    case 4u: { r = tanh(clamp(v, -15.0, 15.0)); } // clamped: f32 tanh overflows
    case 5u: { r = 0.5 * v * (1.0 + act_erf(v * 0.70710678118654752)); }
    case 6u: { r = v * act_sigmoid(v); }
    default: {
      r = v;
      if (v < 0.0) {
        // 0.0 rather than v * 0: relu(-8) is +0, as on the CPU, and relu(-inf) is 0, not NaN.
        r = select(v * neg_slope, 0.0, zero_neg != 0u);
      }
      r = select(r, hi, r > hi);
    }
  }
  return select(r, v, is_nan(v));
}
