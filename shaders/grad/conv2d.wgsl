// conv2d backward: the gradients of PyTorch nn.Conv2d (shaders/conv2d.wgsl) on NCHW tensors,
// entry points chosen by shape in src/gpu/programs/grad/conv2d.ts (twin: src/cpu/grad/conv2d.ts).
// With w' the kernel the forward read (rotated by 180 degrees when flip) and dy = dL/dy:
//   input_direct  dx, one thread per input value: a gather over the output positions and taps
//                 that read it (transposed convolution).
//   input_gemm    dx as a GEMM per group (the tile of common/gemmTile.wgsl):
//                 dx[ci][q] = sum_k w'[m][ci][kh][kw] * dycol[k][q], k = (m, kh, kw),
//                 q = (n, ih, iw); dycol gathers dy at the strided, dilated output positions.
//   weight_gemm   dw as a GEMM per group: dw'[m][kc] = sum_p dy[m][p] * im2col[kc][p],
//                 p = (n, oh, ow), kc = (ci, kh, kw); the reduction over p is split into
//                 `splits` ranges written to separate partial sums (split-K) ...
//   weight_sum    ... which this adds up into dw.
//   weight_direct dw, one workgroup per weight: a workgroup reduction over p (depthwise, small).
//   bias          db, one workgroup per output channel: a workgroup reduction of dy.
// Padding: an input cell receives the gradient of every padded position that reads it (itself,
// and the replicate / reflect pad cells copied from it; zeros padding reads no cell). The weight
// gradient is stored rotated back, through the same tap() the forward reads with.
// Every size (output, padding) comes from core convInfo() through the uniforms; every output
// value is written exactly once (overwritten, never accumulated).
// Requires shaders/common/index.wgsl, gemmTile.wgsl and reduce.wgsl prepended.

override PAD_MODE: u32 = 0u; // 0 zeros, 1 replicate, 2 reflect (as PyTorch padding_mode)
override WG: u32 = 64u; // direct entries, sums: threads per workgroup (a power of two)
override WG_M: u32 = 8u; // gemm: threads along C rows (8 rows each)
override WG_N: u32 = 8u; // gemm: threads along C columns (8 columns each)
override TK: u32 = 16u; // gemm: reduction chunk held in workgroup memory

// Shapes as convInfo() gives them (in_* the forward's input, out_* its output); cin_g = C_in / G,
// cout_g = C_out / G; pad_*: the padding on each side; flip: true convolution; tiles_x, tiles_y:
// gemm column and row tiles; splits: weight_gemm's reduction ranges of split_len positions.
struct Params {
  batch: u32, in_c: u32, in_h: u32, in_w: u32,
  out_c: u32, out_h: u32, out_w: u32, groups: u32,
  cin_g: u32, cout_g: u32, k_h: u32, k_w: u32,
  stride_h: u32, stride_w: u32, dil_h: u32, dil_w: u32,
  pad_top: i32, pad_left: i32, pad_bottom: i32, pad_right: i32,
  flip: u32, tiles_x: u32, tiles_y: u32, splits: u32,
  split_len: u32,
}

@group(0) @binding(0) var<storage, read> dy: array<f32>; // [N, C_out, H_out, W_out]
@group(0) @binding(0) var<storage, read> part: array<f32>; // weight_sum: [splits, dw]
@group(0) @binding(1) var<storage, read_write> out: array<f32>; // dx, dw (or partials), db
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read> w: array<f32>; // input_*: [C_out, C_in/G, K_h, K_w]
@group(0) @binding(3) var<storage, read> x: array<f32>; // weight_*: [N, C_in, H, W]

// Where padded position i reads from along an axis of `size` cells, or -1 for a zero (the
// forward's src_index, shaders/conv2d.wgsl).
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

