// Every preset's exported script under real PyTorch 1.13 (one python process for all): it runs
// as `python file.py` would and prints the output shape and parameter total its comments
// promise, which are cost.ts's; every leaf module is the class the core meant with cost.ts's
// parameters; and torch.fx + ShapeProp trace every call of forward() to the shape the core
// infers and the comment states. Torch is the independent side: nothing here re-derives a size.

import { beforeAll, expect, it } from 'vitest';
import { networkCost } from './cost';
import { inferShapes, type OkShape } from './infer';
import { PRESETS } from './presets/index';
import { toPyTorch } from './pytorch';
import {
  commentShapes,
  expectedCalls,
  expectedModules,
  expectedValues,
} from './testing/pytorchScript';
import { describeTorch, runTorch, type ScriptResult } from './testing/torch';

const exported = PRESETS.map((p) => ({ p, code: toPyTorch(p.network, { title: p.title }) }));
const cases = exported.map((e, i) => [e.p.id, i] as const);

describeTorch('toPyTorch: every preset under real PyTorch', () => {
  let runs: ScriptResult[] = [];
  beforeAll(() => {
    runs = runTorch({ scripts: exported.map((e) => ({ code: e.code, trace: true })) }).scripts;
  }, 120_000);

  it.each(cases)(
    '%s: runs and prints the output shape and parameter total of its comments and cost.ts',
    (id, i) => {
      const { p, code } = exported[i];
      const run = runs[i];
      expect([id, run.ok, run.error]).toEqual([id, true, undefined]);
      const inference = inferShapes(p.network);
      const out = (inference.layers.at(-1) as OkShape).shape;
      const params = networkCost(inference).params;
      expect(expectedValues(code)).toEqual({ shape: [...out], params });
      expect(run.printed).toEqual([`torch.Size([${out.join(', ')}])`, `${params} parameters`]);
      expect(run.params).toBe(params);
      if (p.referenceParams !== undefined) expect(run.params).toBe(p.referenceParams);
    },
  );

  it.each(cases)(
    "%s: every leaf module is the one the core declares, with cost.ts's parameters",
    (_id, i) => {
      const want = expectedModules(exported[i].p.network);
      const got = runs[i].modules!.map((m, j) => ({
        id: want[j]?.id,
        type: m.type,
        params: m.params,
      }));
      expect(got).toEqual(want);
    },
  );

  it.each(cases)(
    '%s: every call of forward() outputs the shape the core infers and its comment states',
    (_id, i) => {
      const { p, code } = exported[i];
      const want = expectedCalls(p.network);
      const traced = runs[i].trace!;
      expect(traced.map((t, j) => ({ id: want[j]?.id, shape: t.shape }))).toEqual(want);
      expect(commentShapes(code)).toEqual(traced.map((t) => t.shape));
    },
  );
});
