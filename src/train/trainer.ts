// The trainer: epochs of shuffled batches through an engine (CPU or GPU), evaluation on a held-out
// set, progress events, pause / resume / stop at any step, and the faults a student will meet —
// a loss that becomes NaN or ∞ (stopped, with the step and the likely cause), a GPU device lost
// mid-run (resumed from the last parameters on a new engine). Framework-free: it runs in Node,
// in a worker or on the page, and is deterministic for a seed on the CPU engine.

import { gatherBatch, type Dataset } from '../core/data/dataset';
import { createRng } from '../core/rng';
import type { HealthReport } from '../core/train/health';
import { HealthProbe } from './healthProbe';
import type { LayerParams } from '../core/weights';
import {
  DeviceLostError,
  type EngineFactory,
  type EngineInit,
  type TrainBatch,
  type TrainEngine,
} from './engine';

export interface TrainerOptions {
  readonly init: EngineInit;
  readonly createEngine: EngineFactory;
  readonly train: Dataset;
  /** Held-out examples, evaluated after every epoch (and every `evalEvery` steps). */
  readonly test?: Dataset;
  readonly batchSize: number;
  readonly epochs: number;
  /** The learning rate of step t (0-based): a schedule from core/train/schedule.ts. */
  readonly learningRate: (step: number) => number;
  /** Read the loss back every this many steps (1: every step). Each read is a GPU round trip. */
  readonly lossEvery?: number;
  /** Evaluate on `test` every this many steps too (0: only after each epoch). */
  readonly evalEvery?: number;
  /** At most this many test examples per evaluation (default: all). */
  readonly evalLimit?: number;
  /**
   * Keep a copy of the parameters every this many steps (default 50), to resume from after a
   * device loss and to fall back to when the loss diverges.
   */
  readonly checkpointEvery?: number;
  /**
   * Every this many steps, measure the step's per-layer weight and gradient health (a 'health'
   * event): parameters read before and after it, its gradients, its ReLU outputs. 0: never.
   */
  readonly healthEvery?: number;
  /**
   * At most this fraction of the run's time goes to health reports (e.g. 0.05): when one costs
   * more than that over `healthEvery` steps (a GPU's readbacks), the next comes later. The steps
   * of the reports then depend on timing; without it they are exactly every `healthEvery`.
   */
  readonly healthBudget?: number;
  /** How many device losses a run survives before it stops. */
  readonly maxDeviceLosses?: number;
  /** performance.now(), injectable for tests. */
  readonly now?: () => number;
}

export type TrainerEvent =
  | {
      readonly type: 'step';
      /** Steps done so far (1-based). */
      readonly step: number;
      readonly epoch: number;
      readonly loss: number | null;
      /** Batch accuracy in [0, 1], when the loss was read. */
      readonly accuracy: number | null;
      readonly learningRate: number;
      /** Examples per second over the last steps. */
      readonly examplesPerSecond: number;
    }
  | {
      readonly type: 'eval';
      readonly step: number;
      readonly epoch: number;
      readonly loss: number;
      readonly accuracy: number;
      readonly examples: number;
    }
  | { readonly type: 'health'; readonly step: number; readonly report: HealthReport }
  | { readonly type: 'paused' | 'resumed'; readonly step: number }
  | { readonly type: 'recovered'; readonly step: number; readonly message: string }
  | {
      readonly type: 'done';
      readonly step: number;
      /** 'finished' every epoch; 'stopped' by stop(); 'failed' with a message. */
      readonly reason: 'finished' | 'stopped' | 'failed';
      readonly message?: string;
    };

export type TrainerState = 'idle' | 'running' | 'paused' | 'done';

