// conv2d's depthwise entry points (groups = C_in). Not a module on its own: src/gpu/programs/
// conv2d.ts appends this file to conv2d.wgsl, whose Params, bindings and helpers it uses.

// depthwise: one thread per 4 consecutive outputs of a row, each input read straight from the
// storage buffer (no workgroup memory: on CPU implementations such as SwiftShader a workgroup
// cache costs more to set up and synchronise than the loads it saves), each weight read once
// for the 4 outputs.
@compute @workgroup_size(WG)
fn depthwise(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  let quads = (params.out_w + 3u) / 4u;
  if (i >= quads * params.out_h * params.out_c * params.batch) {
    return;
  }
  let ow = (i % quads) * 4u;
  var r = i / quads;
  let oh = r % params.out_h;
  r /= params.out_h;
  let oc = r % params.out_c;
  let b = r / params.out_c;
  let ci = oc / params.cout_g; // C_in/G = 1: the group index is the input channel
  let ih0 = i32(oh * params.stride_h) - params.pad_top;
  let iw0 = i32(ow * params.stride_w) - params.pad_left;
  let plane = (b * params.in_c + ci) * params.in_h;
  let taps = params.k_h * params.k_w;
  let sw = i32(params.stride_w);
  var acc = vec4f(0.0);
  for (var kh = 0u; kh < params.k_h; kh++) {
    let ih = src_index(ih0 + i32(kh * params.dil_h), i32(params.in_h));
    if (ih < 0) {
      continue;
    }
    let row = (plane + u32(ih)) * params.in_w;
    for (var kw = 0u; kw < params.k_w; kw++) {
      let wv = w[oc * taps + tap(kh * params.k_w + kw, taps)];
      let c = iw0 + i32(kw * params.dil_w);
      let n = i32(params.in_w);
      acc += wv * vec4f(
        dw_load(row, src_index(c, n)), dw_load(row, src_index(c + sw, n)),
        dw_load(row, src_index(c + 2 * sw, n)), dw_load(row, src_index(c + 3 * sw, n)),
      );
    }
  }
  dw_store(acc, b, oc, oh, ow);
}

// Input value at column c of a row starting at `row`, 0 where c is -1 (zeros padding).
fn dw_load(row: u32, c: i32) -> f32 {
  return select(0.0, x[row + u32(max(c, 0))], c >= 0);
}

// Writes 4 outputs of row oh from column ow on, where they exist.
fn dw_store(v: vec4f, b: u32, oc: u32, oh: u32, ow: u32) {
  if (oh >= params.out_h) {
    return;
  }
  let o = ((b * params.out_c + oc) * params.out_h + oh) * params.out_w + ow;
  for (var j = 0u; j < min(4u, params.out_w - ow); j++) {
    out[o + j] = finish(v[j], oc);
  }
}

// depthwise3x3: a 3 x 3 depthwise conv with stride DW_S (1 or 2) on both axes and no dilation
// (MobileNet's), written out by hand: SwiftShader neither unrolls loops nor keeps small arrays in
// registers, so every value here is a named vector. Each thread computes 4 rows x 4 columns,
// reads each of its 9 weights once and each input row segment once for all 4 output rows.
override DW_S: u32 = 1u;

// The input row segment under a thread's 4 outputs: 3 * DW_S + 3 values (v0, v1, v2).
struct DwSeg { v0: vec4f, v1: vec4f, v2: f32 }

// Segment of padded input row ih0 + ri at the resolved columns (ca, cb, cc); zeros for a row of
// zeros padding.
fn dw_seg(plane: u32, ih0: i32, ri: i32, ca: vec4i, cb: vec4i, cc: i32) -> DwSeg {
  let ih = src_index(ih0 + ri, i32(params.in_h));
  if (ih < 0) {
    return DwSeg(vec4f(0.0), vec4f(0.0), 0.0);
  }
  let row = (plane + u32(ih)) * params.in_w;
  let v0 = vec4f(dw_load(row, ca.x), dw_load(row, ca.y), dw_load(row, ca.z), dw_load(row, ca.w));
  if (DW_S == 1u) {
    return DwSeg(v0, vec4f(dw_load(row, cb.x), dw_load(row, cb.y), 0.0, 0.0), 0.0);
  }
  let v1 = vec4f(dw_load(row, cb.x), dw_load(row, cb.y), dw_load(row, cb.z), dw_load(row, cb.w));
  return DwSeg(v0, v1, dw_load(row, cc));
}

