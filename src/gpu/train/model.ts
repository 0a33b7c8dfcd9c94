// What a GPU training run keeps between steps, whatever the batch: every layer's parameters (and
// batch norm's running statistics), a gradient buffer for each trainable parameter, and the
// optimizer with its state. Allocated once; the batch plans (plan.ts) bind to these buffers.

import type { OkShape } from '../../core/infer';
import type { TrainGraph } from '../../core/train/graph';
import type { OptimizerConfig } from '../../core/train/optim';
import type { LayerParams } from '../../core/weights';
import type { LayerGradients } from '../../core/train/health';
import { READBACK, STORAGE, type Gpu } from '../gpu';
import { GpuOptimizer, type GpuParam } from '../programs/optim/optimizer';
import type { LayerBuffers } from '../recordLayer';

/** The parameter fields a layer's backward writes a gradient for. */
export const TRAINED_FIELDS = ['weight', 'bias', 'gamma', 'beta'] as const;
export type TrainedField = (typeof TRAINED_FIELDS)[number];

export class GpuModel {
  /** Every layer's parameter buffers (running statistics included), by layer id. */
  readonly params = new Map<string, LayerBuffers>();
  /** The gradient buffer of each trainable parameter, by layer id and field. */
  readonly grads = new Map<string, Partial<Record<TrainedField, GPUBuffer>>>();
  readonly optimizer: GpuOptimizer;
  private readonly sizes = new Map<GPUBuffer, number>();

  constructor(
    private readonly gpu: Gpu,
    graph: TrainGraph,
    initial: Readonly<Record<string, LayerParams>>,
    config: OptimizerConfig,
  ) {
    const list: GpuParam[] = [];
    for (const ls of graph.layers) {
      const p = initial[ls.id];
      if (!p) continue;
      const buffers: Record<string, GPUBuffer> = {};
      for (const [field, data] of Object.entries(p) as [keyof LayerParams, Float32Array][]) {
        const b = this.take(data.length, `${ls.id}.${field}`);
        gpu.device.queue.writeBuffer(b, 0, data);
        buffers[field] = b;
      }
      this.params.set(ls.id, buffers);
      if (!graph.trainable.has(ls.id)) continue;
      const grads: Partial<Record<TrainedField, GPUBuffer>> = {};
      for (const field of TRAINED_FIELDS) {
        const data = p[field];
        if (!data) continue;
        grads[field] = this.take(data.length, `${ls.id}.${field}.grad`);
        list.push({
          param: buffers[field],
          grad: grads[field]!,
          count: data.length,
          label: `${ls.id}.${field}`,
        });
      }
      this.grads.set(ls.id, grads);
    }
    this.optimizer = new GpuOptimizer(gpu, config, list, 'train.optim');
  }

  /** The buffers of one layer (a layer without parameters has none). */
  of(ls: OkShape): LayerBuffers {
    return this.params.get(ls.id) ?? {};
  }

  /** Copies of the parameters (of the layers `ids`, default all), read back in one submit. */
  read(ids?: readonly string[]): Promise<Record<string, LayerParams>> {
    return this.readBuffers(this.params, ids, 'train.read') as Promise<Record<string, LayerParams>>;
  }

  /** Copies of the last step's gradients (trainable layers, of `ids` when given), one submit. */
  readGradients(ids?: readonly string[]): Promise<Record<string, LayerGradients>> {
    return this.readBuffers(this.grads, ids, 'train.readGrads');
  }

  private async readBuffers(
    from: ReadonlyMap<string, Readonly<Record<string, GPUBuffer | undefined>>>,
    ids: readonly string[] | undefined,
    label: string,
  ): Promise<Record<string, Record<string, Float32Array>>> {
    const enc = this.gpu.device.createCommandEncoder({ label });
    const reads: [string, string, GPUBuffer, number][] = [];
    for (const [id, fields] of from) {
      if (ids && !ids.includes(id)) continue;
      for (const [field, buffer] of Object.entries(fields) as [string, GPUBuffer][]) {
        const n = this.sizes.get(buffer)!;
        const staging = this.gpu.buffers.acquire(n * 4, READBACK, `read.${id}.${field}`);
        enc.copyBufferToBuffer(buffer, 0, staging, 0, n * 4);
        reads.push([id, field, staging, n]);
      }
    }
    this.gpu.device.queue.submit([enc.finish()]);
    const out: Record<string, Record<string, Float32Array>> = {};
    try {
      await Promise.all(reads.map(([, , s, n]) => s.mapAsync(GPUMapMode.READ, 0, n * 4)));
      for (const [id, field, s, n] of reads) {
        (out[id] ??= {})[field] = new Float32Array(s.getMappedRange(0, n * 4).slice(0));
        s.unmap();
      }
    } finally {
      for (const [, , s] of reads) {
        if (s.mapState !== 'unmapped') s.unmap();
        this.gpu.buffers.release(s);
      }
    }
    return out;
  }

  /** Bytes the model holds: parameters, gradients and the optimizer's state. */
  get bytes(): number {
    let b = 0;
    for (const n of this.sizes.values()) b += n * 4;
    return b * 1 + this.optimizerBytes();
  }

  release(): void {
    for (const b of this.sizes.keys()) this.gpu.buffers.release(b);
    this.sizes.clear();
    this.optimizer.release();
  }

  private optimizerBytes(): number {
    let b = 0;
    for (const s of this.optimizer.states)
      for (const buf of [s.momentum, s.m, s.v]) if (buf) b += buf.size;
    return b;
  }

  private take(count: number, label: string): GPUBuffer {
    const b = this.gpu.buffers.acquire(Math.max(16, count * 4), STORAGE, label);
    this.sizes.set(b, count);
    return b;
  }
}
