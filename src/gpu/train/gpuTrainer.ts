// A training run on the GPU: the model (parameters, gradients, optimizer state) and one recorded
// plan per batch size (the last batch of an epoch is often shorter). A step writes the batch and
// this step's numbers (learning rate, dropout's step) with queue.writeBuffer and submits ONE
// command buffer: forward, loss, backward, update. Only the loss and the batch's correct count
// come back, and only when asked.
// Refuses, before allocating, a batch whose buffers would not fit the device or the memory
// budget, naming the layer and the size.

import { inferShapes } from '../../core/infer';
import { LIMITS } from '../../core/limits';
import type { Network } from '../../core/layers';
import { trainGraph, type TrainGraph } from '../../core/train/graph';
import type { OptimizerConfig } from '../../core/train/optim';
import type { Tensor } from '../../core/tensor';
import type { LayerParams } from '../../core/weights';
import type { LayerGradients } from '../../core/train/health';
import { READBACK, type Gpu } from '../gpu';
import { ResourceError } from '../guard';
import { LOSS_STATS_BYTES } from '../programs/grad/loss';
import { encode, numel } from '../programs/program';
import { GpuModel } from './model';
import { BatchPlan } from './plan';

export interface GpuTrainerInit {
  readonly network: Network;
  readonly params: Readonly<Record<string, LayerParams>>;
  readonly optimizer: OptimizerConfig;
  readonly loss: 'crossEntropy' | 'mse';
  readonly frozen: readonly string[];
  readonly seed: number;
  /** The largest batch: its memory is checked before anything is allocated. */
  readonly maxBatch: number;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Bytes a training step of batch n takes on the device, per layer (its output, its saved
 * statistics and its gradient tensors, about three of the output's size), and the largest one.
 */
export function trainingBytes(graph: TrainGraph): { total: number; largest: [string, number] } {
  let total = 0;
  let largest: [string, number] = ['input', 0];
  for (const ls of graph.layers) {
    const act = numel(ls.shape) * 4;
    // Output, its gradient (or a skip's sum), and a gradient for each input it sends back.
    const bytes = act * 2 + ls.inputShapes.reduce((s, x) => s + numel(x) * 4, 0);
    total += bytes;
    if (act > largest[1]) largest = [ls.id, act];
  }
  return { total, largest };
}

export class GpuTrainer {
  readonly model: GpuModel;
  private readonly plans = new Map<number, BatchPlan>();
  private steps = 0;

  constructor(
    private readonly gpu: Gpu,
    private readonly init: GpuTrainerInit,
  ) {
    const graph = this.graph(init.maxBatch);
    this.model = new GpuModel(gpu, graph, init.params, init.optimizer);
  }

  /** Refuses a batch whose step would not fit, before anything of it is allocated. */
  check(graph: TrainGraph, n: number): void {
    const limits = this.gpu.limits;
    const maxBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    const { total, largest } = trainingBytes(graph);
    if (largest[1] > maxBinding) {
      throw new ResourceError(
        `a batch of ${n} needs ${mib(largest[1])} for the output of layer '${largest[0]}', more than this GPU allows in one buffer (${mib(maxBinding)}); use a smaller batch`,
      );
    }
    const model = this.model?.bytes ?? 0;
    if (total + model > LIMITS.gpuMemoryBytes) {
      const per = total / n;
      const fits = Math.max(1, Math.floor((LIMITS.gpuMemoryBytes - model) / per));
      throw new ResourceError(
        `a batch of ${n} needs ${mib(total + model)} of GPU memory to train (layer '${largest[0]}' alone ${mib(largest[1])} per copy), more than the ${mib(LIMITS.gpuMemoryBytes)} budget; use a batch of ${fits} or fewer`,
      );
    }
  }

  /** The train graph of a batch of n. */
  graph(n: number): TrainGraph {
    const network = { ...this.init.network, input: { ...this.init.network.input, n } };
    const graph = trainGraph(inferShapes(network), this.init.loss, this.init.frozen);
    this.check(graph, n);
    return graph;
  }

  /** One step on images [n, C, H, W] and labels; returns the loss and correct count if asked. */
  async step(
    images: Float32Array,
    labels: Int32Array,
    n: number,
    lr: number,
    wantLoss: boolean,
  ): Promise<{ loss: number; correct: number } | null> {
    const plan = this.plan(n);
    this.write(plan, images, labels);
    plan.prepareStep(this.steps);
    this.model.optimizer.prepareStep(lr);
    this.steps++;
    return this.submit(plan, plan.train, wantLoss);
  }

  /** Loss and correct count in inference mode; nothing is updated. */
  async evaluate(
    images: Float32Array,
    labels: Int32Array,
    n: number,
  ): Promise<{ loss: number; correct: number }> {
    const plan = this.plan(n);
    this.write(plan, images, labels);
    return (await this.submit(plan, plan.evaluate, true))!;
  }

  /** The parameters of the layers `ids` (default all): the only readback besides the loss. */
  parameters(ids?: readonly string[]): Promise<Record<string, LayerParams>> {
    return this.model.read(ids);
  }

  /** The last step's gradients of the trainable layers `ids` (default all); none before a step. */
  gradients(ids?: readonly string[]): Promise<Record<string, LayerGradients>> {
    return this.steps === 0 ? Promise.resolve({}) : this.model.readGradients(ids);
  }

  /** One layer's output of the last batch (a feature map for the UI), read back on request. */
  async featureMap(layerId: string): Promise<Tensor> {
    const plan = [...this.plans.values()].at(-1);
    const t = plan?.activation(layerId);
    if (!plan || !t) throw new Error(`no computed output of layer '${layerId}' yet`);
    const bytes = numel(t.shape) * 4;
    const staging = this.gpu.buffers.acquire(bytes, READBACK, `read.${layerId}`);
    const enc = this.gpu.device.createCommandEncoder({ label: 'train.readMap' });
    enc.copyBufferToBuffer(t.buffer, 0, staging, 0, bytes);
    this.gpu.device.queue.submit([enc.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, bytes);
      const data = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
      return { shape: t.shape, data };
    } finally {
      if (staging.mapState !== 'unmapped') staging.unmap();
      this.gpu.buffers.release(staging);
    }
  }

  release(): void {
    for (const p of this.plans.values()) p.release();
    this.plans.clear();
    this.model.release();
  }

  private plan(n: number): BatchPlan {
    let p = this.plans.get(n);
    if (!p) {
      p = new BatchPlan(this.gpu, this.graph(n), n, this.model, this.init.loss, this.init.seed);
      this.plans.set(n, p);
    }
    return p;
  }

  private write(plan: BatchPlan, images: Float32Array, labels: Int32Array): void {
    const q = this.gpu.device.queue;
    q.writeBuffer(plan.input.buffer, 0, images, 0, numel(plan.input.shape));
    if (plan.loss === 'crossEntropy') {
      q.writeBuffer(plan.targets, 0, Uint32Array.from(labels.subarray(0, plan.n)));
    } else {
      const k = plan.graph.output.shape[1];
      const onehot = new Float32Array(plan.n * k);
      for (let i = 0; i < plan.n; i++) onehot[i * k + labels[i]] = 1;
      q.writeBuffer(plan.targets, 0, onehot);
    }
  }

  private async submit(
    plan: BatchPlan,
    recorded: BatchPlan['train'],
    read: boolean,
  ): Promise<{ loss: number; correct: number } | null> {
    const { device } = this.gpu;
    const enc = device.createCommandEncoder({ label: 'train.step' });
    const pass = enc.beginComputePass({ label: 'train.step.pass' });
    for (const r of recorded) encode(pass, r.dispatches);
    pass.end();
    const staging = read
      ? this.gpu.buffers.acquire(LOSS_STATS_BYTES, READBACK, 'train.loss.read')
      : null;
    if (staging) enc.copyBufferToBuffer(plan.stats, 0, staging, 0, LOSS_STATS_BYTES);
    device.queue.submit([enc.finish()]);
    if (!staging) return null;
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, LOSS_STATS_BYTES);
      const bytes = staging.getMappedRange(0, LOSS_STATS_BYTES);
      const loss = new Float32Array(bytes, 0, 1)[0];
      const correct = new Uint32Array(bytes, 4, 1)[0];
      staging.unmap();
      return { loss, correct };
    } finally {
      if (staging.mapState !== 'unmapped') staging.unmap();
      this.gpu.buffers.release(staging);
    }
  }
}
