// GPU program for conv2d (shaders/conv2d.wgsl). Twin: src/cpu/conv2d.ts. Every size comes from
// the WindowInfo of core convInfo(); this module picks one of three kernels by shape, packs the
// uniforms and sizes the dispatch.

import type { ActivationFn, Conv2dLayer } from '../../core/layers';
import type { WindowInfo } from '../../core/shape';
import { STORAGE, type Gpu } from '../gpu';
import conv2dWGSL from '../../../shaders/conv2d.wgsl?raw';
import activateWGSL from '../../../shaders/common/activate.wgsl?raw';
import { withCommon } from '../shaders';
import { uniformLayout } from '../uniforms';
import { ACTIVATION_CODES } from './activation';
import {
  chooseDepthwiseTile,
  chooseGemmTile,
  depthwiseCapacity,
  DEPTHWISE_THREADS,
  gemmTileProblem,
  type GemmTile,
  type TileLimits,
} from './conv2dTiles';
import { bindGroup, grid1d, uniformBuffer, type GpuTensor, type Recorded } from './program';

export type ConvKernel = 'direct' | 'gemm' | 'depthwise';

export interface Conv2dProgramOptions {
  /** Flip every kernel by 180° first: a true (mathematical) convolution. */
  readonly trueConvolution?: boolean;
  /** Applied to every output after the bias, in the same pass. */
  readonly activation?: { readonly fn: ActivationFn; readonly alpha?: number };
  /** Force a kernel (tests, benchmarks); default chooseConvKernel(). */
  readonly kernel?: ConvKernel;
  /** Force a gemm tile (tuning); default chooseGemmTile(). */
  readonly tile?: GemmTile;
}

const SHADER = withCommon(`${activateWGSL}\n${conv2dWGSL}`);
const PAD_CODES = { zeros: 0, replicate: 1, reflect: 2 } as const;
const DIRECT_WG = 64;

/** Outputs below which one thread per output beats any tiling: launch cost dominates. */
export const DIRECT_MAX_OUTPUTS = 4096;
/** Reduction lengths (C_in/G · K_h · K_w) below which a gemm tile is mostly padding. */
export const DIRECT_MAX_REDUCTION = 4;

/**
 * The kernel for a layer:
 * - direct when the output is tiny (< DIRECT_MAX_OUTPUTS values: the teaching examples, where a
 *   tile would be mostly empty and launch cost dominates) or the reduction is tiny (< 4 terms:
 *   a 16-deep gemm chunk would be mostly zeros);
 * - depthwise when each group reads one input channel (groups = C_in, so C_out = C_in times a
 *   channel multiplier) and the input patch of a tile fits in workgroup memory: a gemm tile
 *   would be 1/4 useful at best there, the patch cache reads each input once;
 * - gemm otherwise (every ordinary and grouped convolution of real networks).
 */
export function chooseConvKernel(
  info: WindowInfo,
  _layer: Conv2dLayer,
  limits: TileLimits,
): ConvKernel {
  const outputs = info.batch * info.outChannels * info.h.out * info.w.out;
  const reduction = (info.inChannels / info.groups) * info.h.kernel * info.w.kernel;
  if (outputs < DIRECT_MAX_OUTPUTS || reduction < DIRECT_MAX_REDUCTION) return 'direct';
  if (info.groups === info.inChannels && chooseDepthwiseTile(info, limits) !== null)
    return 'depthwise';
  return 'gemm';
}

/** Field order must match `struct Params` in conv2d.wgsl. */
const PARAMS = uniformLayout([
  ['batch', 'u32'],
  ['inC', 'u32'],
  ['inH', 'u32'],
  ['inW', 'u32'],
  ['outC', 'u32'],
  ['outH', 'u32'],
  ['outW', 'u32'],
  ['groups', 'u32'],
  ['cinG', 'u32'],
  ['coutG', 'u32'],
  ['kH', 'u32'],
  ['kW', 'u32'],
  ['strideH', 'u32'],
  ['strideW', 'u32'],
  ['dilH', 'u32'],
  ['dilW', 'u32'],
  ['padTop', 'i32'],
  ['padLeft', 'i32'],
  ['hasBias', 'u32'],
  ['flip', 'u32'],
  ['act', 'u32'],
  ['alpha', 'f32'],
  ['tilesX', 'u32'],
  ['tilesY', 'u32'],
  ['threadsX', 'u32'],
  ['threadsY', 'u32'],
  ['patchH', 'u32'],
  ['patchW', 'u32'],
] as const);

type ParamValues = Record<(typeof PARAMS.fields)[number][0], number>;

function checkShapes(x: GpuTensor, out: GpuTensor, info: WindowInfo, label: string): void {
  const { batch, inChannels, outChannels, h, w } = info;
  const want = [
    [x.shape, [batch, inChannels, h.size, w.size], 'input'],
    [out.shape, [batch, outChannels, h.out, w.out], 'output'],
  ] as const;
  for (const [got, shape, what] of want) {
    if (got.join() !== shape.join())
      throw new RangeError(
        `${label}: ${what} is [${got.join(', ')}], convInfo says [${shape.join(', ')}]`,
      );
  }
}

