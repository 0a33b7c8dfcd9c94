// Test-only: runs one conv2d on the GPU and on its CPU twin (src/cpu/conv2d.ts, then the CPU
// activation for a fused one) and returns both outputs, releasing every buffer it acquired.

import type { ActivationFn, Conv2dLayer } from '../../core/layers';
import { convInfo, isIssue, type WindowInfo } from '../../core/shape';
import { tensor, type Tensor } from '../../core/tensor';
import { activation } from '../../cpu/activation';
import { conv2d } from '../../cpu/conv2d';
import type { Gpu } from '../gpu';
import { conv2dProgram, type Conv2dProgramOptions } from '../programs/conv2d';
import { releaseRecorded } from '../programs/program';
import { empty, runAndRead, upload } from './nodeGpu';

export interface ConvCase {
  readonly x: Tensor;
  readonly weight: Float32Array;
  readonly bias: Float32Array | null;
  readonly layer: Conv2dLayer;
  readonly trueConvolution?: boolean;
  readonly activation?: { readonly fn: ActivationFn; readonly alpha?: number };
}

export function infoOf(c: ConvCase): WindowInfo {
  const info = convInfo(c.layer, c.x.shape);
  if (isIssue(info)) throw new Error(`invalid test case: ${info.message}`);
  return info;
}

export function cpuConv(c: ConvCase): Tensor {
  const y = conv2d(c.x, c.weight, c.bias, c.layer, { trueConvolution: c.trueConvolution });
  return c.activation ? activation(y, c.activation.fn, c.activation.alpha) : y;
}

/** The GPU output of `c`, computed with `opts` (kernel, tile) on top of the case's settings. */
export async function gpuConv(
  gpu: Gpu,
  c: ConvCase,
  opts: Conv2dProgramOptions = {},
): Promise<{ shape: readonly number[]; data: Float32Array }> {
  const info = infoOf(c);
  const shape = [info.batch, info.outChannels, info.h.out, info.w.out];
  const x = upload(gpu, c.x, 'test.x');
  const w = upload(gpu, tensor([c.weight.length], c.weight), 'test.weight');
  const b = c.bias ? upload(gpu, tensor([c.bias.length], c.bias), 'test.bias') : null;
  const out = empty(gpu, shape, 'test.out');
  const rec = conv2dProgram(gpu, x, w.buffer, b?.buffer ?? null, out, c.layer, info, {
    trueConvolution: c.trueConvolution,
    activation: c.activation,
    ...opts,
  });
  try {
    return { shape, data: await runAndRead(gpu, [rec], out) };
  } finally {
    releaseRecorded(gpu, rec);
    for (const t of [x, w, b, out]) if (t) gpu.buffers.release(t.buffer);
  }
}
