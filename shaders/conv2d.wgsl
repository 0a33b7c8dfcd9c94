// conv2d: PyTorch nn.Conv2d (cross-correlation) on NCHW tensors, three entry points chosen by
// shape in src/gpu/programs/conv2d.ts (twin: src/cpu/conv2d.ts):
//   direct    one thread per output; any configuration; for tiny maps and teaching examples.
//   gemm      tiled implicit GEMM (as TF.js conv2d_mm / ONNX Runtime Web): per group,
//             out[co][p] = sum_k W[co][k] * im2col[k][p] with p = (n, oh, ow), k = (ci, kh, kw),
//             im2col gathered on the fly into workgroup memory, 4 x 4 outputs per thread.
//   depthwise one input channel per group (C_in/G = 1): a workgroup caches the padded input patch
//             of its output tile, each thread computes 4 outputs along x from it.
// Every size (output, padding) comes from core convInfo() through the uniforms.
// Requires shaders/common/index.wgsl, nan.wgsl and activate.wgsl prepended.

override PAD_MODE: u32 = 0u; // 0 zeros, 1 replicate, 2 reflect (as PyTorch padding_mode)
override WG: u32 = 64u; // direct: threads per workgroup
override WG_M: u32 = 16u; // gemm: threads along output channels (4 channels each)
override WG_N: u32 = 16u; // gemm: threads along output positions (4 positions each)
override TK: u32 = 16u; // gemm: reduction chunk held in workgroup memory
override DW_WG: u32 = 256u; // depthwise: threads per workgroup
override DW_CAP: u32 = 4096u; // depthwise: patch capacity, f32 values

struct Params {
  batch: u32,
  in_c: u32,
  in_h: u32,
  in_w: u32,
  out_c: u32,
  out_h: u32,
  out_w: u32,
  groups: u32,
  cin_g: u32, // C_in / G
  cout_g: u32, // C_out / G
  k_h: u32,
  k_w: u32,
  stride_h: u32,
  stride_w: u32,
  dil_h: u32,
  dil_w: u32,
  pad_top: i32,
  pad_left: i32,
  has_bias: u32,
  flip: u32, // 1: true convolution (kernels rotated by 180 degrees)
  act: u32, // fused activation code (ACTIVATION_CODES), identity when none
  alpha: f32, // leakyRelu slope
  tiles_x: u32, // gemm: position tiles; depthwise: output-column tiles
  tiles_y: u32, // gemm: channel tiles; depthwise: output-row tiles
  threads_x: u32, // depthwise: threads along x (4 outputs each)
  threads_y: u32, // depthwise: threads along y (1 output row each)
  patch_h: u32, // depthwise: cached input rows
  patch_w: u32, // depthwise: cached input columns
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>; // [C_out, C_in/G, K_h, K_w]
@group(0) @binding(2) var<storage, read> bias: array<f32>; // [C_out], or a dummy
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

// Where padded position i reads from along an axis of `size` cells, or -1 for a zero
// (same as padIndex in src/cpu/conv2d.ts; reflect folds without repeating the edge).
fn src_index(i: i32, size: i32) -> i32 {
  if (i >= 0 && i < size) {
    return i;
  }
  if (PAD_MODE == 1u) {
    return clamp(i, 0, size - 1);
  }
  if (PAD_MODE == 2u) {
    if (size == 1) {
      return 0;
    }
    let period = 2 * (size - 1);
    let m = ((i % period) + period) % period;
    return select(period - m, m, m < size);
  }
  return -1;
}

// Tap t of a K_h x K_w kernel, rotated by 180 degrees for a true convolution.
fn tap(t: u32, taps: u32) -> u32 {
  return select(t, taps - 1u - t, params.flip != 0u);
}

// Bias and fused activation of output channel oc.
fn finish(acc: f32, oc: u32) -> f32 {
  var v = acc;
  if (params.has_bias != 0u) {
    v += bias[oc];
  }
  return apply_activation(params.act, v, params.alpha);
}

@compute @workgroup_size(WG)
fn direct(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.batch * params.out_c * params.out_h * params.out_w) {
    return;
  }
  let ow = i % params.out_w;
  var r = i / params.out_w;
  let oh = r % params.out_h;
  r /= params.out_h;
  let oc = r % params.out_c;
  let b = r / params.out_c;
  let g = oc / params.cout_g;
  let ih0 = i32(oh * params.stride_h) - params.pad_top;
  let iw0 = i32(ow * params.stride_w) - params.pad_left;
  let taps = params.k_h * params.k_w;
  var acc = 0.0;
  for (var ci = 0u; ci < params.cin_g; ci++) {
    let plane = (b * params.in_c + g * params.cin_g + ci) * params.in_h;
    let wbase = (oc * params.cin_g + ci) * taps;
    for (var kh = 0u; kh < params.k_h; kh++) {
      let ih = src_index(ih0 + i32(kh * params.dil_h), i32(params.in_h));
      if (ih < 0) {
        continue;
      }
      let row = (plane + u32(ih)) * params.in_w;
      for (var kw = 0u; kw < params.k_w; kw++) {
        let iw = src_index(iw0 + i32(kw * params.dil_w), i32(params.in_w));
        if (iw >= 0) {
          acc += x[row + u32(iw)] * w[wbase + tap(kh * params.k_w + kw, taps)];
        }
      }
    }
  }
  out[i] = finish(acc, oc);
}