/**
 * x: [N, C_in, H, W], weight: [C_out, C_in/G, K_h, K_w], bias: [C_out] or null →
 * out: [N, C_out, H_out, W_out], as `info` (= convInfo(layer, x.shape)) says.
 */
export function conv2dProgram(
  gpu: Gpu,
  x: GpuTensor,
  weight: GPUBuffer,
  bias: GPUBuffer | null,
  out: GpuTensor,
  layer: Conv2dLayer,
  info: WindowInfo,
  opts: Conv2dProgramOptions = {},
  label = 'conv2d',
): Recorded {
  checkShapes(x, out, info, label);
  const { h, w } = info;
  const kernel = opts.kernel ?? chooseConvKernel(info, layer, gpu.limits);
  const pad = PAD_CODES[layer.paddingMode];
  const values: ParamValues = {
    batch: info.batch,
    inC: info.inChannels,
    inH: h.size,
    inW: w.size,
    outC: info.outChannels,
    outH: h.out,
    outW: w.out,
    groups: info.groups,
    cinG: info.inChannels / info.groups,
    coutG: info.outChannels / info.groups,
    kH: h.kernel,
    kW: w.kernel,
    strideH: h.stride,
    strideW: w.stride,
    dilH: h.dilation,
    dilW: w.dilation,
    padTop: h.padBegin,
    padLeft: w.padBegin,
    hasBias: bias === null ? 0 : 1,
    flip: opts.trueConvolution ? 1 : 0,
    act: ACTIVATION_CODES[opts.activation?.fn ?? 'identity'],
    alpha: opts.activation?.alpha ?? 0.01,
    tilesX: 0,
    tilesY: 0,
    threadsX: 0,
    threadsY: 0,
    patchH: 0,
    patchW: 0,
  };

  let pipeline: GPUComputePipeline;
  let groupsTotal: number;
  if (kernel === 'direct') {
    pipeline = gpu.pipelines.pipeline(
      `conv2d:direct:pad=${pad}:wg=${DIRECT_WG}`,
      'conv2d',
      SHADER,
      { PAD_MODE: pad, WG: DIRECT_WG },
      'direct',
    );
    groupsTotal = Math.ceil((info.batch * info.outChannels * h.out * w.out) / DIRECT_WG);
  } else if (kernel === 'gemm') {
    const tile = opts.tile ?? chooseGemmTile(info, gpu.limits);
    const problem = gemmTileProblem(tile, gpu.limits);
    if (problem) throw new RangeError(`${label}: gemm tile ${JSON.stringify(tile)}: ${problem}`);
    const { wgM, wgN, tk } = tile;
    pipeline = gpu.pipelines.pipeline(
      `conv2d:gemm:pad=${pad}:wg=${wgM}x${wgN}:tk=${tk}`,
      'conv2d',
      SHADER,
      { PAD_MODE: pad, WG_M: wgM, WG_N: wgN, TK: tk },
      'gemm',
    );
    values.tilesX = Math.ceil((info.batch * h.out * w.out) / (4 * wgN));
    values.tilesY = Math.ceil(values.coutG / (4 * wgM));
    groupsTotal = values.tilesX * values.tilesY * info.groups;
  } else {
    if (values.cinG !== 1)
      throw new RangeError(
        `${label}: the depthwise kernel needs groups = C_in (one input channel per group)`,
      );
    const tile = chooseDepthwiseTile(info, gpu.limits);
    if (tile === null)
      throw new RangeError(`${label}: the dilated kernel's input patch exceeds workgroup memory`);
    const cap = depthwiseCapacity(gpu.limits);
    pipeline = gpu.pipelines.pipeline(
      `conv2d:depthwise:pad=${pad}:wg=${DEPTHWISE_THREADS}:cap=${cap}`,
      'conv2d',
      SHADER,
      { PAD_MODE: pad, DW_WG: DEPTHWISE_THREADS, DW_CAP: cap },
      'depthwise',
    );
    Object.assign(values, tile);
    groupsTotal = tile.tilesX * tile.tilesY * info.outChannels * info.batch;
  }

  // A binding cannot be empty: without a bias, bind a small dummy the shader never reads.
  const owned: GPUBuffer[] = [];
  let biasBuffer = bias;
  if (biasBuffer === null) {
    biasBuffer = gpu.buffers.acquire(16, STORAGE, `${label}.noBias`); // 4 x f32, unread
    owned.push(biasBuffer);
  }
  const params = uniformBuffer(gpu, PARAMS, values, `${label}.params`);
  owned.push(params);
  const bind = bindGroup(gpu, pipeline, `${label}.bind`, [
    x.buffer,
    weight,
    biasBuffer,
    out.buffer,
    params,
  ]);
  const workgroups =
    kernel === 'direct'
      ? grid1d(gpu, groupsTotal * DIRECT_WG, DIRECT_WG)
      : grid1d(gpu, groupsTotal, 1);
  return { dispatches: [{ label, pipeline, bindGroup: bind, workgroups }], owned };
}
