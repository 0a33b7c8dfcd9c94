// GPU program for linear layers (shaders/linear.wgsl). Twin: src/cpu/linear.ts.
// y [N, O] = x [N, F] · Wᵀ + b, with W [O, F] row-major; O comes from the output tensor.

import { STORAGE, type Gpu } from '../gpu';
import linearWGSL from '../../../shaders/linear.wgsl?raw';
import activateWGSL from '../../../shaders/common/activate.wgsl?raw';
import gemmTileWGSL from '../../../shaders/common/gemmTile.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import { epilogue, type FusedActivation } from './activate';
import {
  bindGroup,
  grid1d,
  uniformBuffer,
  type Dispatch,
  type GpuTensor,
  type Recorded,
} from './program';

export type LinearKernel = 'gemv' | 'gemm';

export interface LinearProgramOptions {
  /** Applied to every output after the bias, in the same pass. */
  readonly activation?: FusedActivation;
  /** Force a kernel (tests, benchmarks); default chooseLinearKernel(). */
  readonly kernel?: LinearKernel;
}

/**
 * gemv: 64 threads, 8 output features per workgroup (8 threads per feature, reading 8
 * consecutive vec4 of its weight row at a time). Small workgroups keep the reduction's barriers
 * and workgroup memory cheap on CPU implementations (SwiftShader), where both are costly.
 */
const GEMV = { WG: 64, ROWS: 8 } as const;
/** gemm: 8 x 8 threads of 8 x 8 outputs, 16-deep chunks: 2·16·16·16 = 8 KiB workgroup memory. */
const GEMM = { WG_M: 8, WG_N: 8, TK: 16 } as const;
/** Batch rows one gemv pass handles (one vec4 lane each). */
export const GEMV_PASS_ROWS = 4;
/**
 * Batch rows up to which gemv passes beat the gemm tile. SwiftShader, [N, 4096] → 1000: a pass
 * costs ~100 ms, gemm ~570 ms at any N ≤ 64 (N = 8: 200 vs 571, 32: 805 vs 546), so the
 * crossover is near 24 rows; 16 leaves room for real GPUs, where the tile wins earlier.
 */
export const GEMV_MAX_ROWS = 16;

/**
 * gemv for up to 16 rows, in passes of 4: a gemm tile holds 64 rows, so below that it computes
 * mostly padding, while a gemv pass reads each weight once for its 4 rows (all threads of a
 * feature stream its weight row). gemm for larger batches, where a tile reuses each weight 64 times.
 */
export function chooseLinearKernel(n: number): LinearKernel {
  return n <= GEMV_MAX_ROWS ? 'gemv' : 'gemm';
}

export const SHADER = shader(
  'linear',
  [activateWGSL, gemmTileWGSL, linearWGSL],
  uniformLayout([
    ['n', 'u32'],
    ['f', 'u32'],
    ['o', 'u32'],
    ['hasBias', 'u32'],
    ['negSlope', 'f32'],
    ['hi', 'f32'],
    ['zeroNeg', 'u32'],
    ['tilesX', 'u32'],
    ['tilesY', 'u32'],
    ['row0', 'u32'],
  ] as const),
);

/** x: [N, F], weight: [O, F] row-major, bias: [O] or null → out: [N, O]. */
export function linearProgram(
  gpu: Gpu,
  x: GpuTensor,
  weight: GPUBuffer,
  bias: GPUBuffer | null,
  out: GpuTensor,
  label = 'linear',
  opts: LinearProgramOptions = {},
): Recorded {
  if (x.shape.length !== 2 || out.shape.length !== 2 || out.shape[0] !== x.shape[0])
    throw new RangeError(
      `${label}: needs x [N, F] and out [N, O], got [${x.shape.join(', ')}] and [${out.shape.join(', ')}]`,
    );
  const [n, f] = x.shape;
  const o = out.shape[1];
  if (weight.size < o * f * 4)
    throw new RangeError(
      `${label}: weight buffer holds ${weight.size / 4} values, [${o}, ${f}] needs ${o * f}`,
    );
  const kernel = opts.kernel ?? chooseLinearKernel(n);
  const act = epilogue(opts.activation);
  const owned: GPUBuffer[] = [];
  let biasBuffer = bias;
  if (biasBuffer === null) {
    // A binding cannot be empty: a small dummy the shader never reads.
    biasBuffer = gpu.buffers.acquire(16, STORAGE, `${label}.noBias`); // 4 x f32, unread
    owned.push(biasBuffer);
  }
  const common = {
    n,
    f,
    o,
    hasBias: bias === null ? 0 : 1,
    negSlope: act.negSlope,
    hi: act.hi,
    zeroNeg: act.zeroNeg,
  };
  const dispatch = (
    pipeline: GPUComputePipeline,
    tiles: number,
    values: typeof common & { tilesX: number; tilesY: number; row0: number },
    name: string,
  ): Dispatch => {
    const params = uniformBuffer(gpu, SHADER.params, values, `${name}.params`);
    owned.push(params);
    const bind = bindGroup(gpu, pipeline, `${name}.bind`, [
      x.buffer,
      weight,
      biasBuffer,
      out.buffer,
      params,
    ]);
    return { label: name, pipeline, bindGroup: bind, workgroups: grid1d(gpu, tiles, 1) };
  };

  if (kernel === 'gemm') {
    const pipeline = gpu.pipelines.pipeline(SHADER, 'gemm', { ...GEMM, ACT: act.kind });
    const tilesX = Math.ceil(o / (8 * GEMM.WG_N));
    const tilesY = Math.ceil(n / (8 * GEMM.WG_M));
    return {
      dispatches: [
        dispatch(pipeline, tilesX * tilesY, { ...common, tilesX, tilesY, row0: 0 }, label),
      ],
      owned,
    };
  }
  // gemv: one pass per 4 rows. vec4 loads need every row of x and W to start on 16 bytes.
  const entry = f % 4 === 0 ? 'gemv4' : 'gemv';
  const tilesX = Math.ceil(o / GEMV.ROWS);
  const dispatches: Dispatch[] = [];
  for (let row0 = 0; row0 < n; row0 += GEMV_PASS_ROWS) {
    const nb = Math.min(GEMV_PASS_ROWS, n - row0);
    const pipeline = gpu.pipelines.pipeline(SHADER, entry, { ...GEMV, NB: nb, ACT: act.kind });
    const name = n > GEMV_PASS_ROWS ? `${label}.rows${row0}` : label;
    dispatches.push(dispatch(pipeline, tilesX, { ...common, tilesX, tilesY: 1, row0 }, name));
  }
  return { dispatches, owned };
}