// One kernel row (weights wr) applied to a row segment: 4 outputs.
fn dw_taps(q: DwSeg, wr: vec3f) -> vec4f {
  if (DW_S == 1u) {
    return wr.x * q.v0 + wr.y * vec4f(q.v0.yzw, q.v1.x) + wr.z * vec4f(q.v0.zw, q.v1.xy);
  }
  return wr.x * vec4f(q.v0.xz, q.v1.xz) + wr.y * vec4f(q.v0.yw, q.v1.yw) +
    wr.z * vec4f(q.v0.z, q.v1.xz, q.v2);
}

@compute @workgroup_size(WG)
fn depthwise3x3(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  let quads = (params.out_w + 3u) / 4u;
  let rows4 = (params.out_h + 3u) / 4u;
  if (i >= quads * rows4 * params.out_c * params.batch) {
    return;
  }
  let ow = (i % quads) * 4u;
  var r = i / quads;
  let oh = (r % rows4) * 4u;
  r /= rows4;
  let oc = r % params.out_c;
  let b = r / params.out_c;
  let plane = (b * params.in_c + oc / params.cout_g) * params.in_h;
  let ih0 = i32(oh * DW_S) - params.pad_top;
  let iw0 = i32(ow * DW_S) - params.pad_left;
  let wb = oc * 9u;
  let w0 = vec3f(w[wb + tap(0u, 9u)], w[wb + tap(1u, 9u)], w[wb + tap(2u, 9u)]);
  let w1 = vec3f(w[wb + tap(3u, 9u)], w[wb + tap(4u, 9u)], w[wb + tap(5u, 9u)]);
  let w2 = vec3f(w[wb + tap(6u, 9u)], w[wb + tap(7u, 9u)], w[wb + tap(8u, 9u)]);
  // The input columns under the 4 outputs (3 * DW_S + 3 of them), padding resolved once.
  let iw = i32(params.in_w);
  let ca = vec4i(
    src_index(iw0, iw), src_index(iw0 + 1, iw), src_index(iw0 + 2, iw), src_index(iw0 + 3, iw),
  );
  let cb = vec4i(
    src_index(iw0 + 4, iw), src_index(iw0 + 5, iw), src_index(iw0 + 6, iw), src_index(iw0 + 7, iw),
  );
  let cc = src_index(iw0 + 8, iw);
  // Output row y reads input rows y * DW_S + (0, 1, 2): each row segment is loaded once.
  let q0 = dw_seg(plane, ih0, 0, ca, cb, cc);
  let q1 = dw_seg(plane, ih0, 1, ca, cb, cc);
  let q2 = dw_seg(plane, ih0, 2, ca, cb, cc);
  let q3 = dw_seg(plane, ih0, 3, ca, cb, cc);
  let q4 = dw_seg(plane, ih0, 4, ca, cb, cc);
  let q5 = dw_seg(plane, ih0, 5, ca, cb, cc);
  let acc0 = dw_taps(q0, w0) + dw_taps(q1, w1) + dw_taps(q2, w2);
  if (DW_S == 1u) {
    dw_store(acc0, b, oc, oh, ow);
    dw_store(dw_taps(q1, w0) + dw_taps(q2, w1) + dw_taps(q3, w2), b, oc, oh + 1u, ow);
    dw_store(dw_taps(q2, w0) + dw_taps(q3, w1) + dw_taps(q4, w2), b, oc, oh + 2u, ow);
    dw_store(dw_taps(q3, w0) + dw_taps(q4, w1) + dw_taps(q5, w2), b, oc, oh + 3u, ow);
    return;
  }
  let q6 = dw_seg(plane, ih0, 6, ca, cb, cc);
  let q7 = dw_seg(plane, ih0, 7, ca, cb, cc);
  let q8 = dw_seg(plane, ih0, 8, ca, cb, cc);
  dw_store(acc0, b, oc, oh, ow);
  dw_store(dw_taps(q2, w0) + dw_taps(q3, w1) + dw_taps(q4, w2), b, oc, oh + 1u, ow);
  dw_store(dw_taps(q4, w0) + dw_taps(q5, w1) + dw_taps(q6, w2), b, oc, oh + 2u, ow);
  dw_store(dw_taps(q6, w0) + dw_taps(q7, w1) + dw_taps(q8, w2), b, oc, oh + 3u, ow);
}
