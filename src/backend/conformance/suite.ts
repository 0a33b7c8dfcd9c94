// The conformance suite, written once and run against every Backend: fixed cases and whole
// networks layer by layer, plus fast-check random configurations of every op. The reference is
// the CPU forward pass (src/cpu) over the same hand-set weights; tolerance 1e-4 · max(1, |cpu|).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../../core/infer';
import { getPreset } from '../../core/presets';
import { tensor } from '../../core/tensor';
import { closeTo } from '../../gpu/testing/compare';
import type { Backend, ForwardRequest } from '../backend';
import { computeForward } from '../cpuCompute';
import { GENERATORS, makeCase, type ConformanceCase } from './cases';

/** Random configurations per op per run (the issue asks for at least 300). */
export const RUNS_PER_OP = Number(process.env.CONFORMANCE_RUNS ?? 300);

async function mismatches(backend: Backend, request: ForwardRequest): Promise<string[]> {
  const want = computeForward(request);
  const got = await backend.forward(request);
  const ids = request.readback ?? [...want.keys()];
  const problems: string[] = [];
  for (const id of ids) {
    const g = got.activations.get(id);
    const w = want.get(id);
    if (!g || !w) {
      problems.push(`${id}: missing (${g ? 'cpu' : 'backend'})`);
      continue;
    }
    if (g.shape.join() !== w.shape.join())
      problems.push(`${id}: shape [${g.shape}] vs [${w.shape}]`);
    const bad = closeTo(g.data, w.data);
    if (bad.length > 0) problems.push(`${id}: ${bad.join('; ')}`);
  }
  return problems;
}

async function check(backend: Backend, c: ConformanceCase): Promise<void> {
  const problems = await mismatches(backend, c.request);
  if (problems.length > 0) throw new Error(`${c.name}\n  ${problems.join('\n  ')}`);
}

function presetCase(id: string, size?: { h: number; w: number }): ConformanceCase {
  const p = getPreset(id)!;
  const network = size ? { ...p.network, input: { ...p.network.input, ...size } } : p.network;
  const { n, c, h, w } = network.input;
  // Seeded weights (both backends derive the same ones), the preset's own where it fixes them.
  const base = makeCase(id, network.input, [], 11).request;
  const request: ForwardRequest = {
    network,
    input: p.input ? tensor([n, c, h, w], p.input) : base.input,
    seed: 11,
    fixedWeights: p.weights,
    readback: network.layers.map((l) => l.id),
  };
  return { name: `${id}${size ? ` at ${size.h}×${size.w}` : ''}`, request };
}

export function defineConformance(name: string, getBackend: () => Promise<Backend>): void {
  describe(`conformance: ${name} backend matches the CPU reference`, () => {
    it('the lecture exercise x=[1,1,5,5] k=3 → [[4,3,4],[2,4,3],[2,3,4]]', async () => {
      const backend = await getBackend();
      const c = presetCase('teach_5x5_exercise');
      const out = await backend.forward(c.request);
      expect([...out.activations.get('conv')!.data]).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
      await check(backend, c);
    });

    const networks: [string, { h: number; w: number } | undefined][] = [
      ['lenet5', undefined],
      ['tinyvgg', undefined],
      ['teach_two_3x3', undefined],
      ['teach_conv32_pad2', undefined],
      ['teach_7x7_s1', undefined],
      ['teach_7x7_s2', undefined],
      ['teach_7x7_s3', undefined],
      ['teach_5x5_exercise', undefined],
      ['teach_maxpool_4x4', undefined],
      ['teach_dilation', undefined],
      ['vgg16', { h: 32, w: 32 }],
      ['resnet18', { h: 32, w: 32 }],
      ['googlenet', { h: 64, w: 64 }],
      ['mobilenet_v1', { h: 32, w: 32 }],
    ];
    it.each(networks)(
      'whole network %s (input %o) matches layer by layer',
      async (id, size) => {
        const c = presetCase(id, size);
        expect(inferShapes(c.request.network).valid).toBe(true);
        await check(await getBackend(), c);
      },
      120_000,
    );

    for (const [op, arb] of Object.entries(GENERATORS)) {
      it(`${op}: ${RUNS_PER_OP} random configurations`, async () => {
        const backend = await getBackend();
        await fc.assert(
          fc.asyncProperty(arb, (c) => check(backend, c)),
          {
            numRuns: RUNS_PER_OP,
            seed: Number(process.env.CONFORMANCE_SEED ?? 20261121),
            endOnFailure: true,
          },
        );
      }, 300_000);
    }
  });
}
