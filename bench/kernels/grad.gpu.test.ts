// Runs the conv2d backward timing (gradTiming.ts) only when asked:
//   npm run bench:grad      (= GRAD_TIMING=1 npx vitest run --project gpu bench/kernels/grad)
// Optional: GRAD_TIMING_CASES=0,3 (indices of GRAD_BENCH), GRAD_TIMING_RUNS=5. Prints median ms
// per case: TF.js, ours with the kernels chosen by shape, and ours with each gemm / direct pick.

import { describe, it } from 'vitest';
import type { Conv2dBackwardOptions } from '../../src/gpu/programs/grad/conv2d';
import { requireGpu } from '../../src/gpu/testing/nodeGpu';
import { GRAD_BENCH, timeOursGrad, timeTfjsGrad } from './gradTiming';

const VARIANTS: Record<string, Conv2dBackwardOptions> = {
  auto: {},
  'in gemm, w gemm': { inputKernel: 'gemm', weightKernel: 'gemm' },
  'in direct, w direct': { inputKernel: 'direct', weightKernel: 'direct' },
};

describe.skipIf(!process.env.GRAD_TIMING)('conv2d backward timing (SwiftShader ratios)', () => {
  it('ours vs TF.js WebGPU', async () => {
    const gpu = await requireGpu();
    const cases = process.env.GRAD_TIMING_CASES?.split(',').map(Number);
    const runs = Number(process.env.GRAD_TIMING_RUNS ?? 5);
    for (const [i, c] of GRAD_BENCH.entries()) {
      if (cases && !cases.includes(i)) continue;
      const cells = [`tfjs ${(await timeTfjsGrad(c, runs)).toFixed(1)}`];
      for (const [name, opts] of Object.entries(VARIANTS))
        cells.push(`${name} ${(await timeOursGrad(gpu, c, opts, runs)).toFixed(1)}`);
      console.warn(`${c.name.padEnd(34)} ${cells.join(' | ')}`);
    }
  }, 3_600_000);
});