// The padded positions (unpadded frame, -pb .. size-1+pe) that read input cell i: the inverse
// of src_index. j-th of pre_count(...) of them: i itself first; replicate adds the pad cells
// before cell 0 or after the last cell (a run), reflect the mirror images -i and
// 2(size-1) - i where they fall in the padding (convInfo keeps reflect padding below size,
// so no position folds twice).
fn pre_count(i: i32, size: i32, pb: i32, pe: i32) -> u32 {
  if (PAD_MODE == 1u) {
    return u32(select(i, size - 1 + pe, i == size - 1) - select(i, -pb, i == 0) + 1);
  }
  if (PAD_MODE == 2u) {
    return 1u + u32(i >= 1 && i <= pb) + u32(i <= size - 2 && i >= size - 1 - pe);
  }
  return 1u;
}

fn pre_at(i: i32, j: u32, size: i32, pb: i32) -> i32 {
  if (PAD_MODE == 1u) {
    return select(i, -pb, i == 0) + i32(j);
  }
  if (PAD_MODE == 2u && j > 0u) {
    return select(2 * (size - 1) - i, -i, j == 1u && i >= 1 && i <= pb);
  }
  return i;
}

// The output index whose tap k reads padded position p along an axis, or -1 for none:
// p = o * stride - pad + k * dil.
fn out_at(p: i32, k: u32, stride: u32, dil: u32, pad: i32, outs: u32) -> i32 {
  let q = p + pad - i32(k * dil);
  if (q < 0 || q % i32(stride) != 0) {
    return -1;
  }
  let o = q / i32(stride);
  return select(-1, o, o < i32(outs));
}

// Tap t of a K_h x K_w kernel, rotated by 180 degrees for a true convolution (an involution:
// the forward reads w[tap(t)] at tap t, so dw[tap(t)] = dw'[t]).
fn tap(t: u32, taps: u32) -> u32 {
  return select(t, taps - 1u - t, params.flip != 0u);
}

// An input cell's place: channel plane, row, column, and how many padded positions read its row
// and its column (pre_count).
struct Cell { n: u32, ih: i32, iw: i32, nh: u32, nw: u32 }

fn cell(n: u32, ih: u32, iw: u32) -> Cell {
  let h = i32(params.in_h);
  let w = i32(params.in_w);
  return Cell(n, i32(ih), i32(iw),
    pre_count(i32(ih), h, params.pad_top, params.pad_bottom),
    pre_count(i32(iw), w, params.pad_left, params.pad_right));
}

// Sum of dy[n][oc][oh][ow] over the output positions whose tap (kh, kw) reads cell c
// (dycol[(m, kh, kw)][c] with oc the group's channel m): one term inside, a few at a replicated
// or reflected edge, none where the stride skips the cell.
fn dy_col(c: Cell, oc: u32, kh: u32, kw: u32) -> f32 {
  let h = i32(params.in_h);
  let w = i32(params.in_w);
  let plane = (c.n * params.out_c + oc) * params.out_h;
  var v = 0.0;
  for (var a = 0u; a < c.nh; a++) {
    let oh = out_at(pre_at(c.ih, a, h, params.pad_top), kh, params.stride_h, params.dil_h,
      params.pad_top, params.out_h);
    if (oh < 0) {
      continue;
    }
    let row = (plane + u32(oh)) * params.out_w;
    for (var b = 0u; b < c.nw; b++) {
      let ow = out_at(pre_at(c.iw, b, w, params.pad_left), kw, params.stride_w, params.dil_w,
        params.pad_left, params.out_w);
      if (ow >= 0) {
        v += dy[row + u32(ow)];
      }
    }
  }
  return v;
}

