// Runs the timing harness (conv2d.timing.ts) only when asked: CONV_TIMING=1 npx vitest run
// --project gpu src/gpu/programs/conv2d.timing. Prints ms per case per kernel variant.

import { afterAll, describe, it } from 'vitest';
import { releaseTestGpu, testGpu } from './conv2d.testing';
import { CONV_BENCH, timeConv, timeLinear } from './conv2d.timing';
import type { Conv2dProgramOptions } from './conv2d';

afterAll(releaseTestGpu);

const VARIANTS: Record<string, Conv2dProgramOptions> = {
  auto: {},
  direct: { kernel: 'direct' },
  'gemm 16x16 tk16': { kernel: 'gemm', tile: { wgM: 16, wgN: 16, tk: 16 } },
  'gemm 16x16 tk32': { kernel: 'gemm', tile: { wgM: 16, wgN: 16, tk: 32 } },
  'gemm 8x16 tk16': { kernel: 'gemm', tile: { wgM: 8, wgN: 16, tk: 16 } },
  'gemm 8x8 tk16': { kernel: 'gemm', tile: { wgM: 8, wgN: 8, tk: 16 } },
};

describe.skipIf(!process.env.CONV_TIMING)('conv2d / linear timing (SwiftShader ratios)', () => {
  it('conv2d cases x variants', async () => {
    const gpu = await testGpu();
    const only = process.env.CONV_TIMING_VARIANTS?.split(',');
    const cases = process.env.CONV_TIMING_CASES?.split(',').map(Number);
    const rows: string[] = [];
    for (const [i, c] of CONV_BENCH.entries()) {
      if (cases && !cases.includes(i)) continue;
      const cells: string[] = [];
      for (const [name, opts] of Object.entries(VARIANTS)) {
        if (only && !only.includes(name)) continue;
        const ms = await timeConv(gpu, c, opts);
        cells.push(`${name}: ${ms.toFixed(1)}`);
      }
      if (c.layer.groups === c.shape[1] && (!only || only.includes('depthwise')))
        cells.push(`depthwise: ${(await timeConv(gpu, c, { kernel: 'depthwise' })).toFixed(1)}`);
      rows.push(`${c.name.padEnd(24)} ${cells.join(' | ')}`);
      console.warn(rows[rows.length - 1]);
    }
  }, 600_000);

  it('linear', async () => {
    const gpu = await testGpu();
    for (const [n, f, o] of [
      [1, 4096, 1000],
      [1, 25088, 4096],
      [8, 4096, 1000],
    ] as const) {
      const cells: string[] = [];
      for (const kernel of ['gemv', 'gemm'] as const) {
        if (kernel === 'gemv' && n > 4) continue;
        cells.push(`${kernel}: ${(await timeLinear(gpu, n, f, o, { kernel })).toFixed(1)}`);
      }
      console.warn(`linear [${n},${f}]→${o}  ${cells.join(' | ')}`);
    }
  }, 600_000);
});
