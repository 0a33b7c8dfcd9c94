// Tile shapes of the conv2d gemm kernel (shaders/conv2d.wgsl), chosen from the layer's
// WindowInfo and the device limits.

import type { WindowInfo } from '../../core/shape';

/** Limits the tile choice reads (a subset of GPUSupportedLimits, so tests can pass their own). */
export type TileLimits = Pick<
  GPUSupportedLimits,
  'maxComputeWorkgroupStorageSize' | 'maxComputeInvocationsPerWorkgroup'
>;

/**
 * gemm tile: wgM x wgN threads, each computing 8 output channels x 8 output positions, so a
 * workgroup covers 8·wgM channels x 8·wgN positions; tk is the reduction chunk held in
 * workgroup memory: 2·tk·(wgM + wgN) vec4f = 32·tk·(wgM + wgN) bytes.
 */
export interface GemmTile {
  readonly wgM: number;
  readonly wgN: number;
  readonly tk: number;
}

export const gemmTileBytes = (t: GemmTile): number => 32 * t.tk * (t.wgM + t.wgN);

/** Why a tile cannot run on this device or this shader, or null when it can. */
export function gemmTileProblem(t: GemmTile, limits: TileLimits): string | null {
  const threads = t.wgM * t.wgN;
  if (threads > limits.maxComputeInvocationsPerWorkgroup)
    return `${threads} threads exceed the device's ${limits.maxComputeInvocationsPerWorkgroup}`;
  if (gemmTileBytes(t) > limits.maxComputeWorkgroupStorageSize)
    return `${gemmTileBytes(t)} bytes of workgroup memory exceed the device's ${limits.maxComputeWorkgroupStorageSize}`;
  // The im2col loader gives each thread a run of whole rows of one column (see the shader).
  if (8 * t.wgN > threads || (t.tk * 8 * t.wgN) % threads !== 0)
    return `tile ${t.wgM}x${t.wgN} threads cannot gather a ${t.tk}-row chunk evenly`;
  return null;
}

/**
 * Candidates, best first. 8 x 8 threads (64 channels x 64 positions) with 16-deep chunks measured
 * best or within noise of the best on every benchmark layer (SwiftShader, see the report); the
 * half-width tile wastes less on maps of ≤ 32 positions.
 */
const GEMM_TILES: readonly GemmTile[] = [
  { wgM: 8, wgN: 8, tk: 16 },
  { wgM: 8, wgN: 4, tk: 16 },
];

/** Whether any gemm tile runs on a device with these limits. */
export const gemmTileFits = (limits: TileLimits): boolean =>
  GEMM_TILES.some((t) => gemmTileProblem(t, limits) === null);

/** The gemm tile for a layer: the half-width one for maps of ≤ 32 output positions. */
export function chooseGemmTile(info: WindowInfo, limits: TileLimits): GemmTile {
  const positions = info.batch * info.h.out * info.w.out;
  const fits = GEMM_TILES.filter((t) => gemmTileProblem(t, limits) === null);
  if (fits.length === 0) throw new RangeError('no conv2d gemm tile fits this device');
  return (positions <= 32 && fits.find((t) => t.wgN === 4)) || fits[0];
}
