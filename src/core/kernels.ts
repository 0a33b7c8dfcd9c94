// The classic hand-made 3x3 kernels, as data (row-major). Students apply them to a filter to
// see what a feature detector looks like before any training.

export interface ClassicKernel {
  readonly id: string;
  readonly title: string;
  readonly what: string;
  /** 3x3, row-major */
  readonly values: readonly number[];
}

const g = 1 / 16;
const b = 1 / 9;

export const CLASSIC_KERNELS: readonly ClassicKernel[] = [
  {
    id: 'identity',
    title: 'Identity',
    what: 'copies the input',
    values: [0, 0, 0, 0, 1, 0, 0, 0, 0],
  },
  // The three edge-detection kernels of the lecture notes (Wikipedia "Kernel (image processing)").
  {
    id: 'edge1',
    title: 'Edge detection 1',
    what: 'diagonal edges',
    values: [1, 0, -1, 0, 0, 0, -1, 0, 1],
  },
  {
    id: 'edge2',
    title: 'Edge detection 2',
    what: 'edges in four directions',
    values: [0, -1, 0, -1, 4, -1, 0, -1, 0],
  },
  {
    id: 'edge3',
    title: 'Edge detection 3',
    what: 'edges in all eight directions',
    values: [-1, -1, -1, -1, 8, -1, -1, -1, -1],
  },
  {
    id: 'sobelX',
    title: 'Sobel x',
    what: 'horizontal gradient: vertical edges',
    values: [-1, 0, 1, -2, 0, 2, -1, 0, 1],
  },
  {
    id: 'sobelY',
    title: 'Sobel y',
    what: 'vertical gradient: horizontal edges',
    values: [-1, -2, -1, 0, 0, 0, 1, 2, 1],
  },
  {
    id: 'laplacian',
    title: 'Laplacian',
    what: 'second derivative: blobs and edges',
    values: [0, 1, 0, 1, -4, 1, 0, 1, 0],
  },
  {
    id: 'sharpen',
    title: 'Sharpen',
    what: 'boosts the centre against its neighbours',
    values: [0, -1, 0, -1, 5, -1, 0, -1, 0],
  },
  {
    id: 'boxBlur',
    title: 'Box blur',
    what: 'mean of the 3×3 neighbourhood',
    values: [b, b, b, b, b, b, b, b, b],
  },
  {
    id: 'gaussianBlur',
    title: 'Gaussian blur',
    what: '1/16·[1 2 1; 2 4 2; 1 2 1]',
    values: [g, 2 * g, g, 2 * g, 4 * g, 2 * g, g, 2 * g, g],
  },
  {
    id: 'emboss',
    title: 'Emboss',
    what: 'relief lit from the top left',
    values: [-2, -1, 0, -1, 1, 1, 0, 1, 2],
  },
];

export const classicKernel = (id: string): ClassicKernel | undefined =>
  CLASSIC_KERNELS.find((k) => k.id === id);

/**
 * How a kh×kw kernel relates to itself turned 180° (what true convolution uses):
 * 'symmetric' (the same: flipping changes nothing), 'antisymmetric' (its negative: flipping
 * negates the sum), or 'neither'. An all-zero kernel counts as symmetric.
 */
export function flipSymmetry(
  k: ArrayLike<number>,
  kh: number,
  kw: number,
): 'symmetric' | 'antisymmetric' | 'neither' {
  let sym = true;
  let anti = true;
  const n = kh * kw;
  for (let i = 0; i < n; i++) {
    const a = k[i];
    const b = k[n - 1 - i];
    if (a !== b) sym = false;
    if (a !== -b) anti = false;
  }
  return sym ? 'symmetric' : anti ? 'antisymmetric' : 'neither';
}
