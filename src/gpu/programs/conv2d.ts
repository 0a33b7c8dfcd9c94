// GPU program for conv2d (shaders/conv2d.wgsl). Twin: src/cpu/conv2d.ts. Every size comes from
// the WindowInfo of core convInfo(); this module picks a kernel by shape, packs the uniforms and
// sizes the dispatch.

import type { Conv2dLayer } from '../../core/layers';
import type { WindowInfo } from '../../core/shape';
import { STORAGE, type Gpu } from '../gpu';
import conv2dWGSL from '../../../shaders/conv2d.wgsl?raw';
import conv2dDepthwiseWGSL from '../../../shaders/conv2dDepthwise.wgsl?raw';
import activateWGSL from '../../../shaders/common/activate.wgsl?raw';
import gemmTileWGSL from '../../../shaders/common/gemmTile.wgsl?raw';
import { shader } from '../shaders';
import { uniformLayout } from '../uniforms';
import {
  chooseGemmTile,
  gemmTileFits,
  gemmTileProblem,
  type GemmTile,
  type TileLimits,
} from './conv2dTiles';
import { epilogue, type Epilogue, type FusedActivation } from './activate';
import { bindGroup, grid1d, uniformBuffer, type GpuTensor, type Recorded } from './program';

export type ConvKernel = 'direct' | 'gemm' | 'depthwise' | 'depthwise3x3';

export interface Conv2dProgramOptions {
  /** Flip every kernel by 180° first: a true (mathematical) convolution. */
  readonly trueConvolution?: boolean;
  /** Applied to every output after the bias, in the same pass. */
  readonly activation?: FusedActivation;
  /** Force a kernel (tests, benchmarks); default chooseConvKernel(). */
  readonly kernel?: ConvKernel;
  /** Force a gemm tile (tuning); default chooseGemmTile(). */
  readonly tile?: GemmTile;
}

const PAD_CODES = { zeros: 0, replicate: 1, reflect: 2 } as const;
const DIRECT_WG = 64;

/** Outputs below which one thread per output beats any tiling: launch cost dominates. */
export const DIRECT_MAX_OUTPUTS = 4096;
/** Reduction lengths (C_in/G · K_h · K_w) below which a gemm tile is mostly padding. */
export const DIRECT_MAX_REDUCTION = 4;

/**
 * The kernel for a layer:
 * - direct when the output is tiny (< DIRECT_MAX_OUTPUTS values: the teaching examples, where a
 *   64 x 64 tile would be mostly empty and launch cost dominates) or the reduction is tiny
 *   (< 4 terms: a 16-deep gemm chunk would be mostly zeros);
 * - depthwise3x3 when each group reads one input channel (groups = C_in, C_out = C_in times a
 *   channel multiplier) with a 3 x 3 kernel, stride 1 or 2 on both axes and no dilation
 *   (MobileNet): the hand-written kernel reads each input row once for 4 output rows;
 * - depthwise for the other one-channel-per-group layers: a gemm tile would reduce over a single
 *   channel's K_h·K_w taps, mostly padding, and share nothing between output channels;
 * - gemm otherwise (every ordinary and grouped convolution of real networks), unless no gemm
 *   tile fits the device's workgroup limits.
 */
export function chooseConvKernel(
  info: WindowInfo,
  _layer: Conv2dLayer,
  limits: TileLimits,
): ConvKernel {
  const outputs = info.batch * info.outChannels * info.h.out * info.w.out;
  const reduction = (info.inChannels / info.groups) * info.h.kernel * info.w.kernel;
  if (outputs < DIRECT_MAX_OUTPUTS || reduction < DIRECT_MAX_REDUCTION) return 'direct';
  if (info.groups === info.inChannels)
    return depthwise3x3Problem(info) ? 'depthwise' : 'depthwise3x3';
  return gemmTileFits(limits) ? 'gemm' : 'direct';
}

/** Strides the hand-written 3 x 3 depthwise kernel is compiled for (both axes alike). */
export const DEPTHWISE3X3_STRIDES: readonly number[] = [1, 2];

/** Why depthwise3x3 cannot run this layer, or null when it can. */
export function depthwise3x3Problem(info: WindowInfo): string | null {
  const { h, w } = info;
  if (info.groups !== info.inChannels) return 'needs groups = C_in';
  if (h.kernel !== 3 || w.kernel !== 3) return 'needs a 3 x 3 kernel';
  if (h.stride !== w.stride || !DEPTHWISE3X3_STRIDES.includes(h.stride))
    return `needs the same stride on both axes, one of ${DEPTHWISE3X3_STRIDES.join(', ')}`;
  if (h.dilation !== 1 || w.dilation !== 1) return 'takes no dilation';
  return null;
}

