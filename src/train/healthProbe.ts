// The trainer's health check: which steps it measures and how. It reads the parameters before a
// measured step, and after it the gradients, the parameters again and the ReLU layers' outputs,
// then core/train/health.ts turns them into a report. Reports come every `every` steps; with a
// time budget (a fraction of the run) the next one comes later when one cost more than that.

import { inferShapes } from '../core/infer';
import type { Network } from '../core/layers';
import { networkHealth, type HealthReport } from '../core/train/health';
import type { LayerParams } from '../core/weights';
import { DeviceLostError, type TrainEngine } from './engine';

export interface HealthLayers {
  readonly layers: readonly { readonly id: string; readonly name: string }[];
  readonly relus: readonly { readonly id: string; readonly after: string }[];
}

const LEARNS = new Set(['conv2d', 'linear', 'batchNorm', 'layerNorm']);

/**
 * ReLU outputs larger than this (values of the whole batch: 16 MiB) are not read for dead units:
 * on the GPU each is a readback, and VGG-16's first at batch 32 would be 400 MiB.
 */
export const DEAD_UNITS_MAX_VALUES = 4 * 2 ** 20;

export function healthLayers(network: Network): HealthLayers {
  const name = new Map(network.layers.map((l) => [l.id, l.name ?? l.id]));
  const layers = network.layers
    .filter((l) => LEARNS.has(l.kind))
    .map((l) => ({ id: l.id, name: name.get(l.id)! }));
  const shapes = inferShapes(network).byId;
  const relus = network.layers.flatMap((l, i) => {
    if (l.kind !== 'activation' || l.fn !== 'relu') return [];
    const ls = shapes.get(l.id);
    if (ls?.status !== 'ok' || ls.shape.reduce((a, b) => a * b, 1) > DEAD_UNITS_MAX_VALUES)
      return [];
    const from = l.inputs?.[0] ?? (i > 0 ? network.layers[i - 1].id : 'input');
    return [{ id: l.id, after: name.get(from) ?? from }];
  });
  return { layers, relus };
}

export class HealthProbe {
  private readonly watched: HealthLayers;
  /** Steps done when the next report is measured (the step after it). */
  private next: number;
  /** Smoothed wall time of one step, ms. */
  private stepMs = 0;

  constructor(
    network: Network,
    private readonly every: number,
    private readonly budget: number,
  ) {
    this.watched = healthLayers(network);
    this.next = every - 1;
  }

  /** Whether the step after `done` steps is measured. */
  due(done: number): boolean {
    return done >= this.next;
  }

  stepTook(ms: number): void {
    this.stepMs = this.stepMs === 0 ? ms : 0.8 * this.stepMs + 0.2 * ms;
  }

  /** After the report of step `step`, which cost `ms`: when the next is due. */
  schedule(step: number, ms: number): void {
    let wait = this.every;
    if (this.budget > 0 && this.stepMs > 0)
      wait = Math.max(this.every, Math.ceil(ms / (this.budget * this.stepMs)));
    this.next = step + wait - 1;
  }

  /** The parameters before the measured step; null when the device was lost (the step says so). */
  async before(engine: TrainEngine): Promise<Record<string, LayerParams> | null> {
    try {
      return await engine.parameters();
    } catch (e) {
      if (e instanceof DeviceLostError) return null;
      throw e;
    }
  }

  /** The report of step `step`, just taken from `before`; null when the device was lost. */
  async measure(
    engine: TrainEngine,
    step: number,
    before: Record<string, LayerParams>,
  ): Promise<HealthReport | null> {
    const { layers, relus } = this.watched;
    try {
      const gradients = await engine.gradients();
      const after = await engine.parameters();
      const outputs = [];
      for (const r of relus) outputs.push({ ...r, output: await engine.featureMap(r.id) });
      return networkHealth({ step, layers, before, after, gradients, relus: outputs });
    } catch (e) {
      if (e instanceof DeviceLostError) return null; // the next step reports it
      throw e;
    }
  }
}
