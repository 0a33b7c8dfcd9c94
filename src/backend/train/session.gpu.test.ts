// The training session on the GPU engine (on the page's thread; here Dawn in Node): the same
// events as the CPU session, snapshots read back from the GPU, stepOnce, and the CPU's numbers.
import { describe, expect, it } from 'vitest';
import { mnistBytes } from '../../../scripts/data/mnistConvert';
import { inferShapes, type OkShape } from '../../core/infer';
import { getPreset } from '../../core/presets';
import { optimizer } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { nodeGpu } from '../../gpu/testing/nodeGpu';
import { startSession, type SessionEvent, type SessionSpec } from './session';

const lenet = getPreset('lenet5')!.network;
const params: Record<string, LayerParams> = {};
for (const ls of inferShapes(lenet).layers) {
  const p = initLayerParams(ls as OkShape, 5);
  if (Object.keys(p).length > 0) params[ls.id] = p;
}

const spec = (engine: 'cpu' | 'gpu'): SessionSpec => ({
  network: lenet,
  params,
  frozen: [],
  dataset: { id: 'mnist', mnistBytes: mnistBytes(), trainLimit: 96, testLimit: 32 },
  optimizer: optimizer('adam', { lr: 0.003 }),
  learningRate: 0.003,
  batchSize: 16,
  epochs: 1,
  seed: 3,
  augment: false,
  evalEvery: 3,
  snapshotEvery: 2,
  engine,
});

describe('a training session on the GPU engine', () => {
  it('LeNet-5 on MNIST: the CPU session’s events, losses and parameters (to float tolerance); stepOnce', async () => {
    const r = await nodeGpu();
    if ('reason' in r) throw new Error(r.reason);
    const gpu = startSession(spec('gpu'), { gpu: async () => r.device });
    const events: SessionEvent[] = [];
    let paused = 0;
    gpu.on((e) => {
      events.push(e);
      if (e.type === 'step' && e.step === 1) gpu.pause();
      if (e.type === 'paused' && ++paused === 1) gpu.stepOnce();
      if (e.type === 'paused' && paused === 2) gpu.resume();
    });
    const done = await gpu.finished;
    expect(done.reason).toBe('finished');
    const cpu = startSession(spec('cpu'), { cpuOn: 'inline' });
    const cpuEvents: SessionEvent[] = [];
    cpu.on((e) => cpuEvents.push(e));
    const ref = await cpu.finished;
    const losses = (es: SessionEvent[]) => es.flatMap((e) => (e.type === 'step' ? [e.loss!] : []));
    expect(losses(events)).toHaveLength(6);
    losses(events).forEach((l, i) => expect(l).toBeCloseTo(losses(cpuEvents)[i], 3));
    const steps = (es: SessionEvent[], type: string) =>
      es.filter((e) => e.type === type).map((e) => (e as { step: number }).step);
    expect(steps(events, 'eval')).toEqual([3, 6]);
    const pausedAt = steps(events, 'paused');
    expect(pausedAt).toHaveLength(2);
    expect(pausedAt[1]).toBe(pausedAt[0] + 1);
    expect(steps(events, 'params')).toEqual(expect.arrayContaining([2, 4, 6, ...pausedAt]));
    expect(events.at(-2)).toMatchObject({ type: 'params', step: 6 });
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'finished', step: 6 });
    const a = done.params.c1.weight!;
    const b = ref.params.c1.weight!;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-3);
  }, 120_000);
});
