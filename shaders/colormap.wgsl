// Renders one channel plane of a feature map, straight from its storage buffer, into an
// rgba8unorm storage texture: one invocation per pixel looks its value up in a 256-entry colour
// table. index = clamp(round((v − lo) · scale), 0, 255) with scale = 255 / (hi − lo) computed
// once on the CPU (a subtract and a multiply round exactly as the CPU twin's Math.fround steps;
// a per-pixel division would not). round() is ties-to-even. NaN pixels are transparent black.

struct Params {
  offset: u32, // first value of the plane in x, in f32 elements
  h: u32,      // plane height = texture rows
  w: u32,      // plane width = texture columns
  lo: f32,
  scale: f32,  // 255 / (hi − lo); 0 when hi = lo (everything maps to entry 0)
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
// 256 × packed RGBA8, red in the low byte (little-endian bytes R, G, B, A).
@group(0) @binding(1) var<storage, read> lut: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var image: texture_storage_2d<rgba8unorm, write>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= params.w || gid.y >= params.h) {
    return;
  }
  let v = x[params.offset + gid.y * params.w + gid.x];
  var color = vec4f(0.0);
  if (!is_nan(v)) {
    let s = (v - params.lo) * params.scale;
    // ±inf clamp to the ends; inf · 0 (hi = lo) is NaN and takes entry 0.
    let t = select(clamp(round(s), 0.0, 255.0), 0.0, is_nan(s));
    color = unpack4x8unorm(lut[u32(t)]);
  }
  textureStore(image, vec2i(gid.xy), color);
}
