// linear: y = x W^T + b (PyTorch nn.Linear) for x [N, F], W [O, F] row-major, b [O]; entry points
// chosen by shape in src/gpu/programs/linear.ts (twin: src/cpu/linear.ts):
//   gemv / gemv4  few rows: matrix-vector in passes of NB <= 4 rows; a workgroup owns ROWS
//                 output features, each with WG / ROWS threads striding over F (gemv4: vec4
//                 loads, F % 4 == 0), then a workgroup reduction. A pass reads each weight once.
//   gemm          many rows: 64 x 64 output tiles, the tile of common/gemmTile.wgsl with A = x
//                 and B = W^T, 8 x 8 outputs per thread.
// Requires shaders/common/nan.wgsl, activate.wgsl and gemmTile.wgsl prepended.

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
  // A = x [N, F], B = W^T [F, O]: rows of C are batch rows, columns features (gemmTile.wgsl).
  var acc = GemmAcc();
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
      gemm_put_a(kk, row, v);
    }
    for (var e = tid; e < TN * TK; e += NT) {
      let row = e / TK;
      let kk = e % TK;
      var v = 0.0;
      if (j0 + row < params.o && k0 + kk < f) {
        v = w[(j0 + row) * f + k0 + kk];
      }
      gemm_put_b(kk, row, v);
    }
    workgroupBarrier();
    acc = gemm_chunk(acc, lid);
    workgroupBarrier();
  }
  let n = n0 + 8u * lid.y;
  let j = j0 + 8u * lid.x;
  gemm_store4(acc.m00, n, j);
  gemm_store4(acc.m01, n, j + 4u);
  gemm_store4(acc.m10, n + 4u, j);
  gemm_store4(acc.m11, n + 4u, j + 4u);
}
