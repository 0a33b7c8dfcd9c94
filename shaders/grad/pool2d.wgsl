// Backward of 2-D max and average pooling (twin: src/cpu/grad/pool2d.ts). One invocation per
// INPUT cell gathers from the outputs whose window covers it, so overlapping windows need no
// atomics: along an axis, output o's window [o·S − P, o·S − P + K) covers cell y exactly when
// ⌈(y + P − K + 1) / S⌉ ≤ o ≤ ⌊(y + P) / S⌋ (clipped to the output). Outputs are visited in row-
// major order, the order in which the CPU twin scatters. Entry points:
//   max_pool: dx = Σ dy[o] over the covering outputs whose argmax (the forward's winner,
//             y·W + x in the channel plane, i32) is this cell.
//   avg_pool: dx = Σ dy[o] / divisor(o), the forward's divisor: the window clipped to the
//             padded input (count_include_pad) or to the input itself.

override WG: u32 = 256;

struct Params {
  count: u32,       // input cells: planes × in_h × in_w
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  kernel_h: i32,
  kernel_w: i32,
  stride_h: i32,
  stride_w: i32,
  pad_h: i32,       // leading padding (symmetric for pooling), cells
  pad_w: i32,
  include_pad: u32, // avg only: 1 = divide by the padded window (count_include_pad)
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read> argmax: array<i32>; // max only: one per output

// First and last output (x ≤ y, inclusive) along one axis whose windows cover cell y; none
// when x > y.
fn covering(y: i32, kernel: i32, stride: i32, pad: i32, out: i32) -> vec2i {
  let a = y + pad - kernel + 1; // o·S ≥ a; y + pad ≥ 0, so only a can be negative
  var lo = 0;
  if (a > 0) {
    lo = (a + stride - 1) / stride;
  }
  return vec2i(lo, min((y + pad) / stride, out - 1));
}

// The average's divisor along one axis for output o (as axis_bounds in shaders/pool2d.wgsl).
fn divisor(o: i32, kernel: i32, stride: i32, pad: i32, size: i32) -> i32 {
  let s = o * stride - pad;
  let e = min(s + kernel, size + pad);
  return select(min(e, size) - max(s, 0), e - s, params.include_pad != 0u);
}

struct Cell {
  plane: u32, // first output of the channel plane
  at: i32,    // y · in_w + x
  rows: vec2i,
  cols: vec2i,
}

fn cell(i: u32) -> Cell {
  let x = i32(i % params.in_w);
  let y = i32((i / params.in_w) % params.in_h);
  var c: Cell;
  c.plane = (i / (params.in_w * params.in_h)) * params.out_h * params.out_w;
  c.at = y * i32(params.in_w) + x;
  c.rows = covering(y, params.kernel_h, params.stride_h, params.pad_h, i32(params.out_h));
  c.cols = covering(x, params.kernel_w, params.stride_w, params.pad_w, i32(params.out_w));
  return c;
}

@compute @workgroup_size(WG)
fn max_pool(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let c = cell(i);
  var sum = 0.0;
  for (var oh = c.rows.x; oh <= c.rows.y; oh++) {
    for (var ow = c.cols.x; ow <= c.cols.y; ow++) {
      let o = c.plane + u32(oh) * params.out_w + u32(ow);
      if (argmax[o] == c.at) {
        sum += dy[o];
      }
    }
  }
  dx[i] = sum;
}

@compute @workgroup_size(WG)
fn avg_pool(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let c = cell(i);
  var sum = 0.0;
  for (var oh = c.rows.x; oh <= c.rows.y; oh++) {
    let dh = divisor(oh, params.kernel_h, params.stride_h, params.pad_h, i32(params.in_h));
    for (var ow = c.cols.x; ow <= c.cols.y; ow++) {
      let dw = divisor(ow, params.kernel_w, params.stride_w, params.pad_w, i32(params.in_w));
      sum += dy[c.plane + u32(oh) * params.out_w + u32(ow)] / f32(dh * dw);
    }
  }
  dx[i] = sum;
}
