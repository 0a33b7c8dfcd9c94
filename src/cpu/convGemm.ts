// conv2d as matrix products (im2col): the fast path of the CPU conv2d and its backward for
// ungrouped convolutions. The input is unfolded, a block of output positions at a time, into
// columns col[k][j] (k = (c·K_h + kh)·K_w + kw, j = n·H_out·W_out + oh·W_out + ow; 0 where the
// tap reads a zero of the padding, through the same index maps as the direct loops, so replicate
// and reflect padding come for free), and then
//   y[m][j]  = Σ_k w[m][k] · col[k][j]          (+ bias)
//   dw[m][k] = Σ_j dy[m][j] · col[k][j]
//   dcol[k][j] = Σ_m w[m][k] · dy[m][j], folded back onto dx (col2im).
// The products run in a register-blocked kernel (2 × 4 outputs at a time) in float64, summing
// over the reduction index in order: the forward's sum for one output is the same sequence of
// float64 additions as the direct loop's (w · x over c, kh, kw), so results are identical.
// Blocks spanning several samples keep small layers (LeNet's C5: one output position) from
// running inner loops of length 1; blocks are capped so a column buffer stays near 1 MiB.

/** What both directions need: sizes and the forward's tap index maps (tapIndices). */
export interface GemmGeometry {
  readonly N: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly M: number;
  readonly Ho: number;
  readonly Wo: number;
  readonly Kh: number;
  readonly Kw: number;
  /** Source row per (output row, kernel row), −1 in a zero pad: [Ho · Kh]. */
  readonly rows: Int32Array;
  /** Source column per (output column, kernel column), −1 in a zero pad: [Wo · Kw]. */
  readonly cols: Int32Array;
}

/** Elements of one column buffer (K × J floats) a block aims at. */
const COL_BUDGET = 1 << 18;

/**
 * C[i·ldc + j] (=, or += when `add`) Σ_{r<R} A[i·aI + r·aR] · B[r·bR + j·bJ], for i < I, j < J,
 * each sum in float64 over r = 0, 1, … in order.
 */
