// Whole-network forward on the GPU: records every needed layer's program into one compute pass,
// submits once, and reads back only the layers asked for. Weights stay resident between runs
// (re-uploaded only when a layer's parameters change); a repeated run of the same network reuses
// its plan (buffers, uniforms, bind groups) and allocates nothing new.

import { dependencies, type Inference, type OkShape } from '../core/infer';
import { INPUT_ID } from '../core/layers';
import type { Tensor } from '../core/tensor';
import type { LayerParams } from '../core/weights';
import { READBACK, STORAGE, type Gpu } from './gpu';
import { checkResources } from './guard';
import { encode, numel, releaseRecorded, type GpuTensor, type Recorded } from './programs/program';
import { recordLayer, type LayerBuffers } from './recordLayer';

export interface RunOptions {
  readonly params: (ls: OkShape) => LayerParams;
  /** Names a layer's parameter values: while it is unchanged, the uploaded weights are reused. */
  readonly paramsKey: (ls: OkShape) => string;
  /** Compute this layer and its ancestors (default: every layer). */
  readonly upTo?: string;
  /** Layers to read back (default: the target). */
  readonly readback?: readonly string[];
  readonly batchNormMode?: 'inference' | 'training';
}

interface Plan {
  readonly key: string;
  readonly input: GpuTensor;
  readonly outputs: ReadonlyMap<string, GpuTensor>;
  readonly recorded: readonly Recorded[];
  /** Activation buffers owned by the plan (aliases such as flatten's are not listed). */
  readonly owned: readonly GPUBuffer[];
}

export class GpuRunner {
  private plan: Plan | null = null;
  /** Parameter buffers uploaded so far (a measure of what an edit costs). */
  uploads = 0;
  private readonly weights = new Map<string, { key: string; buffers: LayerBuffers }>();

  constructor(private readonly gpu: Gpu) {}

  async run(inference: Inference, input: Tensor, opts: RunOptions): Promise<Map<string, Tensor>> {
    const need = dependencies(inference, opts.upTo);
    const order = inference.layers.filter((l) => need.has(l.id));
    const blocked = order.find((l) => l.status !== 'ok');
    if (blocked) throw new Error(`layer '${blocked.id}' cannot be computed until it is fixed`);
    const layers = order as OkShape[];
    checkResources(inference, need, this.gpu.limits);
    const target = opts.upTo ?? layers.at(-1)?.id;
    const readback = (opts.readback ?? (target ? [target] : [])).filter((id) => need.has(id));

    const { device } = this.gpu;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const plan = this.planFor(layers, input, opts);
    device.queue.writeBuffer(plan.input.buffer, 0, input.data);
    const enc = device.createCommandEncoder({ label: 'forward' });
    const pass = enc.beginComputePass({ label: 'forward.pass' });
    for (const r of plan.recorded) encode(pass, r.dispatches);
    pass.end();
    const staging = readback.map((id) => {
      const t = plan.outputs.get(id)!;
      const bytes = numel(t.shape) * 4;
      const buffer = this.gpu.buffers.acquire(bytes, READBACK, `readback.${id}`);
      enc.copyBufferToBuffer(t.buffer, 0, buffer, 0, bytes);
      return { id, shape: t.shape, bytes, buffer };
    });
    device.queue.submit([enc.finish()]);
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    const failure = validation ?? oom;
    try {
      await Promise.all(staging.map((s) => s.buffer.mapAsync(GPUMapMode.READ, 0, s.bytes)));
    } catch (e) {
      for (const s of staging) this.gpu.buffers.release(s.buffer);
      throw e;
    }
    const out = new Map<string, Tensor>();
    for (const s of staging) {
      out.set(s.id, {
        shape: s.shape,
        data: new Float32Array(s.buffer.getMappedRange(0, s.bytes).slice(0)),
      });
      s.buffer.unmap();
      this.gpu.buffers.release(s.buffer);
    }
    if (failure) throw new Error(`the GPU rejected the work: ${failure.message}`);
    return out;
  }

  /** The resident parameter buffers of a layer (for tests and debugging tools). */
  residentWeights(id: string): LayerBuffers | undefined {
    return this.weights.get(id)?.buffers;
  }

  /** Releases every buffer this runner holds back to the pool. */
  dispose(): void {
    this.dropPlan();
    for (const w of this.weights.values())
      for (const b of Object.values(w.buffers)) this.gpu.buffers.release(b);
    this.weights.clear();
  }

  private planFor(layers: readonly OkShape[], input: Tensor, opts: RunOptions): Plan {
    const keys = layers.map((ls) => [ls.id, opts.paramsKey(ls)] as const);
    const key = JSON.stringify([
      input.shape,
      layers.map((l) => [l.layer, l.inputs]),
      keys,
      opts.batchNormMode ?? 'inference',
    ]);
    if (this.plan?.key === key) return this.plan;
    this.dropPlan();
    this.syncWeights(layers, keys, opts);
    const gpu = this.gpu;
    const inputTensor: GpuTensor = {
      buffer: gpu.buffers.acquire(input.data.byteLength, STORAGE, 'input'),
      shape: input.shape,
    };
    const outputs = new Map<string, GpuTensor>();
    const owned: GPUBuffer[] = [inputTensor.buffer];
    const recorded: Recorded[] = [];
    for (const ls of layers) {
      const ins = ls.inputs.map((id) => (id === INPUT_ID ? inputTensor : outputs.get(id)!));
      const r = recordLayer(gpu, ls, ins, this.weights.get(ls.id)?.buffers ?? {}, opts);
      outputs.set(ls.id, r.out);
      if (r.ownsOutput) owned.push(r.out.buffer);
      recorded.push(r.recorded);
    }
    this.plan = { key, input: inputTensor, outputs, recorded, owned };
    return this.plan;
  }

  /** Uploads parameters whose key changed; keeps the rest resident; drops those of gone layers. */
  private syncWeights(
    layers: readonly OkShape[],
    keys: readonly (readonly [string, string])[],
    opts: RunOptions,
  ): void {
    const wanted = new Map(keys);
    for (const [id, w] of this.weights) {
      if (wanted.get(id) !== w.key) {
        for (const b of Object.values(w.buffers)) this.gpu.buffers.release(b);
        this.weights.delete(id);
      }
    }
    for (const ls of layers) {
      if (this.weights.has(ls.id)) continue;
      const params = opts.params(ls);
      const buffers: Record<string, GPUBuffer> = {};
      for (const [name, data] of Object.entries(params) as [keyof LayerParams, Float32Array][]) {
        const buffer = this.gpu.buffers.acquire(
          Math.max(16, data.byteLength),
          STORAGE,
          `${ls.id}.${name}`,
        );
        this.gpu.device.queue.writeBuffer(buffer, 0, data);
        buffers[name] = buffer;
        this.uploads++;
      }
      this.weights.set(ls.id, { key: wanted.get(ls.id)!, buffers });
    }
  }

  private dropPlan(): void {
    if (!this.plan) return;
    for (const r of this.plan.recorded) releaseRecorded(this.gpu, r);
    for (const b of this.plan.owned) this.gpu.buffers.release(b);
    this.plan = null;
  }
}
