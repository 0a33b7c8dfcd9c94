// Exponential moving average of a curve, as TensorBoard smooths (debiased, so the first points
// are not pulled towards 0): s_t = (a·m_{t−1} + (1−a)·x_t) / (1 − a^t). a = 0 leaves it as is.

export function smooth(values: readonly number[], a: number): number[] {
  if (!(a > 0)) return [...values];
  let m = 0;
  let weight = 0;
  return values.map((x) => {
    m = a * m + (1 - a) * x;
    weight = a * weight + (1 - a);
    return m / weight;
  });
}
