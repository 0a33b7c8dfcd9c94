// GPU program that renders one channel plane of a feature map into an rgba8unorm texture through
// a 256-entry colour table (shaders/colormap.wgsl), plus its CPU twin: the same lookup as a pure
// function, step by step in f32 so both agree to the byte.

import type { Gpu } from '../gpu';
import colormapWGSL from '../../../shaders/colormap.wgsl?raw';
import { withCommon } from '../shaders';
import { uniformLayout } from '../uniforms';
import { numel, uniformBuffer, type GpuTensor, type Recorded } from './program';

const SHADER = withCommon(colormapWGSL);
/** Must match @workgroup_size(8, 8) in colormap.wgsl: 8 × 8 pixels per workgroup. */
const TILE = 8;
/** Colour table entries; the index spans 0..255. */
export const LUT_SIZE = 256;
const PARAMS = uniformLayout([
  ['offset', 'u32'],
  ['h', 'u32'],
  ['w', 'u32'],
  ['lo', 'f32'],
  ['scale', 'f32'],
] as const);

/** One table entry: red in the low byte, so the u32's little-endian bytes are R, G, B, A. */
export const packRgba = (r: number, g: number, b: number, a = 255): number =>
  ((r & 255) | ((g & 255) << 8) | ((b & 255) << 16) | ((a & 255) << 24)) >>> 0;

/** The f32 factor the shader multiplies by: 255 / (hi − lo), or 0 when hi = lo. */
export const colormapScale = (lo: number, hi: number): number =>
  Math.fround(hi === lo ? 0 : 255 / (hi - lo));

/** WGSL round(): to the nearest integer, ties to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : r;
}

/**
 * The table entry of value v: clamp(round((v − lo) · scale), 0, 255), each step rounded to f32
 * as on the GPU; -1 for NaN (drawn transparent). scale from colormapScale().
 */
export function colormapIndex(v: number, lo: number, scale: number): number {
  if (Number.isNaN(v)) return -1;
  const s = Math.fround(Math.fround(Math.fround(v) - Math.fround(lo)) * scale);
  if (Number.isNaN(s)) return 0;
  return Math.min(255, Math.max(0, roundHalfEven(s)));
}

/** CPU twin of the shader: RGBA bytes (h × w × 4, rows top to bottom) of the plane at `offset`. */
export function colormapRgba(
  values: ArrayLike<number>,
  offset: number,
  h: number,
  w: number,
  lut: Uint32Array,
  lo: number,
  hi: number,
): Uint8Array {
  const scale = colormapScale(lo, hi);
  const rgba = new Uint8Array(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    const k = colormapIndex(values[offset + i], lo, scale);
    const e = k < 0 ? 0 : lut[k];
    for (let c = 0; c < 4; c++) rgba[i * 4 + c] = (e >>> (8 * c)) & 255;
  }
  return rgba;
}

/**
 * Draws the h × w plane starting at element `channelOffset` of x (e.g. ((n·C + c)·H·W) for
 * sample n, channel c) into the top-left h × w pixels of `target` (rgba8unorm, STORAGE_BINDING).
 * lut: 256 packed RGBA u32 (see packRgba); values lo..hi span the table (hi < lo reverses it).
 */
export function colormapProgram(
  gpu: Gpu,
  x: GpuTensor,
  channelOffset: number,
  h: number,
  w: number,
  lut: GPUBuffer,
  lo: number,
  hi: number,
  target: GPUTexture,
  label = 'colormap',
): Recorded {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`${label}: the value range must be finite, got ${lo}..${hi}`);
  }
  if (channelOffset < 0 || channelOffset + h * w > numel(x.shape)) {
    throw new RangeError(
      `${label}: a ${h}×${w} plane at ${channelOffset} lies outside [${x.shape.join(', ')}]`,
    );
  }
  if (target.format !== 'rgba8unorm' || target.width < w || target.height < h) {
    throw new RangeError(
      `${label}: needs an rgba8unorm texture of at least ${w}×${h}, got ${target.format} ${target.width}×${target.height}`,
    );
  }
  if (lut.size < LUT_SIZE * 4) {
    throw new RangeError(`${label}: the colour table needs ${LUT_SIZE} entries (1 KiB)`);
  }
  const pipeline = gpu.pipelines.pipeline(`colormap:tile=${TILE}`, 'colormap', SHADER);
  const params = uniformBuffer(
    gpu,
    PARAMS,
    { offset: channelOffset, h, w, lo, scale: colormapScale(lo, hi) },
    `${label}.params`,
  );
  const bindGroup = gpu.device.createBindGroup({
    label: `${label}.bind`,
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: x.buffer } },
      { binding: 1, resource: { buffer: lut } },
      { binding: 2, resource: { buffer: params } },
      { binding: 3, resource: target.createView({ label: `${label}.view` }) },
    ],
  });
  return {
    dispatches: [
      {
        label,
        pipeline,
        bindGroup,
        workgroups: [Math.ceil(w / TILE), Math.ceil(h / TILE), 1],
      },
    ],
    owned: [params],
  };
}
