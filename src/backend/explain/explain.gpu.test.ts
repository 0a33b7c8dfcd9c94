// Every explanation on the GPU (Dawn in Node) equals its CPU twin — which is held in turn to
// PyTorch autograd (src/cpu/explain/explain.torch.test.ts) and to known truths on the shipped
// weights (shipped.test.ts): the same network, parameters and input through explain() with and
// without a device. Tolerance: the conformance one, |gpu − cpu| ≤ 1e-4 · max(1, |cpu|), and
// within 1e-3 of the tensor's largest |cpu| (the maps are ~1e-2: float32 sums in another order).

import { describe, expect, it } from 'vitest';
import { colorsDataset } from '../../core/data/colors';
import { closeTo } from '../../gpu/testing/compare';
import { requireGpu } from '../../gpu/testing/nodeGpu';
import { explainCases } from '../../cpu/explain/testing/cases';
import { explain } from './explain';

const CLS = 2;
const report = new Map<string, number>();

function near(gpu: ArrayLike<number>, cpu: ArrayLike<number>, what: string): number {
  expect(closeTo(gpu, cpu), what).toEqual([]);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < cpu.length; i++) {
    scale = Math.max(scale, Math.abs(cpu[i]));
    diff = Math.max(diff, Math.abs(gpu[i] - cpu[i]));
  }
  expect(diff, what).toBeLessThanOrEqual(1e-3 * scale + 1e-7);
  const key = what;
  report.set(key, Math.max(report.get(key) ?? 0, diff / (scale || 1)));
  return diff;
}

describe('explanations on the GPU equal their CPU twins', () => {
  for (const c of explainCases()) {
    const base = { network: c.network, params: c.params, image: c.image };

    it(`${c.label}: saliency (vanilla, gradient × input, SmoothGrad n=4)`, async () => {
      const gpu = await requireGpu();
      for (const kind of ['vanilla', 'gradTimesInput', 'smoothGrad'] as const) {
        const o = { ...base, cls: CLS, kind, samples: 4, seed: 3 };
        const want = await explain('saliency', o);
        const got = await explain('saliency', { ...o, gpu });
        near(got.gradient, want.gradient, `${kind} gradient`);
        near(got.map, want.map, `${kind} map`);
        near(got.scores, want.scores, 'scores');
      }
    }, 120_000);

    it(`${c.label}: Grad-CAM at ${c.camLayers.join(', ')}`, async () => {
      const gpu = await requireGpu();
      for (const layer of c.camLayers) {
        const o = { ...base, cls: CLS, layer };
        const want = await explain('gradCam', o);
        const got = await explain('gradCam', { ...o, gpu });
        expect(got.layer).toBe(layer);
        near(got.weights, want.weights, 'Grad-CAM weights');
        near(got.cam, want.cam, 'Grad-CAM cam');
        near(got.map, want.map, 'Grad-CAM map');
      }
    }, 120_000);

    it(`${c.label}: occlusion, grey patch and blurred patch, batched`, async () => {
      const gpu = await requireGpu();
      const side = c.network.input.h;
      for (const fill of ['grey', 'blur'] as const) {
        const o = { ...base, cls: CLS, patch: side / 4, stride: side / 4, fill, batch: 8 };
        const want = await explain('occlusion', o);
        const got = await explain('occlusion', { ...o, gpu });
        expect(got.positions).toEqual(want.positions);
        expect([got.rows, got.cols]).toEqual([4, 4]);
        expect(got.baseline).toBeCloseTo(want.baseline, 5);
        near(got.probabilities, want.probabilities, `${fill} probabilities`);
        near(got.heat, want.heat, `${fill} heat`);
      }
    }, 120_000);

    it(`${c.label}: feature visualization, 3 steps of a channel and of a class`, async () => {
      const gpu = await requireGpu();
      const targets = [
        { kind: 'channel' as const, layer: c.camLayers[0], channel: 1 },
        { kind: 'class' as const, cls: CLS },
      ];
      for (const target of targets) {
        const o = { ...base, target, steps: 3, every: 1, seed: 2, blurEvery: 2 };
        const frames = async (gen: AsyncGenerator<{ objective: number; image: Float32Array }>) => {
          const out = [];
          for await (const f of gen) out.push(f);
          return out;
        };
        const want = await frames(await explain('featureVis', o));
        const got = await frames(await explain('featureVis', { ...o, gpu }));
        expect(got.length).toBe(3);
        near(
          got.map((f) => f.objective),
          want.map((f) => f.objective),
          'objectives',
        );
        near(got.at(-1)!.image, want.at(-1)!.image, 'image');
      }
    }, 120_000);
  }

  it('Tiny VGG x=[3,64,64]: the colour pictures that excite a channel most, ranked alike', async () => {
    const gpu = await requireGpu();
    const c = explainCases().find((e) => e.label.startsWith('Tiny VGG'))!;
    const o = {
      network: c.network,
      params: c.params,
      dataset: colorsDataset({ size: 64, count: 24, seed: 5 }),
      target: { kind: 'channel' as const, layer: 'conv_1_2', channel: 4 },
      count: 5,
      batch: 12,
    };
    const want = await explain('topExamples', o);
    const got = await explain('topExamples', { ...o, gpu });
    expect(got.map((t) => t.index)).toEqual(want.map((t) => t.index));
    near(
      got.map((t) => t.activation),
      want.map((t) => t.activation),
      'activations',
    );
  }, 120_000);

  it('prints the largest GPU − CPU differences, relative to each tensor’s largest value', () => {
    console.warn([...report].map(([k, v]) => `${k}: ${v.toExponential(2)}`).join('\n'));
  });
});
