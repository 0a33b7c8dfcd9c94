// Browser edge: a picture file (picked, dropped or pasted) to RGBA pixels, refusing what is not
// a readable image before decoding it. Order: size in bytes → type and header size from the first
// bytes → decode with EXIF orientation applied → decoded size → pixels, at most 2048 a side.

import { HEADER_BYTES, readImageHeader } from '../../core/imageHeader';
import {
  headerRefusal,
  keptSize,
  pixelRefusal,
  sizeRefusal,
  type DecodedImage,
} from '../../core/ownImage';

/** A picture refused, with the reason in words (shown in a notice naming the file). */
export class ImageRefusal extends Error {
  override readonly name = 'ImageRefusal';
}

/** The pixels of a decoded source at `width` × `height` (smoothed when shrinking). */
export function sourcePixels(
  source: CanvasImageSource,
  width: number,
  height: number,
  mirror = false,
): DecodedImage {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageRefusal('this browser cannot draw to an offscreen canvas');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  if (mirror) {
    ctx.translate(width, 0);
    ctx.scale(-1, 1);
  }
  ctx.drawImage(source, 0, 0, width, height);
  return { pixels: ctx.getImageData(0, 0, width, height).data, width, height };
}

export async function decodeImageFile(file: Blob, name: string): Promise<DecodedImage> {
  const tooBig = sizeRefusal(file.size);
  if (tooBig) throw new ImageRefusal(tooBig);
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  } catch {
    throw new ImageRefusal('the file could not be read (was it moved or deleted?)');
  }
  const refused = headerRefusal(readImageHeader(head), head, name);
  if (refused) throw new ImageRefusal(refused);
  let bitmap: ImageBitmap;
  try {
    // 'from-image' turns a phone photo upright by its EXIF orientation tag.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new ImageRefusal(
      'the picture could not be decoded; the file may be damaged or cut short. Open it in another program, save it again as PNG or JPEG, and try again',
    );
  }
  try {
    const tooMany = pixelRefusal(bitmap.width, bitmap.height);
    if (tooMany) throw new ImageRefusal(tooMany);
    const { width, height } = keptSize(bitmap.width, bitmap.height);
    return sourcePixels(bitmap, width, height);
  } finally {
    bitmap.close();
  }
}