@compute @workgroup_size(WG)
fn input_direct(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.batch * params.in_c * params.in_h * params.in_w) {
    return;
  }
  let iw = i32(i % params.in_w);
  var r = i / params.in_w;
  let ih = i32(r % params.in_h);
  r /= params.in_h;
  let ch = r % params.in_c;
  let n = r / params.in_c;
  let g = ch / params.cin_g;
  let ci = ch % params.cin_g;
  let h = i32(params.in_h);
  let wd = i32(params.in_w);
  let nh = pre_count(ih, h, params.pad_top, params.pad_bottom);
  let nw = pre_count(iw, wd, params.pad_left, params.pad_right);
  let taps = params.k_h * params.k_w;
  let hw_out = params.out_h * params.out_w;
  // The group's first output channel; channel m of the group is hw_out values further in dy
  // and cin_g * taps further in w.
  let dy_plane = (n * params.out_c + g * params.cout_g) * hw_out;
  let w_base = (g * params.cout_g * params.cin_g + ci) * taps;
  let w_step = params.cin_g * taps;
  var acc = 0.0;
  // Over the taps and padded positions that read this cell, then the group's output channels:
  // the index arithmetic once per tap, not once per channel.
  for (var kh = 0u; kh < params.k_h; kh++) {
    for (var a = 0u; a < nh; a++) {
      let oh = out_at(pre_at(ih, a, h, params.pad_top), kh, params.stride_h, params.dil_h,
        params.pad_top, params.out_h);
      if (oh < 0) {
        continue;
      }
      for (var kw = 0u; kw < params.k_w; kw++) {
        for (var b = 0u; b < nw; b++) {
          let ow = out_at(pre_at(iw, b, wd, params.pad_left), kw, params.stride_w, params.dil_w,
            params.pad_left, params.out_w);
          if (ow < 0) {
            continue;
          }
          var di = dy_plane + u32(oh) * params.out_w + u32(ow);
          var wi = w_base + tap(kh * params.k_w + kw, taps);
          for (var m = 0u; m < params.cout_g; m++) {
            acc += dy[di] * w[wi];
            di += hw_out;
            wi += w_step;
          }
        }
      }
    }
  }
  out[i] = acc;
}

@compute @workgroup_size(WG_N, WG_M)
fn input_gemm(
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  // Workgroups enumerate (input position tile, input channel tile, group).
  let wid = wg.x + wg.y * nwg.x;
  if (wid >= params.tiles_x * params.tiles_y * params.groups) {
    return;
  }
  let TM = 8u * WG_M;
  let TN = 8u * WG_N;
  let NT = WG_M * WG_N;
  let q0 = (wid % params.tiles_x) * TN;
  let rest = wid / params.tiles_x;
  let c0 = (rest % params.tiles_y) * TM;
  let g = rest / params.tiles_y;
  let hw = params.in_h * params.in_w;
  let q_total = params.batch * hw;
  let taps = params.k_h * params.k_w;
  let k_total = params.cout_g * taps;

  // This thread gathers dycol column bn, rows [br0, br0 + rows): consecutive k = (m, kh, kw).
  let bn = tid % TN;
  let rows = TK * TN / NT;
  let br0 = (tid / TN) * rows;
  let q = q0 + bn;
  let q_ok = q < q_total;
  let s = q % hw;
  let c = cell(q / hw, s / params.in_w, s % params.in_w);

  // A = the group's kernels as [C_in/G, k_total], B = dycol [k_total, positions].
  var acc = GemmAcc();
  let chunks = (k_total + TK - 1u) / TK;
  for (var chunk = 0u; chunk < chunks; chunk++) {
    let k0 = chunk * TK;
    for (var e = tid; e < TM * TK; e += NT) {
      let row = e / TK;
      let kk = e % TK;
      let k = k0 + kk;
      var v = 0.0;
      if (c0 + row < params.cin_g && k < k_total) {
        let oc = g * params.cout_g + k / taps;
        v = w[(oc * params.cin_g + c0 + row) * taps + tap(k % taps, taps)];
      }
      gemm_put_a(kk, row, v);
    }
    var k = k0 + br0;
    var m = k / taps;
    let t = k % taps;
    var kh = t / params.k_w;
    var kw = t % params.k_w;
    for (var r = 0u; r < rows; r++) {
      var v = 0.0;
      if (q_ok && k < k_total) {
        v = dy_col(c, g * params.cout_g + m, kh, kw);
      }
      gemm_put_b(br0 + r, bn, v);
      k++;
      kw++;
      if (kw == params.k_w) {
        kw = 0u;
        kh++;
        if (kh == params.k_h) {
          kh = 0u;
          m++;
        }
      }
    }
    workgroupBarrier();
    acc = gemm_chunk(acc, lid);
    workgroupBarrier();
  }

  let ci = c0 + 8u * lid.y;
  let p = q0 + 8u * lid.x;
  input_store4(acc.m00, g, ci, p, q_total, hw);
  input_store4(acc.m01, g, ci, p + 4u, q_total, hw);
  input_store4(acc.m10, g, ci + 4u, p, q_total, hw);
  input_store4(acc.m11, g, ci + 4u, p + 4u, q_total, hw);
}

