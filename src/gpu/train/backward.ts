// The backward pass on the GPU, recorded: from a gradient at the graph's output, every layer in
// reverse order (a tensor read by several layers gets the sum of their gradients; nothing flows
// back past the last layer that needs it, graph.ts). Shared by the training step (plan.ts: batch
// norm with the batch's statistics, dropout's masks) and the explanations (gpu/explain/plan.ts:
// inference mode, batch norm's running statistics as constants, dropout off, every gradient
// kept, the image's included). The context gives it the forward's buffers and takes what it
// records.

import type { OkShape } from '../../core/infer';
import { INPUT_ID } from '../../core/layers';
import type { TrainGraph } from '../../core/train/graph';
import { layerSeed } from '../../core/weights';
import type { Gpu } from '../gpu';
import { addProgram } from '../programs/add';
import { activationBackwardProgram } from '../programs/grad/activation';
import { batchNormBackwardProgram } from '../programs/grad/batchNorm';
import { concatBackwardProgram } from '../programs/grad/concat';
import { conv2dBackwardProgram } from '../programs/grad/conv2d';
import { dropoutBackwardProgram } from '../programs/grad/dropout';
import { globalAvgPoolBackwardProgram } from '../programs/grad/globalAvgPool';
import { layerNormBackwardProgram } from '../programs/grad/layerNorm';
import { linearBackwardProgram } from '../programs/grad/linear';
import { pool2dBackwardProgram } from '../programs/grad/pool2d';
import { softmaxBackwardProgram } from '../programs/grad/softmax';
import { numel, type GpuTensor, type Recorded } from '../programs/program';
import type { LayerBuffers } from '../recordLayer';
import type { TrainedField } from './model';

/** A dropout pass whose params are rewritten each step (a new mask). */
export interface DropoutPass {
  readonly params: GPUBuffer;
  readonly count: number;
  readonly p: number;
  readonly seed: number;
}

export interface BackwardContext {
  readonly gpu: Gpu;
  readonly graph: TrainGraph;
  /** 'inference': normSaved gives the running mean and 1/√(var + ε); dropout is off. */
  readonly mode: 'training' | 'inference';
  /** The forward's output of a tensor id (INPUT_ID: the image). */
  act(id: string): GpuTensor;
  params(ls: OkShape): LayerBuffers;
  /** The gradient buffers of a trainable layer's parameters. */
  grads(id: string): Partial<Record<TrainedField, GPUBuffer>>;
  /** Max pooling's winners, saved by the forward. */
  argmax(id: string): GPUBuffer | null;
  /** A norm layer's saved mean and inverse spread. */
  normSaved(id: string): { mean: GPUBuffer; spread: GPUBuffer };
  /** A storage buffer of `count` f32 (released with the plan). */
  take(count: number, label: string): GPUBuffer;
  push(r: Recorded): void;
  dropout(d: DropoutPass): void;
}

/**
 * Records the backward pass from dOut. Returns each tensor's whole gradient by id (the layers'
 * outputs and, when `input` is set, the image's as INPUT_ID).
 */
export function recordBackward(
  ctx: BackwardContext,
  dOut: GpuTensor,
  seed: number,
  input = false,
): Map<string, GpuTensor> {
  const g = ctx.graph;
  const whole = new Map<string, GpuTensor>();
  /** Gradient contributions to each tensor, from the layers that read it. */
  const contribs = new Map<string, GpuTensor[]>([[g.output.id, [dOut]]]);
  for (let k = g.layers.length - 1; k >= 0; k--) {
    const ls = g.layers[k];
    const parts = contribs.get(ls.id);
    const wantInput = g.needsInputGrad.has(ls.id);
    const wantParams = g.trainable.has(ls.id);
    if (!parts || (!wantInput && !wantParams)) continue;
    const dy = parts.length === 1 ? parts[0] : sum(ctx, ls.id, ls.shape, parts);
    whole.set(ls.id, dy);
    const dxs = layerBackward(ctx, ls, dy, wantInput, wantParams, seed);
    if (!wantInput) continue;
    ls.inputs.forEach((src, i) => {
      if ((src === INPUT_ID && !input) || !dxs[i]) return;
      contribs.set(src, [...(contribs.get(src) ?? []), dxs[i]!]);
    });
  }
  const parts = contribs.get(INPUT_ID);
  if (parts)
    whole.set(
      INPUT_ID,
      parts.length === 1 ? parts[0] : sum(ctx, INPUT_ID, ctx.act(INPUT_ID).shape, parts),
    );
  return whole;
}

