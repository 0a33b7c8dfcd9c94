// linear: y = x W^T + b (PyTorch nn.Linear) for x [N, F], W [O, F] row-major, b [O]; entry points
// chosen by shape in src/gpu/programs/linear.ts (twin: src/cpu/linear.ts):
//   gemv / gemv4  few rows: matrix-vector in passes of NB <= 4 rows; a workgroup owns ROWS
//                 output features, each with WG / ROWS threads striding over F (gemv4: vec4
//                 loads, F % 4 == 0), then a workgroup reduction. A pass reads each weight once.
//   gemm          many rows: 64 x 64 output tiles from workgroup-memory tiles of x and W,
//                 8 x 8 outputs per thread.
// Requires shaders/common/nan.wgsl and activate.wgsl prepended.

override WG: u32 = 64u; // gemv: threads per workgroup
override ROWS: u32 = 8u; // gemv: output features per workgroup (divides WG)
override NB: u32 = 1u; // gemv: batch rows, 1..4
override WG_M: u32 = 8u; // gemm: threads along N (8 rows each)
override WG_N: u32 = 8u; // gemm: threads along O (8 features each)
override TK: u32 = 16u; // gemm: reduction chunk in workgroup memory
override ACT: u32 = 0u; // fused activation kind (see activate.wgsl), 0 for none

