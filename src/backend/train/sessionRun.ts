// The session's core, on whatever thread runs it: checks the spec, builds the datasets, runs the
// Trainer on the engine given, and posts every event plus parameter snapshots (every
// `snapshotEvery` steps, at each pause, and once at the end, just before 'done'). The worker
// (trainWorker.ts) is a thin shell over it for the CPU engine; the page calls it directly for
// the GPU engine; the tests call it in Node.

import type { EngineFactory } from '../../train/engine';
import { Trainer } from '../../train/trainer';
import type { LayerParams } from '../../core/weights';
import {
  sessionDatasets,
  sessionRefusal,
  SessionRefusedError,
  type SessionEvent,
  type SessionResult,
  type SessionSpec,
} from './sessionSpec';

/**
 * Steps between health reports when the spec does not say: each costs two parameter reads, a
 * gradient read and a pass over every parameter (npm run bench:health measures the slowdown:
 * about 0.5% for LeNet-5 on the CPU; the issue allows 10%).
 */
export const HEALTH_EVERY = 10;
/**
 * And at most this fraction of the step time: where a report costs more than that over
 * HEALTH_EVERY steps (a fast GPU, whose readbacks cost several steps each), reports come later.
 */
export const HEALTH_BUDGET = 0.05;

export interface SessionControl {
  pause(): void;
  resume(): void;
  stop(): void;
  /** One step while paused, then paused again. */
  stepOnce(): void;
  /**
   * Resolves after 'done' with the last parameters; rejects with a SessionRefusedError (and
   * posts nothing) when the spec or the dataset is refused before training starts.
   */
  readonly finished: Promise<SessionResult>;
}

/**
 * Resolves in a new task, after the messages and timers waiting: a CPU step is synchronous work,
 * and without this a worker would read no 'pause' or 'stop' until the whole run ended. A
 * MessageChannel (not setTimeout, which browsers clamp to 4 ms when nested) where there is one.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** The engines of `create`, each step and evaluation batch starting in a new task. */
export function yielding(create: EngineFactory): EngineFactory {
  return async (init) => {
    const engine = await create(init);
    return {
      ...engine,
      kind: engine.kind,
      step: async (batch, lr, want) => {
        await nextTask();
        return engine.step(batch, lr, want);
      },
      evaluate: async (batch) => {
        await nextTask();
        return engine.evaluate(batch);
      },
    };
  };
}

/** Runs a session, posting its events to `post`. */
export function runSession(
  spec: SessionSpec,
  createEngine: EngineFactory,
  post: (e: SessionEvent) => void,
): SessionControl {
  let trainer: Trainer | null = null;
  const finished = (async (): Promise<SessionResult> => {
    const why = sessionRefusal(spec);
    if (why) throw new SessionRefusedError(why);
    const { train, test } = sessionDatasets(spec);
    const network = { ...spec.network, input: { ...spec.network.input, n: spec.batchSize } };
    // Parameters and frozen ids of layers the network no longer has are left out.
    const ids = new Set(network.layers.map((l) => l.id));
    const start = Object.fromEntries(Object.entries(spec.params).filter(([id]) => ids.has(id)));
    const t = new Trainer({
      init: {
        network,
        params: start,
        optimizer: spec.optimizer,
        loss: 'crossEntropy',
        frozen: spec.frozen.filter((id) => ids.has(id)),
        seed: spec.seed,
        maxBatch: spec.batchSize,
      },
      createEngine: yielding(createEngine),
      train,
      ...(test.size > 0 ? { test } : {}),
      batchSize: spec.batchSize,
      epochs: spec.epochs,
      learningRate: () => spec.learningRate,
      evalEvery: spec.evalEvery,
      healthEvery: spec.healthEvery ?? HEALTH_EVERY,
      healthBudget: HEALTH_BUDGET,
    });
    trainer = t; // before the first await: the controls below reach it at once
    /**
     * The snapshot in flight (on the GPU a readback): at most one; a periodic one due meanwhile
     * is skipped, a pause's waits for it and follows.
     */
    let inFlight: Promise<void> | null = null;
    const snapshot = (step: number, always: boolean) => {
      if (inFlight && !always) return;
      const read = async () => {
        try {
          post({ type: 'params', step, params: await t.parameters() });
        } catch {
          // A lost device: the trainer reports it with its next step.
        }
      };
      const mine: Promise<void> = (inFlight ?? Promise.resolve()).then(read).finally(() => {
        if (inFlight === mine) inFlight = null;
      });
      inFlight = mine;
    };
    let done: SessionEvent | null = null;
    t.on((e) => {
      if (e.type === 'done') {
        done = e; // posted after the last parameters
        return;
      }
      post(e);
      if (e.type === 'step' && spec.snapshotEvery > 0 && e.step % spec.snapshotEvery === 0)
        snapshot(e.step, false);
      if (e.type === 'paused') snapshot(e.step, true);
    });
    const end = await t.run();
    await inFlight;
    let params: Record<string, LayerParams>;
    try {
      params = await t.parameters();
    } catch {
      // The engine could not be read (a lost device): the trainer's last checkpoint.
      t.dispose();
      params = await t.parameters();
    } finally {
      t.dispose();
    }
    post({ type: 'params', step: end.step, params });
    post(done ?? end);
    return {
      reason: end.reason,
      ...(end.message !== undefined ? { message: end.message } : {}),
      params,
    };
  })();
  return {
    pause: () => trainer?.pause(),
    resume: () => trainer?.resume(),
    stop: () => trainer?.stop(),
    stepOnce: () => trainer?.stepOnce(),
    finished,
  };
}
