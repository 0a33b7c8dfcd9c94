// The rules for your own image, before and after decoding: what is refused (and why, in words a
// student can act on) and how large a decoded image is kept. The limits are in limits.ts.

import { describeNonImage, type ImageHeader } from './imageHeader';
import { LIMITS } from './limits';

export type OwnSource = 'file' | 'drop' | 'paste' | 'camera' | 'drawing';
export const OWN_SOURCES: readonly OwnSource[] = ['file', 'drop', 'paste', 'camera', 'drawing'];

/** The student's own picture as decoded, kept on this device only (never in a link or file). */
export interface OwnImage {
  /** width × height × 4 bytes, row-major RGBA. */
  readonly pixels: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly source: OwnSource;
  /** The file name, or 'drawing', 'camera', 'pasted image'. */
  readonly name: string;
}

/** What a decoder hands back: the RGBA pixels of a width × height picture. */
export type DecodedImage = Pick<OwnImage, 'pixels' | 'width' | 'height'>;

/** Why an OwnImage cannot be kept (wrong sizes, too many pixels), or null. */
export function ownImageRefusal(img: OwnImage): string | null {
  if (!OWN_SOURCES.includes(img.source)) return `unknown image source '${String(img.source)}'`;
  if (typeof img.name !== 'string') return 'the image needs a name';
  const { width: w, height: h } = img;
  if (!Number.isInteger(w) || !Number.isInteger(h))
    return `the image size ${w}×${h} is not whole pixels`;
  const refused = pixelRefusal(w, h);
  if (refused) return refused;
  if (Math.max(w, h) > LIMITS.ownImageSide)
    return `the image is ${w}×${h}; at most ${LIMITS.ownImageSide} pixels a side are kept`;
  if (!(img.pixels instanceof Uint8ClampedArray) || img.pixels.length !== w * h * 4)
    return `a ${w}×${h} image needs ${w * h * 4} RGBA bytes`;
  return null;
}

const MB = 2 ** 20;
const mb = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
const mp = (pixels: number) => `${(pixels / 1e6).toFixed(1)} megapixels`;

/** Why a file of `bytes` bytes cannot be read, or null (checked before reading it). */
export function sizeRefusal(bytes: number): string | null {
  if (bytes === 0) return 'the file is empty (0 bytes)';
  if (bytes > LIMITS.ownImageBytes)
    return `the file is ${mb(bytes)}; images up to ${mb(LIMITS.ownImageBytes)} are read. Save a smaller copy (or a JPEG) and try again`;
  return null;
}

/** Why an image of width × height pixels cannot be decoded, or null. */
export function pixelRefusal(width: number, height: number): string | null {
  if (!(width >= 1 && height >= 1)) return `the image has no pixels (${width}×${height})`;
  if (width * height > LIMITS.ownImagePixels)
    return `the image is ${width}×${height} (${mp(width * height)}); images up to ${mp(LIMITS.ownImagePixels)} are read. Save a smaller copy and try again`;
  return null;
}

/** Why a file with these leading bytes cannot be used, or null (type, then header size). */
export function headerRefusal(
  header: ImageHeader | null,
  head: Uint8Array,
  name: string,
): string | null {
  if (!header)
    return `it is ${describeNonImage(head, name)}. Choose a PNG, JPEG, GIF, WebP or BMP picture`;
  if (header.width !== null && header.height !== null)
    return pixelRefusal(header.width, header.height);
  return null;
}

/** The size a decoded w×h image is kept at: at most LIMITS.ownImageSide on its longer side. */
export function keptSize(width: number, height: number): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= LIMITS.ownImageSide) return { width, height };
  const k = LIMITS.ownImageSide / long;
  return {
    width: Math.max(1, Math.round(width * k)),
    height: Math.max(1, Math.round(height * k)),
  };
}

/** The sentence shown when a file is refused: names the file, says why and what to do. */
export const refusalNotice = (name: string, why: string): string =>
  `Could not use “${name}”: ${why}. Your input is unchanged.`;
