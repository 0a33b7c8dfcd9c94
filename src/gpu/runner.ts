// Whole-network forward on the GPU: records every needed layer's program into one compute pass,
// submits once, and reads back only the layers asked for. Weights stay resident between runs
// (re-uploaded only when a layer's parameters change); a repeated run of the same network reuses
// its plan (buffers, uniforms, bind groups) and allocates nothing new. A conv2d or linear layer
// followed by an activation that only it feeds runs as one fused dispatch (see fusion.ts).

import { layerCost } from '../core/cost';
import { dependencies, type Inference, type OkShape } from '../core/infer';
import { INPUT_ID } from '../core/layers';
import type { Tensor } from '../core/tensor';
import type { LayerParams } from '../core/weights';
import { fusedActivations, type ActivationShape } from './fusion';
import { READBACK, STORAGE, type Gpu } from './gpu';
import { checkResources, ResourceError } from './guard';
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
  /**
   * Progress of a long run: the layers go in a few submits (at most PROGRESS_CHUNKS, split by
   * multiply-accumulates), each reported once the GPU has finished it. Without it, one submit.
   */
  readonly onProgress?: (done: number, total: number, layerId: string) => void;
  /** Checked between those submits: true stops the run with a RunCancelled. */
  readonly cancelled?: () => boolean;
}

/** Submits of a run that reports progress. */
export const PROGRESS_CHUNKS = 12;

/** The run was cancelled between two of its submits. */
export class RunCancelled extends Error {
  override readonly name = 'RunCancelled';
  constructor() {
    super('cancelled');
  }
}

interface Plan {
  readonly key: string;
  readonly input: GpuTensor;
  readonly outputs: ReadonlyMap<string, GpuTensor>;
  readonly recorded: readonly Recorded[];
  /** For each recorded program, the index of its layer in the run's layer list. */
  readonly layerIndex: readonly number[];
  /** Multiply-accumulates of each recorded program's layer (how the progress chunks split). */
  readonly macs: readonly number[];
  /** Activation buffers owned by the plan (aliases such as flatten's are not listed). */
  readonly owned: readonly GPUBuffer[];
}

interface Staging {
  readonly id: string;
  readonly shape: readonly number[];
  readonly bytes: number;
  readonly buffer: GPUBuffer;
}

export class GpuRunner {
  private plan: Plan | null = null;
  /** Parameter buffers uploaded so far (a measure of what an edit costs). */
  uploads = 0;
  /** Dispatches recorded by the last run (fused layers make fewer). */
  lastDispatches = 0;
  private readonly weights = new Map<string, { key: string; buffers: LayerBuffers }>();

  constructor(private readonly gpu: Gpu) {}

