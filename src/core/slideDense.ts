// Flatten and dense, for the step views: where value i of a flattened C×H×W tensor comes from
// (row-major: channel, then row, then column, as PyTorch's flatten), and one output neuron's dot
// product over every input feature.

export interface Unflattened {
  readonly c: number;
  readonly y: number;
  readonly x: number;
}

/** i = c·H·W + y·W + x → (c, y, x) */
export function unflattenIndex(i: number, h: number, w: number): Unflattened {
  const plane = h * w;
  return { c: Math.floor(i / plane), y: Math.floor((i % plane) / w), x: i % w };
}

export interface DenseStep {
  readonly neuron: number;
  readonly products: readonly number[];
  readonly sum: number;
  readonly bias: number;
  readonly output: number;
}

/** Neuron j of a linear layer on sample 0: Σ_i x_i · W[j, i] + b_j (W is [out, in]). */
export function denseStep(
  x: ArrayLike<number>,
  weight: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  inFeatures: number,
  neuron: number,
): DenseStep {
  const products: number[] = [];
  let sum = 0;
  for (let i = 0; i < inFeatures; i++) {
    const p = x[i] * weight[neuron * inFeatures + i];
    products.push(p);
    sum += p;
  }
  const b = bias ? bias[neuron] : 0;
  return { neuron, products, sum, bias: b, output: sum + b };
}
