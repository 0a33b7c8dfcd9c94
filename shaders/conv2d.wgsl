// conv2d: PyTorch nn.Conv2d (cross-correlation) on NCHW tensors, entry points chosen by shape in
// src/gpu/programs/conv2d.ts (twin: src/cpu/conv2d.ts):
//   direct        one thread per output; any configuration; tiny maps and teaching examples.
//   gemm          tiled implicit GEMM (as TF.js conv2d_mm / ONNX Runtime Web): per group,
//                 out[co][p] = sum_k W[co][k] * im2col[k][p], p = (n, oh, ow), k = (ci, kh, kw),
//                 im2col gathered on the fly into the tile of common/gemmTile.wgsl.
//   depthwise     one input channel per group (C_in/G = 1): 4 outputs along x per thread.
//   depthwise3x3  the same for 3 x 3 kernels, stride 1 or 2, no dilation: 4 x 4 per thread.
// The two depthwise entry points live in conv2dDepthwise.wgsl, appended to this file to form one
// shader module (they share Params, the bindings and the helpers below).
// Every size (output, padding) comes from core convInfo() through the uniforms.
// Requires shaders/common/index.wgsl, nan.wgsl, activate.wgsl and gemmTile.wgsl prepended.

override PAD_MODE: u32 = 0u; // 0 zeros, 1 replicate, 2 reflect (as PyTorch padding_mode)
override WG: u32 = 64u; // direct, depthwise: threads per workgroup
override WG_M: u32 = 8u; // gemm: threads along output channels (8 channels each)
override WG_N: u32 = 8u; // gemm: threads along output positions (8 positions each)
override ACT: u32 = 0u; // fused activation kind (see activate.wgsl), 0 for none
override TK: u32 = 16u; // gemm: reduction chunk held in workgroup memory

// Shapes as convInfo() gives them; cin_g = C_in / G, cout_g = C_out / G; flip: true convolution
// (kernels rotated by 180 degrees); neg_slope, hi, zero_neg: the piecewise-linear activation's
// parameters (see activate.wgsl); tiles_x, tiles_y: gemm position and channel tiles.
struct Params {
  batch: u32, in_c: u32, in_h: u32, in_w: u32,
  out_c: u32, out_h: u32, out_w: u32, groups: u32,
  cin_g: u32, cout_g: u32, k_h: u32, k_w: u32,
  stride_h: u32, stride_w: u32, dil_h: u32, dil_w: u32,
  pad_top: i32, pad_left: i32, has_bias: u32, flip: u32,
  neg_slope: f32, hi: f32, zero_neg: u32, tiles_x: u32,
  tiles_y: u32,
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
  return apply_activation(ACT, v, params.neg_slope, params.hi, params.zero_neg);
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
  let TM = 8u * WG_M;
  let TN = 8u * WG_N;
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

  // A = the group's weights [C_out/G, k_total], B = im2col [k_total, positions]; see gemmTile.wgsl.
  var acc = GemmAcc();
  let chunks = (k_total + TK - 1u) / TK;
  for (var chunk = 0u; chunk < chunks; chunk++) {
    let k0 = chunk * TK;
    // Weights, read along k (contiguous in memory).
    for (var e = tid; e < TM * TK; e += NT) {
      let row = e / TK;
      let kk = e % TK;
      let k = k0 + kk;
      var v = 0.0;
      if (c0 + row < params.cout_g && k < k_total) {
        let t = k % taps;
        v = w[w_base + row * k_total + k - t + tap(t, taps)];
      }
      gemm_put_a(kk, row, v);
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
      gemm_put_b(br0 + r, bn, v);
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
    acc = gemm_chunk(acc, lid);
    workgroupBarrier();
  }

  let co = c0 + 8u * lid.y;
  let p = p0 + 8u * lid.x;
  gemm_store4(acc.m00, g, co, p, m_total, hw_out);
  gemm_store4(acc.m01, g, co, p + 4u, m_total, hw_out);
  gemm_store4(acc.m10, g, co + 4u, p, m_total, hw_out);
  gemm_store4(acc.m11, g, co + 4u, p + 4u, m_total, hw_out);
}

// Writes a 4 x 4 block: channels co.. (within group g) at positions p.., where they exist.
fn gemm_store4(m: mat4x4f, g: u32, co: u32, p: u32, m_total: u32, hw_out: u32) {
  gemm_store(m[0], g, co, p, m_total, hw_out);
  gemm_store(m[1], g, co + 1u, p, m_total, hw_out);
  gemm_store(m[2], g, co + 2u, p, m_total, hw_out);
  gemm_store(m[3], g, co + 3u, p, m_total, hw_out);
}

// Writes 4 consecutive output positions p.. of channel co (within group g), where they exist.
fn gemm_store(v: vec4f, g: u32, co: u32, p: u32, m_total: u32, hw_out: u32) {
  if (co >= params.cout_g) {
    return;
  }
  let oc = g * params.cout_g + co;
  for (var j = 0u; j < 4u; j++) {
    let q = p + j;
    if (q >= m_total) {
      return;
    }
    out[((q / hw_out) * params.out_c + oc) * hw_out + q % hw_out] = finish(v[j], oc);
  }
}