// Writes a 4 x 4 block of dx: channels ci.. (within group g) at input positions q.., where they
// exist.
fn input_store4(m: mat4x4f, g: u32, ci: u32, q: u32, q_total: u32, hw: u32) {
  for (var i = 0u; i < 4u; i++) {
    if (ci + i >= params.cin_g) {
      return;
    }
    let ch = g * params.cin_g + ci + i;
    for (var j = 0u; j < 4u; j++) {
      let qq = q + j;
      if (qq < q_total) {
        out[((qq / hw) * params.in_c + ch) * hw + qq % hw] = m[i][j];
      }
    }
  }
}

@compute @workgroup_size(WG_N, WG_M)
fn weight_gemm(
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  // Workgroups enumerate (weight column tile, output channel tile, group, split).
  let wid = wg.x + wg.y * nwg.x;
  if (wid >= params.tiles_x * params.tiles_y * params.groups * params.splits) {
    return;
  }
  let TM = 8u * WG_M;
  let TN = 8u * WG_N;
  let NT = WG_M * WG_N;
  let j0 = (wid % params.tiles_x) * TN;
  var rest = wid / params.tiles_x;
  let m0 = (rest % params.tiles_y) * TM;
  rest /= params.tiles_y;
  let g = rest % params.groups;
  let split = rest / params.groups;
  let hw_out = params.out_h * params.out_w;
  let p_total = params.batch * hw_out;
  let p_begin = split * params.split_len;
  let p_end = min(p_total, p_begin + params.split_len);
  let taps = params.k_h * params.k_w;
  let kc_total = params.cin_g * taps;

  // This thread gathers im2col column bn (one weight (ci, kh, kw)) at rows [br0, br0 + rows):
  // consecutive positions p = (n, oh, ow).
  let bn = tid % TN;
  let rows = TK * TN / NT;
  let br0 = (tid / TN) * rows;
  let kc = j0 + bn;
  let kc_ok = kc < kc_total;
  let ci = kc / taps;
  let t = kc % taps;
  let kh = t / params.k_w;
  let kw = t % params.k_w;
  let h = i32(params.in_h);
  let wd = i32(params.in_w);
  let x_plane = g * params.cin_g + ci;

  // A = dy of the group's channels [C_out/G, positions], B = im2col^T [positions, k columns].
  var acc = GemmAcc();
  let chunks = (p_end - min(p_begin, p_end) + TK - 1u) / TK;
  for (var chunk = 0u; chunk < chunks; chunk++) {
    let k0 = p_begin + chunk * TK;
    for (var e = tid; e < TM * TK; e += NT) {
      let row = e / TK;
      let kk = e % TK;
      let p = k0 + kk;
      var v = 0.0;
      if (m0 + row < params.cout_g && p < p_end) {
        let oc = g * params.cout_g + m0 + row;
        v = dy[((p / hw_out) * params.out_c + oc) * hw_out + p % hw_out];
      }
      gemm_put_a(kk, row, v);
    }
    var p = k0 + br0;
    var n = p / hw_out;
    let s = p % hw_out;
    var oh = s / params.out_w;
    var ow = s % params.out_w;
    for (var r = 0u; r < rows; r++) {
      var v = 0.0;
      if (kc_ok && p < p_end) {
        let ih = src_index(i32(oh * params.stride_h + kh * params.dil_h) - params.pad_top, h);
        let iw = src_index(i32(ow * params.stride_w + kw * params.dil_w) - params.pad_left, wd);
        if (ih >= 0 && iw >= 0) {
          v = x[((n * params.in_c + x_plane) * params.in_h + u32(ih)) * params.in_w + u32(iw)];
        }
      }
      gemm_put_b(br0 + r, bn, v);
      p++;
      ow++;
      if (ow == params.out_w) {
        ow = 0u;
        oh++;
        if (oh == params.out_h) {
          oh = 0u;
          n++;
        }
      }
    }
    workgroupBarrier();
    acc = gemm_chunk(acc, lid);
    workgroupBarrier();
  }

  // Split s writes its partial sums at s * |dw| (with one split, straight into dw).
  let base = split * params.out_c * kc_total;
  let mm = m0 + 8u * lid.y;
  let jj = j0 + 8u * lid.x;
  weight_store4(acc.m00, base, g, mm, jj, kc_total, taps);
  weight_store4(acc.m01, base, g, mm, jj + 4u, kc_total, taps);
  weight_store4(acc.m10, base, g, mm + 4u, jj, kc_total, taps);
  weight_store4(acc.m11, base, g, mm + 4u, jj + 4u, kc_total, taps);
}

