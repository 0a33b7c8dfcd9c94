// GPU program for the linear backward pass (shaders/grad/linear.wgsl). Twin:
// src/cpu/grad/linear.ts. From x [N, F], W [O, F] and dy [N, O] it records the dispatches that
// overwrite dx = dy·W [N, F], dW = dyᵀ·x [O, F] and db = Σ_n dy [O] (each optional) in
// caller-given buffers.

import type { Gpu } from '../../gpu';
import gradLinearWGSL from '../../../../shaders/grad/linear.wgsl?raw';
import gemmTileWGSL from '../../../../shaders/common/gemmTile.wgsl?raw';
import reduceWGSL from '../../../../shaders/common/reduce.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { gemmTileProblem, type GemmTile } from '../conv2dTiles';
import {
  bindGroup,
  grid1d,
  uniformBuffer,
  type Dispatch,
  type GpuTensor,
  type Recorded,
} from '../program';
import type { GradKernel } from './conv2d';

/** The buffers of one linear layer's backward pass. Outputs left null are not computed. */
export interface LinearBackwardBuffers {
  /** The forward's input [N, F] (read by the weight gradient). */
  readonly x: GpuTensor;
  /** The weight [O, F] row-major (read by the input gradient). */
  readonly weight: GPUBuffer;
  /** ∂L/∂y [N, O]. */
  readonly dy: GpuTensor;
  /** Overwritten with ∂L/∂x [N, F]. */
  readonly dx: GpuTensor | null;
  /** Overwritten with ∂L/∂W [O, F]. */
  readonly dWeight: GPUBuffer | null;
  /** Overwritten with ∂L/∂b [O]. */
  readonly dBias: GPUBuffer | null;
}

export interface LinearBackwardOptions {
  /** Force the kernel of both matrix gradients (tests, benchmarks); default chooseLinearGradKernel(). */
  readonly kernel?: GradKernel;
}

const WG = 64;
const TILE: GemmTile = { wgM: 8, wgN: 8, tk: 16 };
/** Products below this many values run one thread per value: a 64 x 64 tile would be mostly empty. */
export const LINEAR_DIRECT_MAX = 4096;

export const SHADER = shader(
  'grad/linear',
  [gemmTileWGSL, reduceWGSL, gradLinearWGSL],
  uniformLayout([
    ['rows', 'u32'],
    ['cols', 'u32'],
    ['depth', 'u32'],
    ['aRow', 'u32'],
    ['aDepth', 'u32'],
    ['bDepth', 'u32'],
    ['bCol', 'u32'],
    ['tilesX', 'u32'],
    ['tilesY', 'u32'],
  ] as const),
);

type ParamValues = Record<(typeof SHADER.params.fields)[number][0], number>;

/** direct for products of < LINEAR_DIRECT_MAX values (or when no tile fits), gemm otherwise. */
export function chooseLinearGradKernel(
  rows: number,
  cols: number,
  limits: Parameters<typeof gemmTileProblem>[1],
): GradKernel {
  if (rows * cols < LINEAR_DIRECT_MAX) return 'direct';
  return gemmTileProblem(TILE, limits) ? 'direct' : 'gemm';
}

/** Records linear's backward pass: dx, dW, db (those not null in `b`), each overwritten. */
export function linearBackwardProgram(
  gpu: Gpu,
  b: LinearBackwardBuffers,
  label = 'linear.backward',
  opts: LinearBackwardOptions = {},
): Recorded {
  if (b.x.shape.length !== 2 || b.dy.shape.length !== 2 || b.dy.shape[0] !== b.x.shape[0])
    throw new RangeError(
      `${label}: needs x [N, F] and dy [N, O], got [${b.x.shape.join(', ')}] and [${b.dy.shape.join(', ')}]`,
    );
  const [n, f] = b.x.shape;
  const o = b.dy.shape[1];
  if (b.dx && b.dx.shape.join() !== b.x.shape.join())
    throw new RangeError(`${label}: dx is [${b.dx.shape.join(', ')}], x is [${n}, ${f}]`);
  for (const [buf, count, what] of [
    [b.weight, o * f, 'weight'],
    [b.dWeight, o * f, 'weight gradient'],
    [b.dBias, o, 'bias gradient'],
  ] as const) {
    if (buf && buf.size < count * 4)
      throw new RangeError(
        `${label}: the ${what} buffer holds ${buf.size / 4} values, needs ${count}`,
      );
  }

  const owned: GPUBuffer[] = [];
  const dispatches: Dispatch[] = [];
  const add = (
    entry: string,
    constants: Record<string, number>,
    values: ParamValues,
    buffers: readonly [GPUBuffer, GPUBuffer, ...GPUBuffer[]],
    workgroups: [number, number, number],
    name: string,
  ) => {
    const pipeline = gpu.pipelines.pipeline(SHADER, entry, constants);
    const params = uniformBuffer(gpu, SHADER.params, values, `${name}.params`);
    owned.push(params);
    // Bindings: 0 dy, 1 out, 2 params, 3 W or x.
    const [src, out, ...rest] = buffers;
    const bind = bindGroup(gpu, pipeline, `${name}.bind`, [src, out, params, ...rest]);
    dispatches.push({ label: name, pipeline, bindGroup: bind, workgroups });
  };
  /** C [rows, cols] = A · B as `values` describe, into `out`. */
  const product = (values: ParamValues, bBuffer: GPUBuffer, out: GPUBuffer, name: string) => {
    const kernel = opts.kernel ?? chooseLinearGradKernel(values.rows, values.cols, gpu.limits);
    if (kernel === 'gemm') {
      const problem = gemmTileProblem(TILE, gpu.limits);
      if (problem) throw new RangeError(`${label}: gemm tile ${JSON.stringify(TILE)}: ${problem}`);
      const tilesX = Math.ceil(values.cols / (8 * TILE.wgN));
      const tilesY = Math.ceil(values.rows / (8 * TILE.wgM));
      const constants = { WG_M: TILE.wgM, WG_N: TILE.wgN, TK: TILE.tk };
      const groups = grid1d(gpu, tilesX * tilesY, 1);
      add(
        'gemm',
        constants,
        { ...values, tilesX, tilesY },
        [b.dy.buffer, out, bBuffer],
        groups,
        name,
      );
    } else {
      const groups = grid1d(gpu, values.rows * values.cols, WG);
      add('direct', { WG }, values, [b.dy.buffer, out, bBuffer], groups, name);
    }
  };
  const none = { tilesX: 0, tilesY: 0 };
  // A = dyᵀ [O, N]: the shape of both dW's A and db's rows.
  const dyT = { aRow: 1, aDepth: o };

  if (b.dx) {
    // dx [N, F] = dy [N, O] · W [O, F]
    const values = { rows: n, cols: f, depth: o, aRow: o, aDepth: 1, bDepth: f, bCol: 1, ...none };
    product(values, b.weight, b.dx.buffer, `${label}.input`);
  }
  if (b.dWeight) {
    // dW [O, F] = dyᵀ [O, N] · x [N, F]
    const values = { rows: o, cols: f, depth: n, ...dyT, bDepth: f, bCol: 1, ...none };
    product(values, b.x.buffer, b.dWeight, `${label}.weight`);
  }
  if (b.dBias) {
    // db [O] = Σ_n dy[n]: the row sums of dyᵀ.
    const values = { rows: o, cols: 1, depth: n, ...dyT, bDepth: 0, bCol: 0, ...none };
    add('bias', { WG }, values, [b.dy.buffer, b.dBias], grid1d(gpu, o, 1), `${label}.bias`);
  }
  return { dispatches, owned };
}
