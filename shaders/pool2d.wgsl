// 2-D max and average pooling, one invocation per output element, with PyTorch's window bounds
// (MaxPool2d / AvgPool2d; mirrors windowBounds in src/cpu/pool2d.ts). Output sizes, strides and
// padding come from core poolInfo() through the uniform; nothing is re-derived here.
// Entry points: max_argmax (value + winner index), max_plain (value only), avg.

override WG: u32 = 256;

struct Params {
  count: u32,       // output elements: planes × out_h × out_w
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

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
// Flat index y * in_w + x of the winner inside its channel plane (max_argmax only).
@group(0) @binding(3) var<storage, read_write> argmax: array<i32>;

// One axis of one window: x = first cell read, y = one past the last cell read, z = the window
// length padding included (the count_include_pad divisor). The end is clipped to size + pad
// first, so a ceil-mode window hanging past the padding does not count the overhang.
fn axis_bounds(o: i32, kernel: i32, stride: i32, pad: i32, size: i32) -> vec3i {
  let s = o * stride - pad;
  let e = min(s + kernel, size + pad);
  return vec3i(max(s, 0), min(e, size), e - s);
}

struct Window {
  base: u32,  // start of the channel plane in x
  rows: vec3i,
  cols: vec3i,
}

fn window(i: u32) -> Window {
  let ow = i % params.out_w;
  let oh = (i / params.out_w) % params.out_h;
  let plane = i / (params.out_w * params.out_h);
  var w: Window;
  w.base = plane * params.in_h * params.in_w;
  w.rows = axis_bounds(i32(oh), params.kernel_h, params.stride_h, params.pad_h, i32(params.in_h));
  w.cols = axis_bounds(i32(ow), params.kernel_w, params.stride_w, params.pad_w, i32(params.in_w));
  return w;
}

// -inf: padding never wins. Built at run time since a constant expression may not be infinite.
fn neg_inf() -> f32 {
  var bits = 0xff800000u;
  return bitcast<f32>(bits);
}

struct Best {
  value: f32,
  at: i32,
}

fn max_window(i: u32) -> Best {
  let win = window(i);
  let W = i32(params.in_w);
  // An all -inf window keeps its first cell, as the CPU twin does.
  var best = Best(neg_inf(), win.rows.x * W + win.cols.x);
  for (var y = win.rows.x; y < win.rows.y; y++) {
    for (var c = win.cols.x; c < win.cols.y; c++) {
      let v = x[win.base + u32(y * W + c)];
      // Strict > keeps the first maximum on ties. A NaN wins (a later NaN takes the index), as in
      // PyTorch; is_nan guards the comparison because compilers may assume there is no NaN.
      if (is_nan(v) || (!is_nan(best.value) && v > best.value)) {
        best = Best(v, y * W + c);
      }
    }
  }
  return best;
}

@compute @workgroup_size(WG)
fn max_argmax(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let best = max_window(i);
  out[i] = best.value;
  argmax[i] = best.at;
}

@compute @workgroup_size(WG)
fn max_plain(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  out[i] = max_window(i).value;
}

@compute @workgroup_size(WG)
fn avg(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let win = window(i);
  // A window of padding only averages to 0 (poolInfo's padding ≤ kernel / 2 rules it out anyway).
  if (win.rows.x >= win.rows.y || win.cols.x >= win.cols.y) {
    out[i] = 0.0;
    return;
  }
  let W = i32(params.in_w);
  var sum = 0.0;
  for (var y = win.rows.x; y < win.rows.y; y++) {
    for (var c = win.cols.x; c < win.cols.y; c++) {
      sum += x[win.base + u32(y * W + c)];
    }
  }
  let real = (win.rows.y - win.rows.x) * (win.cols.y - win.cols.x);
  let count = select(real, win.rows.z * win.cols.z, params.include_pad != 0u);
  out[i] = sum / f32(count);
}
