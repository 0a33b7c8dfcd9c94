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
import { activationBackwardProgram } from '../programs/grad/activation';
import { batchNormBackwardProgram, batchNormTrainProgram } from '../programs/grad/batchNorm';
import { concatBackwardProgram } from '../programs/grad/concat';
import { conv2dBackwardProgram } from '../programs/grad/conv2d';
import {
  dropoutBackwardProgram,
  dropoutParamsBytes,
  dropoutTrainProgram,
} from '../programs/grad/dropout';
import { globalAvgPoolBackwardProgram } from '../programs/grad/globalAvgPool';
import { layerNormBackwardProgram, layerNormTrainProgram } from '../programs/grad/layerNorm';
import { linearBackwardProgram } from '../programs/grad/linear';
import { crossEntropyProgram, lossStatsBuffer, mseProgram } from '../programs/grad/loss';
import { pool2dBackwardProgram } from '../programs/grad/pool2d';
import { softmaxBackwardProgram } from '../programs/grad/softmax';
import { layerNormProgram } from '../programs/layerNorm';
import { linearProgram } from '../programs/linear';
import { pool2dProgram } from '../programs/pool2d';
import { numel, releaseRecorded, type GpuTensor, type Recorded } from '../programs/program';
import { softmaxProgram } from '../programs/softmax';
import type { GpuModel } from './model';

