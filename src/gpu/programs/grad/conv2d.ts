// GPU program for the conv2d backward pass (shaders/grad/conv2d.wgsl). Twin:
// src/cpu/grad/conv2d.ts. From the forward's input x, its weight and the upstream gradient dy it
// records the dispatches that overwrite dx, dw and db (each optional) in caller-given buffers.
// Every size comes from the WindowInfo of core convInfo(); this module picks the kernels by
// shape, packs the uniforms and sizes the dispatches.

import type { Conv2dLayer } from '../../../core/layers';
import type { WindowInfo } from '../../../core/shape';
import { STORAGE, type Gpu } from '../../gpu';
import gradConv2dWGSL from '../../../../shaders/grad/conv2d.wgsl?raw';
import gemmTileWGSL from '../../../../shaders/common/gemmTile.wgsl?raw';
import reduceWGSL from '../../../../shaders/common/reduce.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { DIRECT_MAX_OUTPUTS, DIRECT_MAX_REDUCTION } from '../conv2d';
import { gemmTileProblem, type GemmTile, type TileLimits } from '../conv2dTiles';
import {
  bindGroup,
  grid1d,
  numel,
  uniformBuffer,
  type Dispatch,
  type GpuTensor,
  type Recorded,
} from '../program';

export type GradKernel = 'direct' | 'gemm';

/** The buffers of one conv layer's backward pass. Outputs left null are not computed. */
export interface Conv2dBackwardBuffers {
  /** The forward's input [N, C_in, H, W] (read by the weight gradient). */
  readonly x: GpuTensor;
  /** The weight as given to the forward, [C_out, C_in/G, K_h, K_w] (read by the input gradient). */
  readonly weight: GPUBuffer;
  /** ∂L/∂y [N, C_out, H_out, W_out]. */
  readonly dy: GpuTensor;
  /** Overwritten with ∂L/∂x [N, C_in, H, W]. */
  readonly dx: GpuTensor | null;
  /** Overwritten with ∂L/∂weight, laid out as the weight. */
  readonly dWeight: GPUBuffer | null;
  /** Overwritten with ∂L/∂bias [C_out]; only for a layer with a bias. */
  readonly dBias: GPUBuffer | null;
}

export interface Conv2dBackwardOptions {
  /** Force the input-gradient kernel (tests, benchmarks); default chooseInputGradKernel(). */
  readonly inputKernel?: GradKernel;
  /** Force the weight-gradient kernel (tests, benchmarks); default chooseWeightGradKernel(). */
  readonly weightKernel?: GradKernel;
  /** Force weight_gemm's reduction split (tests); default weightGradSplits(). */
  readonly splits?: number;
}

const PAD_CODES = { zeros: 0, replicate: 1, reflect: 2 } as const;
/** Threads per workgroup of the direct kernels and the workgroup reductions. */
const WG = 64;
/** The gemm tile: 8 x 8 threads of 8 x 8 values, 16-deep chunks (as the forward's default). */
const TILE: GemmTile = { wgM: 8, wgN: 8, tk: 16 };
/** weight_gemm aims for this many workgroups, splitting its reduction over positions... */
export const WEIGHT_SPLIT_TARGET = 64;
/** ... into ranges of at least this many positions (a split's partials cost a write and a read). */
export const WEIGHT_SPLIT_MIN = 512;

export const SHADER = shader(
  'grad/conv2d',
  [gemmTileWGSL, reduceWGSL, gradConv2dWGSL],
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
    ['padBottom', 'i32'],
    ['padRight', 'i32'],
    ['flip', 'u32'],
    ['tilesX', 'u32'],
    ['tilesY', 'u32'],
    ['splits', 'u32'],
    ['splitLen', 'u32'],
  ] as const),
);

type ParamValues = Record<(typeof SHADER.params.fields)[number][0], number>;

/**
 * Input channels per group below which input_gemm loses to input_direct: the tile's 64 rows are
 * the group's input channels. SwiftShader, batch 32-64: C_in/G = 6 (LeNet c2) direct 2.3x
 * faster, 10 (Tiny VGG) 1.5x; 32 gemm 1.7x faster.
 */
export const INPUT_GEMM_MIN_CHANNELS = 16;
/**
 * The share of input_gemm's reduction (output channel, tap) that is not zero for an input cell is
 * about H_out·W_out / (H·W): a tap reads a cell only where an output position lands on it. Below
 * this share the tile multiplies mostly zeros: LeNet-5's C5 (16×5×5 → 120×1×1, 1/25) took 600 ms
 * with input_gemm on SwiftShader at batch 32, 9 ms with input_direct. A stride of 2 gives 1/4.
 */
