// Output sizes against real PyTorch: every small conv and pooling configuration of a grid, the
// ones the core refuses included. The core must accept exactly what PyTorch accepts and give
// the same size (one python process answers the whole grid; each refusal costs PyTorch ~7 ms
// for its C++ backtrace, which is what bounds the grid).

import { beforeAll, expect, it } from 'vitest';
import { conv2d, pool2d } from './layers';
import { convInfo, isIssue, poolInfo, type LayerIssue, type WindowInfo } from './shape';
import { describeTorch, runTorch, type ShapeRequest, type ShapeResult } from './testing/torch';

interface Case {
  readonly req: ShapeRequest;
  readonly core: WindowInfo | LayerIssue;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const pools: Case[] = [];
for (const kind of ['maxPool2d', 'avgPool2d'] as const)
  for (const size of range(1, 6))
    for (const k of range(1, 4))
      for (const s of range(1, 4))
        for (const p of range(0, 2))
          for (const ceil of [false, true]) {
            // Unequal axes, so a swapped height and width would show.
            const input = [1, 1, size, size + 1];
            pools.push({
              req: { op: kind, input, kernel: [k, k], stride: [s, s], padding: [p, p], ceil },
              core: poolInfo(
                pool2d('p', kind, k, { stride: s, padding: p, ceilMode: ceil }),
                input,
              ),
            });
          }

const convs: Case[] = [];
for (const size of range(1, 6))
  for (const k of range(1, 4))
    for (const s of range(1, 3))
      for (const d of range(1, 2))
        for (const p of [0, 1, 'same'] as const) {
          if (p === 'same' && s > 1) continue; // PyTorch refuses it; the export test covers it
          const input = [1, 1, size, size + 1];
          const padding = p === 'same' ? 'same' : [p, p];
          convs.push({
            req: { op: 'conv2d', input, kernel: [k, k], stride: [s, s], padding, dilation: [d, d] },
            core: convInfo(conv2d('c', 1, k, { stride: s, padding: p, dilation: d }), input),
          });
        }

/** The disagreements, as readable lines (empty when the core and PyTorch agree). */
function disagreements(cases: readonly Case[], answers: readonly ShapeResult[]): string[] {
  return cases.flatMap(({ req, core }, i) => {
    const torch = answers[i];
    const mine = isIssue(core) ? null : [core.h.out, core.w.out];
    const theirs = torch.ok ? torch.shape!.slice(2) : null;
    if (JSON.stringify(mine) === JSON.stringify(theirs)) return [];
    const says = (v: number[] | null, why: string) => (v ? v.join('×') : `refused (${why})`);
    return [
      `${JSON.stringify(req)}: core ${says(mine, isIssue(core) ? core.message : '')}, ` +
        `PyTorch ${says(theirs, torch.error ?? '')}`,
    ];
  });
}

describeTorch('output sizes against real PyTorch', () => {
  let answers: ShapeResult[] = [];
  beforeAll(() => {
    answers = runTorch({ shapes: [...pools, ...convs].map((c) => c.req) }).shapes;
  }, 60_000);

  it(`${pools.length} pooling configurations (ceil mode: windows past the padded input)`, () => {
    expect(disagreements(pools, answers.slice(0, pools.length))).toEqual([]);
    // The grid does reach the cases PyTorch accepts with a window larger than the input.
    expect(pools.some((c) => !isIssue(c.core) && c.core.h.span > c.core.h.padded)).toBe(true);
  });

  it(`${convs.length} convolution configurations (a kernel larger than its padded input is refused)`, () => {
    expect(disagreements(convs, answers.slice(pools.length))).toEqual([]);
  });
});