// gemm tiles: weights [TK][4 * WG_M] and im2col [TK][4 * WG_N], as vec4 so that a thread reads
// its 4 channels and its 4 positions with one load each. (TK * (WG_M + WG_N) x vec4f)
var<workgroup> a_tile: array<vec4f, TK * WG_M>;
var<workgroup> b_tile: array<vec4f, TK * WG_N>;

@compute @workgroup_size(WG_N, WG_M)
fn gemm(
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  // Workgroups enumerate (position tile, channel tile, group), split over x and y.
  let wid = wg.x + wg.y * nwg.x;
  if (wid >= params.tiles_x * params.tiles_y * params.groups) {
    return;
  }
  let TM = 4u * WG_M;
  let TN = 4u * WG_N;
  let NT = WG_M * WG_N;
  let p0 = (wid % params.tiles_x) * TN;
  let rest = wid / params.tiles_x;
  let c0 = (rest % params.tiles_y) * TM;
  let g = rest / params.tiles_y;
  let hw_out = params.out_h * params.out_w;
  let m_total = params.batch * hw_out;
  let taps = params.k_h * params.k_w;
  let k_total = params.cin_g * taps;

  // This thread gathers im2col column bn, rows [br0, br0 + rows): consecutive k, so the
  // (ci, kh, kw) decode happens once per chunk and then steps.
  let bn = tid % TN;
  let rows = TK * TN / NT;
  let br0 = (tid / TN) * rows;
  let pos = p0 + bn;
  let pos_ok = pos < m_total;
  let s = pos % hw_out;
  let ih0 = i32((s / params.out_w) * params.stride_h) - params.pad_top;
  let iw0 = i32((s % params.out_w) * params.stride_w) - params.pad_left;
  let x_base = ((pos / hw_out) * params.in_c + g * params.cin_g) * params.in_h;
  let w_base = (g * params.cout_g + c0) * k_total;

  var acc: array<vec4f, 4>; // [channel i] x 4 positions
  let chunks = (k_total + TK - 1u) / TK;
  for (var chunk = 0u; chunk < chunks; chunk++) {
    let k0 = chunk * TK;
    // Weights, read along k (contiguous in memory).
    for (var e = tid; e < TM * TK; e += NT) {
      let row = e / TK;
      let k = k0 + e % TK;
      var v = 0.0;
      if (c0 + row < params.cout_g && k < k_total) {
        let t = k % taps;
        v = w[w_base + row * k_total + k - t + tap(t, taps)];
      }
      a_tile[(e % TK) * WG_M + row / 4u][row % 4u] = v;
    }
    // Input, gathered with the padding mode resolved here.
    var k = k0 + br0;
    var ci = k / taps;
    let t = k % taps;
    var kh = t / params.k_w;
    var kw = t % params.k_w;
    for (var r = 0u; r < rows; r++) {
      var v = 0.0;
      if (pos_ok && k < k_total) {
        let ih = src_index(ih0 + i32(kh * params.dil_h), i32(params.in_h));
        let iw = src_index(iw0 + i32(kw * params.dil_w), i32(params.in_w));
        if (ih >= 0 && iw >= 0) {
          v = x[(x_base + ci * params.in_h + u32(ih)) * params.in_w + u32(iw)];
        }
      }
      b_tile[(br0 + r) * WG_N + bn / 4u][bn % 4u] = v;
      k++;
      kw++;
      if (kw == params.k_w) {
        kw = 0u;
        kh++;
        if (kh == params.k_h) {
          kh = 0u;
          ci++;
        }
      }
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      let a = a_tile[kk * WG_M + lid.y];
      let b = b_tile[kk * WG_N + lid.x];
      acc[0] += a.x * b;
      acc[1] += a.y * b;
      acc[2] += a.z * b;
      acc[3] += a.w * b;
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < 4u; i++) {
    let co = c0 + lid.y * 4u + i;
    if (co >= params.cout_g) {
      break;
    }
    let oc = g * params.cout_g + co;
    for (var j = 0u; j < 4u; j++) {
      let p = p0 + lid.x * 4u + j;
      if (p >= m_total) {
        break;
      }
      out[((p / hw_out) * params.out_c + oc) * hw_out + p % hw_out] = finish(acc[i][j], oc);
    }
  }
}

// depthwise: the padded input patch under one output tile (patch_h x patch_w <= DW_CAP f32).
var<workgroup> tile_in: array<f32, DW_CAP>;

@compute @workgroup_size(DW_WG)
fn depthwise(
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  // Workgroups enumerate (column tile, row tile, output channel, batch), split over x and y.
  let wid = wg.x + wg.y * nwg.x;
  if (wid >= params.tiles_x * params.tiles_y * params.out_c * params.batch) {
    return;
  }
  let tw = params.threads_x;
  let ph = params.patch_h;
  let pw = params.patch_w;
  let ow0 = (wid % params.tiles_x) * tw * 4u;
  var rest = wid / params.tiles_x;
  let oh0 = (rest % params.tiles_y) * params.threads_y;
  rest /= params.tiles_y;
  let oc = rest % params.out_c;
  let b = rest / params.out_c;
  let ci = oc / params.cout_g; // C_in/G = 1: group index = input channel
  let ih0 = i32(oh0 * params.stride_h) - params.pad_top;
  let iw0 = i32(ow0 * params.stride_w) - params.pad_left;
  let plane = (b * params.in_c + ci) * params.in_h;
  for (var e = tid; e < ph * pw; e += DW_WG) {
    let ih = src_index(ih0 + i32(e / pw), i32(params.in_h));
    let iw = src_index(iw0 + i32(e % pw), i32(params.in_w));
    var v = 0.0;
    if (ih >= 0 && iw >= 0) {
      v = x[(plane + u32(ih)) * params.in_w + u32(iw)];
    }
    tile_in[e] = v;
  }
  workgroupBarrier();

  let lx = tid % tw;
  let ly = tid / tw;
  let oh = oh0 + ly;
  let ow = ow0 + lx * 4u;
  if (ly >= params.threads_y || oh >= params.out_h || ow >= params.out_w) {
    return;
  }
  let sw = params.stride_w;
  let taps = params.k_h * params.k_w;
  let col0 = lx * 4u * sw;
  var acc = vec4f(0.0);
  for (var kh = 0u; kh < params.k_h; kh++) {
    let row = (ly * params.stride_h + kh * params.dil_h) * pw + col0;
    for (var kw = 0u; kw < params.k_w; kw++) {
      let wv = w[oc * taps + tap(kh * params.k_w + kw, taps)];
      let c = row + kw * params.dil_w;
      acc += wv * vec4f(tile_in[c], tile_in[c + sw], tile_in[c + 2u * sw], tile_in[c + 3u * sw]);
    }
  }
  let o = ((b * params.out_c + oc) * params.out_h + oh) * params.out_w + ow;
  for (var j = 0u; j < min(4u, params.out_w - ow); j++) {
    out[o + j] = finish(acc[j], oc);
  }
}
