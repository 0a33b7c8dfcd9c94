// The register-blocked GEMM tile shared by conv2d's implicit GEMM and linear's gemm (and the
// backward convolutions to come): C = A · B, with A [M, K] and B [K, N]. A workgroup of
// WG_N x WG_M threads owns a (8·WG_M) x (8·WG_N) block of C; each thread accumulates 8 x 8 of it,
// rows 8·lid.y.. and columns 8·lid.x... The reduction runs in chunks of TK held in workgroup
// memory: for each chunk the including shader
//   1. stores A[row][k0 + kk] with gemm_put_a(kk, row, v) and B[k0 + kk][col] with
//      gemm_put_b(kk, col, v), zero outside the matrices (its own loaders: im2col, row-major…),
//   2. workgroupBarrier(), acc = gemm_chunk(acc, lid), workgroupBarrier(),
// then writes acc (m00: rows 0..3 x columns 0..3 of its 8 x 8, m01: rows 0..3 x columns 4..7,
// m10, m11; column i of a block holds row i). The includer declares `override WG_M, WG_N, TK: u32`.
//
// Why 8 x 8 outputs per thread and 64 threads: every chunk costs two barriers, and on SwiftShader
// (CPU) a barrier costs ~0.2 us per thread and workgroup memory costs in proportion to its size
// times the threads (16 KiB x 256 threads: ~2.5 ms per workgroup); 4 x 4 per thread with 256
// threads was 1.5x slower.

// A chunk of A as [TK][8·WG_M] and of B as [TK][8·WG_N], in vec4 so that a thread reads its 8
// rows and its 8 columns with two loads each. (2·TK·(WG_M + WG_N) x vec4f)
var<workgroup> gemm_a: array<vec4f, TK * 2u * WG_M>;
var<workgroup> gemm_b: array<vec4f, TK * 2u * WG_N>;

// 8 x 8 accumulators as four named 4 x 4 blocks, not an array: SwiftShader keeps a loop-indexed
// array in memory (about 10x slower than registers).
struct GemmAcc {
  m00: mat4x4f,
  m01: mat4x4f,
  m10: mat4x4f,
  m11: mat4x4f,
}

fn gemm_put_a(kk: u32, row: u32, v: f32) {
  gemm_a[kk * 2u * WG_M + row / 4u][row % 4u] = v;
}

fn gemm_put_b(kk: u32, col: u32, v: f32) {
  gemm_b[kk * 2u * WG_N + col / 4u][col % 4u] = v;
}

// a (4 rows) x b (4 columns): column i holds row a[i] at the 4 columns.
fn gemm_outer(a: vec4f, b: vec4f) -> mat4x4f {
  return mat4x4f(a.x * b, a.y * b, a.z * b, a.w * b);
}

// acc plus this thread's 8 x 8 share of the chunk now in workgroup memory.
fn gemm_chunk(acc_in: GemmAcc, lid: vec3u) -> GemmAcc {
  var acc = acc_in;
  for (var kk = 0u; kk < TK; kk++) {
    let ai = kk * 2u * WG_M + 2u * lid.y;
    let bi = kk * 2u * WG_N + 2u * lid.x;
    let a0 = gemm_a[ai];
    let a1 = gemm_a[ai + 1u];
    let b0 = gemm_b[bi];
    let b1 = gemm_b[bi + 1u];
    acc.m00 += gemm_outer(a0, b0);
    acc.m01 += gemm_outer(a0, b1);
    acc.m10 += gemm_outer(a1, b0);
    acc.m11 += gemm_outer(a1, b1);
  }
  return acc;
}
