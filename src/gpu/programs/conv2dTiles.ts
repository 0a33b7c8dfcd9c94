// Tile shapes of the conv2d kernels (shaders/conv2d.wgsl), chosen from the layer's WindowInfo and
// the device limits: the gemm register-blocked tile and the depthwise input-patch tile.

import type { WindowInfo } from '../../core/shape';

/** Limits the tile choice reads (a subset of GPUSupportedLimits, so tests can pass their own). */
export type TileLimits = Pick<
  GPUSupportedLimits,
  'maxComputeWorkgroupStorageSize' | 'maxComputeInvocationsPerWorkgroup'
>;

/**
 * gemm tile: wgM x wgN threads, each computing 4 output channels x 4 output positions, so a
 * workgroup covers 4·wgM channels x 4·wgN positions; tk is the reduction chunk held in
 * workgroup memory: tk·(wgM + wgN) vec4f = 16·tk·(wgM + wgN) bytes.
 */
export interface GemmTile {
  readonly wgM: number;
  readonly wgN: number;
  readonly tk: number;
}

export const gemmTileBytes = (t: GemmTile): number => 16 * t.tk * (t.wgM + t.wgN);

/** Why a tile cannot run on this device or this shader, or null when it can. */
export function gemmTileProblem(t: GemmTile, limits: TileLimits): string | null {
  const threads = t.wgM * t.wgN;
  if (threads > limits.maxComputeInvocationsPerWorkgroup)
    return `${threads} threads exceed the device's ${limits.maxComputeInvocationsPerWorkgroup}`;
  if (gemmTileBytes(t) > limits.maxComputeWorkgroupStorageSize)
    return `${gemmTileBytes(t)} bytes of workgroup memory exceed the device's ${limits.maxComputeWorkgroupStorageSize}`;
  // The im2col loader gives each thread a run of whole rows of one column (see the shader).
  if (4 * t.wgN > threads || (t.tk * 4 * t.wgN) % threads !== 0)
    return `tile ${t.wgM}x${t.wgN} threads cannot gather a ${t.tk}-row chunk evenly`;
  return null;
}

/** Candidates, best first for large layers; smaller ones keep narrow layers from idling. */
const GEMM_TILES: readonly GemmTile[] = [
  { wgM: 16, wgN: 16, tk: 16 },
  { wgM: 8, wgN: 16, tk: 16 },
  { wgM: 4, wgN: 16, tk: 16 },
  { wgM: 8, wgN: 8, tk: 16 },
];

/**
 * The gemm tile for a layer: the largest whose channel tile does not exceed the channels per
 * group by much (a 64-channel tile on an 8-channel group computes 7/8 zeros).
 */
export function chooseGemmTile(info: WindowInfo, limits: TileLimits): GemmTile {
  const perGroup = info.outChannels / info.groups;
  const fits = GEMM_TILES.filter((t) => gemmTileProblem(t, limits) === null);
  if (fits.length === 0) throw new RangeError('no conv2d gemm tile fits this device');
  return fits.find((t) => 4 * t.wgM <= Math.max(16, perGroup)) ?? fits[fits.length - 1];
}

/** depthwise tile: threadsX x threadsY threads, each 4 outputs along x of one output row. */
export interface DepthwiseTile {
  readonly threadsX: number;
  readonly threadsY: number;
  readonly patchH: number;
  readonly patchW: number;
  readonly tilesX: number;
  readonly tilesY: number;
}

export const DEPTHWISE_THREADS = 256;

/** Patch capacity in f32 values: half the workgroup memory, at most 16 KiB. */
export const depthwiseCapacity = (limits: TileLimits): number =>
  Math.min(4096, Math.floor(limits.maxComputeWorkgroupStorageSize / 8));

/**
 * The depthwise tile with the least estimated work (taps over every launched thread plus the
 * patch loads), among those whose input patch fits; null when even one thread's patch does not
 * (a kernel dilated wider than the cache): the direct kernel handles that layer.
 */
export function chooseDepthwiseTile(info: WindowInfo, limits: TileLimits): DepthwiseTile | null {
  const { h, w } = info;
  const cap = depthwiseCapacity(limits);
  let best: DepthwiseTile | null = null;
  let bestCost = Infinity;
  for (let tx = 1; tx <= DEPTHWISE_THREADS; tx *= 2) {
    for (let ty = 1; tx * ty <= DEPTHWISE_THREADS; ty *= 2) {
      const patchH = (ty - 1) * h.stride + (h.kernel - 1) * h.dilation + 1;
      const patchW = (4 * tx - 1) * w.stride + (w.kernel - 1) * w.dilation + 1;
      if (patchH * patchW > cap) continue;
      const tilesX = Math.ceil(w.out / (4 * tx));
      const tilesY = Math.ceil(h.out / ty);
      // Per workgroup: every thread's 4·K_h·K_w multiply-adds (idle ones too: they hold the
      // place of real work) + 2 per patch value loaded + a fixed launch and barrier cost.
      const perTile = DEPTHWISE_THREADS * 4 * h.kernel * w.kernel + 2 * patchH * patchW + 2048;
      const cost = tilesX * tilesY * perTile;
      if (cost < bestCost) {
        bestCost = cost;
        best = { threadsX: tx, threadsY: ty, patchH, patchW, tilesX, tilesY };
      }
    }
  }
  return best;
}