// Writes a 4 x 4 block of dw: output channels m.. (within group g) at columns kc.. = (ci, tap),
// the tap rotated back for a true convolution, where they exist.
fn weight_store4(v: mat4x4f, base: u32, g: u32, m: u32, kc: u32, kc_total: u32, taps: u32) {
  for (var i = 0u; i < 4u; i++) {
    if (m + i >= params.cout_g) {
      return;
    }
    let row = base + (g * params.cout_g + m + i) * kc_total;
    for (var j = 0u; j < 4u; j++) {
      let c = kc + j;
      if (c < kc_total) {
        out[row + c - c % taps + tap(c % taps, taps)] = v[i][j];
      }
    }
  }
}

@compute @workgroup_size(WG)
fn weight_sum(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  let count = params.out_c * params.cin_g * params.k_h * params.k_w;
  if (i >= count) {
    return;
  }
  var acc = 0.0;
  for (var s = 0u; s < params.splits; s++) {
    acc += part[s * count + i];
  }
  out[i] = acc;
}

@compute @workgroup_size(WG)
fn weight_direct(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  // Workgroup i owns dw[i] = dw[oc][ci][tap(t)], the forward's tap t.
  let i = group_index(wid, nwg);
  let taps = params.k_h * params.k_w;
  if (i >= params.out_c * params.cin_g * taps) {
    return;
  }
  let t = tap(i % taps, taps);
  let kh = t / params.k_w;
  let kw = t % params.k_w;
  let oc = i / (params.cin_g * taps);
  let ci = (i / taps) % params.cin_g;
  let x_plane = (oc / params.cout_g) * params.cin_g + ci;
  let hw_out = params.out_h * params.out_w;
  let h = i32(params.in_h);
  let wd = i32(params.in_w);
  var acc = 0.0;
  for (var p = lid; p < params.batch * hw_out; p += WG) {
    let n = p / hw_out;
    let s = p % hw_out;
    let oh = s / params.out_w;
    let ow = s % params.out_w;
    let ih = src_index(i32(oh * params.stride_h + kh * params.dil_h) - params.pad_top, h);
    let iw = src_index(i32(ow * params.stride_w + kw * params.dil_w) - params.pad_left, wd);
    if (ih >= 0 && iw >= 0) {
      let xv = x[((n * params.in_c + x_plane) * params.in_h + u32(ih)) * params.in_w + u32(iw)];
      acc += dy[(n * params.out_c + oc) * hw_out + s] * xv;
    }
  }
  let total = reduce_sum(acc, lid);
  if (lid == 0u) {
    out[i] = total;
  }
}

@compute @workgroup_size(WG)
fn bias(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let oc = group_index(wid, nwg);
  if (oc >= params.out_c) {
    return;
  }
  let hw_out = params.out_h * params.out_w;
  var acc = 0.0;
  for (var p = lid; p < params.batch * hw_out; p += WG) {
    acc += dy[((p / hw_out) * params.out_c + oc) * hw_out + p % hw_out];
  }
  let total = reduce_sum(acc, lid);
  if (lid == 0u) {
    out[oc] = total;
  }
}