/** The sum of several layers' gradients for one tensor (a residual skip and its branch). */
function sum(
  ctx: BackwardContext,
  id: string,
  shape: readonly number[],
  parts: readonly GpuTensor[],
): GpuTensor {
  const out = { buffer: ctx.take(numel(shape), `${id}.dsum`), shape: [...shape] };
  ctx.push(addProgram(ctx.gpu, parts, out, `${id}.dsum`));
  return out;
}

/** Records one layer's backward; returns the gradient for each of its inputs (or null). */
function layerBackward(
  ctx: BackwardContext,
  ls: OkShape,
  dy: GpuTensor,
  wantInput: boolean,
  wantParams: boolean,
  seed: number,
): (GpuTensor | null)[] {
  const { gpu } = ctx;
  const { layer, id } = ls;
  const ins = ls.inputs.map((i) => ctx.act(i));
  const x = ins[0];
  const p = ctx.params(ls);
  const grads = ctx.grads(id);
  const tensor = (shape: readonly number[], label: string): GpuTensor => ({
    buffer: ctx.take(numel(shape), label),
    shape: [...shape],
  });
  const dxFor = (shape: readonly number[]) => (wantInput ? tensor(shape, `${id}.dx`) : null);
  const push = (r: Recorded) => ctx.push(r);
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
      const s = ctx.normSaved(id);
      const dx = tensor(x.shape, `${id}.dx`);
      const scratch = () => ctx.take(ls.shape[1], `${id}.unused`);
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
          ctx.mode,
          `${id}.backward`,
        ),
      );
      return [wantInput ? dx : null];
    }
    case 'layerNorm': {
      const s = ctx.normSaved(id);
      const dx = tensor(x.shape, `${id}.dx`);
      const affine = layer.affine;
      const scratch = () => ctx.take(numel(x.shape.slice(1)), `${id}.unused`);
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
            dgamma: affine ? (wantParams ? grads.gamma! : scratch()) : null,
            dbeta: affine ? (wantParams ? grads.beta! : scratch()) : null,
          },
          `${id}.backward`,
        ),
      );
      return [wantInput ? dx : null];
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const dx = tensor(x.shape, `${id}.dx`);
      push(
        pool2dBackwardProgram(
          gpu,
          { dy, argmax: ctx.argmax(id), dx },
          layer,
          ls.window!,
          `${id}.backward`,
        ),
      );
      return [dx];
    }
    case 'globalAvgPool': {
      const dx = tensor(x.shape, `${id}.dx`);
      push(globalAvgPoolBackwardProgram(gpu, { dy, dx }, `${id}.backward`));
      return [dx];
    }
    case 'activation': {
      const dx = tensor(x.shape, `${id}.dx`);
      push(activationBackwardProgram(gpu, { dy, x, dx }, layer.fn, layer.alpha, `${id}.backward`));
      return [dx];
    }
    case 'softmax': {
      const dx = tensor(x.shape, `${id}.dx`);
      push(softmaxBackwardProgram(gpu, { dy, y: ctx.act(id), dx }, `${id}.backward`));
      return [dx];
    }
    case 'dropout': {
      // In inference the forward was a copy: the gradient passes through unchanged.
      if (ctx.mode === 'inference') return [dy];
      const dx = tensor(x.shape, `${id}.dx`);
      const s = layerSeed(seed, id);
      const r = dropoutBackwardProgram(gpu, { dy, dx }, layer.p, s, 0, `${id}.backward`);
      ctx.dropout({ params: r.owned[0], count: numel(x.shape), p: layer.p, seed: s });
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
      const dxs = ins.map((t, i) => tensor(t.shape, `${id}.dx${i}`));
      push(concatBackwardProgram(gpu, { dy, dxs }, `${id}.backward`));
      return dxs;
    }
  }
}
