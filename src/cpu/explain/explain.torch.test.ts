// Saliency and Grad-CAM on the CPU against real PyTorch autograd (src/core/testing/
// torch_explain.py): the same exported network, parameters and input in float64 eval() mode,
// the final softmax dropped (the class's logit is explained). Held to the conformance tolerance
// |got − want| ≤ 1e-4 · max(1, |want|) (closeTo) and within 1e-4 of the tensor's largest |want|;
// the largest differences are printed (measured: ~1e-9 against gradients of ~1e-2).

import { beforeAll, expect, it } from 'vitest';
import { smoothGradBatch } from '../../core/explain/saliency';
import { inferShapes, type OkShape } from '../../core/infer';
import { toPyTorch } from '../../core/pytorch';
import { describeTorch, f32, f64, runTorch, type CallResult } from '../../core/testing/torch';
import { closeTo } from './testing/stats';
import { cpuGradCam } from './gradCam';
import { cpuSaliency } from './saliency';
import { explainCases, type ExplainCase } from './testing/cases';

const CLS = 3;
const SAMPLES = 4;
const SIGMA = 0.15;
const cases = explainCases();

interface Ask {
  readonly c: ExplainCase;
  readonly cam: string | null;
}
const asks: Ask[] = cases.flatMap((c) => [
  { c, cam: null },
  ...c.camLayers.map((cam) => ({ c, cam })),
]);

function request({ c, cam }: Ask) {
  const holders = (inferShapes(c.network).layers as OkShape[]).filter((ls) => c.params[ls.id]);
  const { c: ch, h, w } = c.network.input;
  return {
    module: 'torch_explain',
    fn: 'explain',
    args: {
      code: toPyTorch(c.network),
      dropSoftmax: c.network.layers.at(-1)!.kind === 'softmax',
      layers: holders.map((ls) => ({
        params: Object.fromEntries(
          Object.entries(c.params[ls.id]).map(([k, v]) => [k, f32(v as Float32Array)]),
        ),
      })),
      x: f32(c.image),
      shape: [1, ch, h, w],
      cls: CLS,
      cam: cam === null ? null : holders.findIndex((ls) => ls.id === cam),
      noisy: cam === null ? f32(smoothGradBatch(c.image, SAMPLES, SIGMA, 5)) : null,
      noisyShape: [SAMPLES, ch, h, w],
    },
  };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Also relative to the tensor's scale: the seeded networks' gradients are ~1e-2, where the
 *  conformance tolerance's absolute 1e-4 alone would be loose. */
function expectNear(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(closeTo(got, want)).toEqual([]);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  expect(maxDiff(got, want)).toBeLessThanOrEqual(1e-4 * scale);
}

const report: string[] = [];

describeTorch('saliency and Grad-CAM on the CPU equal PyTorch autograd', () => {
  let results: CallResult[];
  beforeAll(() => {
    results = runTorch({ calls: asks.map(request) }).calls;
  }, 120_000);

  const value = (i: number) => {
    const r = results[i];
    if (!r.ok) throw new Error(r.error);
    return r.value as Record<string, string>;
  };

  asks.forEach((ask, i) => {
    const { c, cam } = ask;
    if (cam === null) {
      it(`${c.label}: vanilla, gradient × input and SmoothGrad (n=${SAMPLES})`, () => {
        const want = value(i);
        const grad = f64(want.grad);
        const van = cpuSaliency(c.network, c.params, c.image, { cls: CLS, kind: 'vanilla' });
        expect(closeTo(van.scores, f64(want.scores))).toEqual([]);
        expectNear(van.gradient, grad);
        // Not all zero: a test that can fail.
        expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(1e-4);
        const gxi = cpuSaliency(c.network, c.params, c.image, {
          cls: CLS,
          kind: 'gradTimesInput',
        });
        const { c: ch, h, w } = c.network.input;
        const wantGxi = Float64Array.from({ length: h * w }, (_, p) => {
          let s = 0;
          for (let k = 0; k < ch; k++) s += grad[k * h * w + p] * c.image[k * h * w + p];
          return s;
        });
        expectNear(gxi.map, wantGxi);
        const sg = cpuSaliency(c.network, c.params, c.image, {
          cls: CLS,
          kind: 'smoothGrad',
          samples: SAMPLES,
          sigma: SIGMA,
          seed: 5,
        });
        const smooth = f64(want.smooth);
        expectNear(sg.gradient, smooth);
        report.push(
          `${c.label}: max |Δ| gradient ${maxDiff(van.gradient, grad).toExponential(2)} (max |g| ${Math.max(...grad.map(Math.abs)).toExponential(2)}), SmoothGrad ${maxDiff(sg.gradient, smooth).toExponential(2)}`,
        );
      });
    } else {
      it(`${c.label}: Grad-CAM at '${cam}' (weights, cam, upsampled map)`, () => {
        const want = value(i);
        const r = cpuGradCam(c.network, c.params, c.image, { cls: CLS, layer: cam });
        const up = f64(want.up);
        expectNear(r.weights, f64(want.weights));
        expectNear(r.cam, f64(want.cam));
        expectNear(r.map, up);
        expect(Math.max(...up)).toBeGreaterThan(0);
        report.push(
          `${c.label} Grad-CAM '${cam}': max |Δ| weights ${maxDiff(r.weights, f64(want.weights)).toExponential(2)}, map ${maxDiff(r.map, up).toExponential(2)} (max ${Math.max(...up).toExponential(2)})`,
        );
      });
    }
  });

  it('prints the largest differences', () => {
    console.warn(report.join('\n'));
  });
});
