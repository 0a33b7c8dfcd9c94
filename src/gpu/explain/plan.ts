// An explanation's forward and backward pass on the GPU, recorded once for a batch size and
// submitted as often as needed (SmoothGrad's copies, occlusion's patches, each step of feature
// visualization): the inference forward (the app's own forward programs, recordLayer.ts; max
// pooling saves its winners and layer norm its statistics for the backward), then the training
// engine's backward (gpu/train/backward.ts) in inference mode from a seed gradient written at
// the output, keeping the gradients of the image and of the chosen layers.

import type { OkShape } from '../../core/infer';
import { INPUT_ID } from '../../core/layers';
import type { TrainGraph } from '../../core/train/graph';
import type { LayerParams } from '../../core/weights';
import { READBACK, STORAGE, type Gpu } from '../gpu';
import { layerNormTrainProgram } from '../programs/grad/layerNorm';
import { pool2dProgram } from '../programs/pool2d';
import { encode, numel, releaseRecorded, type GpuTensor, type Recorded } from '../programs/program';
import { recordLayer, type LayerBuffers } from '../recordLayer';
import { recordBackward } from '../train/backward';

export interface ExplainPlanOptions {
  /** Record the backward pass too (occlusion and ranking examples need only the forward). */
  readonly backward: boolean;
}

export class ExplainPlan {
  readonly input: GpuTensor;
  /** The gradient seeded at the output (written before each run). */
  readonly seed: GpuTensor;
  readonly output: GpuTensor;
  private readonly forward: Recorded[] = [];
  private readonly backward: Recorded[] = [];
  private readonly owned: GPUBuffer[] = [];
  private readonly acts = new Map<string, GpuTensor>();
  private readonly params = new Map<string, LayerBuffers>();
  private readonly argmax = new Map<string, GPUBuffer>();
  private readonly norms = new Map<string, { mean: GPUBuffer; spread: GPUBuffer }>();
  private grads = new Map<string, GpuTensor>();

  constructor(
    private readonly gpu: Gpu,
    readonly graph: TrainGraph,
    params: Readonly<Record<string, LayerParams>>,
    opts: ExplainPlanOptions,
  ) {
    try {
      this.input = this.tensor(graph.layers[0].inputShapes[0], 'explain.input');
      this.acts.set(INPUT_ID, this.input);
      for (const ls of graph.layers) this.upload(ls, params[ls.id] ?? {});
      for (const ls of graph.layers) this.recordForward(ls);
      this.output = this.acts.get(graph.output.id)!;
      this.seed = this.tensor(this.output.shape, 'explain.seed');
      if (opts.backward) this.grads = this.recordBackward();
    } catch (e) {
      this.release();
      throw e;
    }
  }

  /** Writes the images (and the seed gradient), runs, and reads back the named tensors. */
  async run(
    images: Float32Array,
    seed: Float32Array | null,
    read: { readonly acts?: readonly string[]; readonly grads?: readonly string[] },
  ): Promise<{ acts: Map<string, Float32Array>; grads: Map<string, Float32Array> }> {
    const { device } = this.gpu;
    device.queue.writeBuffer(this.input.buffer, 0, images);
    if (seed) device.queue.writeBuffer(this.seed.buffer, 0, seed);
    const enc = device.createCommandEncoder({ label: 'explain.run' });
    const pass = enc.beginComputePass({ label: 'explain.pass' });
    for (const r of this.forward) encode(pass, r.dispatches);
    if (seed) for (const r of this.backward) encode(pass, r.dispatches);
    pass.end();
    const wanted: [Map<string, Float32Array>, string, GpuTensor][] = [];
    const acts = new Map<string, Float32Array>();
    const grads = new Map<string, Float32Array>();
    for (const id of read.acts ?? []) wanted.push([acts, id, this.need(this.acts, id, 'output')]);
    for (const id of read.grads ?? []) {
      const g = this.grads.get(id);
      // A tensor the seed does not reach (a branch off the path) has a zero gradient.
      if (g) wanted.push([grads, id, g]);
      else grads.set(id, new Float32Array(numel(this.need(this.acts, id, 'output').shape)));
    }
    const staging = wanted.map(([, id, t]) => {
      const bytes = numel(t.shape) * 4;
      const s = this.gpu.buffers.acquire(bytes, READBACK, `explain.read.${id}`);
      enc.copyBufferToBuffer(t.buffer, 0, s, 0, bytes);
      return s;
    });
    device.queue.submit([enc.finish()]);
    try {
      await Promise.all(
        staging.map((s, i) => s.mapAsync(GPUMapMode.READ, 0, numel(wanted[i][2].shape) * 4)),
      );
      wanted.forEach(([into, id, t], i) => {
        into.set(id, new Float32Array(staging[i].getMappedRange(0, numel(t.shape) * 4).slice(0)));
        staging[i].unmap();
      });
    } finally {
      for (const s of staging) {
        if (s.mapState !== 'unmapped') s.unmap();
        this.gpu.buffers.release(s);
      }
    }
    return { acts, grads };
  }

