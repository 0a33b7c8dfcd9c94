// The conformance suite, written once and run against every Backend: fixed cases, IEEE edge
// values through every activation (as a layer and fused), whole networks layer by layer, plus
// fast-check random configurations of every op. The yardstick is the float64 reference of
// reference/ (independent of src/cpu and src/gpu); a backend other than the CPU is also held
// against the CPU twin (computeForward). Tolerance 1e-4 · max(1, |want|), NaN ≡ NaN, ±∞ exact.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../../core/infer';
import { getPreset } from '../../core/presets';
import { tensor } from '../../core/tensor';
import { closeTo } from '../../gpu/testing/compare';
import type { Backend, ForwardRequest } from '../backend';
import { computeForward } from '../cpuCompute';
import { edgeCases, GENERATORS, makeCase, type ConformanceCase } from './cases';
import { referenceForward } from './reference/forward';

/** Random configurations per op per run (the issue asks for at least 300). */
export const RUNS_PER_OP = Number(process.env.CONFORMANCE_RUNS ?? 300);

type Values = { readonly shape: readonly number[]; readonly data: ArrayLike<number> };

async function mismatches(backend: Backend, request: ForwardRequest): Promise<string[]> {
  const reference = referenceForward(request);
  const yardsticks: [string, ReadonlyMap<string, Values>][] = [['ref', reference]];
  // The CPU twin too, for any other backend (the CPU against itself would prove nothing).
  if (backend.status().kind !== 'cpu') yardsticks.push(['cpu', computeForward(request)]);
  const got = await backend.forward(request);
  const ids = request.readback ?? [...reference.keys()];
  const problems: string[] = [];
  for (const id of ids) {
    const g = got.activations.get(id);
    if (!g) {
      problems.push(`${id}: missing from the backend's result`);
      continue;
    }
    for (const [name, want] of yardsticks) {
      const w = want.get(id);
      if (!w) {
        problems.push(`${id}: missing from the ${name}`);
        continue;
      }
      if (g.shape.join() !== w.shape.join())
        problems.push(`${id}: shape [${g.shape}] vs ${name} [${w.shape}]`);
      const bad = closeTo(g.data, w.data, 1e-4, 5, ['got', name]);
      if (bad.length > 0) problems.push(`${id} vs ${name}: ${bad.join('; ')}`);
    }
  }
  return problems;
}

async function check(backend: Backend, c: ConformanceCase): Promise<void> {
  const problems = await mismatches(backend, c.request);
  if (problems.length > 0) throw new Error(`${c.name}\n  ${problems.join('\n  ')}`);
}

function presetCase(
  id: string,
  size?: { h: number; w: number },
  readback?: 'last',
): ConformanceCase {
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
    readback: readback ? [network.layers.at(-1)!.id] : network.layers.map((l) => l.id),
  };
  return { name: `${id}${size ? ` at ${size.h}×${size.w}` : ''}`, request };
}

export function defineConformance(name: string, getBackend: () => Promise<Backend>): void {
  describe(`conformance: ${name} backend matches the float64 reference`, () => {
    it('the lecture exercise x=[1,1,5,5] k=3 → [[4,3,4],[2,4,3],[2,3,4]]', async () => {
      const backend = await getBackend();
      const c = presetCase('teach_5x5_exercise');
      const out = await backend.forward(c.request);
      expect([...out.activations.get('conv')!.data]).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
      await check(backend, c);
    });

    it('every activation at ±∞, NaN, ±3e38, ±0: as a layer, fused into conv2d and linear, and not', async () => {
      const backend = await getBackend();
      const failures: string[] = [];
      for (const c of edgeCases()) {
        const problems = await mismatches(backend, c.request);
        if (problems.length > 0) failures.push(`${c.name}\n  ${problems.join('\n  ')}`);
      }
      expect(failures).toEqual([]);
    }, 120_000);

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

    // Only the last layer read back: the GPU fuses each conv's and linear's activation (lenet5:
    // conv→tanh and linear→tanh; tinyvgg: conv→relu; resnet18, mobilenet_v1: conv→batch norm,
    // which must not fuse, and residual adds).
    const fusedNetworks = networks.filter(([id]) =>
      ['lenet5', 'tinyvgg', 'resnet18', 'mobilenet_v1'].includes(id),
    );
    it.each(fusedNetworks)(
      'whole network %s (input %o), only the last layer read back',
      async (id, size) => {
        await check(await getBackend(), presetCase(id, size, 'last'));
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
