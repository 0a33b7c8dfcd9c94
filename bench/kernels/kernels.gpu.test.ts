// Runs the kernel timing harness (timing.ts) only when asked:
//   npm run bench:kernels      (= CONV_TIMING=1 npx vitest run --project gpu bench/kernels)
// Optional: CONV_TIMING_VARIANTS=tfjs,auto,... (names below), CONV_TIMING_CASES=0,3 (indices of
// CONV_BENCH). Prints median ms per case per variant; on SwiftShader compare ratios only.

import { describe, it } from 'vitest';
import type { Conv2dProgramOptions } from '../../src/gpu/programs/conv2d';
import { requireGpu } from '../../src/gpu/testing/nodeGpu';
import { timeTfjsConv } from './tfjs';
import { CONV_BENCH, timeConv, timeLinear } from './timing';

const VARIANTS: Record<string, Conv2dProgramOptions> = {
  auto: {},
  direct: { kernel: 'direct' },
  gemm: { kernel: 'gemm' },
  'gemm 8x8 tk16': { kernel: 'gemm', tile: { wgM: 8, wgN: 8, tk: 16 } },
  'gemm 8x8 tk32': { kernel: 'gemm', tile: { wgM: 8, wgN: 8, tk: 32 } },
  'gemm 8x16 tk16': { kernel: 'gemm', tile: { wgM: 8, wgN: 16, tk: 16 } },
  'gemm 16x8 tk16': { kernel: 'gemm', tile: { wgM: 16, wgN: 8, tk: 16 } },
  'gemm 8x4 tk16': { kernel: 'gemm', tile: { wgM: 8, wgN: 4, tk: 16 } },
  depthwise: { kernel: 'depthwise' },
  depthwise3x3: { kernel: 'depthwise3x3' },
};

const list = (v: string | undefined) => v?.split(',').filter(Boolean);

describe.skipIf(!process.env.CONV_TIMING)('conv2d / linear timing (SwiftShader ratios)', () => {
  it('conv2d cases x variants', async () => {
    const gpu = await requireGpu();
    const names = list(process.env.CONV_TIMING_VARIANTS) ?? ['tfjs', 'auto'];
    const cases = list(process.env.CONV_TIMING_CASES)?.map(Number);
    const runs = Number(process.env.CONV_TIMING_RUNS ?? 5);
    const log: string[] = [];
    for (const [i, c] of CONV_BENCH.entries()) {
      if (cases && !cases.includes(i)) continue;
      const depthwise = c.layer.groups === c.shape[1];
      const cells: string[] = [];
      for (const name of names) {
        if (name.startsWith('depthwise') && !depthwise) continue;
        const ms =
          name === 'tfjs'
            ? await timeTfjsConv(c, runs)
            : await timeConv(gpu, c, VARIANTS[name], runs);
        cells.push(`${name} ${ms.toFixed(1)}`);
      }
      log.push(`${c.name.padEnd(22)} ${cells.join(' | ')}`);
      console.warn(log[log.length - 1]);
    }
  }, 1_200_000);

  it.skipIf(!process.env.LINEAR_TIMING)(
    'linear',
    async () => {
      const gpu = await requireGpu();
      for (const [n, f, o] of [
        [1, 4096, 1000],
        [1, 25088, 4096],
        [8, 4096, 1000],
        [32, 4096, 1000],
        [64, 4096, 1000],
      ] as const) {
        const cells: string[] = [];
        for (const kernel of ['gemv', 'gemm'] as const) {
          cells.push(`${kernel} ${(await timeLinear(gpu, n, f, o, { kernel })).toFixed(1)}`);
        }
        console.warn(`linear [${n},${f}]→${o}  ${cells.join(' | ')}`);
      }
    },
    1_200_000,
  );
});