export function gemm(
  I: number,
  J: number,
  R: number,
  A: Float32Array,
  aI: number,
  aR: number,
  B: Float32Array,
  bR: number,
  bJ: number,
  C: Float64Array,
  ldc: number,
  add: boolean,
): void {
  const bJ2 = 2 * bJ;
  const bJ3 = 3 * bJ;
  let i = 0;
  for (; i + 1 < I; i += 2) {
    const c0 = i * ldc;
    const c1 = c0 + ldc;
    let j = 0;
    for (; j + 3 < J; j += 4) {
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      let pa = i * aI;
      let pb = j * bJ;
      for (let r = 0; r < R; r++, pa += aR, pb += bR) {
        const a0 = A[pa];
        const a1 = A[pa + aI];
        const b0 = B[pb];
        const b1 = B[pb + bJ];
        const b2 = B[pb + bJ2];
        const b3 = B[pb + bJ3];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      if (add) {
        C[c0 + j] += s00;
        C[c0 + j + 1] += s01;
        C[c0 + j + 2] += s02;
        C[c0 + j + 3] += s03;
        C[c1 + j] += s10;
        C[c1 + j + 1] += s11;
        C[c1 + j + 2] += s12;
        C[c1 + j + 3] += s13;
      } else {
        C[c0 + j] = s00;
        C[c0 + j + 1] = s01;
        C[c0 + j + 2] = s02;
        C[c0 + j + 3] = s03;
        C[c1 + j] = s10;
        C[c1 + j + 1] = s11;
        C[c1 + j + 2] = s12;
        C[c1 + j + 3] = s13;
      }
    }
    for (; j < J; j++) {
      let s0 = 0;
      let s1 = 0;
      let pa = i * aI;
      let pb = j * bJ;
      for (let r = 0; r < R; r++, pa += aR, pb += bR) {
        const b = B[pb];
        s0 += A[pa] * b;
        s1 += A[pa + aI] * b;
      }
      if (add) {
        C[c0 + j] += s0;
        C[c1 + j] += s1;
      } else {
        C[c0 + j] = s0;
        C[c1 + j] = s1;
      }
    }
  }
  if (i < I) {
    const c0 = i * ldc;
    for (let j = 0; j < J; j++) {
      let s = 0;
      let pa = i * aI;
      let pb = j * bJ;
      for (let r = 0; r < R; r++, pa += aR, pb += bR) s += A[pa] * B[pb];
      if (add) C[c0 + j] += s;
      else C[c0 + j] = s;
    }
  }
}

/** A run of output positions j0 … j0 + J − 1, within samples n0 … n0 + ns − 1. */
interface Block {
  readonly n0: number;
  readonly ns: number;
  readonly j0: number;
  readonly J: number;
  /** Whether the block ends its last sample (the backward flushes that sample's dx then). */
  readonly endsSample: boolean;
}

/** Whole samples per block when one sample's positions fit the budget, else rows of one sample. */
function* blocks(g: GemmGeometry): Generator<Block> {
  const P = g.Ho * g.Wo;
  const K = g.C * g.Kh * g.Kw;
  const maxJ = Math.max(g.Wo, Math.floor(COL_BUDGET / K));
  if (P <= maxJ) {
    const per = Math.max(1, Math.floor(maxJ / P));
    for (let n0 = 0; n0 < g.N; n0 += per) {
      const ns = Math.min(per, g.N - n0);
      yield { n0, ns, j0: n0 * P, J: ns * P, endsSample: true };
    }
    return;
  }
  const rowsPer = Math.max(1, Math.floor(maxJ / g.Wo));
  for (let n0 = 0; n0 < g.N; n0++) {
    for (let oh0 = 0; oh0 < g.Ho; oh0 += rowsPer) {
      const rows = Math.min(rowsPer, g.Ho - oh0);
      const endsSample = oh0 + rows === g.Ho;
      yield { n0, ns: 1, j0: n0 * P + oh0 * g.Wo, J: rows * g.Wo, endsSample };
    }
  }
}

/**
 * Calls `run(jj, len, n, oh, ow0)` for each stretch of the block that stays in one output row:
 * positions jj … jj + len − 1 of the block are (n, oh, ow0 … ow0 + len − 1).
 */
function forRows(
  g: GemmGeometry,
  b: Block,
  run: (jj: number, len: number, n: number, oh: number, ow0: number) => void,
): void {
  const P = g.Ho * g.Wo;
  for (let jj = 0; jj < b.J;) {
    const j = b.j0 + jj;
    const n = Math.floor(j / P);
    const p = j - n * P;
    const oh = Math.floor(p / g.Wo);
    const ow0 = p - oh * g.Wo;
    const len = Math.min(g.Wo - ow0, b.J - jj);
    run(jj, len, n, oh, ow0);
    jj += len;
  }
}

/** col[k·J + jj] for the block: the input under tap k at position jj, 0 in a zero pad. */
function im2col(src: Float32Array, g: GemmGeometry, b: Block, col: Float32Array): void {
  const { C, H, W, Kh, Kw, rows, cols } = g;
  const J = b.J;
  forRows(g, b, (jj, len, n, oh, ow0) => {
    for (let c = 0; c < C; c++) {
      const plane = (n * C + c) * H;
      for (let kh = 0; kh < Kh; kh++) {
        const r = rows[oh * Kh + kh];
        for (let kw = 0; kw < Kw; kw++) {
          let o = ((c * Kh + kh) * Kw + kw) * J + jj;
          if (r < 0) {
            col.fill(0, o, o + len);
            continue;
          }
          const row = (plane + r) * W;
          for (let t = 0, q = ow0 * Kw + kw; t < len; t++, q += Kw, o++) {
            const cc = cols[q];
            col[o] = cc < 0 ? 0 : src[row + cc];
          }
        }
      }
    }
  });
}

/** Offsets in an [N, M, Ho, Wo] tensor of channel 0 at each position of the block. */
function positionOffsets(g: GemmGeometry, b: Block, out: Int32Array): void {
  const P = g.Ho * g.Wo;
  forRows(g, b, (jj, len, n, oh, ow0) => {
    const base = n * g.M * P + oh * g.Wo + ow0;
    for (let t = 0; t < len; t++) out[jj + t] = base + t;
  });
}

interface Buffers {
  readonly col: Float32Array;
  readonly prod: Float64Array;
  readonly offsets: Int32Array;
}

function buffers(g: GemmGeometry, rowsOfProd: number): Buffers {
  let maxJ = 0;
  for (const b of blocks(g)) maxJ = Math.max(maxJ, b.J);
  return {
    col: new Float32Array(g.C * g.Kh * g.Kw * maxJ),
    prod: new Float64Array(rowsOfProd * maxJ),
    offsets: new Int32Array(maxJ),
  };
}

/** y = conv(x, w) + bias as [N, M, Ho, Wo]; w: [M, C, Kh, Kw] (already flipped if need be). */
export function conv2dGemm(
  src: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  g: GemmGeometry,
): Float32Array {
  const { M } = g;
  const P = g.Ho * g.Wo;
  const K = g.C * g.Kh * g.Kw;
  const out = new Float32Array(g.N * M * P);
  const { col, prod, offsets } = buffers(g, M);
  for (const b of blocks(g)) {
    const J = b.J;
    im2col(src, g, b, col);
    positionOffsets(g, b, offsets);
    gemm(M, J, K, w, K, 1, col, J, 1, prod, J, false);
    for (let m = 0; m < M; m++) {
      const bm = bias === null ? 0 : bias[m];
      const row = m * J;
      const at = m * P;
      for (let jj = 0; jj < J; jj++) out[offsets[jj] + at] = prod[row + jj] + bm;
    }
  }
  return out;
}

/**
 * dx [N, C, H, W] (when `dx` is given, summed in float64 per sample) and dw [M, C·Kh·Kw] in
 * float64 (added into `dw64`), from the forward's input and weights and dy [N, M, Ho, Wo].
 */
export function conv2dBackwardGemm(
  src: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  g: GemmGeometry,
  dx: Float32Array | null,
  dw64: Float64Array | null,
): void {
  const { C, H, W, M, Kh, Kw, rows, cols } = g;
  const P = g.Ho * g.Wo;
  const K = C * Kh * Kw;
  const { col, prod: dcol, offsets } = buffers(g, dx ? K : 0);
  let maxSamples = 0;
  let maxJ = 0;
  for (const b of blocks(g)) [maxSamples, maxJ] = [Math.max(maxSamples, b.ns), Math.max(maxJ, b.J)];
  const dyB = new Float32Array(M * maxJ);
  const plane = H * W;
  const dx64 = dx ? new Float64Array(maxSamples * C * plane) : null;
  for (const b of blocks(g)) {
    const J = b.J;
    positionOffsets(g, b, offsets);
    for (let m = 0; m < M; m++) {
      const at = m * P;
      for (let jj = 0; jj < J; jj++) dyB[m * J + jj] = dy[offsets[jj] + at];
    }
    if (dw64) {
      im2col(src, g, b, col);
      gemm(M, K, J, dyB, J, 1, col, 1, J, dw64, K, true);
    }
    if (!dx || !dx64) continue;
    gemm(K, J, M, w, 1, K, dyB, J, 1, dcol, J, false);
    forRows(g, b, (jj, len, n, oh, ow0) => {
      const sample = (n - b.n0) * C * plane;
      for (let c = 0; c < C; c++) {
        for (let kh = 0; kh < Kh; kh++) {
          const r = rows[oh * Kh + kh];
          if (r < 0) continue;
          const row = sample + c * plane + r * W;
          for (let kw = 0; kw < Kw; kw++) {
            let o = ((c * Kh + kh) * Kw + kw) * J + jj;
            for (let t = 0, q = ow0 * Kw + kw; t < len; t++, q += Kw, o++) {
              const cc = cols[q];
              if (cc >= 0) dx64[row + cc] += dcol[o];
            }
          }
        }
      }
    });
    if (b.endsSample) {
      dx.set(dx64.subarray(0, b.ns * C * plane), b.n0 * C * plane);
      dx64.fill(0);
    }
  }
}
