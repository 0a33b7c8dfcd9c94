// linear backward: the gradients of y = x W^T + b (shaders/linear.wgsl) for x [N, F],
// W [O, F] row-major and dy = dL/dy [N, O]; entry points chosen by shape in
// src/gpu/programs/grad/linear.ts (twin: src/cpu/grad/linear.ts). Both matrix gradients are one
// product C [rows, cols] = A [rows, depth] . B [depth, cols] read through strides,
//   A(i, k) = a[i * a_row + k * a_depth],  B(k, j) = b[k * b_depth + j * b_col],
//   dx = dy . W    (A = dy, B = W; depth O),   dW = dy^T . x  (A = dy^T, B = x; depth N):
//   gemm     the tile of common/gemmTile.wgsl, 64 x 64 values of C per workgroup;
//   direct   one thread per value of C (tiny products);
//   bias     db[i] = sum_k A(i, k) with A = dy^T: one workgroup per feature, a tree reduction.
// Every value of C is written exactly once (overwritten, never accumulated).
// Requires shaders/common/index.wgsl, gemmTile.wgsl and reduce.wgsl prepended.

override WG: u32 = 64u; // direct, bias: threads per workgroup (a power of two)
override WG_M: u32 = 8u; // gemm: threads along C rows (8 rows each)
override WG_N: u32 = 8u; // gemm: threads along C columns (8 columns each)
override TK: u32 = 16u; // gemm: reduction chunk held in workgroup memory

struct Params {
  rows: u32, // of C and A
  cols: u32, // of C and B
  depth: u32, // the reduction: columns of A, rows of B
  a_row: u32, // A's strides (in values)
  a_depth: u32,
  b_depth: u32, // B's strides
  b_col: u32,
  tiles_x: u32, // gemm: column tiles
  tiles_y: u32, // gemm: row tiles
}

@group(0) @binding(0) var<storage, read> a: array<f32>; // dy
@group(0) @binding(1) var<storage, read_write> out: array<f32>; // C [rows, cols], or db [rows]
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read> b: array<f32>; // W (dx) or x (dW)

fn a_at(i: u32, k: u32) -> f32 {
  return a[i * params.a_row + k * params.a_depth];
}

fn b_at(k: u32, j: u32) -> f32 {
  return b[k * params.b_depth + j * params.b_col];
}

@compute @workgroup_size(WG)
fn direct(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.rows * params.cols) {
    return;
  }
  let r = i / params.cols;
  let c = i % params.cols;
  var acc = 0.0;
  for (var k = 0u; k < params.depth; k++) {
    acc += a_at(r, k) * b_at(k, c);
  }
  out[i] = acc;
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
  let i0 = (wid / params.tiles_x) * TM;
  var acc = GemmAcc();
  let chunks = (params.depth + TK - 1u) / TK;
  for (var chunk = 0u; chunk < chunks; chunk++) {
    let k0 = chunk * TK;
    for (var e = tid; e < TM * TK; e += NT) {
      let row = e / TK;
      let kk = e % TK;
      var v = 0.0;
      if (i0 + row < params.rows && k0 + kk < params.depth) {
        v = a_at(i0 + row, k0 + kk);
      }
      gemm_put_a(kk, row, v);
    }
    // B read along its columns: consecutive threads, consecutive j.
    for (var e = tid; e < TN * TK; e += NT) {
      let kk = e / TN;
      let col = e % TN;
      var v = 0.0;
      if (j0 + col < params.cols && k0 + kk < params.depth) {
        v = b_at(k0 + kk, j0 + col);
      }
      gemm_put_b(kk, col, v);
    }
    workgroupBarrier();
    acc = gemm_chunk(acc, lid);
    workgroupBarrier();
  }
  let i = i0 + 8u * lid.y;
  let j = j0 + 8u * lid.x;
  store4(acc.m00, i, j);
  store4(acc.m01, i, j + 4u);
  store4(acc.m10, i + 4u, j);
  store4(acc.m11, i + 4u, j + 4u);
}

// Writes a 4 x 4 block of C: rows i.., columns j.., where they exist.
fn store4(m: mat4x4f, i: u32, j: u32) {
  for (var r = 0u; r < 4u; r++) {
    if (i + r >= params.rows) {
      return;
    }
    for (var c = 0u; c < 4u; c++) {
      if (j + c < params.cols) {
        out[(i + r) * params.cols + j + c] = m[r][c];
      }
    }
  }
}

@compute @workgroup_size(WG)
fn bias(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let i = group_index(wid, nwg);
  if (i >= params.rows) {
    return;
  }
  var acc = 0.0;
  for (var k = lid; k < params.depth; k += WG) {
    acc += a_at(i, k);
  }
  let total = reduce_sum(acc, lid);
  if (lid == 0u) {
    out[i] = total;
  }
}
