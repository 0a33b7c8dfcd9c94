// Test-only: runs the same optimizer steps through GpuOptimizer and through the CPU twin
// (src/cpu/optim), from the same float32 parameters and per-step gradients, and returns both
// sides' parameters, state buffers and clipping result.

import type { OptimizerConfig } from '../../core/train/optim';
import { newParamState, type ParamState } from '../../cpu/optim/state';
import { optimizerStep, type CpuParam, type StepReport } from '../../cpu/optim/step';
import { READBACK, STORAGE, type Gpu } from '../gpu';
import { encode } from '../programs/program';
import { GpuOptimizer } from '../programs/optim/optimizer';

export interface ParamSpec {
  readonly data: Float32Array;
  /** One gradient per step. */
  readonly grads: readonly Float32Array[];
  readonly frozen?: boolean;
  readonly lrScale?: number;
}

export interface Side {
  readonly params: Float32Array[];
  /** Per tensor: [momentum] for SGD with momentum, [m, v] for Adam, [] otherwise or frozen. */
  readonly states: Float32Array[][];
  /** [N, κ] after the last step, when clipping. */
  readonly clip: readonly [number, number] | null;
}

const stateArrays = (config: OptimizerConfig, s: ParamState): Float32Array[] =>
  [config.kind === 'sgd' ? s.momentum : s.m, config.kind === 'sgd' ? null : s.v].filter(
    (b): b is Float32Array => b !== null,
  );

export function cpuSteps(
  config: OptimizerConfig,
  specs: readonly ParamSpec[],
  steps: number,
): Side {
  const params: CpuParam[] = specs.map((s) => ({
    param: s.data.slice(),
    grad: s.grads[0],
    state: newParamState(),
    frozen: s.frozen,
    lrScale: s.lrScale,
  }));
  let report: StepReport | null = null;
  for (let k = 0; k < steps; k++) {
    report = optimizerStep(
      config,
      params.map((p, j) => ({ ...p, grad: specs[j].grads[k] })),
      k,
    );
  }
  return {
    params: params.map((p) => p.param),
    states: params.map((p) => stateArrays(config, p.state)),
    clip: report && report.norm !== null ? [report.norm, report.scale!] : null,
  };
}

/** Copies every buffer's first `count` floats back in one submit. */
export async function readBuffers(
  gpu: Gpu,
  list: readonly { readonly buffer: GPUBuffer; readonly count: number }[],
): Promise<Float32Array[]> {
  const enc = gpu.device.createCommandEncoder({ label: 'test.read' });
  const staging = list.map(({ buffer, count }) => {
    const s = gpu.buffers.acquire(count * 4, READBACK, 'test.readback');
    enc.copyBufferToBuffer(buffer, 0, s, 0, count * 4);
    return s;
  });
  gpu.device.queue.submit([enc.finish()]);
  const out: Float32Array[] = [];
  for (let i = 0; i < list.length; i++) {
    const bytes = list[i].count * 4;
    await staging[i].mapAsync(GPUMapMode.READ, 0, bytes);
    out.push(new Float32Array(staging[i].getMappedRange(0, bytes).slice(0)));
    staging[i].unmap();
    gpu.buffers.release(staging[i]);
  }
  return out;
}

/**
 * The same steps on the GPU: one GpuOptimizer, per step the gradients written, prepareStep(),
 * one pass, one submit. Everything goes back to the pool. `onStep` sees the optimizer after
 * each submit (to check that a step allocates nothing).
 */
export async function gpuSteps(
  gpu: Gpu,
  config: OptimizerConfig,
  specs: readonly ParamSpec[],
  steps: number,
  onStep?: (opt: GpuOptimizer) => void,
): Promise<Side> {
  const q = gpu.device.queue;
  const bufs = specs.map((s, i) => {
    const param = gpu.buffers.acquire(s.data.byteLength, STORAGE, `test.p${i}`);
    const grad = gpu.buffers.acquire(s.data.byteLength, STORAGE, `test.g${i}`);
    q.writeBuffer(param, 0, s.data);
    return { param, grad, count: s.data.length, frozen: s.frozen, lrScale: s.lrScale };
  });
  const opt = new GpuOptimizer(gpu, config, bufs, 'test.optim');
  try {
    for (let k = 0; k < steps; k++) {
      specs.forEach((s, i) => q.writeBuffer(bufs[i].grad, 0, s.grads[k]));
      opt.prepareStep();
      const enc = gpu.device.createCommandEncoder({ label: 'test.step' });
      const pass = enc.beginComputePass({ label: 'test.step.pass' });
      encode(pass, opt.recorded.dispatches);
      pass.end();
      q.submit([enc.finish()]);
      onStep?.(opt);
    }
    const states = opt.states.map((s) =>
      [s.momentum, s.m, s.v].filter((b): b is GPUBuffer => b !== null),
    );
    const list = [
      ...bufs.map((b) => ({ buffer: b.param, count: b.count })),
      ...opt.states.flatMap((s, i) =>
        states[i].map((buffer) => ({ buffer, count: bufs[s.index].count })),
      ),
      ...(opt.clip ? [{ buffer: opt.clip, count: 2 }] : []),
    ];
    const read = await readBuffers(gpu, list);
    const params = read.splice(0, bufs.length);
    const stateOut: Float32Array[][] = specs.map(() => []);
    opt.states.forEach((s, i) => (stateOut[s.index] = read.splice(0, states[i].length)));
    const clip = opt.clip ? read.splice(0, 1)[0] : null;
    return { params, states: stateOut, clip: clip ? [clip[0], clip[1]] : null };
  } finally {
    opt.release();
    for (const b of bufs) {
      gpu.buffers.release(b.param);
      gpu.buffers.release(b.grad);
    }
  }
}