  release(): void {
    for (const r of [...this.forward, ...this.backward]) releaseRecorded(this.gpu, r);
    this.forward.length = 0;
    this.backward.length = 0;
    for (const b of this.owned) this.gpu.buffers.release(b);
    this.owned.length = 0;
  }

  private need(m: Map<string, GpuTensor>, id: string, what: string): GpuTensor {
    const t = m.get(id);
    if (!t) throw new Error(`the explanation's plan has no ${what} of '${id}'`);
    return t;
  }

  private take(count: number, label: string): GPUBuffer {
    const b = this.gpu.buffers.acquire(Math.max(16, count * 4), STORAGE, label);
    this.owned.push(b);
    return b;
  }

  private tensor(shape: readonly number[], label: string): GpuTensor {
    return { buffer: this.take(numel(shape), label), shape: [...shape] };
  }

  private upload(ls: OkShape, p: LayerParams): void {
    const buffers: Record<string, GPUBuffer> = {};
    for (const [field, data] of Object.entries(p) as [keyof LayerParams, Float32Array][]) {
      const b = this.take(data.length, `${ls.id}.${field}`);
      this.gpu.device.queue.writeBuffer(b, 0, data);
      buffers[field] = b;
    }
    this.params.set(ls.id, buffers);
    if (ls.layer.kind === 'batchNorm' && p.runningVar && p.runningMean) {
      // Inference: the running statistics are constants; the backward reads 1/√(var + ε).
      const eps = ls.layer.eps;
      const spread = this.take(p.runningVar.length, `${ls.id}.invStd`);
      this.gpu.device.queue.writeBuffer(
        spread,
        0,
        p.runningVar.map((v) => 1 / Math.sqrt(v + eps)),
      );
      this.norms.set(ls.id, { mean: buffers.runningMean, spread });
    }
  }

  private recordForward(ls: OkShape): void {
    const { gpu } = this;
    const ins = ls.inputs.map((i) => this.acts.get(i)!);
    const p = this.params.get(ls.id) ?? {};
    const { layer, id } = ls;
    if (layer.kind === 'maxPool2d') {
      const out = this.tensor(ls.shape, id);
      this.acts.set(id, out);
      const argmax = this.take(numel(ls.shape), `${id}.argmax`);
      this.argmax.set(id, argmax);
      this.forward.push(pool2dProgram(gpu, ins[0], out, layer, ls.window!, argmax, id));
      return;
    }
    if (layer.kind === 'layerNorm') {
      // The same output as inference (layer norm has no running statistics), plus what its
      // backward reads.
      const out = this.tensor(ls.shape, id);
      this.acts.set(id, out);
      const N = ls.shape[0];
      const saved = { mean: this.take(N, `${id}.mean`), spread: this.take(N, `${id}.rstd`) };
      this.norms.set(id, saved);
      const buffers = { x: ins[0], out, gamma: p.gamma ?? null, beta: p.beta ?? null };
      this.forward.push(
        layerNormTrainProgram(
          gpu,
          { ...buffers, mean: saved.mean, rstd: saved.spread },
          layer.eps,
          `${id}.forward`,
        ),
      );
      return;
    }
    const r = recordLayer(gpu, ls, ins, p, { batchNormMode: 'inference' });
    if (r.ownsOutput) this.owned.push(r.out.buffer);
    this.acts.set(id, r.out);
    this.forward.push(r.recorded);
  }

  private recordBackward(): Map<string, GpuTensor> {
    return recordBackward(
      {
        gpu: this.gpu,
        graph: this.graph,
        mode: 'inference',
        act: (id) => this.acts.get(id)!,
        params: (ls) => this.params.get(ls.id) ?? {},
        grads: () => ({}),
        argmax: (id) => this.argmax.get(id) ?? null,
        normSaved: (id) => this.norms.get(id)!,
        take: (count, label) => this.take(count, label),
        push: (r) => this.backward.push(r),
        dropout: () => {
          throw new Error('dropout has no masks in inference');
        },
      },
      this.seed,
      0,
      true,
    );
  }
}
