// Timing of every explanation on the CPU and on the GPU (Dawn in Node):
//   npm run bench:explain     (= EXPLAIN_TIMING=1 npx vitest run --project gpu bench/explain)
// LeNet-5 at 32×32 (1 channel) and Tiny VGG at 64×64 (RGB), the app's seeded weights, one
// picture. Prints a table of median wall times in ms (EXPLAIN_TIMING_RUNS, default 3, after one
// warm-up that compiles the pipelines), GPU times including the readbacks. On SwiftShader the
// GPU is a CPU too: compare methods and ratios, not absolute numbers. Not part of `npm test`.

import { describe, it } from 'vitest';
import { colorsDataset } from '../src/core/data/colors';
import { getPreset } from '../src/core/presets';
import { explain, type ExplainMethod, type ExplainOptions } from '../src/backend/explain/explain';
import { randomImage, seededParams } from '../src/cpu/explain/testing/cases';
import { requireGpu } from '../src/gpu/testing/nodeGpu';

const RUNS = Number(process.env.EXPLAIN_TIMING_RUNS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function drain(g: AsyncGenerator<unknown>): Promise<void> {
  for await (const _ of g) void _;
}

describe.skipIf(!process.env.EXPLAIN_TIMING)('explanation timing', () => {
  it('LeNet-5 32×32 and Tiny VGG 64×64, CPU and GPU', async () => {
    const gpu = await requireGpu();
    const rows: string[][] = [];
    for (const [id, cam, channelLayer] of [
      ['lenet5', 'c3', 'c3'],
      ['tinyvgg', 'conv_2_2', 'conv_2_2'],
    ] as const) {
      const network = getPreset(id)!.network;
      const params = seededParams(network, 7);
      const image = randomImage(network, 11);
      const { c, h } = network.input;
      const base = { network, params, image };
      const methods: [string, ExplainMethod, Record<string, unknown>][] = [
        ['saliency (vanilla)', 'saliency', { cls: 1, kind: 'vanilla' }],
        ['SmoothGrad n=16', 'saliency', { cls: 1, kind: 'smoothGrad', samples: 16 }],
        ['Grad-CAM', 'gradCam', { cls: 1, layer: cam }],
        [
          `occlusion ${h / 8}px stride ${h / 16} (${15 * 15} patches)`,
          'occlusion',
          { cls: 1, patch: h / 8, stride: h / 16, batch: 32 },
        ],
        [
          'feature vis 20 steps',
          'featureVis',
          { target: { kind: 'channel', layer: channelLayer, channel: 0 }, steps: 20, every: 5 },
        ],
        [
          'top examples of 200',
          'topExamples',
          {
            target: { kind: 'channel', layer: channelLayer, channel: 0 },
            dataset: colorsDataset({ size: h, count: 200, seed: 3 }),
            count: 9,
            batch: 50,
          },
        ],
      ];
      for (const [name, method, extra] of methods) {
        if (method === 'topExamples' && c !== 3) continue; // the colour set is RGB
        const times: Record<string, number> = {};
        for (const engine of ['cpu', 'gpu'] as const) {
          const o = { ...base, ...extra, ...(engine === 'gpu' ? { gpu } : {}) };
          const once = async () => {
            const t0 = performance.now();
            const r = await explain(method, o as ExplainOptions[typeof method]);
            if (method === 'featureVis') await drain(r as AsyncGenerator<unknown>);
            return performance.now() - t0;
          };
          await once();
          const ts: number[] = [];
          for (let i = 0; i < RUNS; i++) ts.push(await once());
          times[engine] = median(ts);
        }
        rows.push([
          `${id} ${c}×${h}×${h}`,
          name,
          times.cpu.toFixed(1),
          times.gpu.toFixed(1),
          (times.cpu / times.gpu).toFixed(2),
        ]);
      }
    }
    const head = ['network', 'method', 'CPU ms', 'GPU ms', 'CPU/GPU'];
    const widths = head.map((hd, i) => Math.max(hd.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i])).join('  ');
    console.warn([line(head), ...rows.map(line)].join('\n'));
  }, 1_200_000);
});
