// The worker path end to end in one process: startSession's page side talks to the real
// trainWorker.ts through a fake Worker that structured-clones every message with its transfer
// list, as a browser does (a bad transfer list throws here as it would there).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mnistBytes } from '../../../scripts/data/mnistConvert';
import { inferShapes, type OkShape } from '../../core/infer';
import { getPreset } from '../../core/presets';
import { optimizer } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { SessionRefusedError, startSession, type SessionEvent, type SessionSpec } from './session';

const lenet = getPreset('lenet5')!.network;
const params: Record<string, LayerParams> = {};
for (const ls of inferShapes(lenet).layers) {
  const p = initLayerParams(ls as OkShape, 5);
  if (Object.keys(p).length > 0) params[ls.id] = p;
}

let bytes: Uint8Array;
beforeAll(() => {
  bytes = mnistBytes();
});

/** Installs a Worker whose other end is a fresh copy of trainWorker.ts in this process. */
async function fakeWorker() {
  const made: { terminated: boolean; url: string }[] = [];
  let toPage: ((data: unknown) => void) | null = null;
  const workerSelf: {
    onmessage: ((e: { data: unknown }) => void) | null;
    postMessage(m: unknown, o?: { transfer?: Transferable[] }): void;
  } = {
    onmessage: null,
    postMessage(m, o) {
      const data = structuredClone(m, { transfer: o?.transfer ?? [] });
      setTimeout(() => toPage?.(data), 0);
    },
  };
  class FakeWorker {
    onmessage: ((e: { data: unknown }) => void) | null = null;
    onerror: unknown = null;
    private readonly record: { terminated: boolean; url: string };
    constructor(url: URL) {
      this.record = { terminated: false, url: String(url) };
      made.push(this.record);
      toPage = (data) => {
        if (!this.record.terminated) this.onmessage?.({ data });
      };
    }
    postMessage(m: unknown, transfer: Transferable[] = []) {
      const data = structuredClone(m, { transfer });
      setTimeout(() => workerSelf.onmessage?.({ data }), 0);
    }
    terminate() {
      this.record.terminated = true;
    }
  }
  vi.stubGlobal('self', workerSelf);
  vi.stubGlobal('Worker', FakeWorker);
  vi.resetModules();
  await import('./trainWorker');
  return made;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const spec = (patch: Partial<SessionSpec> = {}): SessionSpec => ({
  network: lenet,
  params,
  frozen: [],
  dataset: { id: 'mnist', mnistBytes: bytes, trainLimit: 64, testLimit: 32 },
  optimizer: optimizer('adam', { lr: 0.003 }),
  learningRate: 0.003,
  batchSize: 16,
  epochs: 2,
  seed: 3,
  augment: false,
  evalEvery: 0,
  snapshotEvery: 2,
  engine: 'cpu',
  ...patch,
});

describe('the CPU session in its worker', () => {
  it('runs to the end: events and snapshots come back, the caller keeps its MNIST bytes', async () => {
    const made = await fakeWorker();
    const s = startSession(spec(), { cpuOn: 'worker' });
    const events: SessionEvent[] = [];
    s.on((e) => events.push(e));
    const r = await s.finished;
    expect(made).toHaveLength(1);
    expect(made[0].url).toMatch(/trainWorker\.ts$/);
    expect(made[0].terminated).toBe(true);
    expect(r.reason).toBe('finished');
    expect(events.filter((e) => e.type === 'step')).toHaveLength(8);
    expect(events.filter((e) => e.type === 'eval').map((e) => e.step)).toEqual([4, 8]);
    expect(events.filter((e) => e.type === 'params').map((e) => e.step)).toEqual([2, 4, 6, 8, 8]);
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'finished', step: 8 });
    expect(r.params.c1.weight).toBeInstanceOf(Float32Array);
    expect(r.params.c1.weight!.length).toBe(params.c1.weight!.length);
    expect(bytes.length).toBeGreaterThan(0); // a copy was moved, not the caller's array
  }, 20_000);

  it('pause and stop reach the worker', async () => {
    await fakeWorker();
    const s = startSession(spec({ epochs: 20, snapshotEvery: 0 }), { cpuOn: 'worker' });
    const events: SessionEvent[] = [];
    s.on((e) => {
      events.push(e);
      if (e.type === 'step' && e.step === 1) s.pause();
      if (e.type === 'paused') s.stop();
    });
    const r = await s.finished;
    expect(r.reason).toBe('stopped');
    expect(events.map((e) => e.type)).toContain('paused');
    expect(events.filter((e) => e.type === 'step').length).toBeLessThan(80);
  }, 20_000);

  it('a refusal comes back as a SessionRefusedError, with no events', async () => {
    await fakeWorker();
    const s = startSession(spec({ dataset: { id: 'mnist' } }), { cpuOn: 'worker' });
    const events: SessionEvent[] = [];
    s.on((e) => events.push(e));
    const err = await s.finished.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionRefusedError);
    expect((err as Error).message).toMatch(/No MNIST data was given/);
    expect(events).toEqual([]);
  });
});
