// GPU program for linear layers (shaders/linear.wgsl). Twin: src/cpu/linear.ts.
// y [N, O] = x [N, F] · Wᵀ + b, with W [O, F] row-major; O comes from the output tensor.

import type { ActivationFn } from '../../core/layers';
import { STORAGE, type Gpu } from '../gpu';
import linearWGSL from '../../../shaders/linear.wgsl?raw';
import activateWGSL from '../../../shaders/common/activate.wgsl?raw';
import { withCommon } from '../shaders';
import { uniformLayout } from '../uniforms';
import { ACTIVATION_CODES } from './activation';
import { bindGroup, grid1d, uniformBuffer, type GpuTensor, type Recorded } from './program';

export type LinearKernel = 'gemv' | 'gemm';

export interface LinearProgramOptions {
  /** Applied to every output after the bias, in the same pass. */
  readonly activation?: { readonly fn: ActivationFn; readonly alpha?: number };
  /** Force a kernel (tests, benchmarks); default chooseLinearKernel(). */
  readonly kernel?: LinearKernel;
}

const SHADER = withCommon(`${activateWGSL}\n${linearWGSL}`);
/** gemv: 256 threads, 8 output features per workgroup (32 threads per feature). */
const GEMV = { WG: 256, ROWS: 8 } as const;
/** gemm: 16 x 16 threads of 4 x 4 outputs, 16-deep chunks: 16·16·32 = 8 KiB workgroup memory. */
const GEMM = { WG_M: 16, WG_N: 16, TK: 16 } as const;
/** Batch rows the gemv kernel handles (one vec4 lane each). */
export const GEMV_MAX_ROWS = 4;

/**
 * gemv for up to 4 rows (an image or a few: a tile GEMM would leave 60 of its 64 rows empty and
 * read each weight once per tile row anyway; here every weight is read once, all 32 threads of a
 * feature stream its row), gemm for larger batches, where tiles reuse each weight 64 times.
 */
export function chooseLinearKernel(n: number): LinearKernel {
  return n <= GEMV_MAX_ROWS ? 'gemv' : 'gemm';
}

/** Field order must match `struct Params` in linear.wgsl. */
const PARAMS = uniformLayout([
  ['n', 'u32'],
  ['f', 'u32'],
  ['o', 'u32'],
  ['hasBias', 'u32'],
  ['act', 'u32'],
  ['alpha', 'f32'],
  ['tilesX', 'u32'],
  ['tilesY', 'u32'],
] as const);

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
  if (kernel === 'gemv' && n > GEMV_MAX_ROWS)
    throw new RangeError(`${label}: the gemv kernel takes at most ${GEMV_MAX_ROWS} rows, got ${n}`);

  let pipeline: GPUComputePipeline;
  let tilesX: number;
  let tilesY = 1;
  if (kernel === 'gemv') {
    // vec4 loads need every row of x and W to start on a 16-byte boundary.
    const entry = f % 4 === 0 ? 'gemv4' : 'gemv';
    pipeline = gpu.pipelines.pipeline(
      `linear:${entry}:wg=${GEMV.WG}:rows=${GEMV.ROWS}`,
      'linear',
      SHADER,
      { ...GEMV },
      entry,
    );
    tilesX = Math.ceil(o / GEMV.ROWS);
  } else {
    pipeline = gpu.pipelines.pipeline(
      `linear:gemm:wg=${GEMM.WG_M}x${GEMM.WG_N}:tk=${GEMM.TK}`,
      'linear',
      SHADER,
      { ...GEMM },
      'gemm',
    );
    tilesX = Math.ceil(o / (4 * GEMM.WG_N));
    tilesY = Math.ceil(n / (4 * GEMM.WG_M));
  }

  const owned: GPUBuffer[] = [];
  let biasBuffer = bias;
  if (biasBuffer === null) {
    // A binding cannot be empty: a small dummy the shader never reads.
    biasBuffer = gpu.buffers.acquire(16, STORAGE, `${label}.noBias`); // 4 x f32, unread
    owned.push(biasBuffer);
  }
  const params = uniformBuffer(
    gpu,
    PARAMS,
    {
      n,
      f,
      o,
      hasBias: bias === null ? 0 : 1,
      act: ACTIVATION_CODES[opts.activation?.fn ?? 'identity'],
      alpha: opts.activation?.alpha ?? 0.01,
      tilesX,
      tilesY,
    },
    `${label}.params`,
  );
  owned.push(params);
  const bind = bindGroup(gpu, pipeline, `${label}.bind`, [
    x.buffer,
    weight,
    biasBuffer,
    out.buffer,
    params,
  ]);
  return {
    dispatches: [{ label, pipeline, bindGroup: bind, workgroups: grid1d(gpu, tilesX * tilesY, 1) }],
    owned,
  };
}
