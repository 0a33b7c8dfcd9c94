// colormap on the GPU against its CPU twin (colormapRgba): render a plane into a texture, copy
// it to a buffer (rows padded to 256 bytes) and compare byte for byte.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { randomTensor } from '../../cpu/testHelpers';
import { tensor, type Tensor } from '../../core/tensor';
import { READBACK, STORAGE, type Gpu } from '../gpu';
import { requireGpu, upload } from '../testing/nodeGpu';
import {
  colormapIndex,
  colormapProgram,
  colormapRgba,
  colormapScale,
  LUT_SIZE,
  packRgba,
} from './colormap';
import { encode, releaseRecorded } from './program';

const TEXTURE_USAGE = 0x08 | 0x01; // STORAGE_BINDING | COPY_SRC

function randomLut(seed: number): Uint32Array {
  const rng = createRng(seed);
  return Uint32Array.from({ length: LUT_SIZE }, () => Math.floor(rng.next() * 2 ** 32) >>> 0);
}

/** Renders the plane and returns its h × w × 4 bytes, rows unpadded. */
async function gpuColormap(
  gpu: Gpu,
  x: Tensor,
  offset: number,
  h: number,
  w: number,
  lut: Uint32Array,
  lo: number,
  hi: number,
): Promise<Uint8Array> {
  const xs = upload(gpu, x);
  const table = gpu.buffers.acquire(lut.byteLength, STORAGE, 'test.lut');
  gpu.device.queue.writeBuffer(table, 0, lut);
  const texture = gpu.device.createTexture({
    label: 'test.colormap.texture',
    size: [w, h],
    format: 'rgba8unorm',
    usage: TEXTURE_USAGE,
  });
  // copyTextureToBuffer needs bytesPerRow to be a multiple of 256.
  const bytesPerRow = Math.ceil((w * 4) / 256) * 256;
  const staging = gpu.buffers.acquire(bytesPerRow * h, READBACK, 'test.colormap.readback');
  const rec = colormapProgram(gpu, xs, offset, h, w, table, lo, hi, texture);
  try {
    const enc = gpu.device.createCommandEncoder({ label: 'test.colormap' });
    const pass = enc.beginComputePass({ label: 'test.colormap.pass' });
    encode(pass, rec.dispatches);
    pass.end();
    enc.copyTextureToBuffer({ texture }, { buffer: staging, bytesPerRow, rowsPerImage: h }, [w, h]);
    gpu.device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ, 0, bytesPerRow * h);
    const padded = new Uint8Array(staging.getMappedRange(0, bytesPerRow * h));
    const rgba = new Uint8Array(h * w * 4);
    for (let y = 0; y < h; y++) {
      rgba.set(padded.subarray(y * bytesPerRow, y * bytesPerRow + w * 4), y * w * 4);
    }
    staging.unmap();
    return rgba;
  } finally {
    releaseRecorded(gpu, rec);
    for (const b of [xs.buffer, table, staging]) gpu.buffers.release(b);
    texture.destroy();
  }
}

describe('colormap CPU twin', () => {
  it('lo → 0, hi → 255, midpoint ties to even, out of range clamps, NaN → -1', () => {
    const s = colormapScale(-1, 1);
    expect([-1, 1, 0, -5, 5, Infinity, -Infinity].map((v) => colormapIndex(v, -1, s))).toEqual([
      0, 255, 128, 0, 255, 255, 0,
    ]);
    expect(colormapIndex(NaN, -1, s)).toBe(-1);
    // 127.5 → 128 (even), 126.5 → 126 (even): with lo = 0, hi = 255 the scale is exactly 1.
    expect([127.5, 126.5].map((v) => colormapIndex(v, 0, colormapScale(0, 255)))).toEqual([
      128, 126,
    ]);
    expect(colormapIndex(3, 2, colormapScale(2, 2))).toBe(0);
    expect(packRgba(1, 2, 3, 4)).toBe(0x04030201);
  });
});

describe('colormap on the GPU', () => {
  it('x=[1,2,2,3] channel 1: ramp through a grey table, NaN transparent', async () => {
    const lut = Uint32Array.from({ length: LUT_SIZE }, (_, i) => packRgba(i, 255 - i, i >> 1));
    const x = tensor([1, 2, 2, 3], [9, 9, 9, 9, 9, 9, 0, 0.5, 1, NaN, -3, 127.5]);
    const got = await gpuColormap(await requireGpu(), x, 6, 2, 3, lut, 0, 1);
    const px = (i: number) => Array.from(got.subarray(i * 4, i * 4 + 4));
    expect(px(0)).toEqual([0, 255, 0, 255]);
    expect(px(1)).toEqual([128, 127, 64, 255]); // 127.5 ties to 128
    expect(px(2)).toEqual([255, 0, 127, 255]);
    expect(px(3)).toEqual([0, 0, 0, 0]);
    expect(px(4)).toEqual([0, 255, 0, 255]);
    expect(px(5)).toEqual([255, 0, 127, 255]);
    expect(Array.from(got)).toEqual(Array.from(colormapRgba(x.data, 6, 2, 3, lut, 0, 1)));
  });

  it('x=[1,1,70,70] (9 × 9 tiles, rows of 280 bytes padded to 512) with ±inf', async () => {
    const x = randomTensor([1, 1, 70, 70], 3);
    x.data[5] = Infinity;
    x.data[77] = -Infinity;
    const lut = randomLut(4);
    const got = await gpuColormap(await requireGpu(), x, 0, 70, 70, lut, -1.5, 2);
    expect(Array.from(got)).toEqual(Array.from(colormapRgba(x.data, 0, 70, 70, lut, -1.5, 2)));
  });

  it('300 random planes, ranges (reversed and empty too) and tables match the twin', async () => {
    const gpu = await requireGpu();
    const configs = fc.record({
      N: fc.integer({ min: 1, max: 2 }),
      C: fc.integer({ min: 1, max: 6 }),
      H: fc.integer({ min: 1, max: 12 }),
      W: fc.integer({ min: 1, max: 12 }),
      pick: fc.nat(),
      lo: fc.double({ min: -4, max: 4, noNaN: true }),
      span: fc.oneof(fc.double({ min: -8, max: 8, noNaN: true }), fc.constant(0)),
      nanAt: fc.option(fc.nat(), { freq: 5 }),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(configs, async (c) => {
        const x = randomTensor([c.N, c.C, c.H, c.W], c.seed, 2);
        if (c.nanAt !== null) x.data[c.nanAt % x.data.length] = NaN;
        const offset = (c.pick % (c.N * c.C)) * c.H * c.W;
        const lut = randomLut(c.seed + 1);
        const hi = c.lo + c.span;
        const got = await gpuColormap(gpu, x, offset, c.H, c.W, lut, c.lo, hi);
        expect(Array.from(got)).toEqual(
          Array.from(colormapRgba(x.data, offset, c.H, c.W, lut, c.lo, hi)),
        );
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(0);
  });
});
