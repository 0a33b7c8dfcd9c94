// The explanations on the shipped trained Tiny VGG and the colour shapes, where the truth is
// known: tests that can fail.
// - Sanity check (Adebayo et al. 2018, "Sanity Checks for Saliency Maps", model randomization):
//   with the trained weights replaced by the app's random initialization, the vanilla saliency
//   map of the same picture must change substantially: Spearman's rank correlation between the
//   two maps, averaged over held-out pictures, below 0.3 (an edge detector that ignored the
//   weights would score near 1), while a trained model with 2% noise on its weights keeps
//   ρ > 0.7 (the measure sees sameness where there is some). Ranked over the interior: Tiny
//   VGG's convolutions are unpadded, so the outer pixels reach fewer units and get smaller
//   gradients whatever the weights — over the whole map two *independent* random networks
//   correlate at ρ ≈ 0.49 and trained vs random at 0.52; without the outer 8 pixels, 0.03.
// - Grad-CAM at the default layer (conv_2_2, 13×13) for the true class peaks inside the
//   object's bounding box (colorExampleObject) on at least 85% of 100 held-out pictures.
// - Feature visualization: 30 ascent steps raise a chosen channel's mean activation, measured
//   afterwards by a plain forward pass on the un-jittered image, well above the start.
// - The held-out pictures that excite a class's score most are mostly of that class.

import { describe, expect, it } from 'vitest';
import { colorExampleObject, COLORS_SPLIT, colorsSplit } from '../../core/data/colors';
import { FeatureAscent } from '../../core/explain/featureVis';
import { argmax } from '../../core/explain/gradCam';
import { createRng } from '../../core/rng';
import { inferShapes, type OkShape } from '../../core/infer';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { cpuFeatureVis } from './featureVis';
import { cpuGradCam } from './gradCam';
import { cpuTargetValues, cpuTopExamples } from './topExamples';
import { cpuSaliency } from './saliency';
import { spearman } from './testing/stats';
import { tinyVggColors } from './testing/shipped';

const { network, params } = tinyVggColors();
const test = colorsSplit().test;
const PER = 3 * 64 * 64;

function picture(i: number): { image: Float32Array; label: number } {
  const image = new Float32Array(PER);
  return { label: test.example(i, image, 0), image };
}

describe('explanations of the shipped Tiny VGG on held-out colour shapes', () => {
  it('sanity check: randomized weights change the saliency map (mean interior Spearman ρ < 0.3)', () => {
    const random: Record<string, LayerParams> = {};
    const noisy: Record<string, LayerParams> = {};
    const rng = createRng(3);
    for (const ls of inferShapes(network).layers as OkShape[]) {
      const p = initLayerParams(ls, 12345);
      if (Object.keys(p).length === 0) continue;
      random[ls.id] = p;
      noisy[ls.id] = {
        ...params[ls.id],
        weight: params[ls.id].weight!.map((v) => v * (1 + 0.02 * rng.normal())),
      };
    }
    const BORDER = 8;
    const interior = (m: Float32Array) => {
      const out: number[] = [];
      for (let y = BORDER; y < 64 - BORDER; y++)
        for (let x = BORDER; x < 64 - BORDER; x++) out.push(m[y * 64 + x]);
      return out;
    };
    const rhos: number[] = [];
    const whole: number[] = [];
    const controls: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { image, label } = picture(i);
      const map = (p: Record<string, LayerParams>) =>
        cpuSaliency(network, p, image, { cls: label, kind: 'vanilla' }).map;
      const a = map(params);
      const b = map(random);
      rhos.push(spearman(interior(a), interior(b)));
      whole.push(spearman(a, b));
      controls.push(spearman(interior(a), interior(map(noisy))));
    }
    const mean = (xs: number[]) => xs.reduce((s, r) => s + r, 0) / xs.length;
    console.warn(
      `sanity check over ${rhos.length} pictures: Spearman ρ(trained, randomized) interior mean ${mean(rhos).toFixed(3)} (max ${Math.max(...rhos).toFixed(3)}), whole map ${mean(whole).toFixed(3)}; control ρ(trained, 2% weight noise) ${mean(controls).toFixed(3)}`,
    );
    expect(mean(rhos)).toBeLessThan(0.3);
    expect(mean(controls)).toBeGreaterThan(0.7);
  }, 120_000);

  it('Grad-CAM peaks inside the object on ≥ 85% of 100 held-out pictures', () => {
    let inBox = 0;
    let inRegion = 0;
    const n = 100;
    for (let i = 0; i < n; i++) {
      const { image, label } = picture(i);
      const r = cpuGradCam(network, params, image, { cls: label });
      expect(r.layer).toBe('conv_2_2');
      const peak = argmax(r.map);
      const x = peak % 64;
      const y = Math.floor(peak / 64);
      const obj = colorExampleObject(
        {
          size: COLORS_SPLIT.size,
          count: COLORS_SPLIT.train + COLORS_SPLIT.test,
          seed: COLORS_SPLIT.seed,
        },
        COLORS_SPLIT.train + i,
      );
      expect(obj.label).toBe(label);
      const { x0, y0, x1, y1 } = obj.box;
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1) inBox++;
      if (obj.region[peak] > 0) inRegion++;
    }
    console.warn(
      `Grad-CAM peak inside the object's box ${inBox}/${n}, inside its region ${inRegion}/${n}`,
    );
    expect(inBox / n).toBeGreaterThanOrEqual(0.85);
  }, 120_000);

  // The objective is the convolution's output, before its ReLU: a channel the grey start does
  // not excite would have no gradient after the ReLU (Olah et al. optimize pre-ReLU too).
  it('feature visualization: 30 steps raise channel 3 of conv_2_2 well above the start', async () => {
    const target = { kind: 'channel' as const, layer: 'conv_2_2', channel: 3 };
    const value = cpuTargetValues(network, params, target);
    const frames = [];
    for await (const f of cpuFeatureVis(network, params, { target, seed: 1 }, 30, 10)) {
      frames.push(f);
    }
    expect(frames.map((f) => f.step)).toEqual([10, 20, 30]);
    const start = new FeatureAscent(3, 64, 64, { target, seed: 1 }).image();
    const before = (await value(start, 1))[0];
    const after = (await value(frames.at(-1)!.image, 1))[0];
    console.warn(`feature visualization conv_2_2[3]: ${before.toFixed(4)} → ${after.toFixed(4)}`);
    expect(after).toBeGreaterThan(before + 0.5);
    expect(frames.at(-1)!.objective).toBeGreaterThan(frames[0].objective);
  }, 120_000);

  it('the held-out pictures scoring highest for "blue circle" are mostly blue circles', async () => {
    const top = await cpuTopExamples(
      network,
      params,
      test,
      { kind: 'class', cls: 5 },
      {
        count: 9,
        limit: 200,
      },
    );
    expect(top).toHaveLength(9);
    for (let i = 1; i < top.length; i++)
      expect(top[i].activation).toBeLessThanOrEqual(top[i - 1].activation);
    expect(top.filter((t) => t.label === 5).length).toBeGreaterThanOrEqual(7);
  }, 60_000);
});
