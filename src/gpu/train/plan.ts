// One batch size's training step on the GPU, recorded once and submitted every step: the forward
// pass in training mode (saving max pooling's winners and the norms' statistics), the loss with
// its gradient, the backward pass (a tensor read by several layers gets the sum of their
// gradients; nothing flows back past the last trainable layer), and the optimizer's update —
// one compute pass, one submit. Also the evaluation (inference mode: running statistics, no
// dropout) over the same buffers. Every buffer is taken when the plan is built: a step of the
// same shapes allocates nothing.

import type { OkShape } from '../../core/infer';
import { INPUT_ID } from '../../core/layers';
import type { TrainGraph } from '../../core/train/graph';
import { layerSeed } from '../../core/weights';
import { STORAGE, type Gpu } from '../gpu';
import { activationProgram } from '../programs/activation';
import { addProgram } from '../programs/add';
import { batchNormProgram } from '../programs/batchNorm';
import { concatProgram } from '../programs/concat';
import { conv2dProgram } from '../programs/conv2d';
import { flattenAlias } from '../programs/flatten';
import { globalAvgPoolProgram } from '../programs/globalAvgPool';
import { batchNormTrainProgram } from '../programs/grad/batchNorm';
import { dropoutParamsBytes, dropoutTrainProgram } from '../programs/grad/dropout';
import { layerNormTrainProgram } from '../programs/grad/layerNorm';
import { crossEntropyProgram, lossStatsBuffer, mseProgram } from '../programs/grad/loss';
import { layerNormProgram } from '../programs/layerNorm';
import { linearProgram } from '../programs/linear';
import { pool2dProgram } from '../programs/pool2d';
import { numel, releaseRecorded, type GpuTensor, type Recorded } from '../programs/program';
import { softmaxProgram } from '../programs/softmax';
import { recordBackward, type DropoutPass } from './backward';
import type { GpuModel } from './model';

export class BatchPlan {
  readonly input: GpuTensor;
  /** u32 labels (cross-entropy) or f32 one-hot targets (MSE). */
  readonly targets: GPUBuffer;
  /** f32 mean loss, u32 correct, u32 N. */
  readonly stats: GPUBuffer;
  /** The step: forward (training), loss, backward, optimizer. */
  readonly train: Recorded[] = [];
  /** The evaluation: forward (inference), loss. */
  readonly evaluate: Recorded[] = [];
  /** Dropout passes whose params are rewritten each step (a new mask). */
  readonly dropouts: DropoutPass[] = [];
  private readonly owned: GPUBuffer[] = [];
  private readonly acts = new Map<string, GpuTensor>();

  constructor(
    private readonly gpu: Gpu,
    readonly graph: TrainGraph,
    readonly n: number,
    private readonly model: GpuModel,
    readonly loss: 'crossEntropy' | 'mse',
    seed: number,
  ) {
    const x = graph.layers[0].inputShapes[0];
    this.input = this.tensor(x, 'train.input');
    this.acts.set(INPUT_ID, this.input);
    const classes = graph.output.shape[1];
    this.targets = this.take(loss === 'crossEntropy' ? n : n * classes, 'train.targets');
    this.stats = lossStatsBuffer(gpu, 'train.loss');
    this.owned.push(this.stats);
    try {
      this.recordForward(seed);
      const dOut = this.tensor(graph.output.shape, 'train.dlogits');
      const logits = this.acts.get(graph.output.id)!;
      const loss = this.lossProgram(logits, dOut);
      this.train.push(loss);
      this.recordBackward(dOut, seed);
      this.train.push(model.optimizer.recorded);
      this.recordEvaluate();
      this.evaluate.push(this.lossProgram(logits, dOut));
    } catch (e) {
      this.release();
      throw e;
    }
  }

  /** A layer's output buffer (its forward of the last batch). */
  activation(layerId: string): GpuTensor | undefined {
    return this.acts.get(layerId);
  }

  /** Writes this step's dropout masks' key (the step number) into their params. */
  prepareStep(step: number): void {
    for (const d of this.dropouts)
      this.gpu.device.queue.writeBuffer(
        d.params,
        0,
        dropoutParamsBytes(d.count, d.p, d.seed, step),
      );
  }

  release(): void {
    // The optimizer's dispatches belong to the model, which outlives the plan.
    for (const r of [...this.train, ...this.evaluate])
      if (r !== this.model.optimizer.recorded) releaseRecorded(this.gpu, r);
    for (const b of this.owned) this.gpu.buffers.release(b);
    this.owned.length = 0;
  }

  private take(count: number, label: string): GPUBuffer {
    const b = this.gpu.buffers.acquire(Math.max(16, count * 4), STORAGE, label);
    this.owned.push(b);
    return b;
  }

  private tensor(shape: readonly number[], label: string): GpuTensor {
    return { buffer: this.take(numel(shape), label), shape: [...shape] };
  }

  private lossProgram(logits: GpuTensor, dOut: GpuTensor): Recorded {
    return this.loss === 'crossEntropy'
      ? crossEntropyProgram(this.gpu, {
          logits,
          labels: this.targets,
          dlogits: dOut,
          stats: this.stats,
        })
      : mseProgram(this.gpu, {
          y: logits,
          target: { buffer: this.targets, shape: logits.shape },
          dy: dOut,
          stats: this.stats,
        });
  }

  // ---- forward -------------------------------------------------------------------------------

  private readonly argmax = new Map<string, GPUBuffer>();
  private readonly normSaved = new Map<string, { mean: GPUBuffer; spread: GPUBuffer }>();

