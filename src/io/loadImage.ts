// Browser edge: fetch a sample image, decode it, and resize it to the network's input size.

import { rgbaToTensor } from '../core/imageTensor';
import type { InputSpec } from '../core/layers';
import type { Tensor } from '../core/tensor';

export class ImageLoadError extends Error {
  override readonly name = 'ImageLoadError';
}

export async function loadImageTensor(url: string, spec: InputSpec): Promise<Tensor> {
  let bitmap: ImageBitmap;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new ImageLoadError(`HTTP ${response.status}`);
    bitmap = await createImageBitmap(await response.blob());
  } catch (e) {
    throw new ImageLoadError(
      `the image ${url} could not be loaded or decoded (${e instanceof Error ? e.message : e}); pick another sample`,
    );
  }
  const canvas = new OffscreenCanvas(spec.w, spec.h);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new ImageLoadError('this browser cannot draw to an offscreen canvas');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, spec.w, spec.h);
  bitmap.close();
  const { data } = ctx.getImageData(0, 0, spec.w, spec.h);
  return rgbaToTensor(data, spec.w, spec.h, spec.c, spec.n);
}