export const INPUT_GEMM_MIN_DENSITY = 1 / 4;
/**
 * Weights below which weight_direct (a workgroup per weight) beats the tile. SwiftShader, batch
 * 32: 150 (LeNet c1) direct 2.5x faster, 270 (Tiny VGG c1) even, 2,400 (LeNet c2) gemm 5x.
 */
export const WEIGHT_GEMM_MIN_WEIGHTS = 256;

/**
 * The input-gradient kernel: direct (one thread per input value) when dx is tiny (< 4096 values:
 * a 64 x 64 tile would be mostly empty), the reduction C_out/G · K_h · K_w is tiny, or the groups
 * have few input channels (< INPUT_GEMM_MIN_CHANNELS, depthwise included), or the output is much
 * smaller than the input (< INPUT_GEMM_MIN_DENSITY: mostly zeros in the tile); gemm otherwise,
 * unless no gemm tile fits the device.
 */
export function chooseInputGradKernel(info: WindowInfo, limits: TileLimits): GradKernel {
  const values = info.batch * info.inChannels * info.h.size * info.w.size;
  const reduction = (info.outChannels / info.groups) * info.h.kernel * info.w.kernel;
  const cinG = info.inChannels / info.groups;
  const density = (info.h.out * info.w.out) / (info.h.size * info.w.size);
  if (
    values < DIRECT_MAX_OUTPUTS ||
    reduction < DIRECT_MAX_REDUCTION ||
    cinG < INPUT_GEMM_MIN_CHANNELS ||
    density < INPUT_GEMM_MIN_DENSITY
  )
    return 'direct';
  return gemmTileProblem(TILE, limits) ? 'direct' : 'gemm';
}

/**
 * The weight-gradient kernel: direct (a workgroup reduction per weight) for depthwise layers
 * (each output channel reads one input channel: nothing for a tile to share) and small kernels
 * (< WEIGHT_GEMM_MIN_WEIGHTS); gemm otherwise, unless no gemm tile fits the device.
 */
export function chooseWeightGradKernel(info: WindowInfo, limits: TileLimits): GradKernel {
  const cinG = info.inChannels / info.groups;
  const weights = info.outChannels * cinG * info.h.kernel * info.w.kernel;
  if (weights < WEIGHT_GEMM_MIN_WEIGHTS || cinG === 1) return 'direct';
  return gemmTileProblem(TILE, limits) ? 'direct' : 'gemm';
}

/**
 * weight_gemm's split of the reduction over N·H_out·W_out positions: enough ranges for about
 * WEIGHT_SPLIT_TARGET workgroups in all, each range at least WEIGHT_SPLIT_MIN positions.
 */
export function weightGradSplits(info: WindowInfo, tiles: number): number {
  const positions = info.batch * info.h.out * info.w.out;
  const most = Math.max(1, Math.floor(positions / WEIGHT_SPLIT_MIN));
  return Math.min(most, Math.max(1, Math.ceil(WEIGHT_SPLIT_TARGET / tiles)));
}

function checkBuffers(
  b: Conv2dBackwardBuffers,
  layer: Conv2dLayer,
  info: WindowInfo,
  label: string,
): void {
  const { batch, inChannels, outChannels, h, w } = info;
  const xShape = [batch, inChannels, h.size, w.size];
  const want = [
    [b.x.shape, xShape, 'input'],
    [b.dy.shape, [batch, outChannels, h.out, w.out], 'output gradient'],
    ...(b.dx ? [[b.dx.shape, xShape, 'input gradient'] as const] : []),
  ] as const;
  for (const [got, shape, what] of want) {
    if (got.join() !== shape.join())
      throw new RangeError(
        `${label}: ${what} is [${got.join(', ')}], convInfo says [${shape.join(', ')}]`,
      );
  }
  const weights = (outChannels * inChannels * h.kernel * w.kernel) / info.groups;
  for (const [buf, n, what] of [
    [b.weight, weights, 'weight'],
    [b.dWeight, weights, 'weight gradient'],
    [b.dBias, outChannels, 'bias gradient'],
  ] as const) {
    if (buf && buf.size < n * 4)
      throw new RangeError(`${label}: the ${what} buffer holds ${buf.size / 4} values, needs ${n}`);
  }
  if (b.dBias && !layer.bias)
    throw new RangeError(`${label}: this conv layer has no bias: there is no bias gradient`);
}

/**
 * Records conv2d's backward pass: dx, dw, db (those not null in `b`), each overwritten, as
 * `info` (= convInfo(layer, x.shape)) says. The layer's trueConvolution flag is honoured (dw is
 * rotated back). Dispatches run in any order: none reads another's output.
 */
