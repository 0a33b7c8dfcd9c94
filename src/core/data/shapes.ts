// A procedural dataset of simple shapes, for training tests and first lessons: each example is a
// shape of one of four classes (circle, square, triangle, cross) drawn at a random position,
// size and rotation, with a random stroke or fill, on a dark background with a little noise.
// Example i of a seed is always the same picture (drawn from a generator seeded by (seed, i)),
// so a training run is reproducible and the set needs no storage: 60,000 examples cost nothing.
// Pixels are anti-aliased by coverage (4×4 samples per pixel), values in [0, 1].

import { createRng, type Rng } from '../rng';
import type { Dataset } from './dataset';

export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross'] as const;
export type ShapeClass = (typeof SHAPE_CLASSES)[number];

export interface ShapesOptions {
  /** Side of the square image in pixels (28 for MNIST-like, 32 for LeNet-5). */
  readonly size: number;
  /** Examples in the set. */
  readonly count: number;
  readonly seed: number;
  /** Channels: 1 (gray) or 3 (the shape in a random colour). */
  readonly channels?: 1 | 3;
  /**
   * 'filled' shapes only (the easier task: the class is the outline's form alone), 'outline'
   * only, or 'mixed' (default): half of each.
   */
  readonly style?: 'mixed' | 'filled' | 'outline';
  /** Turn each shape by a random angle (default true); false keeps them upright. */
  readonly rotate?: boolean;
}

const SUB = 4; // samples per pixel along each axis

/** Signed inside test of one shape in its own frame (unit size, centred at 0). */
type Inside = (u: number, v: number) => boolean;

function shapeTest(kind: ShapeClass, filled: boolean, stroke: number): Inside {
  const ring = (d: number) => (filled ? d <= 1 : d <= 1 && d >= 1 - stroke);
  switch (kind) {
    case 'circle':
      return (u, v) => ring(Math.hypot(u, v));
    case 'square':
      return (u, v) => ring(Math.max(Math.abs(u), Math.abs(v)));
    case 'triangle':
      // An equilateral triangle: the largest of three edge distances, scaled so the
      // inscribed circle has radius 0.6 of the size (a fuller triangle than the circumscribed one).
      return (u, v) => {
        let d = -Infinity;
        for (let k = 0; k < 3; k++) {
          const a = (Math.PI / 2) * 3 + (k * 2 * Math.PI) / 3 + Math.PI;
          d = Math.max(d, (u * Math.cos(a) + v * Math.sin(a)) / 0.6);
        }
        return ring(d);
      };
    case 'cross': {
      const arm = filled ? 0.3 : Math.max(0.18, stroke * 0.9);
      return (u, v) =>
        (Math.abs(u) <= arm && Math.abs(v) <= 1) || (Math.abs(v) <= arm && Math.abs(u) <= 1);
    }
  }
}

/** Draws example i: fills `out` at `offset` with C×size×size values, returns the class index. */
export function drawShape(
  opts: ShapesOptions,
  i: number,
  out: Float32Array,
  offset: number,
): number {
  const rng: Rng = createRng((opts.seed * 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
  const label = Math.floor(rng.next() * SHAPE_CLASSES.length) % SHAPE_CLASSES.length;
  const n = opts.size;
  const c = opts.channels ?? 1;
  const radius = n * (0.2 + 0.18 * rng.next());
  const margin = radius * 1.05;
  const cx = margin + rng.next() * (n - 2 * margin);
  const cy = margin + rng.next() * (n - 2 * margin);
  const turn = rng.next();
  const angle = opts.rotate === false ? 0 : turn * 2 * Math.PI;
  const coin = rng.next() < 0.5;
  const filled = opts.style === 'filled' ? true : opts.style === 'outline' ? false : coin;
  const stroke = Math.min(0.6, Math.max(1.6 / radius, 0.2 + 0.15 * rng.next()));
  const inside = shapeTest(SHAPE_CLASSES[label], filled, stroke);
  const ink = 0.7 + 0.3 * rng.next();
  const paper = 0.1 * rng.next();
  const colour = c === 3 ? [rng.next(), rng.next(), rng.next()].map((x) => 0.35 + 0.65 * x) : [1];
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const plane = n * n;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let hits = 0;
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const px = (x + (sx + 0.5) / SUB - cx) / radius;
          const py = (y + (sy + 0.5) / SUB - cy) / radius;
          if (inside(px * cos + py * sin, -px * sin + py * cos)) hits++;
        }
      }
      const coverage = hits / (SUB * SUB);
      const noise = (rng.next() - 0.5) * 0.08;
      for (let ch = 0; ch < c; ch++) {
        const v = paper + coverage * (ink * colour[ch] - paper) + noise;
        out[offset + ch * plane + y * n + x] = Math.min(1, Math.max(0, v));
      }
    }
  }
  return label;
}

/** The shapes set as a Dataset. */
export function shapesDataset(opts: ShapesOptions): Dataset {
  const c = opts.channels ?? 1;
  return {
    name: `shapes ${opts.size}×${opts.size}`,
    shape: [c, opts.size, opts.size],
    classes: SHAPE_CLASSES,
    size: opts.count,
    example: (i, out, offset) => drawShape(opts, i, out, offset),
  };
}