interface DropoutPass {
  readonly params: GPUBuffer;
  readonly count: number;
  readonly p: number;
  readonly seed: number;
}

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

  // ---- backward ------------------------------------------------------------------------------

  private recordBackward(dOut: GpuTensor, seed: number): void {
    const g = this.graph;
    /** Gradient contributions to each tensor, from the layers that read it. */
    const contribs = new Map<string, GpuTensor[]>([[g.output.id, [dOut]]]);
    for (let k = g.layers.length - 1; k >= 0; k--) {
      const ls = g.layers[k];
      const parts = contribs.get(ls.id);
      const wantInput = g.needsInputGrad.has(ls.id);
      const wantParams = g.trainable.has(ls.id);
      if (!parts || (!wantInput && !wantParams)) continue;
      const dy = parts.length === 1 ? parts[0] : this.sum(ls, parts);
      const dxs = this.layerBackward(ls, dy, wantInput, wantParams, seed);
      if (!wantInput) continue;
      ls.inputs.forEach((src, i) => {
        if (src === INPUT_ID || !dxs[i]) return;
        contribs.set(src, [...(contribs.get(src) ?? []), dxs[i]!]);
      });
    }
  }

  /** The sum of several layers' gradients for one tensor (a residual skip and its branch). */
  private sum(ls: OkShape, parts: readonly GpuTensor[]): GpuTensor {
    const out = this.tensor(ls.shape, `${ls.id}.dsum`);
    this.train.push(addProgram(this.gpu, parts, out, `${ls.id}.dsum`));
    return out;
  }

  /** Records one layer's backward; returns the gradient for each of its inputs (or null). */
  private layerBackward(
    ls: OkShape,
    dy: GpuTensor,
    wantInput: boolean,
    wantParams: boolean,
    seed: number,
  ): (GpuTensor | null)[] {
    const { gpu } = this;
    const { layer, id } = ls;
    const ins = ls.inputs.map((i) => this.acts.get(i)!);
    const x = ins[0];
    const p = this.model.of(ls);
    const grads = this.model.grads.get(id) ?? {};
    const dxFor = (shape: readonly number[]) => (wantInput ? this.tensor(shape, `${id}.dx`) : null);
    const push = (r: Recorded) => this.train.push(r);
    switch (layer.kind) {
      case 'conv2d': {
        const dx = dxFor(x.shape);
        push(
          conv2dBackwardProgram(
            gpu,
            {
              x,
              weight: p.weight!,
              dy,
              dx,
              dWeight: wantParams ? grads.weight! : null,
              dBias: wantParams && layer.bias ? grads.bias! : null,
            },
            layer,
            ls.window!,
            `${id}.backward`,
          ),
        );
        return [dx];
      }
      case 'linear': {
        const dx = dxFor(x.shape);
        push(
          linearBackwardProgram(
            gpu,
            {
              x,
              weight: p.weight!,
              dy,
              dx,
              dWeight: wantParams ? grads.weight! : null,
              dBias: wantParams && layer.bias ? grads.bias! : null,
            },
            `${id}.backward`,
          ),
        );
        return [dx];
      }
      case 'batchNorm': {
        const s = this.normSaved.get(id)!;
        const dx = this.tensor(x.shape, `${id}.dx`);
        const scratch = () => this.take(ls.shape[1], `${id}.unused`);
        push(
          batchNormBackwardProgram(
            gpu,
            {
              dy,
              x,
              gamma: p.gamma!,
              mean: s.mean,
              invStd: s.spread,
              dx,
              dgamma: wantParams ? grads.gamma! : scratch(),
              dbeta: wantParams ? grads.beta! : scratch(),
            },
            'training',
            `${id}.backward`,
          ),
        );
        return [wantInput ? dx : null];
      }
      case 'layerNorm': {
        const s = this.normSaved.get(id)!;
        const dx = this.tensor(x.shape, `${id}.dx`);
        const affine = layer.affine;
        push(
          layerNormBackwardProgram(
            gpu,
            {
              dy,
              x,
              gamma: p.gamma ?? null,
              mean: s.mean,
              rstd: s.spread,
              dx,
              dgamma: affine
                ? wantParams
                  ? grads.gamma!
                  : this.take(numel(x.shape.slice(1)), `${id}.unused`)
                : null,
              dbeta: affine
                ? wantParams
                  ? grads.beta!
                  : this.take(numel(x.shape.slice(1)), `${id}.unused`)
                : null,
            },
            `${id}.backward`,
          ),
        );
        return [wantInput ? dx : null];
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const dx = this.tensor(x.shape, `${id}.dx`);
        push(
          pool2dBackwardProgram(
            gpu,
            { dy, argmax: this.argmax.get(id) ?? null, dx },
            layer,
            ls.window!,
            `${id}.backward`,
          ),
        );
        return [dx];
      }
      case 'globalAvgPool': {
        const dx = this.tensor(x.shape, `${id}.dx`);
        push(globalAvgPoolBackwardProgram(gpu, { dy, dx }, `${id}.backward`));
        return [dx];
      }
      case 'activation': {
        const dx = this.tensor(x.shape, `${id}.dx`);
        push(
          activationBackwardProgram(gpu, { dy, x, dx }, layer.fn, layer.alpha, `${id}.backward`),
        );
        return [dx];
      }
      case 'softmax': {
        const dx = this.tensor(x.shape, `${id}.dx`);
        const y = this.acts.get(id)!;
        push(softmaxBackwardProgram(gpu, { dy, y, dx }, `${id}.backward`));
        return [dx];
      }
      case 'dropout': {
        const dx = this.tensor(x.shape, `${id}.dx`);
        const s = layerSeed(seed, id);
        const r = dropoutBackwardProgram(gpu, { dy, dx }, layer.p, s, 0, `${id}.backward`);
        this.dropouts.push({ params: r.owned[0], count: numel(x.shape), p: layer.p, seed: s });
        push(r);
        return [dx];
      }
      case 'flatten':
        // The gradient of a reshape is the same values in the input's shape.
        return [{ buffer: dy.buffer, shape: [...x.shape] }];
      case 'add':
        // Each input's gradient is dy itself (the reader sums when a tensor has several readers).
        return ins.map(() => dy);
      case 'concat': {
        const dxs = ins.map((t, i) => this.tensor(t.shape, `${id}.dx${i}`));
        push(concatBackwardProgram(gpu, { dy, dxs }, `${id}.backward`));
        return dxs;
      }
    }
  }
}
