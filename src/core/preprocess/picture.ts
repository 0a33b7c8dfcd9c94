// The two kinds of picture the preprocessing passes along. Pure data: no canvas, no DOM.
//   RgbaImage: what a browser decodes (canvas ImageData), 8-bit RGBA, row-major, 4 bytes a pixel.
//   Picture:   float values, channel-planar (C × H × W, like a tensor), usually in [0, 1].

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, row-major RGBA, not premultiplied. */
  readonly data: Uint8ClampedArray;
}

export interface Picture {
  readonly width: number;
  readonly height: number;
  /** 1 (gray) or 3 (RGB) for pictures shown; the network's channel count for the last one. */
  readonly channels: number;
  /** channels × height × width f32, planar. */
  readonly data: Float32Array;
}

export const picture = (width: number, height: number, channels: number): Picture => ({
  width,
  height,
  channels,
  data: new Float32Array(channels * width * height),
});

/** A clear RangeError for a picture whose array does not match its size. */
export function checkRgba(img: RgbaImage): void {
  const ok = Number.isInteger(img.width) && Number.isInteger(img.height);
  if (!ok || img.width < 1 || img.height < 1)
    throw new RangeError(`an image must be at least 1×1 pixels (got ${img.width}×${img.height})`);
  if (img.data.length !== img.width * img.height * 4)
    throw new RangeError(
      `expected ${img.width * img.height * 4} RGBA bytes for ${img.width}×${img.height}, got ${img.data.length}`,
    );
}

/**
 * RGBA bytes to an RGB picture in [0, 1]. Transparent pixels are composited over white, as a page
 * shows them: a dark digit on a transparent background stays a dark digit on paper.
 */
export function rgbaToPicture(img: RgbaImage): Picture {
  checkRgba(img);
  const plane = img.width * img.height;
  const out = picture(img.width, img.height, 3);
  const d = img.data;
  for (let i = 0; i < plane; i++) {
    const a = d[i * 4 + 3] / 255;
    for (let k = 0; k < 3; k++) out.data[k * plane + i] = (d[i * 4 + k] / 255) * a + (1 - a);
  }
  return out;
}
