// linear: y = x W^T + b (PyTorch nn.Linear) for x [N, F], W [O, F] row-major, b [O]; entry points
// chosen by shape in src/gpu/programs/linear.ts (twin: src/cpu/linear.ts):
//   gemv / gemv4  few rows (N <= 4): matrix-vector; a workgroup owns ROWS output features, each
//                 with WG / ROWS threads striding over F (gemv4: vec4 loads, F % 4 == 0), then a
//                 workgroup reduction. Every weight is read once for all N rows.
//   gemm          many rows: 64 x 64 output tiles from workgroup-memory tiles of x and W,
//                 4 x 4 outputs per thread.
// Requires shaders/common/nan.wgsl and activate.wgsl prepended.

override WG: u32 = 256u; // gemv: threads per workgroup
override ROWS: u32 = 8u; // gemv: output features per workgroup (divides WG)
override WG_M: u32 = 16u; // gemm: threads along N (4 rows each)
override WG_N: u32 = 16u; // gemm: threads along O (4 features each)
override TK: u32 = 16u; // gemm: reduction chunk in workgroup memory

struct Params {
  n: u32, // batch rows
  f: u32, // input features
  o: u32, // output features
  has_bias: u32,
  act: u32, // fused activation code (ACTIVATION_CODES), identity when none
  alpha: f32, // leakyRelu slope
  tiles_x: u32, // gemv: workgroups of ROWS features; gemm: feature tiles
  tiles_y: u32, // gemm: row tiles
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
  return apply_activation(params.act, v, params.alpha);
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
    for (var n = 0u; n < params.n; n++) {
      out[n * params.o + j] = finish(s[n], j);
    }
  }
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
      let wv = w[j * f + i];
      for (var n = 0u; n < params.n; n++) {
        acc[n] += wv * x[n * f + i];
      }
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
      let wv = w4[j * f4 + i];
      for (var n = 0u; n < params.n; n++) {
        acc[n] += dot(wv, x4[n * f4 + i]);
      }
    }
  }
  reduce_and_store(acc, tid, j);
}

// gemm tiles: x [TK][4 * WG_M] and W [TK][4 * WG_N] as vec4. (TK * (WG_M + WG_N) x vec4f)
var<workgroup> a_tile: array<vec4f, TK * WG_M>;
var<workgroup> b_tile: array<vec4f, TK * WG_N>;

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
  let TM = 4u * WG_M;
  let TN = 4u * WG_N;
  let NT = WG_M * WG_N;
  let j0 = (wid % params.tiles_x) * TN;
  let n0 = (wid / params.tiles_x) * TM;
  let f = params.f;
  var acc: array<vec4f, 4>; // [row i] x 4 features
  let chunks = (f + TK - 1u) / TK;
  for (var chunk = 0u; chunk < chunks; chunk++) {
    let k0 = chunk * TK;
    // Both operands are read along F (contiguous), stored transposed.
    for (var e = tid; e < TM * TK; e += NT) {
      let row = e / TK;
      let k = k0 + e % TK;
      var v = 0.0;
      if (n0 + row < params.n && k < f) {
        v = x[(n0 + row) * f + k];
      }
      a_tile[(e % TK) * WG_M + row / 4u][row % 4u] = v;
    }
    for (var e = tid; e < TN * TK; e += NT) {
      let row = e / TK;
      let k = k0 + e % TK;
      var v = 0.0;
      if (j0 + row < params.o && k < f) {
        v = w[(j0 + row) * f + k];
      }
      b_tile[(e % TK) * WG_N + row / 4u][row % 4u] = v;
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
    let n = n0 + lid.y * 4u + i;
    if (n >= params.n) {
      break;
    }
    for (var jj = 0u; jj < 4u; jj++) {
      let j = j0 + lid.x * 4u + jj;
      if (j >= params.o) {
        break;
      }
      out[n * params.o + j] = finish(acc[i][jj], j);
    }
  }
}