/** conv2d.wgsl with the depthwise entry points appended; Params as its `struct Params`. */
export const SHADER = shader(
  'conv2d',
  [activateWGSL, gemmTileWGSL, conv2dWGSL, conv2dDepthwiseWGSL],
  uniformLayout([
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
    ['negSlope', 'f32'],
    ['hi', 'f32'],
    ['zeroNeg', 'u32'],
    ['tilesX', 'u32'],
    ['tilesY', 'u32'],
  ] as const),
);

type ParamValues = Record<(typeof SHADER.params.fields)[number][0], number>;

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
  const act = epilogue(opts.activation);
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
    negSlope: act.negSlope,
    hi: act.hi,
    zeroNeg: act.zeroNeg,
    tilesX: 0,
    tilesY: 0,
  };

  const { pipeline, workgroups } = setUp(gpu, kernel, info, values, pad, act, opts.tile, label);
  // A binding cannot be empty: without a bias, bind a small dummy the shader never reads.
  const owned: GPUBuffer[] = [];
  let biasBuffer = bias;
  if (biasBuffer === null) {
    biasBuffer = gpu.buffers.acquire(16, STORAGE, `${label}.noBias`); // 4 x f32, unread
    owned.push(biasBuffer);
  }
  const params = uniformBuffer(gpu, SHADER.params, values, `${label}.params`);
  owned.push(params);
  const bind = bindGroup(gpu, pipeline, `${label}.bind`, [
    x.buffer,
    weight,
    biasBuffer,
    out.buffer,
    params,
  ]);
  return { dispatches: [{ label, pipeline, bindGroup: bind, workgroups }], owned };
}

/** The pipeline and workgroup counts of `kernel`; fills the gemm tile counts into `values`. */
function setUp(
  gpu: Gpu,
  kernel: ConvKernel,
  info: WindowInfo,
  values: ParamValues,
  pad: number,
  act: Epilogue,
  forcedTile: GemmTile | undefined,
  label: string,
): { pipeline: GPUComputePipeline; workgroups: [number, number, number] } {
  const { h, w } = info;
  const planes = info.batch * info.outChannels;
  // The pipeline of this kernel (entry point of the same name).
  const entry = (constants: Record<string, number>) =>
    gpu.pipelines.pipeline(SHADER, kernel, { PAD_MODE: pad, ACT: act.kind, ...constants });
  // direct and depthwise kernels: one thread per output (or per 4 / 16 outputs), 64 per group.
  const threads = (n: number) => grid1d(gpu, n, DIRECT_WG);
  switch (kernel) {
    case 'direct':
      return {
        pipeline: entry({ WG: DIRECT_WG }),
        workgroups: threads(planes * h.out * w.out),
      };
    case 'depthwise':
      if (values.cinG !== 1)
        throw new RangeError(`${label}: the depthwise kernel needs groups = C_in`);
      return {
        pipeline: entry({ WG: DIRECT_WG }),
        workgroups: threads(planes * h.out * Math.ceil(w.out / 4)),
      };
    case 'depthwise3x3': {
      const problem = depthwise3x3Problem(info);
      if (problem) throw new RangeError(`${label}: the depthwise3x3 kernel ${problem}`);
      return {
        pipeline: entry({ WG: DIRECT_WG, DW_S: h.stride }),
        workgroups: threads(planes * Math.ceil(h.out / 4) * Math.ceil(w.out / 4)),
      };
    }
    case 'gemm': {
      const tile = forcedTile ?? chooseGemmTile(info, gpu.limits);
      const problem = gemmTileProblem(tile, gpu.limits);
      if (problem) throw new RangeError(`${label}: gemm tile ${JSON.stringify(tile)}: ${problem}`);
      const { wgM, wgN, tk } = tile;
      values.tilesX = Math.ceil((info.batch * h.out * w.out) / (8 * wgN));
      values.tilesY = Math.ceil(values.coutG / (8 * wgM));
      // One workgroup per (position tile, channel tile, group), split over x and y when large.
      return {
        pipeline: entry({ WG_M: wgM, WG_N: wgN, TK: tk }),
        workgroups: grid1d(gpu, values.tilesX * values.tilesY * info.groups, 1),
      };
    }
  }
}
