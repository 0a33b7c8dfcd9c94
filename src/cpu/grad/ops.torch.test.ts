// Every CPU backward against real PyTorch autograd (torch.autograd.grad in float64 from the same
// float32 inputs, src/core/testing/torch_grad_ops.py), on seeded random configurations, in one
// python process: pooling, global pooling, batch norm (training: dx, dγ, dβ and the running
// statistics after the forward, as nn.BatchNorm2d/1d; frozen statistics), layer norm, the eight
// activations at their kinks and at ±∞, softmax, add, concat, flatten, dropout with its mask,
// cross-entropy (loss, gradient, accuracy) and MSE. The cases: src/cpu/testing/torchGrad*.ts.

import { beforeAll, expect, it } from 'vitest';
import { describeTorch, f64, runTorch, type CallResult } from '../../core/testing/torch';
import { compare, type Answer, type GradCase } from '../testing/torchGrad';
import { elementwiseCases } from '../testing/torchGradElementwise';
import { layerCases } from '../testing/torchGradLayers';

const cases: GradCase[] = [...layerCases(20260101), ...elementwiseCases(20260102)];

describeTorch('CPU backward passes against PyTorch autograd (float64)', () => {
  let answers: CallResult;
  beforeAll(() => {
    const res = runTorch({
      calls: [
        { module: 'torch_grad_ops', fn: 'backward', args: { cases: cases.map((c) => c.req) } },
      ],
    });
    answers = res.calls[0];
  }, 120_000);

  it(`${cases.length} configurations of every op agree`, () => {
    if (!answers.ok) throw new Error(answers.error);
    const list = answers.value as (({ ok: true } & Answer) | { ok: false; error: string })[];
    expect(list).toHaveLength(cases.length);
    const bad: string[] = [];
    cases.forEach((c, i) => {
      const a = list[i];
      if (!a.ok) {
        bad.push(`${c.label}: PyTorch failed: ${a.error.trim().split('\n').at(-1)}`);
        return;
      }
      let got: Record<string, ArrayLike<number>>;
      try {
        got = c.got();
      } catch (e) {
        bad.push(`${c.label}: the CPU backward threw ${(e as Error).message}`);
        return;
      }
      for (const [name, values] of Object.entries(got)) {
        const want = a.grads[name];
        const d =
          want === undefined
            ? `${c.label}: PyTorch has no ${name}`
            : compare(c.label, `d${name}`, values, f64(want));
        if (d) bad.push(d);
      }
      const e = c.extra?.(a);
      if (e) bad.push(`${c.label}: ${e}`);
    });
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('covers every op', () => {
    const ops = new Set(cases.map((c) => c.req.op));
    expect([...ops].sort()).toEqual(
      [
        'activation',
        'add',
        'avgPool2d',
        'batchNorm',
        'concat',
        'crossEntropy',
        'dropout',
        'flatten',
        'globalAvgPool',
        'layerNorm',
        'maxPool2d',
        'mse',
        'softmax',
      ].sort(),
    );
  });
});