struct Params {
  n: u32, // batch rows
  f: u32, // input features
  o: u32, // output features
  has_bias: u32,
  neg_slope: f32, // piecewise-linear activation (see activate.wgsl): slope below 0
  hi: f32, // and upper clamp
  zero_neg: u32, // and 1 for relu's 0 below zero
  tiles_x: u32, // gemv: workgroups of ROWS features; gemm: feature tiles
  tiles_y: u32, // gemm: row tiles
  row0: u32, // gemv: first batch row of this pass (a pass covers NB rows)
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(0) var<storage, read> x4: array<vec4f>; // gemv4 only: F % 4 == 0
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> w4: array<vec4f>; // gemv4 only
@group(0) @binding(2) var<storage, read> bias: array<f32>; // [O], or a dummy
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

fn finish(acc: f32, j: u32) -> f32 {
  var v = acc;
  if (params.has_bias != 0u) {
    v += bias[j];
  }
  return apply_activation(ACT, v, params.neg_slope, params.hi, params.zero_neg);
}

// gemv partial sums: one vec4 (batch rows 0..3) per thread. (WG x vec4f)
var<workgroup> partial: array<vec4f, WG>;

// Sums each feature's WG / ROWS partials (a tree over consecutive threads) and writes y[n][j].
fn reduce_and_store(acc: vec4f, tid: u32, j: u32) {
  let per = WG / ROWS;
  let lane = tid % per;
  partial[tid] = acc;
  workgroupBarrier();
  for (var step = per / 2u; step > 0u; step /= 2u) {
    if (lane < step) {
      partial[tid] += partial[tid + step];
    }
    workgroupBarrier();
  }
  if (lane == 0u && j < params.o) {
    let s = partial[tid];
    let o = params.row0 * params.o + j;
    out[o] = finish(s.x, j);
    if (NB > 1u) {
      out[o + params.o] = finish(s.y, j);
    }
    if (NB > 2u) {
      out[o + 2u * params.o] = finish(s.z, j);
    }
    if (NB > 3u) {
      out[o + 3u * params.o] = finish(s.w, j);
    }
  }
}

// The pass's rows times weight wv at input index i0, one lane per row; rows past NB are never
// read.
fn rows_at(wv: f32, i0: u32) -> vec4f {
  let f = params.f;
  let i = params.row0 * f + i0;
  var v = vec4f(wv * x[i], 0.0, 0.0, 0.0);
  if (NB > 1u) {
    v.y = wv * x[f + i];
  }
  if (NB > 2u) {
    v.z = wv * x[2u * f + i];
  }
  if (NB > 3u) {
    v.w = wv * x[3u * f + i];
  }
  return v;
}

fn rows_at4(wv: vec4f, i0: u32) -> vec4f {
  let f4 = params.f / 4u;
  let i = params.row0 * f4 + i0;
  var v = vec4f(dot(wv, x4[i]), 0.0, 0.0, 0.0);
  if (NB > 1u) {
    v.y = dot(wv, x4[f4 + i]);
  }
  if (NB > 2u) {
    v.z = dot(wv, x4[2u * f4 + i]);
  }
  if (NB > 3u) {
    v.w = dot(wv, x4[3u * f4 + i]);
  }
  return v;
}

@compute @workgroup_size(WG)
fn gemv(
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let wid = wg.x + wg.y * nwg.x;
  if (wid >= params.tiles_x) {
    return;
  }
  let per = WG / ROWS;
  let j = wid * ROWS + tid / per;
  var acc = vec4f(0.0);
  if (j < params.o) {
    let f = params.f;
    for (var i = tid % per; i < f; i += per) {
      acc += rows_at(w[j * f + i], i);
    }
  }
  reduce_and_store(acc, tid, j);
}

@compute @workgroup_size(WG)
fn gemv4(
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let wid = wg.x + wg.y * nwg.x;
  if (wid >= params.tiles_x) {
    return;
  }
  let per = WG / ROWS;
  let j = wid * ROWS + tid / per;
  var acc = vec4f(0.0);
  if (j < params.o) {
    let f4 = params.f / 4u;
    for (var i = tid % per; i < f4; i += per) {
      acc += rows_at4(w4[j * f4 + i], i);
    }
  }
  reduce_and_store(acc, tid, j);
}

// gemm tiles: x [TK][8 * WG_M] and W [TK][8 * WG_N] as vec4: a thread reads its 8 rows and its 8
// features with two loads each. (2 * TK * (WG_M + WG_N) x vec4f)
var<workgroup> a_tile: array<vec4f, 2u * TK * WG_M>;
var<workgroup> b_tile: array<vec4f, 2u * TK * WG_N>;

// acc += a (4 rows) x b (4 features): column i holds row a[i] at the 4 features.
fn outer(a: vec4f, b: vec4f) -> mat4x4f {
  return mat4x4f(a.x * b, a.y * b, a.z * b, a.w * b);
}

// Writes a 4 x 4 block: rows n.. at features j.., where they exist.
fn gemm_store4(m: mat4x4f, n: u32, j: u32) {
  gemm_store(m[0], n, j);
  gemm_store(m[1], n + 1u, j);
  gemm_store(m[2], n + 2u, j);
  gemm_store(m[3], n + 3u, j);
}

fn gemm_store(v: vec4f, n: u32, j: u32) {
  if (n >= params.n) {
    return;
  }
  for (var jj = 0u; jj < min(4u, params.o - min(j, params.o)); jj++) {
    out[n * params.o + j + jj] = finish(v[jj], j + jj);
  }
}

@compute @workgroup_size(WG_N, WG_M)
fn gemm(
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let wid = wg.x + wg.y * nwg.x;
  if (wid >= params.tiles_x * params.tiles_y) {
    return;
  }
  let TM = 8u * WG_M;
  let TN = 8u * WG_N;
  let NT = WG_M * WG_N;
  let j0 = (wid % params.tiles_x) * TN;
  let n0 = (wid / params.tiles_x) * TM;
  let f = params.f;
  // 8 rows x 8 features as four 4 x 4 blocks (named: SwiftShader keeps arrays in memory).
  var m00 = mat4x4f();
  var m01 = mat4x4f();
  var m10 = mat4x4f();
  var m11 = mat4x4f();
  let chunks = (f + TK - 1u) / TK;
  for (var chunk = 0u; chunk < chunks; chunk++) {
    let k0 = chunk * TK;
    // Both operands are read along F (contiguous), stored transposed.
    for (var e = tid; e < TM * TK; e += NT) {
      let row = e / TK;
      let kk = e % TK;
      var v = 0.0;
      if (n0 + row < params.n && k0 + kk < f) {
        v = x[(n0 + row) * f + k0 + kk];
      }
      a_tile[kk * 2u * WG_M + row / 4u][row % 4u] = v;
    }
    for (var e = tid; e < TN * TK; e += NT) {
      let row = e / TK;
      let kk = e % TK;
      var v = 0.0;
      if (j0 + row < params.o && k0 + kk < f) {
        v = w[(j0 + row) * f + k0 + kk];
      }
      b_tile[kk * 2u * WG_N + row / 4u][row % 4u] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      let ai = kk * 2u * WG_M + 2u * lid.y;
      let bi = kk * 2u * WG_N + 2u * lid.x;
      let a0 = a_tile[ai];
      let a1 = a_tile[ai + 1u];
      let b0 = b_tile[bi];
      let b1 = b_tile[bi + 1u];
      m00 += outer(a0, b0);
      m01 += outer(a0, b1);
      m10 += outer(a1, b0);
      m11 += outer(a1, b1);
    }
    workgroupBarrier();
  }
  let n = n0 + 8u * lid.y;
  let j = j0 + 8u * lid.x;
  gemm_store4(m00, n, j);
  gemm_store4(m01, n, j + 4u);
  gemm_store4(m10, n + 4u, j);
  gemm_store4(m11, n + 4u, j + 4u);
}