  private recordForward(seed: number): void {
    for (const ls of this.graph.layers) {
      const ins = ls.inputs.map((i) => this.acts.get(i)!);
      if (ls.layer.kind === 'flatten') {
        this.acts.set(ls.id, flattenAlias(ins[0], ls.shape));
        continue;
      }
      const out = this.tensor(ls.shape, ls.id);
      this.acts.set(ls.id, out);
      this.train.push(this.forwardProgram(ls, ins, out, seed));
    }
  }

  private forwardProgram(ls: OkShape, ins: GpuTensor[], out: GpuTensor, seed: number): Recorded {
    const { gpu } = this;
    const { layer, id } = ls;
    const p = this.model.of(ls);
    const x = ins[0];
    switch (layer.kind) {
      case 'maxPool2d': {
        const argmax = this.take(numel(ls.shape), `${id}.argmax`);
        this.argmax.set(id, argmax);
        return pool2dProgram(gpu, x, out, layer, ls.window!, argmax, id);
      }
      case 'batchNorm': {
        const C = ls.shape[1];
        const saved = { mean: this.take(C, `${id}.mean`), spread: this.take(C, `${id}.invStd`) };
        this.normSaved.set(id, saved);
        return batchNormTrainProgram(
          gpu,
          {
            x,
            out,
            gamma: p.gamma!,
            beta: p.beta!,
            runningMean: p.runningMean!,
            runningVar: p.runningVar!,
            mean: saved.mean,
            invStd: saved.spread,
          },
          layer.eps,
          0.1,
          `${id}.train`,
        );
      }
      case 'layerNorm': {
        const N = ls.shape[0];
        const saved = { mean: this.take(N, `${id}.mean`), spread: this.take(N, `${id}.rstd`) };
        this.normSaved.set(id, saved);
        return layerNormTrainProgram(
          gpu,
          {
            x,
            out,
            gamma: p.gamma ?? null,
            beta: p.beta ?? null,
            mean: saved.mean,
            rstd: saved.spread,
          },
          layer.eps,
          `${id}.train`,
        );
      }
      case 'dropout': {
        const s = layerSeed(seed, id);
        const r = dropoutTrainProgram(gpu, { x, out }, layer.p, s, 0, `${id}.train`);
        this.dropouts.push({ params: r.owned[0], count: numel(ls.shape), p: layer.p, seed: s });
        return r;
      }
      default:
        return this.inferenceProgram(ls, ins, out);
    }
  }

  /** A layer's forward as in inference (the same in training for all but the four above). */
  private inferenceProgram(ls: OkShape, ins: GpuTensor[], out: GpuTensor): Recorded {
    const { gpu } = this;
    const { layer, id } = ls;
    const p = this.model.of(ls);
    const x = ins[0];
    switch (layer.kind) {
      case 'conv2d':
        return conv2dProgram(
          gpu,
          x,
          p.weight!,
          p.bias ?? null,
          out,
          layer,
          ls.window!,
          {
            trueConvolution: layer.trueConvolution ?? false,
          },
          id,
        );
      case 'linear':
        return linearProgram(gpu, x, p.weight!, p.bias ?? null, out, id);
      case 'maxPool2d':
      case 'avgPool2d':
        return pool2dProgram(gpu, x, out, layer, ls.window!, null, id);
      case 'globalAvgPool':
        return globalAvgPoolProgram(gpu, x, out, id);
      case 'batchNorm':
        return batchNormProgram(
          gpu,
          x,
          out,
          {
            gamma: p.gamma!,
            beta: p.beta!,
            runningMean: p.runningMean!,
            runningVar: p.runningVar!,
          },
          layer.eps,
          'inference',
          null,
          id,
        );
      case 'layerNorm':
        return layerNormProgram(gpu, x, out, p.gamma ?? null, p.beta ?? null, layer.eps, id);
      case 'activation':
        return activationProgram(gpu, x, out, layer.fn, layer.alpha, id);
      case 'softmax':
        return softmaxProgram(gpu, x, out, id);
      case 'add':
        return addProgram(gpu, ins, out, id);
      case 'concat':
        return concatProgram(gpu, ins, out, id);
      case 'dropout': // inference: a copy (p = 0 keeps every value), so readers bind as in training
        return dropoutTrainProgram(gpu, { x, out }, 0, 0, 0, `${id}.eval`);
      case 'flatten':
        throw new Error('flatten is an alias, not a pass');
    }
  }

  private recordEvaluate(): void {
    for (const ls of this.graph.layers) {
      if (ls.layer.kind === 'flatten') continue;
      const ins = ls.inputs.map((i) => this.acts.get(i)!);
      this.evaluate.push(this.inferenceProgram(ls, ins, this.acts.get(ls.id)!));
    }
  }

  // ---- backward (backward.ts, shared with the explanations' plan) ---------------------------

  private recordBackward(dOut: GpuTensor, seed: number): void {
    recordBackward(
      {
        gpu: this.gpu,
        graph: this.graph,
        mode: 'training',
        act: (id) => this.acts.get(id)!,
        params: (ls) => this.model.of(ls),
        grads: (id) => this.model.grads.get(id) ?? {},
        argmax: (id) => this.argmax.get(id) ?? null,
        normSaved: (id) => this.normSaved.get(id)!,
        take: (count, label) => this.take(count, label),
        push: (r) => this.train.push(r),
        dropout: (d) => this.dropouts.push(d),
      },
      dOut,
      seed,
    );
  }
}