export function conv2dBackwardProgram(
  gpu: Gpu,
  b: Conv2dBackwardBuffers,
  layer: Conv2dLayer,
  info: WindowInfo,
  label = 'conv2d.backward',
  opts: Conv2dBackwardOptions = {},
): Recorded {
  checkBuffers(b, layer, info, label);
  const { h, w } = info;
  const pad = PAD_CODES[layer.paddingMode];
  const base: ParamValues = {
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
    padBottom: h.padEnd,
    padRight: w.padEnd,
    flip: layer.trueConvolution ? 1 : 0,
    tilesX: 0,
    tilesY: 0,
    splits: 1,
    splitLen: 0,
  };
  const owned: GPUBuffer[] = [];
  const dispatches: Dispatch[] = [];
  const add = (
    entry: string,
    constants: Record<string, number>,
    values: Partial<ParamValues>,
    buffers: readonly GPUBuffer[],
    workgroups: [number, number, number],
    name: string,
  ) => {
    const pipeline = gpu.pipelines.pipeline(SHADER, entry, constants);
    const params = uniformBuffer(gpu, SHADER.params, { ...base, ...values }, `${name}.params`);
    owned.push(params);
    // Bindings: 0 dy (or partials), 1 out, 2 params, 3 weight or x.
    const [src, out, ...rest] = buffers;
    const bind = bindGroup(gpu, pipeline, `${name}.bind`, [src, out, params, ...rest]);
    dispatches.push({ label: name, pipeline, bindGroup: bind, workgroups });
  };
  const gemm = { WG_M: TILE.wgM, WG_N: TILE.wgN, TK: TILE.tk };
  const tm = 8 * TILE.wgM;
  const tn = 8 * TILE.wgN;

  if (b.dx) {
    const kernel = opts.inputKernel ?? chooseInputGradKernel(info, gpu.limits);
    const name = `${label}.input`;
    const buffers = [b.dy.buffer, b.dx.buffer, b.weight];
    if (kernel === 'gemm') {
      checkTile(gpu, label);
      const tilesX = Math.ceil((info.batch * h.size * w.size) / tn);
      const tilesY = Math.ceil(base.cinG / tm);
      const groups = grid1d(gpu, tilesX * tilesY * info.groups, 1);
      add('input_gemm', { PAD_MODE: pad, ...gemm }, { tilesX, tilesY }, buffers, groups, name);
    } else {
      const groups = grid1d(gpu, numel(b.dx.shape), WG);
      add('input_direct', { PAD_MODE: pad, WG }, {}, buffers, groups, name);
    }
  }

  if (b.dWeight) {
    const kernel = opts.weightKernel ?? chooseWeightGradKernel(info, gpu.limits);
    const name = `${label}.weight`;
    const weights = base.outC * base.cinG * h.kernel * w.kernel;
    if (kernel === 'gemm') {
      checkTile(gpu, label);
      const tilesX = Math.ceil((base.cinG * h.kernel * w.kernel) / tn);
      const tilesY = Math.ceil(base.coutG / tm);
      const tiles = tilesX * tilesY * info.groups;
      const positions = info.batch * h.out * w.out;
      let splits = opts.splits ?? weightGradSplits(info, tiles);
      // Whole chunks per range; then as many ranges as that takes.
      const splitLen = Math.ceil(positions / splits / TILE.tk) * TILE.tk;
      splits = Math.ceil(positions / splitLen);
      let dst = b.dWeight;
      if (splits > 1) {
        dst = gpu.buffers.acquire(splits * weights * 4, STORAGE, `${name}.partials`);
        owned.push(dst);
      }
      add(
        'weight_gemm',
        { PAD_MODE: pad, ...gemm },
        { tilesX, tilesY, splits, splitLen },
        [b.dy.buffer, dst, b.x.buffer],
        grid1d(gpu, tiles * splits, 1),
        splits > 1 ? `${name}.split` : name,
      );
      if (splits > 1)
        add('weight_sum', { WG }, { splits }, [dst, b.dWeight], grid1d(gpu, weights, WG), name);
    } else {
      const groups = grid1d(gpu, weights, 1);
      add(
        'weight_direct',
        { PAD_MODE: pad, WG },
        {},
        [b.dy.buffer, b.dWeight, b.x.buffer],
        groups,
        name,
      );
    }
  }

  if (b.dBias) {
    const groups = grid1d(gpu, info.outChannels, 1);
    add('bias', { WG }, {}, [b.dy.buffer, b.dBias], groups, `${label}.bias`);
  }
  return { dispatches, owned };
}

function checkTile(gpu: Gpu, label: string): void {
  const problem = gemmTileProblem(TILE, gpu.limits);
  if (problem) throw new RangeError(`${label}: gemm tile ${JSON.stringify(TILE)}: ${problem}`);
}
