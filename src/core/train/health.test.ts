// The health check's numbers against hand-worked values and a float64 computation written out
// here independently (Math.hypot, sorting into bins by comparing with the edges), and its
// verdicts on reports built to be healthy, vanishing, exploding, frozen and dead.
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { deadUnits, networkHealth, type HealthInput } from './health';
import { diffNorm, magnitudeHistogram, summarize, valueHistogram } from './healthStats';
import { percent, smaller, times } from './healthWords';

describe('one tensor', () => {
  it('summary of [3, −4, NaN, 0]: mean −1/3, std √(222/27), ‖x‖ 5, rms 5/√3', () => {
    const s = summarize([3, -4, NaN, 0]);
    expect(s.count).toBe(3);
    expect(s.nonFinite).toBe(1);
    expect(s.mean).toBeCloseTo(-1 / 3, 14);
    expect(s.std).toBeCloseTo(Math.sqrt(222 / 27), 14);
    expect(s.maxAbs).toBe(4);
    expect(s.norm).toBeCloseTo(5, 14);
    expect(s.rms).toBeCloseTo(5 / Math.sqrt(3), 14);
  });

  it('summary of 10,000 float32 values equals a float64 computation done another way', () => {
    const rng = createRng(7);
    const x = Float32Array.from({ length: 10_000 }, () => 3 + rng.normal() * 1e-3);
    const xs = Array.from(x);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.map((v) => (v - mean) ** 2).reduce((a, b) => a + b, 0) / xs.length);
    const s = summarize(x);
    expect(s.mean).toBeCloseTo(mean, 12);
    // |mean| ≫ std: E[x²] − mean² would lose every digit here.
    expect(s.std / std).toBeCloseTo(1, 9);
    expect(s.norm / Math.hypot(...xs.slice(0, 5000), Math.hypot(...xs.slice(5000)))).toBeCloseTo(
      1,
      12,
    );
    expect(s.maxAbs).toBe(Math.max(...xs.map(Math.abs)));
  });

  it('value histogram of [−2, −1, 0, 1, 2] in 4 bins over [−2, 2]: [1, 1, 1, 2]', () => {
    const h = valueHistogram([-2, -1, 0, 1, 2], 4);
    expect([h.lo, h.hi]).toEqual([-2, 2]);
    expect(h.counts).toEqual([1, 1, 1, 2]);
  });

  it('value histogram of random values: each in the bin whose edges hold it', () => {
    const rng = createRng(3);
    const x = Array.from({ length: 5000 }, () => rng.normal() * 0.05 + 0.01);
    const h = valueHistogram(x, 24);
    const m = Math.max(...x.map(Math.abs));
    const edges = Array.from({ length: 25 }, (_, i) => -m + (2 * m * i) / 24);
    const want = new Array(24).fill(0);
    for (const v of x) {
      let k = 0;
      while (k < 23 && v >= edges[k + 1]) k++;
      want[k]++;
    }
    expect(h.counts).toEqual(want);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('magnitude histogram: log10|g| at two bins a decade, zeros and ∞ apart, ends clamped', () => {
    const h = magnitudeHistogram([0, 2e-3, -2e-3, 5e-3, 1e5, 1e-20, Infinity, 0]);
    expect([h.lo, h.hi, h.counts.length]).toEqual([-12, 2, 28]);
    expect(h.zeros).toBe(2);
    expect(h.nonFinite).toBe(1);
    // log10(2e-3) = −2.70: (−2.70 + 12) · 2 = 18.6 → bin 18; log10(5e-3) = −2.30 → 19.4 → 19.
    const want = new Array(28).fill(0);
    want[18] = 2;
    want[19] = 1;
    want[27] = 1; // 1e5, above 1e2
    want[0] = 1; // 1e-20, below 1e-12
    expect(h.counts).toEqual(want);
  });

  it('‖a − b‖ in float64', () => {
    expect(diffNorm([3.5, 4, 1], [0.5, 0, 1])).toBe(5);
    expect(() => diffNorm([1], [1, 2])).toThrow(/lengths differ/);
  });
});

describe('words', () => {
  it('times and percent: two significant digits', () => {
    expect(times(12_345)).toBe('12,000');
    expect(times(9.6)).toBe('9.6');
    expect(smaller(9_999)).toBe('10,000× smaller');
    expect(smaller(1.7e22)).toBe('22 orders of magnitude smaller');
    expect(percent(0.3)).toBe('30%');
    expect(percent(0.0031)).toBe('0.31%');
  });
});

const f = (xs: number[]) => Float32Array.from(xs);

/** A layer whose weights w (norm ‖w‖) moved by ratio · ‖w‖ along w, with gradients of size g. */
function layer(n: number, ratio: number, g: number, seed: number) {
  const rng = createRng(seed);
  const before = Float32Array.from({ length: n }, () => rng.normal() * 0.1);
  const after = before.map((v) => v * (1 + ratio));
  const grad = Float32Array.from({ length: n }, () => rng.normal() * g);
  return { before: { weight: before }, after: { weight: after }, grad: { weight: grad } };
}

function input(
  specs: Record<string, { n: number; ratio: number; g: number } | 'frozen'>,
): HealthInput {
  const before: HealthInput['before'] = {};
  const after: Record<string, { weight: Float32Array }> = {};
  const gradients: Record<string, { weight: Float32Array }> = {};
  const b = before as Record<string, { weight: Float32Array }>;
  Object.entries(specs).forEach(([id, s], i) => {
    const l = s === 'frozen' ? layer(50, 0, 1, i) : layer(s.n, s.ratio, s.g, i);
    b[id] = l.before;
    after[id] = l.after;
    if (s !== 'frozen') gradients[id] = l.grad;
  });
  return {
    step: 7,
    layers: Object.keys(specs).map((id) => ({ id, name: id.toUpperCase() })),
    before,
    after,
    gradients,
  };
}

describe('a network’s health', () => {
  it('ratio ‖Δw‖/‖w‖ exact: w = [3, 4] → [3.003, 4.004] is 1e-3, healthy; bias 0 → no ratio', () => {
    const r = networkHealth({
      step: 1,
      layers: [{ id: 'fc' }],
      before: { fc: { weight: f([3, 4]), bias: f([0]) } },
      after: { fc: { weight: f([3.003, 4.004]), bias: f([0.01]) } },
      gradients: { fc: { weight: f([0.1, -0.2]), bias: f([0.5]) } },
    });
    const fc = r.layers[0];
    expect(fc.ratio).toBeCloseTo(1e-3, 6);
    expect(fc.verdict).toBe('ok');
    expect(fc.words).toMatch(/^healthy: updates are 0\.1% of the weights/);
    expect(fc.gradientRms).toBeCloseTo(Math.hypot(0.1, 0.2) / Math.SQRT2, 7);
    const bias = fc.tensors.find((t) => t.field === 'bias')!;
    expect(bias.ratio).toBeNull();
    expect(bias.update).toBeCloseTo(0.01, 7);
    expect(r.warnings).toEqual([]);
  });

  it('gradients 1e-9 against 1e-2 elsewhere: vanishing, named, with the factor', () => {
    const r = networkHealth(
      input({
        conv1: { n: 150, ratio: 1e-8, g: 1e-9 },
        conv2: { n: 400, ratio: 1e-3, g: 1e-3 },
        conv3: { n: 400, ratio: 1e-3, g: 2e-6 },
        fc3: { n: 300, ratio: 1e-3, g: 1e-2 },
      }),
    );
    expect(r.layers.map((l) => l.verdict)).toEqual(['vanishing', 'ok', 'vanishing', 'ok']);
    const words = /^vanishing: gradients ~2e-6, ([\d,]+)× smaller than in FC3$/.exec(
      r.layers[2].words,
    );
    expect(Number(words![1].replace(/,/g, ''))).toBeGreaterThan(3000); // ~1e-2 / 2e-6 = 5,000
    expect(Number(words![1].replace(/,/g, ''))).toBeLessThan(8000);
    expect(r.warnings).toHaveLength(1);
    const w = r.warnings[0];
    expect(w.kind).toBe('vanishing');
    expect(w.layers).toEqual(['conv1', 'conv3']);
    expect(w.text).toMatch(/\(CONV3 too\)/);
    // RMS of 150 normals × 1e-9 against 300 × 1e-2: ~1e-9, ~10,000,000× smaller.
    // RMS ~1e-9 against ~1e-2: 7 orders of magnitude.
    expect(w.text).toMatch(
      /gradients in CONV1 are ~1e-9, 7 orders of magnitude smaller than in FC3/,
    );
    expect(w.text).toMatch(/ReLU instead of sigmoid/);
  });

  it('updates 30% of the weights per step: exploding, "lower the learning rate"', () => {
    const r = networkHealth(
      input({ a: { n: 100, ratio: 0.3, g: 1 }, b: { n: 100, ratio: 0.02, g: 1 } }),
    );
    expect(r.layers.map((l) => l.verdict)).toEqual(['exploding', 'fast']);
    expect(r.layers[0].ratio).toBeCloseTo(0.3, 6);
    expect(r.warnings.map((w) => w.kind)).toEqual(['exploding']);
    expect(r.warnings[0].text).toMatch(/updates in A are 30% of the weights per step/);
    expect(r.warnings[0].text).toMatch(/lower it/);
  });

  it('exploding and vanishing at once: the exploding first, and no "larger learning rate"', () => {
    const r = networkHealth(
      input({ a: { n: 100, ratio: 0.01, g: 1e-12 }, b: { n: 100, ratio: 0.5, g: 1 } }),
    );
    expect(r.warnings.map((w) => w.kind)).toEqual(['exploding', 'vanishing']);
    expect(r.warnings[1].text).toMatch(/saturated: lower the learning rate first/);
    expect(r.warnings[1].text).not.toMatch(/larger learning rate/);
  });

  it('NaN gradients: exploding, "not finite"', () => {
    const i = input({ a: { n: 10, ratio: 1e-3, g: 1 }, b: { n: 10, ratio: 1e-3, g: 1 } });
    (i.gradients.a.weight as Float32Array)[3] = NaN;
    const r = networkHealth(i);
    expect(r.layers[0].verdict).toBe('exploding');
    expect(r.warnings[0].text).toMatch(/no longer finite/);
  });

  it('a frozen layer: no gradient, no verdict against it; slow updates are told apart', () => {
    const r = networkHealth(
      input({
        stem: 'frozen',
        a: { n: 100, ratio: 2e-5, g: 1e-2 },
        b: { n: 100, ratio: 1e-3, g: 1e-2 },
      }),
    );
    expect(r.layers.map((l) => l.verdict)).toEqual(['frozen', 'slow', 'ok']);
    expect(r.layers[0].tensors[0].gradient).toBeNull();
    expect(r.layers[0].words).toMatch(/locked/);
    expect(r.warnings).toEqual([]);
  });

  it('dead units: channels ≤ 0 on every example and position', () => {
    // [n=2, C=3, 2]: channel 1 never positive, channel 2 positive once.
    const out = { shape: [2, 3, 2], data: f([1, 0, -1, 0, 0, 0, 0, 0, -2, -3, 0, 0.5]) };
    expect(deadUnits(out)).toEqual({ dead: 1, units: 3 });
    const r = networkHealth({
      ...input({ a: { n: 10, ratio: 1e-3, g: 1 } }),
      relus: [{ id: 'r1', after: 'C1', output: out }],
    });
    expect(r.dead).toEqual([{ id: 'r1', after: 'C1', dead: 1, units: 3 }]);
    expect(r.warnings.map((w) => w.kind)).toEqual(['dead']);
    expect(r.warnings[0].text).toMatch(/1 of 3 units after C1 \(33%\) never fired/);
  });
});
