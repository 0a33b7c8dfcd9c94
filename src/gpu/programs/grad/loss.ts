// GPU programs for the losses (shaders/grad/loss.wgsl). Twin: src/cpu/grad/loss.ts; the maths
// and configuration in src/core/train/loss.ts. Each writes d loss / d output into a buffer the
// caller provides and the loss value (and the correct count) into a 16-byte stats buffer that
// stays on the GPU until readLossStats() is asked for it.

import { lossIssue, type LossValue } from '../../../core/train/loss';
import { READBACK, STORAGE, type Gpu } from '../../gpu';
import lossWGSL from '../../../../shaders/grad/loss.wgsl?raw';
import reduceWGSL from '../../../../shaders/common/reduce.wgsl?raw';
import { shader } from '../../shaders';
import { uniformLayout } from '../../uniforms';
import { grid1d, numel, uniformBuffer, type GpuTensor, type Recorded } from '../program';
import { bindAt, sameShape } from './bind';

const WG = 256;
/**
 * Invocations per row of logits: K is 10 to 1,000 classes, so 64 keep every invocation busy,
 * and on SwiftShader a barrier costs per invocation (256 made a batch of 64 rows 4x slower).
 */
const WG_ROW = 64;
export const SHADER = shader(
  'grad/loss',
  [reduceWGSL, lossWGSL],
  uniformLayout([
    ['batch', 'u32'],
    ['classes', 'u32'],
    ['count', 'u32'],
  ] as const),
);

/** The stats buffer: loss f32 at byte 0, correct u32 at 4, the batch N u32 at 8, 4 unused. */
export const LOSS_STATS_BYTES = 16;

/** A stats buffer from the pool (STORAGE: copyable to a readback buffer). */
export const lossStatsBuffer = (gpu: Gpu, label = 'loss.stats'): GPUBuffer =>
  gpu.buffers.acquire(LOSS_STATS_BYTES, STORAGE, label);

export interface CrossEntropyBuffers {
  /** f32 [N, K] or [N, K, 1, 1]. */
  readonly logits: GpuTensor;
  /** u32, one class in [0, K) per sample (one outside makes that row's loss NaN). */
  readonly labels: GPUBuffer;
  /** f32, the logits' shape, overwritten with (softmax − onehot) / N. */
  readonly dlogits: GpuTensor;
  /** LOSS_STATS_BYTES, overwritten: mean loss, correct count, N. */
  readonly stats: GPUBuffer;
}

/** Softmax cross-entropy: loss, accuracy and dlogits in one pass over the logits. */
export function crossEntropyProgram(
  gpu: Gpu,
  b: CrossEntropyBuffers,
  label = 'loss.crossEntropy',
): Recorded {
  const issue = lossIssue('crossEntropy', b.logits.shape);
  if (issue !== null) throw new RangeError(`${label}: ${issue}`);
  sameShape(label, 'logits and dlogits', b.logits.shape, b.dlogits.shape);
  const [batch, classes] = b.logits.shape;
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    { batch, classes, count: batch * classes },
    `${label}.params`,
  );
  const rows = gpu.buffers.acquire(2 * batch * 4, STORAGE, `${label}.rows`);
  const perRow = gpu.pipelines.pipeline(SHADER, 'ce_rows', { WG: WG_ROW });
  const total = gpu.pipelines.pipeline(SHADER, 'ce_total', { WG });
  return {
    dispatches: [
      {
        label: `${label}.rows`,
        pipeline: perRow,
        bindGroup: bindAt(gpu, perRow, `${label}.rows.bind`, {
          0: b.logits.buffer,
          1: params,
          2: b.labels,
          3: b.dlogits.buffer,
          4: rows,
        }),
        workgroups: grid1d(gpu, batch * WG_ROW, WG_ROW), // one workgroup per row
      },
      {
        label: `${label}.total`,
        pipeline: total,
        bindGroup: bindAt(gpu, total, `${label}.total.bind`, { 1: params, 4: rows, 5: b.stats }),
        workgroups: [1, 1, 1],
      },
    ],
    owned: [params, rows],
  };
}

export interface MseBuffers {
  /** f32, any shape [N, ...]: the network's output. */
  readonly y: GpuTensor;
  /** f32, y's shape. */
  readonly target: GpuTensor;
  /** f32, y's shape, overwritten with 2 (y − t) / count. */
  readonly dy: GpuTensor;
  /** LOSS_STATS_BYTES, overwritten: mean loss, 0, N. */
  readonly stats: GPUBuffer;
}

/** Mean-squared error (PyTorch MSELoss 'mean') and its gradient. */
export function mseProgram(gpu: Gpu, b: MseBuffers, label = 'loss.mse'): Recorded {
  sameShape(label, 'y and target', b.y.shape, b.target.shape);
  sameShape(label, 'y and dy', b.y.shape, b.dy.shape);
  const count = numel(b.y.shape);
  const params = uniformBuffer(
    gpu,
    SHADER.params,
    { batch: b.y.shape[0] ?? 1, classes: 0, count },
    `${label}.params`,
  );
  const grad = gpu.pipelines.pipeline(SHADER, 'mse_grad', { WG });
  const total = gpu.pipelines.pipeline(SHADER, 'mse_total', { WG });
  const common = { 0: b.y.buffer, 1: params, 6: b.target.buffer };
  return {
    dispatches: [
      {
        label: `${label}.grad`,
        pipeline: grad,
        bindGroup: bindAt(gpu, grad, `${label}.grad.bind`, { ...common, 3: b.dy.buffer }),
        workgroups: grid1d(gpu, count, WG),
      },
      {
        label: `${label}.total`,
        pipeline: total,
        bindGroup: bindAt(gpu, total, `${label}.total.bind`, { ...common, 5: b.stats }),
        workgroups: [1, 1, 1],
      },
    ],
    owned: [params],
  };
}

/** Reads a stats buffer back (after the work that wrote it was submitted). */
export async function readLossStats(gpu: Gpu, stats: GPUBuffer): Promise<LossValue> {
  const staging = gpu.buffers.acquire(LOSS_STATS_BYTES, READBACK, 'loss.stats.readback');
  try {
    const enc = gpu.device.createCommandEncoder({ label: 'loss.stats.read' });
    enc.copyBufferToBuffer(stats, 0, staging, 0, LOSS_STATS_BYTES);
    gpu.device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ, 0, LOSS_STATS_BYTES);
    const bytes = staging.getMappedRange(0, LOSS_STATS_BYTES).slice(0);
    staging.unmap();
    return { loss: new Float32Array(bytes, 0, 1)[0], correct: new Uint32Array(bytes, 4, 1)[0] };
  } finally {
    gpu.buffers.release(staging);
  }
}
