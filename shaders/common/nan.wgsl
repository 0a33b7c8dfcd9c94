// NaN test on the bits: compilers may assume `v != v` is false (WGSL leaves NaN
// handling to the implementation), but an exponent of all ones with a non-zero mantissa is NaN.
fn is_nan(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}