/** A seeded permutation of 0 … n−1 (Fisher–Yates). */
export function shuffled(n: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Why a loss went bad, in words a student can act on. */
export function divergenceMessage(loss: number, step: number, lr: number, kept: number): string {
  const what = Number.isNaN(loss) ? 'NaN (not a number)' : loss > 0 ? '∞' : '−∞';
  return (
    `Training stopped at step ${step}: the loss became ${what}. The learning rate ${lr} is most ` +
    `likely too high — the weights grew until the numbers overflowed. Try ${Number((lr / 10).toPrecision(2))}, ` +
    `or gradient clipping. The parameters ${kept === 0 ? 'from before training' : `of step ${kept}`} are kept.`
  );
}

export class Trainer {
  private engine: TrainEngine | null = null;
  private listeners = new Set<(e: TrainerEvent) => void>();
  private stateValue: TrainerState = 'idle';
  private pauseRequested = false;
  private stopRequested = false;
  private oneStep = false;
  private wake: (() => void) | null = null;
  private stepCount = 0;
  private checkpoint: Record<string, LayerParams> | null = null;
  private checkpointStep = 0;
  private losses = 0;
  private readonly probe: HealthProbe | null;

  constructor(private readonly opts: TrainerOptions) {
    const every = opts.healthEvery ?? 0;
    this.probe =
      every > 0 ? new HealthProbe(opts.init.network, every, opts.healthBudget ?? 0) : null;
  }

  get state(): TrainerState {
    return this.stateValue;
  }

  get step(): number {
    return this.stepCount;
  }

  on(listener: (e: TrainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pauses after the step in flight; resume() goes on from the next one. */
  pause(): void {
    if (this.stateValue === 'running') this.pauseRequested = true;
  }

  resume(): void {
    if (this.stateValue !== 'paused') return;
    this.pauseRequested = false;
    this.stateValue = 'running';
    this.emit({ type: 'resumed', step: this.stepCount });
    this.wake?.();
  }

  /** While paused: runs exactly one more step, then pauses again (a new 'paused' event). */
  stepOnce(): void {
    if (this.stateValue !== 'paused') return;
    this.oneStep = true;
    this.wake?.();
  }

  /** Stops after the step in flight (a paused run stops at once). */
  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /** Frees the engine (its GPU buffers); parameters() then returns the last checkpoint. */
  dispose(): void {
    this.engine?.dispose();
    this.engine = null;
  }

  /** The parameters now (the engine's), e.g. for the app to show the filters as they learn. */
  async parameters(): Promise<Record<string, LayerParams>> {
    if (this.engine) return this.engine.parameters();
    return this.checkpoint ?? { ...this.opts.init.params };
  }

  /** Runs every epoch (or until stop()); resolves with the last event. */
  async run(): Promise<TrainerEvent & { type: 'done' }> {
    if (this.stateValue !== 'idle') throw new Error('a trainer runs once; make a new one');
    const o = this.opts;
    const now = o.now ?? (() => performance.now());
    this.stateValue = 'running';
    this.checkpoint = { ...o.init.params };
    try {
      this.engine = await o.createEngine(o.init);
    } catch (e) {
      return this.finish('failed', message(e));
    }
    const per = o.train.shape[0] * o.train.shape[1] * o.train.shape[2];
    const images = new Float32Array(o.batchSize * per);
    const labels = new Int32Array(o.batchSize);
    const stepsPerEpoch = Math.ceil(o.train.size / o.batchSize);
    let window: { t: number; examples: number }[] = [{ t: now(), examples: 0 }];
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const order = shuffled(o.train.size, (o.init.seed ^ Math.imul(epoch + 1, 0x27d4eb2d)) >>> 0);
      for (let b = 0; b < stepsPerEpoch; b++) {
        if (await this.waitIfPaused()) return this.finish('stopped');
        const idx = order.subarray(b * o.batchSize, Math.min(o.train.size, (b + 1) * o.batchSize));
        gatherBatch(o.train, idx, images, labels);
        const batch: TrainBatch = {
          n: idx.length,
          images: images.subarray(0, idx.length * per),
          labels: labels.subarray(0, idx.length),
        };
        const lr = o.learningRate(this.stepCount);
        const probeStart = now();
        const before = this.probe?.due(this.stepCount)
          ? await this.probe.before(this.engine!)
          : null;
        const stepStart = now();
        const readLoss = this.stepCount % (o.lossEvery ?? 1) === 0;
        let result;
        try {
          result = await this.engine!.step(batch, lr, { loss: readLoss });
        } catch (e) {
          if (e instanceof DeviceLostError && (await this.recover(e))) {
            b--; // the step is done again on the new engine
            continue;
          }
          return this.finish('failed', message(e));
        }
        this.stepCount++;
        this.probe?.stepTook(now() - stepStart);
        if (result.loss !== null && !Number.isFinite(result.loss)) {
          // The step's update used that loss: the engine's parameters are spoiled. Keep the last
          // checkpoint instead (parameters() returns it from now on).
          this.engine!.dispose();
          this.engine = null;
          const why = divergenceMessage(result.loss, this.stepCount, lr, this.checkpointStep);
          return this.finish('failed', why);
        }
        window.push({ t: now(), examples: batch.n });
        if (window.length > 21) window = window.slice(-21);
        const span = (window.at(-1)!.t - window[0].t) / 1000;
        const examples = window.slice(1).reduce((s, w) => s + w.examples, 0);
        this.emit({
          type: 'step',
          step: this.stepCount,
          epoch,
          loss: result.loss,
          accuracy: result.correct === null ? null : result.correct / batch.n,
          learningRate: lr,
          examplesPerSecond: span > 0 ? examples / span : 0,
        });
        if (before) {
          const probeEnd = now();
          const report = await this.probe!.measure(this.engine!, this.stepCount, before);
          if (report) this.emit({ type: 'health', step: this.stepCount, report });
          this.probe!.schedule(this.stepCount, stepStart - probeStart + now() - probeEnd);
        }
        if (this.stepCount % (o.checkpointEvery ?? 50) === 0) {
          this.checkpoint = await this.engine!.parameters();
          this.checkpointStep = this.stepCount;
        }
        if (o.evalEvery && this.stepCount % o.evalEvery === 0) await this.evaluate(epoch);
      }
      if (o.test && !(o.evalEvery && this.stepCount % o.evalEvery === 0))
        await this.evaluate(epoch);
    }
    return this.finish('finished');
  }

  private async evaluate(epoch: number): Promise<void> {
    const o = this.opts;
    const test = o.test;
    if (!test || !this.engine) return;
    const count = Math.min(test.size, o.evalLimit ?? test.size);
    let loss = 0;
    let correct = 0;
    for (let from = 0; from < count; from += o.batchSize) {
      const idx = Int32Array.from(
        { length: Math.min(o.batchSize, count - from) },
        (_, k) => from + k,
      );
      const { images, labels } = gatherBatch(test, idx);
      const r = await this.engine.evaluate({ n: idx.length, images, labels });
      loss += r.loss * idx.length;
      correct += r.correct;
    }
    this.emit({
      type: 'eval',
      step: this.stepCount,
      epoch,
      loss: loss / count,
      accuracy: correct / count,
      examples: count,
    });
  }

  /** A lost device: a new engine from the last checkpoint. False when there is nothing left to try. */
  private async recover(e: Error): Promise<boolean> {
    const o = this.opts;
    this.losses++;
    if (this.losses > (o.maxDeviceLosses ?? 3)) return false;
    this.engine?.dispose();
    this.engine = null;
    try {
      this.engine = await o.createEngine({ ...o.init, params: this.checkpoint ?? o.init.params });
    } catch {
      return false;
    }
    this.emit({
      type: 'recovered',
      step: this.stepCount,
      message: `The GPU device was lost (${e.message}); training goes on from the parameters of the last checkpoint (the optimizer's momentum starts again).`,
    });
    return true;
  }

  /** Waits while paused; true when the run should stop. */
  private async waitIfPaused(): Promise<boolean> {
    if (this.stopRequested) return true;
    if (!this.pauseRequested) return false;
    this.stateValue = 'paused';
    this.emit({ type: 'paused', step: this.stepCount });
    while (this.pauseRequested && !this.stopRequested && !this.oneStep) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    if (this.oneStep && !this.stopRequested) this.stateValue = 'running'; // pauseRequested stays
    this.oneStep = false;
    return this.stopRequested;
  }

  private finish(
    reason: 'finished' | 'stopped' | 'failed',
    why?: string,
  ): TrainerEvent & { type: 'done' } {
    const e = {
      type: 'done' as const,
      step: this.stepCount,
      reason,
      ...(why !== undefined ? { message: why } : {}),
    };
    this.stateValue = 'done';
    this.emit(e);
    return e;
  }

  private emit(e: TrainerEvent): void {
    for (const l of this.listeners) l(e);
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
