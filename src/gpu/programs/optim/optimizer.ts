// The optimizer step of a training step on the GPU, ready to record: state buffers allocated
// once per trainable tensor, the per-step buffer (hyper.ts), and for clipping the [N, κ] buffer;
// the dispatches (clipping first, then one update per tensor) are built once and encoded again
// into every step's pass, after the backward passes that write the gradients. Per step the
// caller calls prepareStep() (one queue.writeBuffer of this step's numbers), then submits: a step
// of the same shapes allocates nothing.
// Frozen tensors get no dispatch, no state and no part in the clipping norm. Freezing or
// unfreezing one, or another config, means a new GpuOptimizer (the clipping norm c and which
// kernels run are recorded once); reset() restarts the same one from step 0.

import { STORAGE, type Gpu } from '../../gpu';
import {
  adamScalars,
  sgdScalars,
  stateBuffers,
  type OptimizerConfig,
} from '../../../core/train/optim';
import { learningRate } from '../../../core/train/schedule';
import { optimizerRefusal } from '../../../core/train/validate';
import type { Dispatch, Recorded } from '../program';
import { adamProgram } from './adam';
import { CLIP_BYTES, clipNormProgram } from './clip';
import { HYPER_FLOATS, packAdam, packSgd } from './hyper';
import { sgdProgram } from './sgd';

export interface GpuParam {
  /** p: `count` float32 values from byte 0, updated in place. */
  readonly param: GPUBuffer;
  /** ∇p: `count` float32 values, written by the backward pass before the update runs. */
  readonly grad: GPUBuffer;
  readonly count: number;
  /** Multiplies this tensor's learning rate (a parameter group's factor); default 1. */
  readonly lrScale?: number;
  /** Skipped: no update, no state, not in the clipping norm. */
  readonly frozen?: boolean;
  /** For labels ('conv1.weight'). */
  readonly label?: string;
}

/** One trainable tensor's state. Buffers hold `count` float32 values. */
export interface GpuParamState {
  /** The tensor's index in the list given to the optimizer. */
  readonly index: number;
  /** Its slot in the per-step buffer. */
  readonly slot: number;
  /** t: updates prepared so far for it. */
  readonly step: number;
  /** SGD's b (μ > 0), else null. */
  readonly momentum: GPUBuffer | null;
  /** Adam's m and v, else null. */
  readonly m: GPUBuffer | null;
  readonly v: GPUBuffer | null;
}

export class GpuOptimizer {
  /** The per-step buffer: HYPER_BYTES per trainable tensor, written by prepareStep(). */
  readonly hyper: GPUBuffer;
  /** f32 [N, κ] of the last step when clipping (read it back to show the norm), else null. */
  readonly clip: GPUBuffer | null;
  /** Clipping, then every trainable tensor's update: encode into each step's pass. */
  readonly recorded: Recorded;
  private readonly state: { -readonly [K in keyof GpuParamState]: GpuParamState[K] }[];
  private readonly scales: number[];
  private readonly values: Float32Array;
  private taken = 0;

  constructor(
    private readonly gpu: Gpu,
    readonly config: OptimizerConfig,
    params: readonly GpuParam[],
    label = 'optim',
  ) {
    const refusal = optimizerRefusal(config);
    if (refusal) throw new RangeError(`${label}: ${refusal}`);
    const live = params.map((p, index) => ({ p, index })).filter(({ p }) => !p.frozen);
    const buffers = stateBuffers(config);
    const acquire = (n: number, what: string) =>
      gpu.buffers.acquire(n * 4, STORAGE, `${label}.${what}`);
    this.state = live.map(({ p, index }, slot) => {
      const name = p.label ?? `p${index}`;
      return {
        index,
        slot,
        step: 0,
        momentum: buffers === 1 ? acquire(p.count, `${name}.momentum`) : null,
        m: buffers === 2 ? acquire(p.count, `${name}.m`) : null,
        v: buffers === 2 ? acquire(p.count, `${name}.v`) : null,
      };
    });
    this.scales = live.map(({ p }) => p.lrScale ?? 1);
    this.values = new Float32Array(Math.max(1, live.length) * HYPER_FLOATS);
    this.hyper = gpu.buffers.acquire(this.values.byteLength, STORAGE, `${label}.hyper`);
    this.clip =
      config.clipNorm === undefined
        ? null
        : gpu.buffers.acquire(CLIP_BYTES, STORAGE, `${label}.clip`);

    const parts: Recorded[] = [];
    if (this.clip && config.clipNorm !== undefined) {
      parts.push(
        clipNormProgram(
          gpu,
          live.map(({ p }) => ({ buffer: p.grad, count: p.count })),
          this.clip,
          config.clipNorm,
          `${label}.clip`,
        ),
      );
    }
    live.forEach(({ p, index }, slot) => {
      const s = this.state[slot];
      const target = {
        param: p.param,
        grad: p.grad,
        count: p.count,
        hyper: this.hyper,
        slot,
        clip: this.clip,
      };
      const name = `${label}.${config.kind}.${p.label ?? `p${index}`}`;
      parts.push(
        config.kind === 'sgd'
          ? sgdProgram(gpu, { ...target, momentum: s.momentum }, name)
          : adamProgram(gpu, { ...target, m: s.m!, v: s.v! }, name),
      );
    });
    this.recorded = {
      dispatches: parts.flatMap((r): readonly Dispatch[] => r.dispatches),
      owned: parts.flatMap((r): readonly GPUBuffer[] => r.owned),
    };
  }

  /** Steps prepared so far: the schedule's t of the next one. */
  get steps(): number {
    return this.taken;
  }

  /** Every trainable tensor's state, in the order of the tensors given. */
  get states(): readonly GpuParamState[] {
    return this.state;
  }

  /**
   * Writes the next step's numbers into the per-step buffer (one queue.writeBuffer) and counts
   * the step: call once per training step, before the submit that runs `recorded`. `lr` (default:
   * the config's schedule at this step) is the step's learning rate before group factors; it is
   * returned.
   */
  prepareStep(lr = learningRate(this.config, this.taken)): number {
    const c = this.config;
    this.state.forEach((s, slot) => {
      const t = ++s.step;
      const eta = lr * this.scales[slot];
      if (c.kind === 'sgd') packSgd(this.values, slot, sgdScalars(c, eta, t));
      else packAdam(this.values, slot, adamScalars(c, eta, t));
    });
    this.gpu.device.queue.writeBuffer(this.hyper, 0, this.values);
    this.taken++;
    return lr;
  }

  /**
   * Starts afresh (step 0, as a new torch.optim would) without reallocating: the next step
   * treats every state buffer as empty, whatever it holds.
   */
  reset(): void {
    this.taken = 0;
    for (const s of this.state) s.step = 0;
  }

  /** Returns every buffer this optimizer holds (state included) to the pool. */
  release(): void {
    const { buffers } = this.gpu;
    for (const b of this.recorded.owned) buffers.release(b);
    for (const s of this.state) {
      for (const b of [s.momentum, s.m, s.v]) if (b) buffers.release(b);
    }
    buffers.release(this.hyper);
    if (this.clip) buffers.release(this.clip);
  }
}