  async run(inference: Inference, input: Tensor, opts: RunOptions): Promise<Map<string, Tensor>> {
    const need = dependencies(inference, opts.upTo);
    const order = inference.layers.filter((l) => need.has(l.id));
    const blocked = order.find((l) => l.status !== 'ok');
    if (blocked) throw new Error(`layer '${blocked.id}' cannot be computed until it is fixed`);
    const layers = order as OkShape[];
    const target = opts.upTo ?? layers.at(-1)?.id;
    const readback = (opts.readback ?? (target ? [target] : [])).filter((id) => need.has(id));
    const fused = fusedActivations(layers, readback);
    const batchNormMode = opts.batchNormMode ?? 'inference';
    checkResources(
      {
        inputShape: input.shape,
        layers,
        readback,
        fusedActivations: new Set([...fused.values()].map((a) => a.id)),
        batchNormMode,
      },
      this.gpu.limits,
    );

    const { device } = this.gpu;
    const staging: Staging[] = [];
    let failure: GPUError | null;
    // Every path pops both scopes: a scope left on the stack would swallow later errors
    // (uncaptured errors included) and unbalance every run after it.
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    try {
      const plan = this.planFor(layers, input, opts, fused);
      device.queue.writeBuffer(plan.input.buffer, 0, input.data);
      const chunks = opts.onProgress ? progressChunks(plan, layers) : [plan.recorded.length];
      let from = 0;
      let enc = device.createCommandEncoder({ label: 'forward' });
      for (let c = 0; c < chunks.length - 1; c++) {
        // A chunk of the run, submitted alone so that its end can be reported (and cancelled at).
        const pass = enc.beginComputePass({ label: `forward.pass${c}` });
        for (const r of plan.recorded.slice(from, chunks[c])) encode(pass, r.dispatches);
        pass.end();
        device.queue.submit([enc.finish()]);
        await device.queue.onSubmittedWorkDone();
        from = chunks[c];
        opts.onProgress?.(
          plan.layerIndex[from - 1] + 1,
          layers.length,
          layers[plan.layerIndex[from - 1]].id,
        );
        if (opts.cancelled?.()) throw new RunCancelled();
        enc = device.createCommandEncoder({ label: 'forward' });
      }
      const pass = enc.beginComputePass({ label: 'forward.pass' });
      for (const r of plan.recorded.slice(from)) encode(pass, r.dispatches);
      pass.end();
      for (const id of readback) {
        const t = plan.outputs.get(id)!;
        const bytes = numel(t.shape) * 4;
        const buffer = this.gpu.buffers.acquire(bytes, READBACK, `readback.${id}`);
        staging.push({ id, shape: t.shape, bytes, buffer });
        enc.copyBufferToBuffer(t.buffer, 0, buffer, 0, bytes);
      }
      device.queue.submit([enc.finish()]);
    } catch (e) {
      for (const s of staging) this.gpu.buffers.release(s.buffer);
      throw e;
    } finally {
      const validation = await device.popErrorScope();
      const oom = await device.popErrorScope();
      failure = validation ?? oom;
    }
    try {
      if (failure) throw new Error(`the GPU rejected the work: ${failure.message}`);
      await Promise.all(staging.map((s) => s.buffer.mapAsync(GPUMapMode.READ, 0, s.bytes)));
      if (layers.length > 0) opts.onProgress?.(layers.length, layers.length, layers.at(-1)!.id);
      const out = new Map<string, Tensor>();
      for (const s of staging) {
        out.set(s.id, {
          shape: s.shape,
          data: new Float32Array(s.buffer.getMappedRange(0, s.bytes).slice(0)),
        });
        s.buffer.unmap();
      }
      return out;
    } finally {
      for (const s of staging) {
        // A map still pending (another staging buffer's map failed) is cancelled first: the pool
        // must hand out unmapped buffers.
        if (s.buffer.mapState !== 'unmapped') s.buffer.unmap();
        this.gpu.buffers.release(s.buffer);
      }
    }
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

  private planFor(
    layers: readonly OkShape[],
    input: Tensor,
    opts: RunOptions,
    fused: ReadonlyMap<string, ActivationShape>,
  ): Plan {
    const keys = layers.map((ls) => [ls.id, opts.paramsKey(ls)] as const);
    const key = JSON.stringify([
      input.shape,
      layers.map((l) => [l.layer, l.inputs]),
      keys,
      opts.batchNormMode ?? 'inference',
      [...fused].map(([producer, act]) => [producer, act.id]),
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
    const layerIndex: number[] = [];
    const macs: number[] = [];
    const fusedInto = new Set([...fused.values()].map((a) => a.id));
    try {
      for (const [i, ls] of layers.entries()) {
        if (fusedInto.has(ls.id)) continue; // its producer's dispatch writes it
        const act = fused.get(ls.id);
        const ins = ls.inputs.map((id) => (id === INPUT_ID ? inputTensor : outputs.get(id)!));
        const r = named(ls.id, () =>
          recordLayer(gpu, ls, ins, this.weights.get(ls.id)?.buffers ?? {}, {
            batchNormMode: opts.batchNormMode,
            fused: act && { id: act.id, layer: act.layer },
          }),
        );
        outputs.set(act?.id ?? ls.id, r.out);
        if (r.ownsOutput) owned.push(r.out.buffer);
        recorded.push(r.recorded);
        layerIndex.push(act ? layers.findIndex((l) => l.id === act.id) : i);
        macs.push(layerCost(ls)?.macs ?? 0);
        checkDispatches(ls.id, r.recorded, gpu.limits);
      }
    } catch (e) {
      // Nothing half-built stays behind: every buffer goes back to the pool.
      for (const r of recorded) releaseRecorded(gpu, r);
      for (const b of owned) gpu.buffers.release(b);
      throw e;
    }
    this.plan = { key, input: inputTensor, outputs, recorded, layerIndex, macs, owned };
    this.lastDispatches = recorded.reduce((n, r) => n + r.dispatches.length, 0);
    // Buffers of the previous plan that this one did not reuse are freed now, so GPU memory
    // follows the current network rather than every network seen since the page loaded.
    gpu.buffers.trim();
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

/**
 * Where a progress-reporting run splits its submits: end indices into plan.recorded, each chunk
 * holding about an equal share of the multiply-accumulates (at most PROGRESS_CHUNKS chunks).
 */
function progressChunks(plan: Plan, layers: readonly OkShape[]): number[] {
  const n = plan.recorded.length;
  if (n <= 1 || layers.length <= 1) return [n];
  const total = plan.macs.reduce((a, b) => a + b, 0) || n;
  const share = total / PROGRESS_CHUNKS;
  const ends: number[] = [];
  let acc = 0;
  for (let i = 0; i < n - 1; i++) {
    acc += plan.macs[i] || (total === n ? 1 : 0);
    if (acc >= share * (ends.length + 1)) ends.push(i + 1);
  }
  ends.push(n);
  return ends;
}

/** `record()`, with an error that does not name a layer prefixed by this one's id. */
function named<T>(id: string, record: () => T): T {
  try {
    return record();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.startsWith('layer ')) throw e;
    throw new Error(`layer '${id}': ${message}`, { cause: e });
  }
}

/** Refuses a dispatch with more workgroups along a dimension than the device allows. */
function checkDispatches(id: string, r: Recorded, limits: GPUSupportedLimits): void {
  const max = limits.maxComputeWorkgroupsPerDimension;
  for (const d of r.dispatches) {
    const over = d.workgroups.find((n) => n > max);
    if (over !== undefined) {
      throw new ResourceError(
        `layer '${id}' needs ${over.toLocaleString('en-US')} workgroups along one dimension of its dispatch '${d.label}', more than this GPU allows (${max.toLocaleString('en-US')}); try a smaller input`,
      );
    }
  }
}
