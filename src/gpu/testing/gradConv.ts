// Test-only: runs one conv2d or linear backward pass on the GPU and reads every gradient back,
// releasing every buffer it acquired. The outputs start filled with NaN, so a value the program
// fails to write shows up (the programs overwrite, never accumulate).

import type { Conv2dLayer } from '../../core/layers';
import type { WindowInfo } from '../../core/shape';
import type { Tensor } from '../../core/tensor';
import { READBACK, STORAGE, type Gpu } from '../gpu';
import { conv2dBackwardProgram, type Conv2dBackwardOptions } from '../programs/grad/conv2d';
import { linearBackwardProgram, type LinearBackwardOptions } from '../programs/grad/linear';
import { encode, releaseRecorded, type Recorded } from '../programs/program';
import { upload } from './nodeGpu';

export interface Grads {
  readonly dx: Float32Array | null;
  readonly dWeight: Float32Array | null;
  readonly dBias: Float32Array | null;
}

export interface Need {
  readonly input: boolean;
  readonly weight: boolean;
  readonly bias: boolean;
}

function output(gpu: Gpu, n: number, label: string): GPUBuffer {
  const b = gpu.buffers.acquire(n * 4, STORAGE, label);
  gpu.device.queue.writeBuffer(b, 0, new Float32Array(n).fill(NaN));
  return b;
}

/** Records `rec` in one pass, submits, and reads each of `outs` (buffer, values) back. */
async function runAndReadAll(
  gpu: Gpu,
  rec: Recorded,
  outs: readonly (readonly [GPUBuffer, number] | null)[],
): Promise<(Float32Array | null)[]> {
  const enc = gpu.device.createCommandEncoder({ label: 'test.grad' });
  const pass = enc.beginComputePass({ label: 'test.grad.pass' });
  encode(pass, rec.dispatches);
  pass.end();
  const staging = outs.map((o, i) => {
    if (!o) return null;
    const s = gpu.buffers.acquire(o[1] * 4, READBACK, `test.grad.readback${i}`);
    enc.copyBufferToBuffer(o[0], 0, s, 0, o[1] * 4);
    return s;
  });
  gpu.device.queue.submit([enc.finish()]);
  const out: (Float32Array | null)[] = [];
  for (const [i, s] of staging.entries()) {
    if (!s) {
      out.push(null);
      continue;
    }
    const bytes = outs[i]![1] * 4;
    await s.mapAsync(GPUMapMode.READ, 0, bytes);
    out.push(new Float32Array(s.getMappedRange(0, bytes).slice(0)));
    s.unmap();
    gpu.buffers.release(s);
  }
  return out;
}

/** conv2d's gradients on the GPU for x, weight and dy (as `info` = convInfo(layer, x.shape)). */
export async function gpuConvBackward(
  gpu: Gpu,
  x: Tensor,
  weight: Float32Array,
  dy: Tensor,
  layer: Conv2dLayer,
  info: WindowInfo,
  need: Need,
  opts: Conv2dBackwardOptions = {},
): Promise<Grads> {
  const xs = upload(gpu, x, 'test.x');
  const dys = upload(gpu, dy, 'test.dy');
  const w = upload(gpu, { shape: [weight.length], data: weight }, 'test.weight');
  const dx = need.input ? output(gpu, x.data.length, 'test.dx') : null;
  const dw = need.weight ? output(gpu, weight.length, 'test.dWeight') : null;
  const db = need.bias ? output(gpu, info.outChannels, 'test.dBias') : null;
  let rec: Recorded | null = null;
  try {
    rec = conv2dBackwardProgram(
      gpu,
      {
        x: xs,
        weight: w.buffer,
        dy: dys,
        dx: dx ? { buffer: dx, shape: x.shape } : null,
        dWeight: dw,
        dBias: db,
      },
      layer,
      info,
      'test.conv2d.backward',
      opts,
    );
    const [gx, gw, gb] = await runAndReadAll(gpu, rec, [
      dx && [dx, x.data.length],
      dw && [dw, weight.length],
      db && [db, info.outChannels],
    ]);
    return { dx: gx, dWeight: gw, dBias: gb };
  } finally {
    if (rec) releaseRecorded(gpu, rec);
    for (const buf of [xs.buffer, dys.buffer, w.buffer, dx, dw, db])
      if (buf) gpu.buffers.release(buf);
  }
}

/** linear's gradients on the GPU for x [N, F], weight [O, F] and dy [N, O]. */
export async function gpuLinearBackward(
  gpu: Gpu,
  x: Tensor,
  weight: Float32Array,
  dy: Tensor,
  need: Need,
  opts: LinearBackwardOptions = {},
): Promise<Grads> {
  const o = dy.shape[1];
  const xs = upload(gpu, x, 'test.x');
  const dys = upload(gpu, dy, 'test.dy');
  const w = upload(gpu, { shape: [weight.length], data: weight }, 'test.weight');
  const dx = need.input ? output(gpu, x.data.length, 'test.dx') : null;
  const dw = need.weight ? output(gpu, weight.length, 'test.dWeight') : null;
  const db = need.bias ? output(gpu, o, 'test.dBias') : null;
  let rec: Recorded | null = null;
  try {
    rec = linearBackwardProgram(
      gpu,
      {
        x: xs,
        weight: w.buffer,
        dy: dys,
        dx: dx ? { buffer: dx, shape: x.shape } : null,
        dWeight: dw,
        dBias: db,
      },
      'test.linear.backward',
      opts,
    );
    const [gx, gw, gb] = await runAndReadAll(gpu, rec, [
      dx && [dx, x.data.length],
      dw && [dw, weight.length],
      db && [db, o],
    ]);
    return { dx: gx, dWeight: gw, dBias: gb };
  } finally {
    if (rec) releaseRecorded(gpu, rec);
    for (const buf of [xs.buffer, dys.buffer, w.buffer, dx, dw, db])
      if (buf) gpu.buffers.release(buf);
  }
}
