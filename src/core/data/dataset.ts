// A labelled image dataset as the trainer reads it: a size, an image shape, class names, and a
// function that writes one example's pixels where asked. Sources (the procedural shapes, MNIST
// bytes, the student's own photos) all look like this, so the trainer knows none of them.

export interface Dataset {
  readonly name: string;
  /** [C, H, W] of every example. */
  readonly shape: readonly [number, number, number];
  readonly classes: readonly string[];
  /** Number of examples. */
  readonly size: number;
  /** Writes example `i` (0 ≤ i < size) as C×H×W values into `out` at `offset`; returns its label. */
  example(i: number, out: Float32Array, offset: number): number;
  /** Example `i`'s label alone, where it is known without drawing the pixels (the same value). */
  label?(i: number): number;
}

/** Examples `from` … `to − 1` of a dataset as a dataset of their own (a held-out split). */
export function slice(d: Dataset, from: number, to: number, name = d.name): Dataset {
  const lo = Math.max(0, Math.min(from, d.size));
  const hi = Math.max(lo, Math.min(to, d.size));
  const label = d.label?.bind(d);
  return {
    ...d,
    name,
    size: hi - lo,
    example: (i, out, off) => d.example(lo + i, out, off),
    label: label && ((i) => label(lo + i)),
  };
}

/** A batch of examples by index: images [n, C, H, W] and integer labels. */
export function gatherBatch(
  d: Dataset,
  indices: ArrayLike<number>,
  images = new Float32Array(indices.length * d.shape[0] * d.shape[1] * d.shape[2]),
  labels = new Int32Array(indices.length),
): { images: Float32Array; labels: Int32Array } {
  const per = d.shape[0] * d.shape[1] * d.shape[2];
  for (let k = 0; k < indices.length; k++) labels[k] = d.example(indices[k], images, k * per);
  return { images, labels };
}
